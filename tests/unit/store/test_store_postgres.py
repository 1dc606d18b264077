"""The same store on PostgreSQL (the shared server's engine): migrations, registry, a sync cycle,
SQL-narrowed search, details and user data. Skipped when no PostgreSQL answers on 127.0.0.1."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from pvesphere_desktop.core.config import ClusterConfig
from pvesphere_desktop.core.enums import GuestStatus, GuestType, Health
from pvesphere_desktop.core.events import Event, EventKind, ObjectType
from pvesphere_desktop.core.ids import GuestKey
from pvesphere_desktop.core.models import Guest, Node
from pvesphere_desktop.core.search import parse
from pvesphere_desktop.core.status import ClusterStatus
from pvesphere_desktop.store import migrations
from pvesphere_desktop.store.db import Database
from pvesphere_desktop.store.details import DetailsStore
from pvesphere_desktop.store.inventory import CycleWrite, InventoryStore
from pvesphere_desktop.store.registry import ClusterRegistry
from pvesphere_desktop.store.userdata import ObjectRef, UserDataStore

psycopg = pytest.importorskip("psycopg")
HOST = os.environ.get("PVESPHERE_TEST_PG_HOST", "127.0.0.1")


@pytest.fixture
def pg_database() -> Iterator[Database]:
    name = f"pvesphere_store_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(
            host=HOST, user="postgres", dbname="postgres", autocommit=True, connect_timeout=3
        )
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL on {HOST}: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        database = Database.open(f"postgresql+psycopg://postgres@{HOST}/{name}")
        try:
            yield database
        finally:
            database.close()
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_the_store_on_postgresql(pg_database: Database) -> None:
    with pg_database.read_connection() as conn:
        assert migrations.current_revision(conn) == migrations.HEAD
    registry = ClusterRegistry(pg_database)
    registry.add(ClusterConfig(name="lab", url="https://127.0.0.1:8006", fingerprints={"a": "b"}))
    assert registry.get("lab").fingerprints == {"a": "b"}
    store = InventoryStore(pg_database)
    cid = store.cluster_ids()["lab"]
    guests = [
        Guest(
            "lab",
            100,
            GuestType.QEMU,
            "pve1",
            "web",
            GuestStatus.RUNNING,
            ("Prod", "web"),
            raw={"memhost": 1},
        ),
        Guest("lab", 101, GuestType.LXC, "pve2", "x" * 900, GuestStatus.STOPPED, ("t" * 300,)),
    ]
    status = ClusterStatus("lab", Health.OK, last_ok_at=1.0)
    event = Event(1.0, "lab", EventKind.CREATED, ObjectType.GUEST, "100", "web")
    store.apply(
        CycleWrite(
            cid,
            1.0,
            status,
            guests_upsert=guests,
            retag=guests,
            events=[event],
            nodes_upsert=[Node("lab", "pve1")],
        )
    )
    store.apply(CycleWrite(cid, 2.0, status, guests_upsert=guests[:1]))  # an update
    cached = store.guests()
    assert [g.vmid for g in cached] == [100, 101]
    assert cached[0].raw == {"memhost": 1}
    assert len(cached[1].name) == 500  # fitted to the column
    query = parse("status:running tag:prod")
    assert [g.vmid for g in query.filter(store.guests(filters=query.sql_filters()))] == [100]
    assert [e.kind for e in store.events(since=0.5)] == [EventKind.CREATED]
    details = DetailsStore(pg_database)
    assert details.put(GuestKey("lab", 100), config={"digest": "abc", "cores": 2})
    assert details.digest(GuestKey("lab", 100)) == "abc"
    users = UserDataStore(pg_database)
    users.set_note(ObjectRef.guest(GuestKey("lab", 100)), "note")
    assert users.guest_notes() == {GuestKey("lab", 100): "note"}
    registry.remove("lab")
    assert store.guests() == []
