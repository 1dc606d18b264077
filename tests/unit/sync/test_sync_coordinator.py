"""The coordinator's cycle on real PVE answers: first sync, steady state, every kind of change,
failures and recovery, details on request."""

from __future__ import annotations

import copy
import itertools
import time

import pytest

from pvesphere_desktop.core.changeset import ChangeSet
from pvesphere_desktop.core.config import ClusterConfig
from pvesphere_desktop.core.enums import GuestStatus, Health, NodeStatus, TaskState
from pvesphere_desktop.core.errors import (
    AuthenticationError,
    FingerprintMismatchError,
    NotFoundError,
    ServerError,
    UnreachableError,
)
from pvesphere_desktop.core.events import EventKind
from pvesphere_desktop.core.ids import GuestKey, NodeKey
from pvesphere_desktop.store.inventory import InventoryStore
from pvesphere_desktop.sync.coordinator import ClusterCoordinator, SyncSettings
from tests.unit.sync.sync_helpers import RecordedFetcher, make_coordinator, recording

NOW = itertools.count(1_700_000_000, 5)


def clock() -> float:
    return float(next(NOW))


def coordinator(
    store: InventoryStore,
    fetcher: RecordedFetcher,
    changes: list[ChangeSet] | None = None,
    **settings: object,
) -> ClusterCoordinator:
    return make_coordinator(store, fetcher, changes, clock=clock, **settings)


def test_first_sync(store: InventoryStore, go_fetcher: RecordedFetcher) -> None:
    changes: list[ChangeSet] = []
    result = coordinator(store, go_fetcher, changes).cycle(tasks=False, ha=False)
    assert result.ok, result.detail
    assert result.health is Health.OK
    assert result.requests == 2
    assert go_fetcher.requests == ["/cluster/resources", "/cluster/status"]
    assert [g.vmid for g in store.guests()] == [100, 101, 102, 200]
    assert {n.node for n in store.nodes()} == {"node1", "node2", "node3", "node4"}
    node1 = next(n for n in store.nodes() if n.node == "node1")
    assert node1.ip == "192.168.1.1"  # from /cluster/status
    assert node1.local
    assert len(store.storage()) == 12
    assert changes[0].first_sync
    assert set(changes[0].of("guests").added) == {GuestKey("lab", v) for v in (100, 101, 102, 200)}
    assert store.events() == [] or {e.kind for e in store.events()} == {EventKind.HEALTH_CHANGED}
    status = store.statuses()["lab"]
    assert status.health is Health.OK
    assert status.pve_name == "clustername"
    assert status.last_ok_at is not None


def test_steady_cycle_changes_nothing(store: InventoryStore, go_fetcher: RecordedFetcher) -> None:
    changes: list[ChangeSet] = []
    coord = coordinator(store, go_fetcher, changes)
    coord.cycle(tasks=False, ha=False)
    events_before = len(store.events())
    result = coord.cycle(tasks=False, ha=False)
    assert result.ok
    assert result.changes is not None
    assert not result.changes
    assert len(changes) == 1  # nothing emitted for a cycle without changes
    assert len(store.events()) == events_before


def test_migration_is_a_node_change(store: InventoryStore, go_fetcher: RecordedFetcher) -> None:
    changes: list[ChangeSet] = []
    coord = coordinator(store, go_fetcher, changes)
    coord.cycle(tasks=False, ha=False)
    go_fetcher.row("qemu/100")["node"] = "node3"
    coord.cycle(tasks=False, ha=False)
    guests = changes[-1].of("guests")
    assert not guests.added
    assert not guests.removed
    assert guests.changed[GuestKey("lab", 100)].node == "node3"
    migrated = [e for e in store.events() if e.kind is EventKind.MIGRATED]
    assert [(e.object_key, e.old, e.new) for e in migrated] == [("100", "node2", "node3")]
    assert next(g for g in store.guests() if g.vmid == 100).node == "node3"


