"""Fixtures for the store tests: a real SQLite database in a temporary directory."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pvesphere_desktop.store.db import DB_FILENAME, Database


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file migrated once per session; tests get copies (migrating takes ~0.2 s)."""
    folder = tmp_path_factory.mktemp("template")
    Database.for_data_dir(folder).close()
    return folder / DB_FILENAME


@pytest.fixture
def database(tmp_path: Path, migrated_template: Path) -> Iterator[Database]:
    shutil.copyfile(migrated_template, tmp_path / DB_FILENAME)
    db = Database.for_data_dir(tmp_path)
    yield db
    db.close()
