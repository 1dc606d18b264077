"""The cluster registry stores ClusterConfig exactly, without secrets, and reports misuse."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pvesphere_desktop.core.config import AuthMethod, ClusterConfig, TlsMode
from pvesphere_desktop.store.db import DB_FILENAME, Database
from pvesphere_desktop.store.errors import (
    ClusterExistsError,
    ClusterNotFoundError,
    InvalidClusterConfigError,
)
from pvesphere_desktop.store.registry import ClusterRegistry

FAKE_TOKEN = "root@pam!sync=0b1c2d3e-aaaa-bbbb-cccc-1234567890ab"  # house-rules: allow-secret fake


def _config(name: str = "lab", **changes: object) -> ClusterConfig:
    base = ClusterConfig(
        name=name,
        url="https://127.0.0.1:8006",
        auth=AuthMethod.TOKEN,
        user="root@pam",
        token_id="sync",
        tls=TlsMode.PINNED,
        fingerprints={"127.0.0.1:8006": "AA:BB"},
        known_endpoints={"pve1": "https://127.0.0.1:8006"},
        interval_s=7.5,
    )
    return base.with_changes(**changes)


def test_add_get_roundtrip(database: Database) -> None:
    registry = ClusterRegistry(database)
    config = _config()
    assert registry.add(config) == config
    assert registry.get("lab") == config
    assert registry.find("nope") is None


def test_every_field_survives(database: Database) -> None:
    registry = ClusterRegistry(database)
    config = _config(
        "pw",
        auth=AuthMethod.PASSWORD,
        token_id="",
        tls=TlsMode.CA_FILE,
        ca_file="/etc/ssl/pve.pem",
        failover=False,
        enabled=False,
        timeout_s=3.0,
    )
    registry.add(config)
    assert registry.get("pw") == config


def test_list_is_sorted(database: Database) -> None:
    registry = ClusterRegistry(database)
    for name in ("b", "a", "c"):
        registry.add(_config(name))
    assert [c.name for c in registry.list()] == ["a", "b", "c"]
    assert registry.names() == ["a", "b", "c"]


def test_duplicate_name_rejected(database: Database) -> None:
    registry = ClusterRegistry(database)
    registry.add(_config())
    with pytest.raises(ClusterExistsError) as info:
        registry.add(_config(url="https://127.0.0.2:8006"))
    assert "lab" in str(info.value)
    assert registry.get("lab").url == "https://127.0.0.1:8006"


def test_update_bumps_generation(database: Database) -> None:
    registry = ClusterRegistry(database)
    registry.add(_config())
    before = registry.generations()["lab"]
    updated = registry.update(_config(interval_s=30.0))
    assert updated.interval_s == 30.0
    assert registry.get("lab").interval_s == 30.0
    assert registry.generations()["lab"] == before + 1
    registry.touch("lab")
    assert registry.generations()["lab"] == before + 2


def test_rename(database: Database) -> None:
    registry = ClusterRegistry(database)
    registry.add(_config())
    cluster_id = registry.cluster_id("lab")
    registry.update(_config("prod"), old_name="lab")
    assert registry.names() == ["prod"]
    assert registry.cluster_id("prod") == cluster_id


def test_rename_onto_taken_name(database: Database) -> None:
    registry = ClusterRegistry(database)
    registry.add(_config("a"))
    registry.add(_config("b"))
    with pytest.raises(ClusterExistsError):
        registry.update(_config("b"), old_name="a")
    assert registry.names() == ["a", "b"]


def test_missing_cluster(database: Database) -> None:
    registry = ClusterRegistry(database)
    with pytest.raises(ClusterNotFoundError) as info:
        registry.get("ghost")
    assert "ghost" in str(info.value)
    with pytest.raises(ClusterNotFoundError):
        registry.update(_config("ghost"))
    with pytest.raises(ClusterNotFoundError):
        registry.remove("ghost")
    with pytest.raises(ClusterNotFoundError):
        registry.touch("ghost")


def test_remove(database: Database) -> None:
    registry = ClusterRegistry(database)
    registry.add(_config("a"))
    registry.add(_config("b"))
    registry.remove("a")
    assert registry.names() == ["b"]


@pytest.mark.parametrize(
    "changes",
    [
        {"name": ""},
        {"name": " padded"},
        {"name": "x" * 201},
        {"name": "bad\nname"},
        {"url": ""},
        {"user": FAKE_TOKEN},
        {"token_id": "sync=secret"},
        {"interval_s": 0.0},
    ],
)
def test_invalid_configs_rejected(database: Database, changes: dict[str, object]) -> None:
    registry = ClusterRegistry(database)
    with pytest.raises(InvalidClusterConfigError):
        registry.add(_config(**changes))
    assert registry.list() == []


def test_no_secret_columns(tmp_path: Path) -> None:
    db = Database.for_data_dir(tmp_path)
    ClusterRegistry(db).add(_config())
    db.close()
    with sqlite3.connect(tmp_path / DB_FILENAME) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(clusters)")}
    assert not columns & {"password", "secret", "token_secret", "ticket", "csrf"}


def test_persists_across_reopen(tmp_path: Path) -> None:
    db = Database.for_data_dir(tmp_path)
    ClusterRegistry(db).add(_config())
    db.close()
    db = Database.for_data_dir(tmp_path)
    assert ClusterRegistry(db).get("lab") == _config()
    db.close()