def test_guest_seen_on_two_nodes_during_migration(
    store: InventoryStore, go_fetcher: RecordedFetcher
) -> None:
    coord = coordinator(store, go_fetcher)
    coord.cycle(tasks=False, ha=False)
    twin = copy.deepcopy(go_fetcher.row("qemu/100"))
    twin["node"] = "node4"
    go_fetcher.resources.insert(0, twin)  # the target's row comes first
    result = coord.cycle(tasks=False, ha=False)
    assert result.ok
    assert [g.node for g in store.guests() if g.vmid == 100] == ["node2"]
    assert not [e for e in store.events() if e.kind is EventKind.MIGRATED]
    go_fetcher.resources.remove(twin)
    go_fetcher.row("qemu/100")["node"] = "node4"
    coord.cycle(tasks=False, ha=False)
    assert [g.node for g in store.guests() if g.vmid == 100] == ["node4"]
    assert [e.kind for e in store.events() if e.object_key == "100"] == [EventKind.MIGRATED]


def test_state_changes_become_events(store: InventoryStore, go_fetcher: RecordedFetcher) -> None:
    coord = coordinator(store, go_fetcher)
    coord.cycle(tasks=False, ha=False)
    go_fetcher.row("qemu/101")["status"] = "running"
    go_fetcher.row("qemu/100").update(status="stopped")
    go_fetcher.row("qemu/102").update(name="renamed", tags="prod;web")
    go_fetcher.row("qemu/200")["lock"] = "backup"
    go_fetcher.resources.append(
        {"id": "lxc/300", "type": "lxc", "vmid": 300, "node": "node1", "name": "new-ct",
         "status": "stopped", "template": 0}
    )  # fmt: skip
    coord.cycle(tasks=False, ha=False)
    kinds = {(e.kind, e.object_key) for e in store.events()}
    assert (EventKind.STARTED, "101") in kinds
    assert (EventKind.STOPPED, "100") in kinds
    assert (EventKind.RENAMED, "102") in kinds
    assert (EventKind.RETAGGED, "102") in kinds
    assert (EventKind.LOCK_CHANGED, "200") in kinds
    assert (EventKind.CREATED, "300") in kinds
    retag = next(e for e in store.events() if e.kind is EventKind.RETAGGED)
    assert (retag.old, retag.new) == ("go-proxmox+cloud-init", "prod;web")
    go_fetcher.resources.remove(go_fetcher.row("lxc/300"))
    coord.cycle(tasks=False, ha=False)
    assert (EventKind.REMOVED, "300") in {(e.kind, e.object_key) for e in store.events()}
    assert 300 not in {g.vmid for g in store.guests()}
    # "what changed since T" is one query
    since = store.events()[-1].time - 0.5
    assert [e.kind for e in store.events(since=since)] == [EventKind.REMOVED]


def test_metric_only_changes_are_live_but_written_later(
    store: InventoryStore, go_fetcher: RecordedFetcher
) -> None:
    changes: list[ChangeSet] = []
    coord = coordinator(store, go_fetcher, changes, metrics_flush_s=3600.0)
    coord.cycle(tasks=False, ha=False)
    go_fetcher.row("qemu/100")["cpu"] = 0.93
    coord.cycle(tasks=False, ha=False)
    assert changes[-1].of("guests").changed[GuestKey("lab", 100)].cpu == 0.93
    assert next(g for g in store.guests() if g.vmid == 100).cpu != 0.93
    assert not [e for e in store.events() if e.object_key == "100"]
    coord.close()  # flushes what is pending
    assert next(g for g in store.guests() if g.vmid == 100).cpu == 0.93


