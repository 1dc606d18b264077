"""Fixtures for the store tests: a real SQLite database in a temporary directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pvesphere_desktop.store.db import Database


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.for_data_dir(tmp_path)
    yield db
    db.close()
