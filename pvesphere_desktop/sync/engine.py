"""The sync engine: one coordinator per cluster, scheduled on a small pool of worker threads.

* At most one cycle in flight per cluster; clusters run in parallel (``SyncSettings.workers``).
* Each cluster starts after a random stagger, then runs every ``ClusterConfig.interval_s``.
* :meth:`SyncEngine.refresh` asks for a priority cycle (after a user action); requests within
  ``debounce_s`` become one, and a request during a running cycle queues exactly one more.
* Failures back off with jitter from 5 s to 5 min; health and edge-triggered logs come from the
  coordinator.
* The registry is polled (cheaply, by generation) so clusters added, removed, disabled or
  re-credentialed while running are picked up without a restart, from this process or another.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from pvesphere_desktop.core.config import ClusterConfig
from pvesphere_desktop.core.errors import StoreError
from pvesphere_desktop.core.status import ClusterStatus
from pvesphere_desktop.store.db import Database
from pvesphere_desktop.store.inventory import InventoryStore
from pvesphere_desktop.store.registry import ClusterRegistry
from pvesphere_desktop.sync.coordinator import (
    ChangeListener,
    ClusterCoordinator,
    CycleResult,
    FetcherFactory,
    SyncSettings,
)
from pvesphere_desktop.sync.fetcher import MissingSecretError, PveFetcher, SecretProvider
from pvesphere_desktop.sync.health import Backoff

log = logging.getLogger(__name__)


@dataclass(slots=True)
class _Slot:
    coordinator: ClusterCoordinator
    generation: int
    next_due: float
    in_flight: bool = False
    again: bool = False  # a refresh arrived while a cycle was running
    want_tasks: bool = False  # the next cycle also fetches tasks (after a user action)
    failures: int = 0
    retired: bool = False  # removed or disabled: close once idle


class SyncEngine:
    """Keeps every enabled cluster of the registry mirrored in the store (see module doc)."""

    def __init__(
        self,
        database: Database,
        *,
        fetcher_factory: FetcherFactory | None = None,
        secrets: SecretProvider | None = None,
        on_changes: ChangeListener | None = None,
        on_cycle: Callable[[CycleResult], None] | None = None,
        settings: SyncSettings | None = None,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        only: Iterable[str] | None = None,
    ) -> None:
        self._db = database
        self._registry = ClusterRegistry(database)
        self._store = InventoryStore(database)
        self._settings = settings or SyncSettings()
        self._secrets = secrets
        self._factory = fetcher_factory or self._pve_fetcher
        self._on_changes = on_changes
        self._on_cycle = on_cycle
        self._clock = clock
        self._rng = rng or random.Random()
        self._backoff = Backoff(self._settings.backoff_min_s, self._settings.backoff_max_s)
        self._slots: dict[str, _Slot] = {}
        self._cond = threading.Condition()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._last_prune = 0.0
        self._only = frozenset(only) if only is not None else None

    # -- wiring ---------------------------------------------------------------------------------

    def _pve_fetcher(self, config: ClusterConfig) -> PveFetcher:
        if self._secrets is None:
            raise MissingSecretError(name=config.name)
        return PveFetcher.connect(config, self._secrets, on_config_change=self._save_learned)

    def _save_learned(self, config: ClusterConfig) -> None:
        try:
            self._registry.learn(config.name, config.known_endpoints, config.fingerprints)
        except (StoreError, SQLAlchemyError) as exc:
            log.warning("cluster %s: cannot save learnt node addresses: %s", config.name, exc)

    def _coordinator(self, config: ClusterConfig) -> ClusterCoordinator:
        return ClusterCoordinator(
            config,
            self._store,
            self._factory,
            settings=self._settings,
            on_changes=self._on_changes,
        )

    @property
    def store(self) -> InventoryStore:
        return self._store

    @property
    def registry(self) -> ClusterRegistry:
        return self._registry

    # -- one-shot -------------------------------------------------------------------------------

    def run_once(
        self, clusters: Iterable[str] | None = None, *, tasks: bool = True
    ) -> dict[str, CycleResult]:
        """Sync the given (default: every enabled) cluster once, in parallel; return results."""
        configs = [c for c in self._registry.list() if c.enabled or clusters is not None]
        if clusters is not None:
            wanted = set(clusters)
            configs = [c for c in configs if c.name in wanted]
        coordinators = [self._coordinator(config) for config in configs]
        results: dict[str, CycleResult] = {}
        if not coordinators:
            return results
        workers = max(1, min(self._settings.workers, len(coordinators)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sync-once") as pool:
            futures = {c.name: pool.submit(c.cycle, tasks=tasks) for c in coordinators}
            for name, future in futures.items():
                results[name] = future.result()
        for coordinator in coordinators:
            coordinator.close()
        return results

    # -- continuous -----------------------------------------------------------------------------

    def start(self) -> None:
        """Start syncing in the background (returns at once)."""
        if self._thread is not None:
            return
        self._stopping = False
        self._executor = ThreadPoolExecutor(
            max_workers=max(1, self._settings.workers), thread_name_prefix="sync"
        )
        self._thread = threading.Thread(target=self._loop, name="sync-scheduler", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop scheduling, wait for running cycles (up to ``timeout``), close connections."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        with self._cond:
            slots = list(self._slots.values())
            self._slots.clear()
        for slot in slots:
            slot.coordinator.close()

    def __enter__(self) -> SyncEngine:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def refresh(self, cluster: str, *, tasks: bool = True) -> bool:
        """Ask for a priority cycle of ``cluster`` soon (debounced); False if it is not synced."""
        with self._cond:
            slot = self._slots.get(cluster)
            if slot is None or slot.retired:
                return False
            slot.want_tasks = slot.want_tasks or tasks
            if slot.in_flight:
                slot.again = True
            else:
                slot.next_due = min(slot.next_due, self._clock() + self._settings.debounce_s)
            self._cond.notify_all()
        return True

    def coordinator(self, cluster: str) -> ClusterCoordinator | None:
        """Return the running coordinator of ``cluster`` (details on request go through it)."""
        with self._cond:
            slot = self._slots.get(cluster)
            return slot.coordinator if slot is not None and not slot.retired else None

    def clusters(self) -> list[str]:
        """Return the clusters being synced."""
        with self._cond:
            return sorted(name for name, slot in self._slots.items() if not slot.retired)

    def statuses(self) -> dict[str, ClusterStatus]:
        """Return the live status of each synced cluster."""
        with self._cond:
            return {
                name: slot.coordinator.status
                for name, slot in sorted(self._slots.items())
                if not slot.retired
            }

    def _loop(self) -> None:
        poll = self._settings.registry_poll_s
        next_poll = self._clock()
        while True:
            with self._cond:
                if self._stopping:
                    return
            now = self._clock()
            if now >= next_poll:
                self._watch_registry()
                self._maybe_prune()
                next_poll = now + poll
            with self._cond:
                if self._stopping:
                    return
                now = self._clock()
                for slot in self._slots.values():
                    if not slot.in_flight and not slot.retired and slot.next_due <= now:
                        self._launch(slot)
                waits = [
                    slot.next_due - now
                    for slot in self._slots.values()
                    if not slot.in_flight and not slot.retired
                ]
                wait = min([next_poll - now, *waits])
                self._cond.wait(timeout=max(0.005, wait))

    def _launch(self, slot: _Slot) -> None:
        assert self._executor is not None
        slot.in_flight = True
        slot.again = False
        tasks = slot.want_tasks
        slot.want_tasks = False
        try:
            future: Future[CycleResult] = self._executor.submit(
                slot.coordinator.cycle, tasks=True if tasks else None
            )
        except RuntimeError:  # the executor is shutting down
            slot.in_flight = False
            return
        future.add_done_callback(lambda f, slot=slot: self._finished(slot, f))  # type: ignore[misc]

    def _finished(self, slot: _Slot, future: Future[CycleResult]) -> None:
        if future.cancelled():  # stopping: the cycle never ran
            with self._cond:
                slot.in_flight = False
            return
        try:
            result: CycleResult | None = future.result()
        except Exception:  # a bug in a cycle must not stop the engine
            log.exception("cluster %s: sync cycle crashed", slot.coordinator.name)
            result = None
        now = self._clock()
        close = False
        with self._cond:
            slot.in_flight = False
            if result is not None and result.ok:
                slot.failures = 0
                interval = max(0.5, slot.coordinator.config.interval_s)
                slot.next_due = now + interval
            else:
                slot.failures += 1
                slot.next_due = now + self._backoff.delay(slot.failures, self._rng)
            if slot.again:
                slot.again = False
                slot.next_due = min(slot.next_due, now + self._settings.debounce_s)
            close = slot.retired
            self._cond.notify_all()
        if close:
            slot.coordinator.close()
        if result is not None and self._on_cycle is not None:
            try:
                self._on_cycle(result)
            except Exception:  # a listener's bug must not stop the engine
                log.exception("a cycle listener failed")

    def _watch_registry(self) -> None:
        try:
            generations = self._registry.generations()
            if self._only is not None:
                generations = {k: v for k, v in generations.items() if k in self._only}
            with self._cond:
                known = {name: slot.generation for name, slot in self._slots.items()}
            if generations == known:
                return
            configs = {
                config.name: config
                for config in self._registry.list()
                if self._only is None or config.name in self._only
            }
        except (StoreError, SQLAlchemyError) as exc:
            log.warning("cannot read the cluster registry: %s", exc)
            return
        to_close: list[ClusterCoordinator] = []
        with self._cond:
            now = self._clock()
            for name, slot in list(self._slots.items()):
                config = configs.get(name)
                if config is None or not config.enabled:
                    log.info("cluster %s: no longer synced", name)
                    slot.retired = True
                    del self._slots[name]
                    if not slot.in_flight:
                        to_close.append(slot.coordinator)
                elif generations.get(name) != slot.generation:
                    log.info("cluster %s: settings changed, reconnecting", name)
                    slot.coordinator.reconfigure(config)
                    slot.generation = generations[name]
                    slot.failures = 0
                    slot.next_due = min(slot.next_due, now)
            for name, config in configs.items():
                if name in self._slots or not config.enabled:
                    continue
                stagger = min(self._settings.stagger_s, max(0.5, config.interval_s))
                self._slots[name] = _Slot(
                    coordinator=self._coordinator(config),
                    generation=generations.get(name, 0),
                    next_due=now + self._rng.uniform(0, stagger),
                )
                log.info("cluster %s: syncing every %.1f s", name, config.interval_s)
            self._cond.notify_all()
        for coordinator in to_close:
            coordinator.close()

    def _maybe_prune(self) -> None:
        now = time.time()
        if now - self._last_prune < 3600:
            return
        self._last_prune = now
        try:
            removed = self._store.prune_events(now - self._settings.event_retention_s)
        except (StoreError, SQLAlchemyError) as exc:
            log.warning("cannot prune the event history: %s", exc)
            return
        if removed:
            log.info("pruned %d old events", removed)