def test_node_offline_degrades(store: InventoryStore, go_fetcher: RecordedFetcher) -> None:
    coord = coordinator(store, go_fetcher)
    coord.cycle(tasks=False, ha=False)
    go_fetcher.row("node/node4").update(status="offline")
    for row in go_fetcher.status:
        if row.get("name") == "node4":
            row["online"] = 0
    result = coord.cycle(tasks=False, ha=False)
    assert result.ok
    assert result.health is Health.DEGRADED
    assert "node4" in result.detail
    assert next(n for n in store.nodes() if n.node == "node4").status is NodeStatus.OFFLINE
    assert (EventKind.NODE_OFFLINE, "node4") in {(e.kind, e.object_key) for e in store.events()}
    assert store.statuses()["lab"].health is Health.DEGRADED
    assert result.changes is not None
    assert result.changes.health is Health.DEGRADED
    message = coord.status.message
    assert message is not None
    assert message.render(lambda ctx, text: text.replace("nodes not online", "Knoten")) == (
        "1 of 4 Knoten (node4)"
    )


@pytest.mark.parametrize(
    ("error", "health"),
    [
        (UnreachableError("timed out", host="127.0.0.1"), Health.UNREACHABLE),
        (ServerError("500 boom"), Health.UNREACHABLE),
        (AuthenticationError("401"), Health.NEEDS_LOGIN),
        (FingerprintMismatchError(host="h", expected="AA", actual="BB"), Health.TLS_CHANGED),
        (RuntimeError("a bug in the client"), Health.UNREACHABLE),
    ],
)
def test_failures_keep_the_cache_and_recover(
    store: InventoryStore,
    go_fetcher: RecordedFetcher,
    error: BaseException,
    health: Health,
) -> None:
    changes: list[ChangeSet] = []
    coord = coordinator(store, go_fetcher, changes)
    coord.cycle(tasks=False, ha=False)
    go_fetcher.error = error
    for _ in range(3):
        result = coord.cycle(tasks=False, ha=False)
        assert not result.ok
        assert result.health is health
    status = store.statuses()["lab"]
    assert status.health is health
    assert status.failures == 3
    assert status.detail
    assert len(store.guests()) == 4  # offline-first: everything stays readable
    health_events = [e for e in store.events() if e.kind is EventKind.HEALTH_CHANGED]
    assert [e.new for e in health_events] == ["ok", health.value]  # once, not per retry
    go_fetcher.error = None
    result = coord.cycle(tasks=False, ha=False)
    assert result.ok
    assert result.health is Health.OK
    assert store.statuses()["lab"].failures == 0
    assert [c.health for c in changes] == [Health.OK, health, Health.OK]


def test_failure_logs_once(
    store: InventoryStore, go_fetcher: RecordedFetcher, caplog: pytest.LogCaptureFixture
) -> None:
    coord = coordinator(store, go_fetcher)
    coord.cycle(tasks=False, ha=False)
    go_fetcher.error = UnreachableError("connection refused", host="127.0.0.1")
    with caplog.at_level("INFO", logger="pvesphere_desktop.sync"):
        for _ in range(4):
            coord.cycle(tasks=False, ha=False)
        go_fetcher.error = None
        coord.cycle(tasks=False, ha=False)
    lines = [r.getMessage() for r in caplog.records if r.levelname in ("WARNING", "INFO")]
    assert sum("unreachable" in line for line in lines) == 1
    assert sum("reachable again" in line for line in lines) == 1


def test_unusable_answers_remove_nothing(
    store: InventoryStore, go_fetcher: RecordedFetcher
) -> None:
    coord = coordinator(store, go_fetcher)
    coord.cycle(tasks=False, ha=False)
    for bad in ({"unexpected": "object"}, [], None):
        go_fetcher.resources = bad
        go_fetcher.status = []
        result = coord.cycle(tasks=False, ha=False)
        assert not result.ok
        assert len(store.guests()) == 4


def test_bad_rows_are_skipped_and_counted(
    store: InventoryStore, go_fetcher: RecordedFetcher
) -> None:
    go_fetcher.resources += [
        "not an object",
        {"type": "qemu", "node": "node1"},  # no vmid
        {"type": "qemu", "vmid": "abc", "node": "node1"},
        {"type": "mystery", "id": "x/1"},
        {"type": "sdn", "id": "sdn/node1/localnetwork", "node": "node1"},
        copy.deepcopy(go_fetcher.row("qemu/101")),  # duplicate
    ]
    result = coordinator(store, go_fetcher).cycle(tasks=False, ha=False)
    assert result.ok
    assert result.skipped == 4
    assert len(store.guests()) == 4


