"""User-owned data survives sync: notes, favourites, labels, saved searches."""

from __future__ import annotations

import pytest

from pvesphere_desktop.core.config import ClusterConfig
from pvesphere_desktop.core.enums import GuestType, Health
from pvesphere_desktop.core.ids import GuestKey
from pvesphere_desktop.core.models import Guest
from pvesphere_desktop.core.status import ClusterStatus
from pvesphere_desktop.store.db import Database
from pvesphere_desktop.store.details import MAX_POINTS, DetailsStore
from pvesphere_desktop.store.errors import ClusterNotFoundError
from pvesphere_desktop.store.inventory import CycleWrite, InventoryStore
from pvesphere_desktop.store.registry import ClusterRegistry
from pvesphere_desktop.store.userdata import InvalidUserDataError, ObjectRef, UserDataStore


@pytest.fixture
def cid(database: Database) -> int:
    ClusterRegistry(database).add(ClusterConfig(name="a", url="https://127.0.0.1:8006"))
    return InventoryStore(database).cluster_ids()["a"]


def _cycle(cid: int, guests: list[Guest], removed: list[int] | None = None) -> CycleWrite:
    return CycleWrite(
        cluster_id=cid,
        at=1.0,
        status=ClusterStatus("a", Health.OK),
        guests_upsert=guests,
        guests_removed=removed or [],
    )


def test_notes_survive_guest_removal(database: Database, cid: int) -> None:
    users = UserDataStore(database)
    inventory = InventoryStore(database)
    key = GuestKey("a", 100)
    inventory.apply(_cycle(cid, [Guest("a", 100, GuestType.QEMU, "pve1")]))
    users.set_note(ObjectRef.guest(key), "database primary; ask Ana before rebooting")
    users.set_favourite(ObjectRef.guest(key))
    users.set_label(ObjectRef.guest(key), "#ff0000")
    inventory.apply(_cycle(cid, [], removed=[100]))
    assert users.note(ObjectRef.guest(key)).startswith("database primary")
    assert users.guest_notes() == {key: "database primary; ask Ana before rebooting"}
    assert users.favourites() == [ObjectRef.guest(key)]
    assert users.labels() == {ObjectRef.guest(key): "#FF0000"}


def test_note_clear_and_limits(database: Database, cid: int) -> None:
    users = UserDataStore(database)
    ref = ObjectRef.node("a", "pve1")
    users.set_note(ref, "x")
    users.set_note(ref, "  ")
    assert users.note(ref) == ""
    with pytest.raises(InvalidUserDataError):
        users.set_note(ref, "x" * 100_001)
    with pytest.raises(InvalidUserDataError):
        users.set_label(ref, "red")
    with pytest.raises(ClusterNotFoundError):
        users.set_note(ObjectRef.node("ghost", "n"), "x")


def test_favourite_toggle(database: Database, cid: int) -> None:
    users = UserDataStore(database)
    ref = ObjectRef.node("a", "pve1")
    users.set_favourite(ref)
    users.set_favourite(ref)
    assert users.favourites() == [ref]
    users.set_favourite(ref, False)
    assert users.favourites() == []


def test_saved_searches(database: Database, cid: int) -> None:
    users = UserDataStore(database)
    users.save_search("prod", "tag:prod")
    users.save_search("down", "status:stopped")
    users.save_search("prod", "tag:prod status:running")
    assert [(s.name, s.query) for s in users.saved_searches()] == [
        ("down", "status:stopped"),
        ("prod", "tag:prod status:running"),
    ]
    assert users.delete_search("down")
    assert not users.delete_search("down")
    with pytest.raises(InvalidUserDataError):
        users.save_search("", "x")


def test_details_cache(database: Database, cid: int) -> None:
    details = DetailsStore(database)
    key = GuestKey("a", 100)
    assert not details.put(key, config={"digest": "abc"}), "guest not cached yet"
    InventoryStore(database).apply(_cycle(cid, [Guest("a", 100, GuestType.QEMU, "pve1")]))
    assert details.put(key, config={"cores": 2, "digest": "abc"}, at=100.0)
    assert details.put(key, snapshots=[{"name": "current"}], at=200.0)
    got = details.get(key)
    assert got.digest == "abc"
    assert got.config is not None
    assert got.config.value == {"cores": 2, "digest": "abc"}
    assert got.config.fresh(ttl_s=50, now=140.0)
    assert not got.config.fresh(ttl_s=50, now=151.0)
    assert got.snapshots is not None
    assert got.snapshots.fetched_at == 200.0
    assert got.agent is None
    # Details go with the guest.
    InventoryStore(database).apply(_cycle(cid, [], removed=[100]))
    assert details.get(key).config is None


def test_metric_history_is_bounded(database: Database, cid: int) -> None:
    details = DetailsStore(database)
    import time

    start = int(time.time()) - 3 * 86400
    rows = [{"time": start + i * 60, "cpu": i / 10_000} for i in range(MAX_POINTS + 100)]
    rows.append({"cpu": 1})  # no time: skipped
    rows.append({"time": "not a number"})
    assert details.put_metrics("a", "node/pve1", "day", rows) == MAX_POINTS + 100
    stored, newest = details.metrics("a", "node/pve1", "day")
    assert len(stored) == MAX_POINTS
    assert stored[-1]["time"] == newest == start + (MAX_POINTS + 99) * 60
    assert stored[0]["time"] == start + 100 * 60
    # Re-storing the same points replaces, never duplicates.
    details.put_metrics("a", "node/pve1", "day", rows[-10:])
    assert details.metric_point_count() == MAX_POINTS
