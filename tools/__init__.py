"""Developer tools: house rules and the translation pipeline (not shipped)."""