def test_old_pve_with_string_numbers(store: InventoryStore) -> None:
    fetcher = RecordedFetcher(
        "lab",
        recording("community-proxmox/inv_cluster_resources__type-vm.json"),
        recording("community-proxmox/inv_cluster_status.json"),
    )
    result = coordinator(store, fetcher).cycle(tasks=False, ha=False)
    assert result.ok, result.detail
    assert [(g.vmid, g.template) for g in store.guests()] == [
        (100, False),
        (101, False),
        (102, False),
        (103, False),
        (9001, True),
    ]
    assert result.health is Health.DEGRADED  # testnode2 is offline in that recording


def test_same_vmids_in_two_clusters_never_collide(
    store: InventoryStore, go_fetcher: RecordedFetcher
) -> None:
    coordinator(store, go_fetcher).cycle(tasks=False, ha=False)
    other = RecordedFetcher("edge", go_fetcher.resources, go_fetcher.status)
    other.row("qemu/100")["name"] = "edge-100"
    edge = make_coordinator(store, other, None, clock=clock, name="edge")
    assert edge.cycle(tasks=False, ha=False).ok
    by_cluster = {(g.cluster, g.vmid): g.name for g in store.guests()}
    assert by_cluster[("lab", 100)] == "server1"
    assert by_cluster[("edge", 100)] == "edge-100"
    assert {n.key for n in store.nodes()} >= {NodeKey("lab", "node1"), NodeKey("edge", "node1")}


def test_restart_produces_no_spurious_events(
    store: InventoryStore, go_fetcher: RecordedFetcher
) -> None:
    coordinator(store, go_fetcher).cycle(tasks=False, ha=False)
    before = store.events()
    changes: list[ChangeSet] = []
    result = coordinator(store, go_fetcher, changes).cycle(tasks=False, ha=False)
    assert result.ok
    assert result.changes is not None
    assert not result.changes
    assert store.events() == before


def test_tasks_on_a_slower_cadence(store: InventoryStore, go_fetcher: RecordedFetcher) -> None:
    upid = "UPID:node1:00001234:00ABCDEF:65000000:qmstart:100:root@pam:"
    go_fetcher.task_rows = [
        {"upid": upid, "node": "node1", "type": "qmstart", "id": "100", "user": "root@pam",
         "starttime": 1694498816},
    ]  # fmt: skip
    coord = coordinator(store, go_fetcher, tasks_every=3, ha_every=1000)
    counts = []
    for _ in range(6):
        before = len(go_fetcher.requests)
        coord.cycle()
        counts.append(len(go_fetcher.requests) - before)
    # cycles 1 and 4 also ask for the tasks: never more than 3 requests
    assert counts == [2, 3, 2, 2, 3, 2]
    assert [t.state for t in store.tasks()] == [TaskState.RUNNING]
    go_fetcher.task_rows[0].update(status="OK", endtime=1694498820)
    result = coord.cycle(tasks=True)
    assert [t.state for t in store.tasks()] == [TaskState.OK]
    assert result.changes is not None
    assert list(result.changes.of("tasks").changed) == [upid]


def test_tasks_come_in_the_second_cycle_then_every_sixth(
    store: InventoryStore, go_fetcher: RecordedFetcher
) -> None:
    coord = coordinator(store, go_fetcher, ha_every=1000)
    asked = []
    for _ in range(8):
        before = len(go_fetcher.requests)
        coord.cycle()
        asked.append("/cluster/tasks" in go_fetcher.requests[before:])
    # The first cycle stays at two requests; the task list is there one interval later.
    assert asked == [False, True, False, False, False, False, False, True]


