"""The sync engine with the real PVE client against the simulated fleet: first sync, changes made
outside the app, request budget, and every fault ending in the right health and recovering."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from pvesphere_desktop.core.config import AuthMethod, ClusterConfig
from pvesphere_desktop.core.enums import GuestStatus, Health
from pvesphere_desktop.core.events import EventKind
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.pve.tls import host_port
from pvesphere_desktop.simulator import SimulatedFleet
from pvesphere_desktop.store.db import Database
from pvesphere_desktop.store.inventory import InventoryStore
from pvesphere_desktop.store.registry import ClusterRegistry
from pvesphere_desktop.sync.coordinator import ClusterCoordinator, CycleResult, SyncSettings
from pvesphere_desktop.sync.engine import SyncEngine
from pvesphere_desktop.sync.fetcher import PveFetcher
from tests.integration.sync.sync_simhelpers import counting_requests, secrets_of

SETTINGS = SyncSettings(backoff_min_s=0.05, backoff_max_s=0.2, registry_poll_s=0.05)


def _cluster(fleet: SimulatedFleet, version: str) -> str:
    return next(i["name"] for i in fleet.info() if i["version"] == version and not i["standalone"])


@pytest.fixture
def coordinators(
    registered: ClusterRegistry, database: Database, sim_fleet: SimulatedFleet
) -> Iterator[dict[str, ClusterCoordinator]]:
    store = InventoryStore(database)
    secrets = secrets_of(sim_fleet)
    made = {
        config.name: ClusterCoordinator(
            config,
            store,
            lambda c: PveFetcher.connect(c, secrets, on_config_change=_learn(registered)),
            settings=SETTINGS,
        )
        for config in registered.list()
    }
    yield made
    for coordinator in made.values():
        coordinator.close()


def _learn(registry: ClusterRegistry) -> Callable[[ClusterConfig], object]:
    return lambda config: registry.learn(config.name, config.known_endpoints, config.fingerprints)


def test_first_sync_of_the_fleet(
    registered: ClusterRegistry, database: Database, sim_fleet: SimulatedFleet
) -> None:
    engine = SyncEngine(database, secrets=secrets_of(sim_fleet), settings=SETTINGS)
    with counting_requests() as counter:
        results = engine.run_once(tasks=False)
    assert set(results) == {i["name"] for i in sim_fleet.info()}
    assert all(r.ok for r in results.values()), results
    store = engine.store
    for sim in sim_fleet:
        cached = {g.vmid: g for g in store.guests([sim.name])}
        assert set(cached) == set(sim.model.guests)
        for vmid, guest in sim.model.guests.items():
            assert cached[vmid].node == guest.node
            assert cached[vmid].name == guest.config.get("name", guest.config.get("hostname", ""))
        assert {n.node for n in store.nodes([sim.name])} == set(sim.model.nodes)
    # Budget: resources + status, plus /nodes once to learn the other nodes' pins.
    for name, count in counter.by_cluster().items():
        paths = counter.paths(name)
        assert paths.count("/cluster/resources") == 1
        assert count <= 3, paths
    # The learnt node addresses and pins were saved, without bumping the generation.
    multi = _cluster(sim_fleet, "8.4")
    assert len(registered.get(multi).known_endpoints) == 3
    assert len(registered.get(multi).fingerprints) == 3


def test_steady_cycles_stay_within_budget(
    coordinators: dict[str, ClusterCoordinator], sim_fleet: SimulatedFleet
) -> None:
    name = _cluster(sim_fleet, "9.1")
    coordinator = coordinators[name]
    assert coordinator.cycle(tasks=False, ha=False).ok
    with counting_requests() as counter:
        for _ in range(12):
            assert coordinator.cycle().ok
    per_cycle = len(counter.paths(name)) / 12
    assert per_cycle <= 2.5
    assert "/cluster/tasks" in counter.paths(name)
    assert "/cluster/ha/status/current" in counter.paths(name)


def test_changes_made_outside_the_app(
    coordinators: dict[str, ClusterCoordinator], sim_fleet: SimulatedFleet, database: Database
) -> None:
    name = _cluster(sim_fleet, "8.4")
    coordinator = coordinators[name]
    store = InventoryStore(database)
    assert coordinator.cycle(tasks=False, ha=False).ok
    sim = sim_fleet[name]
    nodes = sorted(sim.model.nodes)
    running = next(g for g in sim.model.guests.values() if g.status == "running")
    other = next(g for g in sim.model.guests.values() if g.vmid != running.vmid)
    target = next(n for n in nodes if n != running.node)
    with sim_fleet.mutate(name) as model:
        model.guests[running.vmid].node = target  # migrated
        model.guests[other.vmid].config["name"] = "renamed-by-someone"
        model.guests[other.vmid].config["tags"] = "audit;moved"
    result = coordinator.cycle(tasks=False, ha=False)
    assert result.ok
    assert result.changes is not None
    guests = result.changes.of("guests")
    assert not guests.added
    assert not guests.removed
    cached = {g.vmid: g for g in store.guests([name])}
    assert cached[running.vmid].node == target
    assert cached[other.vmid].name == "renamed-by-someone"
    assert cached[other.vmid].tags == ("audit", "moved")
    kinds = {(e.kind, e.object_key) for e in store.events(clusters=[name])}
    assert (EventKind.MIGRATED, str(running.vmid)) in kinds
    assert (EventKind.RENAMED, str(other.vmid)) in kinds
    assert (EventKind.RETAGGED, str(other.vmid)) in kinds
    # Stopping through the API (as another PVE user would) is seen as STOPPED.
    with sim_fleet.mutate(name) as model:
        model.guests[running.vmid].status = "stopped"
        model.guests[running.vmid].qmpstatus = "stopped"
    assert coordinator.cycle(tasks=False, ha=False).ok
    assert {g.vmid: g for g in store.guests([name])}[running.vmid].status is GuestStatus.STOPPED
    assert (EventKind.STOPPED, str(running.vmid)) in {
        (e.kind, e.object_key) for e in store.events(clusters=[name])
    }


def test_node_down_degrades_and_recovers(
    coordinators: dict[str, ClusterCoordinator], sim_fleet: SimulatedFleet
) -> None:
    name = _cluster(sim_fleet, "9.1")
    coordinator = coordinators[name]
    assert coordinator.cycle(tasks=False, ha=False).health is Health.OK
    sim = sim_fleet[name]
    last = sorted(sim.model.nodes)[-1]
    sim.node_down(last)
    result = coordinator.cycle(tasks=False, ha=False)
    assert result.ok
    assert result.health is Health.DEGRADED
    assert last in result.detail
    sim.node_up(last)
    assert coordinator.cycle(tasks=False, ha=False).health is Health.OK


@pytest.mark.parametrize(
    ("fault", "health"),
    [
        ("refused", Health.UNREACHABLE),
        ("hang", Health.UNREACHABLE),
        ("error500", Health.UNREACHABLE),
        ("malformed", Health.UNREACHABLE),
        ("truncated", Health.UNREACHABLE),
    ],
)
def test_cluster_faults_and_recovery(
    registered: ClusterRegistry,
    database: Database,
    sim_fleet: SimulatedFleet,
    fault: str,
    health: Health,
) -> None:
    name = _cluster(sim_fleet, "7.4")
    config = registered.get(name).with_changes(timeout_s=1.0, failover=False)
    coordinator = ClusterCoordinator(
        config,
        InventoryStore(database),
        lambda c: PveFetcher.connect(c, secrets_of(sim_fleet)),
        settings=SETTINGS,
    )
    try:
        assert coordinator.cycle(tasks=False, ha=False).ok
        guests_before = len(InventoryStore(database).guests([name]))
        sim = sim_fleet[name]
        if fault in ("refused", "hang"):
            sim.unreachable(fault)
        elif fault == "error500":
            sim.set_error_rate(1.0)
        else:
            sim.set_body_fault(fault)
        result = coordinator.cycle(tasks=False, ha=False)
        assert not result.ok
        assert result.health is health, result.detail
        assert result.detail
        assert len(InventoryStore(database).guests([name])) == guests_before
        sim.clear_faults()
        recovered = coordinator.cycle(tasks=False, ha=False)
        assert recovered.ok, recovered.detail
        assert recovered.health is Health.OK
    finally:
        coordinator.close()


def test_expired_tickets_renew_by_themselves(
    registered: ClusterRegistry, database: Database, sim_fleet: SimulatedFleet
) -> None:
    name = _cluster(sim_fleet, "8.4")
    info = next(i for i in sim_fleet.info() if i["name"] == name)
    root = next(u for u in info["users"] if u["userid"] == "root@pam")

    config = registered.get(name).with_changes(auth=AuthMethod.PASSWORD, user="root@pam")
    coordinator = ClusterCoordinator(
        config,
        InventoryStore(database),
        lambda c: PveFetcher.connect(c, lambda _c: Secret(root["password"])),
        settings=SETTINGS,
    )
    try:
        assert coordinator.cycle(tasks=False, ha=False).ok
        sim_fleet[name].expire_tickets()
        result = coordinator.cycle(tasks=False, ha=False)
        assert result.ok, result.detail
        assert result.health is Health.OK
    finally:
        coordinator.close()


def test_wrong_secret_needs_login(
    registered: ClusterRegistry, database: Database, sim_fleet: SimulatedFleet
) -> None:
    name = _cluster(sim_fleet, "9.1")
    wrong = Secret("00000000-0000-0000-0000-000000000000")
    coordinator = ClusterCoordinator(
        registered.get(name),
        InventoryStore(database),
        lambda c: PveFetcher.connect(c, lambda _c: wrong),
        settings=SETTINGS,
    )
    try:
        result = coordinator.cycle(tasks=False, ha=False)
        assert result.health is Health.NEEDS_LOGIN, result.detail
    finally:
        coordinator.close()


def test_changed_certificate_then_repin(
    registered: ClusterRegistry, database: Database, sim_fleet: SimulatedFleet
) -> None:
    """A changed certificate stops the sync (TLS changed) until the user re-pins it."""
    name = _cluster(sim_fleet, "7.4")
    sim = sim_fleet[name]
    info = next(i for i in sim_fleet.info() if i["name"] == name)
    statuses: list[Health] = []
    cond = threading.Condition()

    def on_cycle(result: CycleResult) -> None:
        with cond:
            statuses.append(result.health)
            cond.notify_all()

    engine = SyncEngine(
        database,
        secrets=secrets_of(sim_fleet),
        settings=SETTINGS,
        only=[name],
        on_cycle=on_cycle,
    )
    engine.start()
    try:
        with cond:
            assert cond.wait_for(lambda: Health.OK in statuses, 20)
        new_fingerprint = sim.change_certificate()
        with cond:
            assert cond.wait_for(lambda: statuses[-1] is Health.TLS_CHANGED, 20)
        # The user checks the new certificate and re-pins it (what "cluster repin" does).
        config = registered.get(name)
        pins = dict(config.fingerprints)
        for node in info["nodes"]:
            pins[host_port(node["url"])] = sim.model.nodes[node["name"]].fingerprint
        pins[host_port(config.url)] = new_fingerprint
        registered.update(config.with_changes(fingerprints=pins))
        with cond:
            assert cond.wait_for(lambda: statuses[-1] is Health.OK, 20)
    finally:
        engine.stop()
