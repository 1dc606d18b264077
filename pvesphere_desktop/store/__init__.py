"""The local cache of the fleet in SQLite (or PostgreSQL on the shared server).

SQLAlchemy models, repositories and migrations; synced tables live apart from user-owned ones.
Imports core only.
"""
