"""InventoryStore writes a cycle atomically and reads back exactly what was written."""

from __future__ import annotations

import dataclasses
import pickle
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from pvesphere_desktop.core.config import ClusterConfig
from pvesphere_desktop.core.enums import GuestStatus, GuestType, Health, NodeStatus, TaskState
from pvesphere_desktop.core.events import Event, EventKind, ObjectType
from pvesphere_desktop.core.models import Guest, Node, Pool, Storage, Task
from pvesphere_desktop.core.status import ClusterStatus, HaResource
from pvesphere_desktop.store.db import Database
from pvesphere_desktop.store.errors import ClusterNotFoundError
from pvesphere_desktop.store.inventory import MAX_TASKS_PER_CLUSTER, CycleWrite, InventoryStore
from pvesphere_desktop.store.registry import ClusterRegistry


def _guest(cluster: str, vmid: int, **changes: object) -> Guest:
    values: dict[str, object] = {
        "cluster": cluster,
        "vmid": vmid,
        "type": GuestType.QEMU,
        "node": "pve1",
        "name": f"vm{vmid}",
        "status": GuestStatus.RUNNING,
        "tags": ("prod", "web"),
        "cpu": 0.25,
        "maxcpu": 4.0,
        "mem": 2 * 1024**3,
        "maxmem": 8 * 1024**3,
        "uptime": 3600,
        "raw": {"id": f"qemu/{vmid}", "memhost": 123},
    }
    values.update(changes)
    return Guest(**values)  # type: ignore[arg-type]


@pytest.fixture
def store(database: Database) -> InventoryStore:
    registry = ClusterRegistry(database)
    for name in ("a", "b"):
        registry.add(ClusterConfig(name=name, url=f"https://127.0.0.1:800{len(name)}"))
    return InventoryStore(database)


def _status(cluster: str, at: float) -> ClusterStatus:
    return ClusterStatus(cluster=cluster, health=Health.OK, last_ok_at=at, last_attempt_at=at)


def test_first_cycle_roundtrip(store: InventoryStore) -> None:
    cid = store.cluster_ids()["a"]
    now = time.time()
    guests = [_guest("a", 100), _guest("a", 101, type=GuestType.LXC, tags=(), lock="backup")]
    nodes = [Node("a", "pve1", NodeStatus.ONLINE, ip="127.0.0.1", cpu=0.1, maxcpu=8)]
    storage = [Storage("a", "pve1", "local", "dir", "available", False, ("iso", "backup"), 1, 2)]
    cycle = CycleWrite(
        cluster_id=cid,
        at=now,
        status=_status("a", now),
        guests_upsert=guests,
        retag=guests,
        nodes_upsert=nodes,
        storage_upsert=storage,
        pools_upsert=[Pool("a", "prod", "production")],
        ha=[HaResource("a", "vm:100", state="started", node="pve1")],
    )
    store.apply(cycle)
    assert store.guests() == guests
    assert store.guests()[0].raw == {"id": "qemu/100", "memhost": 123}
    assert store.nodes() == nodes
    assert store.storage() == storage
    assert store.pools() == [Pool("a", "prod", "production")]
    assert store.ha_resources() == [HaResource("a", "vm:100", state="started", node="pve1")]
    cached = store.load("a")
    assert cached.guests == {g.vmid: g for g in guests}
    assert cached.status is not None
    assert cached.status.last_ok_at == now
    assert store.statuses()["b"].health is Health.UNKNOWN
    with store.database.read_connection() as conn:
        tags = conn.execute(text("SELECT vmid, tag FROM guest_tags ORDER BY tag")).all()
    assert tags == [(100, "prod"), (100, "web")]


def test_same_vmid_in_two_clusters(store: InventoryStore) -> None:
    ids = store.cluster_ids()
    now = time.time()
    for name in ("a", "b"):
        store.apply(
            CycleWrite(
                cluster_id=ids[name],
                at=now,
                status=_status(name, now),
                guests_upsert=[_guest(name, 100, name=f"{name}-100")],
            )
        )
    assert [(g.cluster, g.vmid, g.name) for g in store.guests()] == [
        ("a", 100, "a-100"),
        ("b", 100, "b-100"),
    ]
    assert [g.name for g in store.guests(["b"])] == ["b-100"]


