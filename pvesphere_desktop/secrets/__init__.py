"""Credentials: the OS keyring and the encrypted vault fallback. Imports core only."""
