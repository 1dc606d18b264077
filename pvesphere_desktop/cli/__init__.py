"""Headless, scriptable commands (the pvesphere program)."""
