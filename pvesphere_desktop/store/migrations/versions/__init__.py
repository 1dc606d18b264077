"""Alembic revision scripts of the local cache, applied in order by store.migrations."""