def test_update_keeps_first_seen_and_retags(store: InventoryStore) -> None:
    cid = store.cluster_ids()["a"]
    guest = _guest("a", 100)
    store.apply(CycleWrite(cid, 1000.0, _status("a", 1000.0), guests_upsert=[guest], retag=[guest]))
    moved = _guest("a", 100, node="pve2", tags=("test",))
    store.apply(CycleWrite(cid, 2000.0, _status("a", 2000.0), guests_upsert=[moved], retag=[moved]))
    assert store.guests() == [moved]
    with store.database.read_connection() as conn:
        assert conn.execute(text("SELECT first_seen FROM guests")).scalar() == 1000.0
        assert conn.execute(text("SELECT tag FROM guest_tags")).scalars().all() == ["test"]


def test_remove_cascades(store: InventoryStore) -> None:
    cid = store.cluster_ids()["a"]
    guests = [_guest("a", 100), _guest("a", 101)]
    store.apply(CycleWrite(cid, 1.0, _status("a", 1.0), guests_upsert=guests, retag=guests))
    store.apply(
        CycleWrite(
            cid,
            2.0,
            _status("a", 2.0),
            guests_removed=[100],
            nodes_removed=["ghost"],
            storage_removed=[("x", "y")],
        )
    )
    assert [g.vmid for g in store.guests()] == [101]
    with store.database.read_connection() as conn:
        assert conn.execute(text("SELECT DISTINCT vmid FROM guest_tags")).scalars().all() == [101]


def test_cluster_removal_deletes_its_cache(store: InventoryStore, database: Database) -> None:
    cid = store.cluster_ids()["a"]
    store.apply(CycleWrite(cid, 1.0, _status("a", 1.0), guests_upsert=[_guest("a", 1)]))
    ClusterRegistry(database).remove("a")
    assert store.guests() == []
    assert store.counts()["cluster_state"] == 0


def test_events_since_is_one_query(store: InventoryStore) -> None:
    cid = store.cluster_ids()["a"]
    events = [
        Event(10.0, "a", EventKind.CREATED, ObjectType.GUEST, "100", "vm100"),
        Event(20.0, "a", EventKind.MIGRATED, ObjectType.GUEST, "100", "vm100", "pve1", "pve2"),
        Event(30.0, "a", EventKind.STOPPED, ObjectType.GUEST, "100", "vm100", "running", "stopped"),
    ]
    store.apply(CycleWrite(cid, 30.0, _status("a", 30.0), events=events))
    got = store.events(since=15.0)
    assert [e.kind for e in got] == [EventKind.MIGRATED, EventKind.STOPPED]
    assert got[0].old == "pve1"
    assert got[0].cluster == "a"
    assert [e.kind for e in store.events(limit=1)] == [EventKind.STOPPED]
    assert store.events(clusters=["b"]) == []
    assert store.prune_events(before=25.0) == 2
    assert [e.kind for e in store.events()] == [EventKind.STOPPED]


def test_tasks_upsert_and_bound(store: InventoryStore) -> None:
    cid = store.cluster_ids()["a"]

    def task(i: int, state: TaskState = TaskState.OK) -> Task:
        upid = f"UPID:pve1:0000{i:04X}:00000000:{i:08X}:qmstart:100:root@pam:"
        return Task("a", upid, "pve1", "qmstart", "100", "root@pam", i, None, state)

    store.apply(CycleWrite(cid, 1.0, _status("a", 1.0), tasks=[task(1, TaskState.RUNNING)]))
    store.apply(CycleWrite(cid, 2.0, _status("a", 2.0), tasks=[task(1, TaskState.OK)]))
    assert [t.state for t in store.tasks()] == [TaskState.OK]
    many = [task(i) for i in range(2, MAX_TASKS_PER_CLUSTER + 50)]
    store.apply(CycleWrite(cid, 3.0, _status("a", 3.0), tasks=many))
    assert store.counts()["tasks"] == MAX_TASKS_PER_CLUSTER
    assert store.tasks(limit=1)[0].starttime == MAX_TASKS_PER_CLUSTER + 49


def test_failed_apply_leaves_nothing(store: InventoryStore) -> None:
    cid = store.cluster_ids()["a"]
    bad = CycleWrite(
        cid,
        1.0,
        _status("a", 1.0),
        guests_upsert=[_guest("a", 100)],
        events=[Event(1.0, "a", EventKind.CREATED, ObjectType.GUEST, "100")],
        # A task without a start time violates NOT NULL after the guests were written:
        # the whole cycle must roll back.
        tasks=[Task("a", "UPID:x", "pve1", "qmstart", "100", "root@pam", None)],  # type: ignore[arg-type]
    )
    with pytest.raises(IntegrityError):
        store.apply(bad)
    assert store.guests() == []
    assert store.events() == []


