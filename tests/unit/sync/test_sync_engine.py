"""The engine schedules coordinators: every cluster synced, runtime registry changes picked up,
priority refreshes debounced, failures backed off and recovered."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator

import pytest
from sync_helpers import CycleRecorder, RecordedFetcher

from pvesphere_desktop.core.config import ClusterConfig
from pvesphere_desktop.core.enums import Health
from pvesphere_desktop.core.errors import UnreachableError
from pvesphere_desktop.store.db import Database
from pvesphere_desktop.store.inventory import InventoryStore
from pvesphere_desktop.store.registry import ClusterRegistry
from pvesphere_desktop.sync.coordinator import SyncSettings
from pvesphere_desktop.sync.engine import SyncEngine
from pvesphere_desktop.sync.health import Backoff

FAST = SyncSettings(
    backoff_min_s=0.05,
    backoff_max_s=0.2,
    debounce_s=0.05,
    stagger_s=0.05,
    registry_poll_s=0.05,
    workers=4,
)


class Fleet:
    """One RecordedFetcher per cluster name; counts connections made."""

    def __init__(self, template: RecordedFetcher) -> None:
        self.template = template
        self.fetchers: dict[str, RecordedFetcher] = {}
        self.connects: list[str] = []
        self.lock = threading.Lock()

    def factory(self, config: ClusterConfig) -> RecordedFetcher:
        with self.lock:
            self.connects.append(config.name)
            if config.name not in self.fetchers:
                self.fetchers[config.name] = RecordedFetcher(
                    config.name, self.template.resources, self.template.status
                )
            return self.fetchers[config.name]


@pytest.fixture
def fleet(go_fetcher: RecordedFetcher) -> Fleet:
    return Fleet(go_fetcher)


@pytest.fixture
def engine(
    store: InventoryStore, database: Database, fleet: Fleet
) -> Iterator[tuple[SyncEngine, CycleRecorder]]:
    recorder = CycleRecorder()
    engine = SyncEngine(
        database,
        fetcher_factory=fleet.factory,
        on_changes=recorder.on_changes,
        on_cycle=recorder.on_cycle,
        settings=FAST,
        rng=random.Random(7),
    )
    # Short intervals so that the tests see several cycles quickly.
    registry = ClusterRegistry(database)
    for name in registry.names():
        registry.update(registry.get(name).with_changes(interval_s=0.1))
    yield engine, recorder
    engine.stop()


def test_every_cluster_is_synced(engine: tuple[SyncEngine, CycleRecorder]) -> None:
    sync, recorder = engine
    sync.start()
    recorder.wait(lambda: len(recorder.of("lab")) >= 3 and len(recorder.of("edge")) >= 3)
    assert sync.clusters() == ["edge", "lab"]
    assert {c.cluster for c in recorder.changes if c.first_sync} == {"edge", "lab"}
    assert {g.cluster for g in sync.store.guests()} == {"edge", "lab"}
    assert all(s.health is Health.OK for s in sync.statuses().values())


def test_one_cycle_at_a_time_per_cluster(
    engine: tuple[SyncEngine, CycleRecorder], fleet: Fleet
) -> None:
    sync, recorder = engine
    active: dict[str, int] = {}
    overlaps: list[str] = []
    lock = threading.Lock()
    original = fleet.factory

    def slow_factory(config: ClusterConfig) -> RecordedFetcher:
        fetcher = original(config)
        inventory = fetcher.inventory

        def guarded() -> object:
            with lock:
                active[config.name] = active.get(config.name, 0) + 1
                if active[config.name] > 1:
                    overlaps.append(config.name)
            try:
                for _ in range(20):  # hammer refresh while the cycle runs
                    sync.refresh(config.name)
                return inventory()
            finally:
                with lock:
                    active[config.name] -= 1

        fetcher.inventory = guarded  # type: ignore[method-assign]
        return fetcher

    sync._factory = slow_factory  # the factory is only read when a coordinator is created
    sync.start()
    recorder.wait(lambda: len(recorder.of("lab")) >= 5)
    assert overlaps == []


def test_clusters_added_and_removed_at_runtime(
    engine: tuple[SyncEngine, CycleRecorder], database: Database
) -> None:
    sync, recorder = engine
    registry = ClusterRegistry(database)
    sync.start()
    recorder.wait(lambda: len(recorder.of("lab")) >= 1)
    registry.add(ClusterConfig(name="new", url="https://127.0.0.3:8006", interval_s=0.1))
    recorder.wait(lambda: len(recorder.of("new")) >= 1)
    assert "new" in sync.clusters()
    registry.remove("edge")
    recorder.wait(lambda: "edge" not in sync.clusters())
    count = len(recorder.of("edge"))
    recorder.wait(lambda: len(recorder.of("new")) >= 4)
    assert len(recorder.of("edge")) <= count + 1  # at most the cycle already in flight
    registry.update(registry.get("new").with_changes(enabled=False))
    recorder.wait(lambda: "new" not in sync.clusters())


def test_recredentialed_cluster_reconnects(
    engine: tuple[SyncEngine, CycleRecorder], database: Database, fleet: Fleet
) -> None:
    sync, recorder = engine
    sync.start()
    recorder.wait(lambda: len(recorder.of("lab")) >= 2)
    assert fleet.connects.count("lab") == 1
    ClusterRegistry(database).touch("lab")  # e.g. a new token secret was stored
    recorder.wait(lambda: fleet.connects.count("lab") == 2)
    assert fleet.fetchers["lab"].closed == 1


def test_failures_back_off_and_recover(
    engine: tuple[SyncEngine, CycleRecorder], fleet: Fleet
) -> None:
    sync, recorder = engine
    sync.start()
    recorder.wait(lambda: len(recorder.of("lab")) >= 1)
    fleet.fetchers["lab"].error = UnreachableError("refused", host="127.0.0.1")
    recorder.wait(lambda: sum(not r.ok for r in recorder.of("lab")) >= 3)
    assert sync.statuses()["lab"].health is Health.UNREACHABLE
    assert all(r.ok for r in recorder.of("edge")), "one cluster's failure never affects another"
    fleet.fetchers["lab"].error = None
    recorder.wait(lambda: recorder.of("lab")[-1].ok)
    assert sync.statuses()["lab"].health is Health.OK


def test_refresh_is_debounced(engine: tuple[SyncEngine, CycleRecorder], database: Database) -> None:
    sync, recorder = engine
    registry = ClusterRegistry(database)
    registry.update(registry.get("lab").with_changes(interval_s=3600.0))
    registry.update(registry.get("edge").with_changes(interval_s=3600.0))
    sync.start()
    recorder.wait(lambda: len(recorder.of("lab")) >= 1)
    before = len(recorder.of("lab"))
    for _ in range(10):
        assert sync.refresh("lab")
    recorder.wait(lambda: len(recorder.of("lab")) > before)
    # A burst of ten requests became one cycle (or two, if one arrived mid-cycle).
    assert len(recorder.of("lab")) - before <= 2
    assert not sync.refresh("ghost")


def test_run_once(store: InventoryStore, database: Database, fleet: Fleet) -> None:
    sync = SyncEngine(database, fetcher_factory=fleet.factory, settings=FAST)
    results = sync.run_once()
    assert set(results) == {"edge", "lab"}
    assert all(r.ok for r in results.values())
    assert all(r.requests <= 3 for r in results.values())
    fleet.fetchers["edge"].error = UnreachableError("refused", host="127.0.0.1")
    results = sync.run_once(["edge"])
    assert list(results) == ["edge"]
    assert not results["edge"].ok


def test_no_secret_means_needs_login(store: InventoryStore, database: Database) -> None:
    sync = SyncEngine(database, secrets=lambda config: None, settings=FAST)
    results = sync.run_once(["lab"])
    assert results["lab"].health is Health.NEEDS_LOGIN
    assert "No password or token secret" in results["lab"].detail


def test_backoff_delays() -> None:
    backoff = Backoff(5.0, 300.0)
    rng = random.Random(1)
    delays = [backoff.delay(n, rng) for n in range(1, 12)]
    assert 4.0 <= delays[0] <= 6.0
    assert all(5.0 <= d <= 300.0 for d in delays)
    assert delays[-1] >= 240.0
    assert delays[3] > delays[0]
