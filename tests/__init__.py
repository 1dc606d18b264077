"""PveSphere Desktop's test suite (see docs/testing.md)."""