def test_unknown_cluster(store: InventoryStore) -> None:
    with pytest.raises(ClusterNotFoundError):
        store.load("ghost")


def test_record_status(store: InventoryStore) -> None:
    cid = store.cluster_ids()["a"]
    status = ClusterStatus("a", Health.UNREACHABLE, detail="Cannot reach", failures=3)
    store.record_status(
        cid, status, [Event(5.0, "a", EventKind.HEALTH_CHANGED, ObjectType.CLUSTER, "", "a")]
    )
    assert store.statuses()["a"] == status
    assert len(store.events()) == 1


def test_the_translatable_health_message_is_kept(store: InventoryStore) -> None:
    from pvesphere_desktop.core.i18n import UserMessage
    from pvesphere_desktop.store.inventory import message_from_json

    cid = store.cluster_ids()["a"]
    message = UserMessage("Sync", "{count} of {total} nodes not online ({nodes})",
                          {"count": 1, "total": 3, "nodes": "pve2"})  # fmt: skip
    status = ClusterStatus("a", Health.DEGRADED, detail=str(message), message=message)
    store.record_status(cid, status, [])
    stored = store.statuses()["a"]
    assert stored.message == message
    assert stored.message.render() == "1 of 3 nodes not online (pve2)"
    # Healthy again: no message left behind.
    store.record_status(cid, ClusterStatus("a", Health.OK), [])
    assert store.statuses()["a"].message is None
    # Whatever an older or damaged row holds reads as "no message", never as an error.
    for damaged in ("", "not json", "[]", '{"context": 1, "template": "x"}', '{"args": {}}'):
        assert message_from_json(damaged) is None


@pytest.mark.parametrize(
    "query",
    [
        "status:running tag:PROD",
        "cluster:A type:lxc",
        "vmid:100-102 mem>1G",
        "template:no lock:yes",
        "lock:backup",
        "tag:web,db status:stopped",
        "maxmem>=8G cpu>0.2",
        "-tag:prod",
        "tag:prod OR status:stopped",
    ],
)
def test_sql_narrowing_agrees_with_the_predicate(store: InventoryStore, query: str) -> None:
    from pvesphere_desktop.core.search import parse

    cid = store.cluster_ids()["a"]
    guests = [
        _guest("a", 100, tags=("Prod", "web")),
        _guest("a", 101, type=GuestType.LXC, status=GuestStatus.STOPPED, tags=("db",)),
        _guest("a", 102, lock="backup", mem=512 * 1024**2, maxmem=16 * 1024**3),
        _guest("a", 103, template=True, tags=(), cpu=None),
    ]
    store.apply(CycleWrite(cid, 1.0, _status("a", 1.0), guests_upsert=guests, retag=guests))
    parsed = parse(query)
    expected = parsed.filter(store.guests())
    narrowed = store.guests(filters=parsed.sql_filters())
    assert parsed.filter(narrowed) == expected
    assert len(narrowed) <= len(guests)


def test_raw_reads_back_as_written_and_survives_a_rewrite(store: InventoryStore) -> None:
    # raw comes back as text decoded on first use; to callers it is the mapping written.
    cid = store.cluster_ids()["a"]
    now = time.time()
    raw = {"id": "qemu/100", "memhost": 123, "extra": {"list": [1, "x", None]}}
    store.apply(CycleWrite(cid, now, _status("a", now), guests_upsert=[_guest("a", 100, raw=raw)]))
    cached = store.load("a").guests[100]
    assert cached.raw == raw
    assert dict(cached.raw) == raw
    assert sorted(cached.raw) == sorted(raw)
    assert cached.raw["extra"] == {"list": [1, "x", None]}
    assert pickle.loads(pickle.dumps(cached)).raw == raw  # e.g. to another process
    # A cycle that writes the cached record back (another field changed) keeps raw.
    store.apply(
        CycleWrite(
            cid, now, _status("a", now), guests_upsert=[dataclasses.replace(cached, name="x")]
        )
    )
    assert store.load("a").guests[100].raw == raw
    assert store.guests()[0].raw == raw
    # Whatever else the column holds reads as empty, never as an error.
    with store.database.write_connection() as conn:
        conn.execute(text("UPDATE guests SET raw = '[1, 2]' WHERE vmid = 100"))
    assert store.load("a").guests[100].raw == {}
