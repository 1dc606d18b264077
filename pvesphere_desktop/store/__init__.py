"""The local cache of the fleet in SQLite (or PostgreSQL on the shared server).

SQLAlchemy models, repositories and migrations; synced tables live apart from user-owned ones.
Imports core only.
"""

# Open it with Database.for_data_dir(paths.data_dir) (or Database.open(url)); the repositories
# (ClusterRegistry, InventoryStore, UserDataStore, DetailsStore) take the Database.
from pvesphere_desktop.store.db import DB_FILENAME, URL_ENV, Database, resolve_url
from pvesphere_desktop.store.errors import (
    ClusterExistsError,
    ClusterNotFoundError,
    InvalidClusterConfigError,
)
from pvesphere_desktop.store.registry import ClusterRegistry

__all__ = [
    "DB_FILENAME",
    "URL_ENV",
    "ClusterExistsError",
    "ClusterNotFoundError",
    "ClusterRegistry",
    "Database",
    "InvalidClusterConfigError",
    "resolve_url",
]
