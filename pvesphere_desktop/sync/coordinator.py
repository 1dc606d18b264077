"""One cluster's sync: fetch -> normalise -> diff -> write (one transaction) -> ChangeSet.

A :class:`ClusterCoordinator` owns the connection to one cluster and an in-memory copy of what
the cache holds for it (loaded from the store on its first cycle). Each :meth:`cycle` makes two
requests (``/cluster/resources`` + ``/cluster/status``) plus, on a slower cadence, one for the
recent tasks or the HA state. It never raises for anything a cluster does: failures become a
health state and a :class:`CycleResult`. Only one cycle runs at a time per coordinator.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from pvesphere_desktop.core.changeset import ChangeSet
from pvesphere_desktop.core.config import ClusterConfig
from pvesphere_desktop.core.enums import GuestType, Health, NodeStatus
from pvesphere_desktop.core.errors import NotFoundError, PveSphereError, StoreError
from pvesphere_desktop.core.events import Event, EventKind, ObjectType
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP, UserMessage
from pvesphere_desktop.core.ids import GuestKey
from pvesphere_desktop.core.models import Guest, Task
from pvesphere_desktop.core.status import ClusterStatus, EndpointStatus, HaResource
from pvesphere_desktop.pve import normalize
from pvesphere_desktop.store.details import DetailsStore, GuestDetails
from pvesphere_desktop.store.inventory import CachedInventory, CycleWrite, InventoryStore
from pvesphere_desktop.sync.diff import (
    diff_guests,
    diff_map,
    guest_events,
    inventory_changeset,
    node_events,
)
from pvesphere_desktop.sync.fetcher import ClusterFetcher
from pvesphere_desktop.sync.health import HealthLog, classify, describe
from pvesphere_desktop.sync.snapshot import Snapshot, SnapshotBuilder

log = logging.getLogger(__name__)

FetcherFactory = Callable[[ClusterConfig], ClusterFetcher]
ChangeListener = Callable[[ChangeSet], None]


@dataclass(frozen=True, slots=True)
class SyncSettings:
    """Tunables of the sync engine (per-cluster intervals come from ClusterConfig)."""

    tasks_every: int = 6  # fetch /cluster/tasks every N inventory cycles (30 s at 5 s)
    ha_every: int = 12  # fetch the HA state every N cycles, never in a tasks cycle
    metrics_flush_s: float = 30.0  # metric-only changes are written at most this often
    backoff_min_s: float = 5.0
    backoff_max_s: float = 300.0
    debounce_s: float = 0.3  # a burst of refresh requests becomes one cycle
    stagger_s: float = 5.0  # random start delay (capped by the cluster's interval)
    registry_poll_s: float = 2.0  # how often the engine looks for added/changed clusters
    workers: int = 8  # clusters synced in parallel
    event_retention_s: float = 90 * 86400.0
    details_ttl_s: float = 30.0
    # A cycle that changed nothing writes the cluster's "last seen" at most this often
    # (PVE itself refreshes its counters every 10 s).
    heartbeat_s: float = 10.0


@dataclass(frozen=True, slots=True)
class CycleResult:
    """What one cycle did."""

    cluster: str
    ok: bool
    health: Health
    detail: str = ""
    error: BaseException | None = field(default=None, repr=False)
    changes: ChangeSet | None = field(default=None, repr=False)
    requests: int = 0
    skipped: int = 0
    guests: int = 0
    duration_s: float = 0.0


_CTX = "Sync"


def _derive_health(snapshot: Snapshot) -> tuple[Health, UserMessage | None]:
    offline = sorted(n.node for n in snapshot.nodes.values() if n.status is not NodeStatus.ONLINE)
    no_quorum = snapshot.info.quorate is False
    if offline and no_quorum:
        template = QT_TRANSLATE_NOOP(
            "Sync", "{count} of {total} nodes not online ({nodes}); the cluster has no quorum"
        )
    elif offline:
        template = QT_TRANSLATE_NOOP("Sync", "{count} of {total} nodes not online ({nodes})")
    elif no_quorum:
        template = QT_TRANSLATE_NOOP("Sync", "the cluster has no quorum")
    else:
        return Health.OK, None
    values = {"count": len(offline), "total": len(snapshot.nodes), "nodes": ", ".join(offline[:5])}
    return Health.DEGRADED, UserMessage(_CTX, template, values)


def _ha_resources(cluster: str, data: Any) -> list[HaResource]:
    result: list[HaResource] = []
    for row in data if isinstance(data, list) else []:
        if not isinstance(row, Mapping) or normalize.as_str(row.get("type")) != "service":
            continue
        sid = normalize.as_str(row.get("sid")) or normalize.as_str(row.get("id"))
        if not sid:
            continue
        sid = sid.removeprefix("service:")
        result.append(
            HaResource(
                cluster=cluster,
                sid=sid[:100],
                type=sid.partition(":")[0] or "vm",
                state=normalize.as_str(row.get("state")),
                node=normalize.as_str(row.get("node")),
                status=normalize.as_str(row.get("status")),
                request_state=normalize.as_str(row.get("request_state")),
                crm_state=normalize.as_str(row.get("crm_state")),
            )
        )
    return result


class ClusterCoordinator:
    """Syncs one cluster into the store (see the module docstring)."""

    def __init__(
        self,
        config: ClusterConfig,
        store: InventoryStore,
        fetcher_factory: FetcherFactory,
        *,
        settings: SyncSettings | None = None,
        on_changes: ChangeListener | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._config = config
        self._store = store
        self._details = DetailsStore(store.database)
        self._factory = fetcher_factory
        self._settings = settings or SyncSettings()
        self._on_changes = on_changes
        self._clock = clock
        self._cycle_lock = threading.Lock()
        self._fetcher_lock = threading.Lock()
        self._fetcher: ClusterFetcher | None = None
        self._pending_config: ClusterConfig | None = None
        self._cached: CachedInventory | None = None
        self._builder = SnapshotBuilder(config.name)
        self._health_log = HealthLog(config.name)
        self._cycle_no = 0
        self._tasks: dict[str, Task] = {}
        self._ha: list[HaResource] | None = None
        self._ha_supported = True
        self._pending_metrics: dict[int, Guest] = {}
        self._last_metric_flush = -math.inf
        self._status = ClusterStatus(cluster=config.name)
        self._metrics_fetched: dict[tuple[str, str], float] = {}
        self._last_write = -math.inf

    # -- state ----------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self._config.name

    @property
    def config(self) -> ClusterConfig:
        return self._pending_config or self._config

    @property
    def status(self) -> ClusterStatus:
        return self._status

    def reconfigure(self, config: ClusterConfig) -> None:
        """Use ``config`` (new settings or credentials) from the next cycle on."""
        self._pending_config = config

    def forget_inventory(self) -> None:
        """Read the cache again when next needed (it was changed by a sync elsewhere)."""
        self._cached = None

    def close(self) -> None:
        """Write pending metrics and drop the connection."""
        with self._cycle_lock:
            self._flush_pending_metrics()
            self._drop_fetcher()

    def _drop_fetcher(self) -> None:
        with self._fetcher_lock:
            fetcher, self._fetcher = self._fetcher, None
        if fetcher is not None:
            try:
                fetcher.close()
            except Exception:  # closing must not fail a cycle
                log.debug("cluster %s: closing the connection failed", self.name, exc_info=True)

    def _endpoint(self) -> EndpointStatus | None:
        """The node the connection talks to, when the fetcher can tell (a PveFetcher can)."""
        with self._fetcher_lock:
            fetcher = self._fetcher
        tell = getattr(fetcher, "endpoint_status", None)
        return tell() if callable(tell) else None

    def _connection(self) -> ClusterFetcher:
        if self._pending_config is not None:
            self._config = self._pending_config
            self._pending_config = None
            self._drop_fetcher()
        with self._fetcher_lock:
            if self._fetcher is None:
                self._fetcher = self._factory(self._config)
            return self._fetcher

    def _load(self) -> CachedInventory:
        if self._cached is None:
            self._cached = self._store.load(self.name)
            if self._cached.status is not None:
                self._status = self._cached.status
        return self._cached

    # -- the cycle ------------------------------------------------------------------------------

    def cycle(self, *, tasks: bool | None = None, ha: bool | None = None) -> CycleResult:
        """Run one inventory cycle; never raises for what the cluster or network does.

        ``tasks``/``ha`` force (True) or skip (False) the slower fetches; None follows the
        cadence in SyncSettings.
        """
        with self._cycle_lock:
            started = time.perf_counter()
            result = self._cycle(tasks, ha)
        return _with_duration(result, time.perf_counter() - started)

    def _cycle(self, want_tasks: bool | None, want_ha: bool | None) -> CycleResult:
        at = self._clock()
        settings = self._settings
        number = self._cycle_no
        self._cycle_no += 1
        if want_tasks is None:
            # In a connection's second cycle, so the task list fills seconds after start-up.
            want_tasks = number % settings.tasks_every == min(1, settings.tasks_every - 1)
        if want_ha is None:
            # Not in the first cycle, so a new connection's first cycle stays within budget.
            want_ha = (
                self._ha_supported
                and not want_tasks
                and number % settings.ha_every == settings.ha_every - 1
            )
        try:
            cached = self._load()
        except (StoreError, SQLAlchemyError) as exc:
            return self._store_failed(exc)
        requests = 0
        tasks_raw: Any = None
        ha_raw: Any = None
        try:
            fetcher = self._connection()
            fetch = fetcher.inventory(self._builder.resources_body)
            requests += 2
            snapshot = self._builder.build(fetch, cached.guests)
            if want_tasks:
                tasks_raw, _ = self._optional(fetcher.tasks, "recent tasks")
                requests += 1
            elif want_ha:
                ha_raw, self._ha_supported = self._optional(fetcher.ha_status, "HA state")
                requests += 1
        except Exception as exc:  # nothing a cluster returns may stop the loop
            return self._failed(exc, at, requests)
        try:
            return self._apply(cached, snapshot, tasks_raw, ha_raw, at, requests)
        except (StoreError, SQLAlchemyError) as exc:
            return self._store_failed(exc)

    def _optional(self, fetch: Callable[[], Any], what: str) -> tuple[Any, bool]:
        """Fetch something the inventory can live without; a failure only costs that part."""
        try:
            return fetch(), True
        except NotFoundError:
            return None, False
        except PveSphereError as exc:
            if exc.retryable:
                log.debug("cluster %s: %s not fetched: %s", self.name, what, exc)
                return None, True
            log.info("cluster %s: %s not available: %s", self.name, what, exc)
            return None, False

    def _apply(  # noqa: PLR0917 - one call site, all of it is the cycle's state
        self,
        cached: CachedInventory,
        snapshot: Snapshot,
        tasks_raw: Any,
        ha_raw: Any,
        at: float,
        requests: int,
    ) -> CycleResult:
        name = self.name
        first = cached.status is None or cached.status.first_synced_at is None
        guests = diff_guests(cached.guests, snapshot.guests)
        nodes = diff_map(cached.nodes, snapshot.nodes)
        storage = diff_map(cached.storage, snapshot.storage)
        pools = diff_map(cached.pools, snapshot.pools)
        health, message = _derive_health(snapshot)
        detail = str(message) if message is not None else ""
        previous = self._status
        events: list[Event] = []
        if not first:
            events += guest_events(name, at, cached.guests, guests)
            events += node_events(name, at, cached.nodes, nodes)
        if previous.health is not health:
            events.append(
                Event(at, name, EventKind.HEALTH_CHANGED, ObjectType.CLUSTER, "", name,
                      previous.health.value, health.value)
            )  # fmt: skip

        # Metric-only changes wait for the next flush; state changes are written now.
        pending = dict(self._pending_metrics)
        for vmid, guest in guests.changed.items():
            if vmid not in guests.state_changed:
                pending[vmid] = guest
        for vmid in (*guests.removed, *guests.state_changed):
            pending.pop(vmid, None)
        flush = at - self._last_metric_flush >= self._settings.metrics_flush_s
        upsert = [*guests.added.values(), *guests.state_changed.values()]
        if flush:
            upsert += pending.values()

        new_tasks, task_changes = self._tasks_delta(tasks_raw)
        ha = None
        if ha_raw is not None:
            ha = _ha_resources(name, ha_raw)
            if ha == self._ha:
                ha = None

        status = ClusterStatus(
            cluster=name,
            health=health,
            detail=detail,
            pve_name=snapshot.info.name,
            quorate=snapshot.info.quorate,
            node_count=len(snapshot.nodes),
            pve_version=previous.pve_version,
            first_synced_at=previous.first_synced_at or at,
            last_attempt_at=at,
            last_ok_at=at,
            last_change_at=at if (guests or nodes or storage or pools) else previous.last_change_at,
            failures=0,
            message=message,
            endpoint=self._endpoint(),
        )
        write = CycleWrite(
            cluster_id=cached.cluster_id,
            at=at,
            status=status,
            guests_upsert=upsert,
            guests_removed=list(guests.removed),
            retag=[*guests.added.values(), *guests.retagged.values()],
            nodes_upsert=[*nodes.added.values(), *nodes.changed.values()],
            nodes_removed=list(nodes.removed),
            storage_upsert=[*storage.added.values(), *storage.changed.values()],
            storage_removed=list(storage.removed),
            pools_upsert=[*pools.added.values(), *pools.changed.values()],
            pools_removed=list(pools.removed),
            tasks=list(task_changes.values()) if tasks_raw is not None else None,
            ha=ha,
            events=events,
        )
        if (
            not _quiet(write, previous, status)
            or at - self._last_write >= self._settings.heartbeat_s
        ):
            self._store.apply(write)
            self._last_write = at

        # Committed: the in-memory copy follows the cache.
        cached.guests = snapshot.guests
        cached.nodes = snapshot.nodes
        cached.storage = snapshot.storage
        cached.pools = snapshot.pools
        cached.status = status
        self._status = status
        if flush:
            self._pending_metrics = {}
            self._last_metric_flush = at
        else:
            self._pending_metrics = pending
        if new_tasks is not None:
            self._tasks = new_tasks
        if ha is not None:
            self._ha = ha
        self._health_log.succeeded(health, detail)

        changes = inventory_changeset(
            name,
            guests=guests,
            nodes=nodes,
            storage=storage,
            pools=pools,
            tasks=task_changes,
            health=health,
            first_sync=first,
        )
        if changes or first or previous.health is not health:
            self._emit(changes)
        return CycleResult(
            cluster=name,
            ok=True,
            health=health,
            detail=detail,
            changes=changes,
            requests=requests,
            skipped=snapshot.skipped,
            guests=len(snapshot.guests),
        )

    def _tasks_delta(self, raw: Any) -> tuple[dict[str, Task] | None, dict[str, Task]]:
        if raw is None:
            return None, {}
        records, _skipped = normalize.normalize_many(
            self.name, raw, "cluster/tasks", normalize.normalize_task
        )
        fetched = {task.upid: task for task in records}
        known = self._tasks
        changed = {upid: t for upid, t in fetched.items() if known.get(upid) != t}
        # Tasks that left PVE's recent list keep their last known state in the cache.
        return {**known, **fetched}, changed

    def _emit(self, changes: ChangeSet) -> None:
        if self._on_changes is None:
            return
        try:
            self._on_changes(changes)
        except Exception:  # a listener's bug must not stop the sync
            log.exception("cluster %s: a change listener failed", self.name)

    def _failed(self, error: BaseException, at: float, requests: int) -> CycleResult:
        health = classify(error)
        detail = describe(error)
        previous = self._status
        self._health_log.failed(health, detail, error)
        if health in (Health.NEEDS_LOGIN, Health.TLS_CHANGED) or not isinstance(
            error, PveSphereError
        ):
            # A new session is needed (new ticket, new trust decision, or a broken one).
            self._drop_fetcher()
        status = ClusterStatus(
            cluster=self.name,
            health=health,
            detail=detail,
            pve_name=previous.pve_name,
            quorate=previous.quorate,
            node_count=previous.node_count,
            pve_version=previous.pve_version,
            first_synced_at=previous.first_synced_at,
            last_attempt_at=at,
            last_ok_at=previous.last_ok_at,
            last_change_at=previous.last_change_at,
            failures=previous.failures + 1,
            message=error.message if isinstance(error, PveSphereError) else None,
        )
        self._status = status
        events = []
        if previous.health is not health:
            events.append(
                Event(at, self.name, EventKind.HEALTH_CHANGED, ObjectType.CLUSTER, "", self.name,
                      previous.health.value, health.value)
            )  # fmt: skip
        try:
            cached = self._load()
            self._store.record_status(cached.cluster_id, status, events)
        except (StoreError, SQLAlchemyError) as exc:
            log.warning("cluster %s: cannot record its state: %s", self.name, exc)
        if previous.health is not health:
            self._emit(ChangeSet(cluster=self.name, health=health))
        return CycleResult(
            cluster=self.name,
            ok=False,
            health=health,
            detail=detail,
            error=error,
            requests=requests,
        )

    def _store_failed(self, error: BaseException) -> CycleResult:
        detail = str(error if isinstance(error, StoreError) else StoreError(str(error)))
        log.error("cluster %s: the cache could not be written: %s", self.name, detail)
        return CycleResult(
            cluster=self.name, ok=False, health=self._status.health, detail=detail, error=error
        )

    def _flush_pending_metrics(self) -> None:
        if not self._pending_metrics or self._cached is None:
            return
        write = CycleWrite(
            cluster_id=self._cached.cluster_id,
            at=self._clock(),
            status=self._status,
            guests_upsert=list(self._pending_metrics.values()),
        )
        try:
            self._store.apply(write)
            self._pending_metrics = {}
        except (StoreError, SQLAlchemyError) as exc:
            log.warning("cluster %s: pending metrics not written: %s", self.name, exc)

    # -- details on request ---------------------------------------------------------------------

    def guest_details(
        self,
        vmid: int,
        *,
        config: bool = True,
        snapshots: bool = False,
        agent: bool = False,
        ttl_s: float | None = None,
    ) -> GuestDetails:
        """Return a guest's details, fetching from PVE what is older than ``ttl_s``.

        Blocks (call it from a worker). A changed config digest is recorded as an event.
        Raises PveSphereError when PVE cannot be asked and nothing usable is cached.
        """
        ttl = self._settings.details_ttl_s if ttl_s is None else ttl_s
        key = GuestKey(self.name, vmid)
        cached = self._details.get(key)
        now = self._clock()
        need_config = config and not (cached.config and cached.config.fresh(ttl, now))
        need_snapshots = snapshots and not (cached.snapshots and cached.snapshots.fresh(ttl, now))
        need_agent = agent and not (cached.agent and cached.agent.fresh(ttl, now))
        if not (need_config or need_snapshots or need_agent):
            return cached
        inventory = self._load()
        guest = inventory.guests.get(vmid)
        if guest is None:
            raise NotFoundError(f"{self.name}/{vmid}")
        fetcher = self._connection()
        new_config = fetcher.guest_config(guest.node, guest.type, vmid) if need_config else None
        new_snapshots = fetcher.snapshots(guest.node, guest.type, vmid) if need_snapshots else None
        new_agent = None
        if need_agent and guest.type is GuestType.QEMU:
            new_agent = fetcher.agent_interfaces(guest.node, vmid)
        self._details.put(
            key,
            config=new_config if isinstance(new_config, Mapping) else None,
            snapshots=new_snapshots if isinstance(new_snapshots, list) else None,
            agent=new_agent if isinstance(new_agent, Mapping) else None,
            at=now,
        )
        if isinstance(new_config, Mapping):
            digest = normalize.as_str(new_config.get("digest"))
            if cached.digest and digest and digest != cached.digest:
                self._store.add_events(
                    inventory.cluster_id,
                    [Event(now, self.name, EventKind.CONFIG_CHANGED, ObjectType.GUEST, str(vmid),
                           guest.name, cached.digest[:12], digest[:12])],
                )  # fmt: skip
        return self._details.get(key)

    def metrics(
        self, object_id: str, timeframe: str = "hour", ttl_s: float = 60.0
    ) -> list[dict[str, Any]]:
        """Return metric history (rrddata) of ``node/N``, ``qemu/100``, ``lxc/101`` or
        ``storage/N/S``, fetching from PVE when the stored copy is older than ``ttl_s``."""
        rows, _newest = self._details.metrics(self.name, object_id, timeframe)
        fetched_key = (object_id, timeframe)
        last = self._metrics_fetched.get(fetched_key)
        now = self._clock()
        if last is not None and now - last <= ttl_s:
            return rows
        path = self._rrd_path(object_id)
        data = self._connection().rrddata(path, timeframe)
        if isinstance(data, list):
            self._details.put_metrics(
                self.name, object_id, timeframe, [r for r in data if isinstance(r, Mapping)]
            )
        self._metrics_fetched[fetched_key] = now
        return self._details.metrics(self.name, object_id, timeframe)[0]

    def _rrd_path(self, object_id: str) -> str:
        kind, _, rest = object_id.partition("/")
        if kind == "node" and rest:
            return f"nodes/{rest}"
        if kind == "storage" and "/" in rest:
            node, _, storage = rest.partition("/")
            return f"nodes/{node}/storage/{storage}"
        if kind in ("qemu", "lxc") and rest.isdigit():
            guest = self._load().guests.get(int(rest))
            if guest is None:
                raise NotFoundError(f"{self.name}/{rest}")
            return f"nodes/{guest.node}/{kind}/{rest}"
        raise NotFoundError(object_id)


def _quiet(write: CycleWrite, previous: ClusterStatus, status: ClusterStatus) -> bool:
    """Whether a cycle's write would only move timestamps forward."""
    return not (
        write.guests_upsert
        or write.guests_removed
        or write.retag
        or write.nodes_upsert
        or write.nodes_removed
        or write.storage_upsert
        or write.storage_removed
        or write.pools_upsert
        or write.pools_removed
        or write.tasks
        or write.ha is not None
        or write.events
        or previous.health is not status.health
        or previous.detail != status.detail
        or previous.quorate != status.quorate
        or previous.node_count != status.node_count
        or previous.pve_name != status.pve_name
        or previous.failures
    )


def _with_duration(result: CycleResult, seconds: float) -> CycleResult:
    return replace(result, duration_s=seconds)