def test_ha_state(store: InventoryStore, go_fetcher: RecordedFetcher) -> None:
    go_fetcher.ha_rows = [
        {"id": "quorum", "type": "quorum", "status": "OK", "quorate": 1},
        {"id": "service:vm:100", "sid": "vm:100", "type": "service", "node": "node2",
         "state": "started", "status": "started", "crm_state": "started",
         "request_state": "started"},
    ]  # fmt: skip
    coordinator(store, go_fetcher).cycle(tasks=False, ha=True)
    (resource,) = store.ha_resources()
    assert (resource.sid, resource.node, resource.state) == ("vm:100", "node2", "started")


def test_ha_not_supported_is_not_asked_again(
    store: InventoryStore, go_fetcher: RecordedFetcher
) -> None:
    class NoHa(RecordedFetcher):
        def ha_status(self) -> object:
            self._ask("/cluster/ha/status/current")
            raise NotFoundError("501 Method not implemented")

    fetcher = NoHa("lab", go_fetcher.resources, go_fetcher.status)
    coord = coordinator(store, fetcher, ha_every=1, tasks_every=1000)
    assert coord.cycle().ok
    assert coord.cycle().ok
    assert fetcher.requests.count("/cluster/ha/status/current") == 1


def test_details_on_request_with_ttl(store: InventoryStore, go_fetcher: RecordedFetcher) -> None:
    times = iter(float(t) for t in range(1000, 2000, 10))
    coord = make_coordinator(store, go_fetcher, None, clock=lambda: next(times))
    coord.cycle(tasks=False, ha=False)
    go_fetcher.configs[100] = {"name": "server1", "cores": 1, "digest": "a" * 40}
    details = coord.guest_details(100, config=True, snapshots=True, ttl_s=15)
    assert details.config is not None
    assert details.config.value["cores"] == 1
    assert details.snapshots is not None
    asked = len(go_fetcher.requests)
    coord.guest_details(100, ttl_s=15)  # 10 s later: fresh
    assert len(go_fetcher.requests) == asked
    go_fetcher.configs[100] = {"name": "server1", "cores": 4, "digest": "b" * 40}
    coord.guest_details(100, ttl_s=15)  # 20 s later: stale
    assert len(go_fetcher.requests) == asked + 1
    changed = [e for e in store.events() if e.kind is EventKind.CONFIG_CHANGED]
    assert [(e.object_key, e.old, e.new) for e in changed] == [("100", "a" * 12, "b" * 12)]
    with pytest.raises(NotFoundError):
        coord.guest_details(999)


def test_metric_history_on_request(store: InventoryStore, go_fetcher: RecordedFetcher) -> None:
    coord = coordinator(store, go_fetcher)
    coord.cycle(tasks=False, ha=False)
    start = int(time.time()) - 3600
    go_fetcher.rrd = [{"time": start + 60 * i, "cpu": 0.01 * i} for i in range(5)]
    rows = coord.metrics("qemu/100", "hour", ttl_s=3600)
    assert [r["time"] for r in rows] == [start + 60 * i for i in range(5)]
    assert go_fetcher.requests[-1] == "/nodes/node2/qemu/100/rrddata"
    coord.metrics("qemu/100", "hour", ttl_s=3600)
    assert go_fetcher.requests.count("/nodes/node2/qemu/100/rrddata") == 1
    coord.metrics("node/node1", "hour", ttl_s=0)
    assert go_fetcher.requests[-1] == "/nodes/node1/rrddata"


def test_reconfigure_reconnects(store: InventoryStore, go_fetcher: RecordedFetcher) -> None:
    made: list[ClusterConfig] = []

    def factory(config: ClusterConfig) -> RecordedFetcher:
        made.append(config)
        return go_fetcher

    coord = ClusterCoordinator(
        ClusterConfig(name="lab", url="https://127.0.0.1:8006"),
        store,
        factory,
        settings=SyncSettings(),
        clock=clock,
    )
    coord.cycle(tasks=False, ha=False)
    coord.cycle(tasks=False, ha=False)
    assert len(made) == 1
    coord.reconfigure(ClusterConfig(name="lab", url="https://127.0.0.2:8006"))
    coord.cycle(tasks=False, ha=False)
    assert [c.url for c in made] == ["https://127.0.0.1:8006", "https://127.0.0.2:8006"]
    assert go_fetcher.closed == 1


