"""The local cache: SQLAlchemy models, repositories and migrations; synced tables apart from user-

owned ones.
"""
