"""Fixtures for the sync unit tests (helpers live in sync_helpers.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_helpers import RecordedFetcher, recording

from pvesphere_desktop.core.config import ClusterConfig
from pvesphere_desktop.store.db import DB_FILENAME, Database
from pvesphere_desktop.store.inventory import InventoryStore
from pvesphere_desktop.store.registry import ClusterRegistry


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    Database.for_data_dir(folder).close()
    return folder / DB_FILENAME


@pytest.fixture
def database(tmp_path: Path, migrated_template: Path) -> Iterator[Database]:
    shutil.copyfile(migrated_template, tmp_path / DB_FILENAME)
    db = Database.for_data_dir(tmp_path)
    yield db
    db.close()


@pytest.fixture
def store(database: Database) -> InventoryStore:
    registry = ClusterRegistry(database)
    for name in ("lab", "edge"):
        registry.add(ClusterConfig(name=name, url="https://127.0.0.1:8006", interval_s=1.0))
    return InventoryStore(database)


@pytest.fixture
def go_fetcher() -> RecordedFetcher:
    """A 4-node PVE 7.4/8.0 cluster (go-proxmox test data, captured from a real cluster)."""
    return RecordedFetcher(
        "lab",
        recording("go-proxmox/cluster_resources.json"),
        recording("go-proxmox/cluster_status.json"),
    )