def test_guest_status_values(store: InventoryStore, go_fetcher: RecordedFetcher) -> None:
    go_fetcher.row("qemu/100")["qmpstatus"] = "paused"
    coordinator(store, go_fetcher).cycle(tasks=False, ha=False)
    assert next(g for g in store.guests() if g.vmid == 100).status is GuestStatus.PAUSED


@pytest.mark.parametrize(("heartbeat", "advances"), [(3600.0, False), (0.0, True)])
def test_quiet_cycles_write_last_seen_at_a_slower_pace(
    store: InventoryStore, go_fetcher: RecordedFetcher, heartbeat: float, advances: bool
) -> None:
    coord = coordinator(store, go_fetcher, heartbeat_s=heartbeat)
    coord.cycle(tasks=False, ha=False)
    first = store.statuses()["lab"].last_ok_at
    coord.cycle(tasks=False, ha=False)
    second = store.statuses()["lab"].last_ok_at
    assert first is not None
    assert second is not None
    assert (second > first) is advances
    assert coord.status.last_ok_at is not None
    assert coord.status.last_ok_at > first  # the live status always moves


@pytest.mark.parametrize("bodies", [True, False])
def test_a_repeated_body_is_not_decoded(
    store: InventoryStore, go_fetcher: RecordedFetcher, bodies: bool
) -> None:
    go_fetcher.bodies = bodies
    changes: list[ChangeSet] = []
    coord = coordinator(store, go_fetcher, changes)
    assert coord.cycle(tasks=False, ha=False).ok
    result = coord.cycle(tasks=False, ha=False)
    assert result.ok
    assert result.changes is not None
    assert not result.changes
    assert result.guests == 4
    assert go_fetcher.unchanged == (1 if bodies else 0)
    # A changed body is decoded and diffed as usual...
    go_fetcher.row("qemu/101").update(name="renamed")
    result = coord.cycle(tasks=False, ha=False)
    assert result.changes is not None
    assert set(result.changes.of("guests").changed) == {GuestKey("lab", 101)}
    assert next(g for g in store.guests() if g.vmid == 101).name == "renamed"
    # ... and repeated again from then on.
    assert not coord.cycle(tasks=False, ha=False).changes
    assert go_fetcher.unchanged == (2 if bodies else 0)
    # /cluster/status changing under an unchanged /cluster/resources still counts.
    for row in go_fetcher.status:
        if row.get("name") == "node4":
            row["online"] = 0
    result = coord.cycle(tasks=False, ha=False)
    assert go_fetcher.unchanged == (3 if bodies else 0)
    assert result.health is Health.DEGRADED
    assert result.changes is not None
    assert set(result.changes.of("nodes").changed) == {NodeKey("lab", "node4")}
    assert next(n for n in store.nodes() if n.node == "node4").status is NodeStatus.OFFLINE
    assert len(changes) == 3


def test_an_unusable_answer_is_never_taken_for_the_last_good_one(
    store: InventoryStore, go_fetcher: RecordedFetcher
) -> None:
    coord = coordinator(store, go_fetcher)
    assert coord.cycle(tasks=False, ha=False).ok
    good = copy.deepcopy(go_fetcher.resources)
    # An answer listing no node (and so no VM) is unusable, however often it repeats: it is
    # never mistaken for the last good answer, whose body the fetcher is asked about.
    go_fetcher.resources = [r for r in good if r.get("type") not in ("node", "qemu")]
    status, go_fetcher.status = go_fetcher.status, []
    for _ in range(2):
        result = coord.cycle(tasks=False, ha=False)
        assert not result.ok
        assert len(store.guests()) == 4
    go_fetcher.resources, go_fetcher.status = good, status
    result = coord.cycle(tasks=False, ha=False)
    assert result.ok
    assert result.changes is not None
    assert not result.changes  # the last good answer again, not decoded
    assert go_fetcher.unchanged == 1
