"""The window's access to the layers below: store, sync, pve and secrets, composed once.

Every method here may block (network or database): call them from :class:`WorkerPool` jobs,
never on the GUI thread. What the window shows arrives as ChangeSets and cluster statuses
through the :class:`SyncBridge`.

The sync runs either in a child process (:class:`SyncProcess`, the desktop's way: its Python
work never competes with the GUI thread) or as threads of this process (``sync_process=False``,
for tools and tests that look inside the engine).

Sessions: the window's actions and details share one :class:`PveSession` per cluster
(``_sessions``). A password + TFA login made in the re-login dialog is handed to the sync as
well (the same session in-process, a copy of the ticket for the sync process), so the user
logs in once.

The PVE client stack (requests, proxmoxer) and the sync engine are imported when first used,
in a worker: the window shows the cache without them (a fifth of a cold start).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from pvesphere_desktop.core.changeset import ChangeSet, KindChanges
from pvesphere_desktop.core.config import ClusterConfig
from pvesphere_desktop.core.enums import Health, PowerAction
from pvesphere_desktop.core.errors import NotFoundError, PveSphereError
from pvesphere_desktop.core.events import Event
from pvesphere_desktop.core.ids import GuestKey, NodeKey, StorageKey
from pvesphere_desktop.core.models import ClusterInfo, Guest, Node, PveVersion, Task, Upid
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.core.status import ClusterStatus, SyncFollowing
from pvesphere_desktop.store import ClusterRegistry, Database
from pvesphere_desktop.store.details import DetailsStore, GuestDetails
from pvesphere_desktop.store.inventory import InventoryStore
from pvesphere_desktop.store.userdata import ObjectRef, SavedSearch, UserDataStore

if TYPE_CHECKING:
    from pvesphere_desktop.pve.session import PveSession
    from pvesphere_desktop.pve.tasks import TaskResult
    from pvesphere_desktop.pve.tls import CertificateInfo
    from pvesphere_desktop.secrets import SecretStore
    from pvesphere_desktop.sync.coordinator import ClusterCoordinator, CycleResult, SyncSettings
    from pvesphere_desktop.sync.engine import SyncEngine
    from pvesphere_desktop.sync.fetcher import PveFetcher
    from pvesphere_desktop.sync.host import SyncProcess

log = logging.getLogger(__name__)

Post = Callable[[object], None]


@dataclass
class CacheLoad:
    """Everything the cache holds, read once at start-up (offline-first)."""

    clusters: list[str]
    changesets: list[ChangeSet] = field(default_factory=list)
    statuses: dict[str, ClusterStatus] = field(default_factory=dict)
    tasks: list[Task] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    searches: list[SavedSearch] = field(default_factory=list)
    notes: dict[GuestKey, str] = field(default_factory=dict)
    read_started: float = 0.0  # time.perf_counter() around the read, for start-up timing
    read_finished: float = 0.0


@dataclass(frozen=True)
class ConnectionCheck:
    """What a successful connection test found."""

    config: ClusterConfig  # with learnt endpoints and pins
    version: PveVersion
    info: ClusterInfo
    nodes: tuple[Node, ...]


_background = threading.local()


def lower_thread_priority() -> None:
    """Give the calling (background) thread a lower OS priority, once.

    Sync work is Python: when it runs on the cores the window needs, the window waits for the
    interpreter lock. A lower priority lets the scheduler prefer the GUI thread. Best effort:
    where threads cannot be reniced (Windows, macOS) nothing changes.
    """
    if getattr(_background, "lowered", False):
        return
    _background.lowered = True
    setpriority = getattr(os, "setpriority", None)
    if setpriority is None or not sys.platform.startswith("linux"):
        return
    try:
        setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except OSError:
        log.debug("cannot lower the priority of %s", threading.current_thread().name)


@cache
def _shared_fetcher_class() -> Callable[[PveSession, FleetBackend], PveFetcher]:
    from pvesphere_desktop.sync.fetcher import PveFetcher

    class SharedFetcher(PveFetcher):
        """A fetcher over the backend's shared session; closing it retires the session."""

        def __init__(self, session: PveSession, backend: FleetBackend) -> None:
            super().__init__(session)
            self._backend = backend

        def close(self) -> None:
            self._backend._retire(self.session)
            super().close()

    return SharedFetcher


class FleetBackend:
    """Store, sync engine, sessions and secrets behind blocking methods (see module doc)."""

    def __init__(
        self,
        database: Database,
        secrets: SecretStore,
        post: Post,
        settings: SyncSettings | Callable[[], SyncSettings] | None = None,
        *,
        sync_process: bool = False,
    ) -> None:
        self.database = database
        self.secrets = secrets
        self.registry = ClusterRegistry(database)
        self.inventory = InventoryStore(database)
        self.userdata = UserDataStore(database)
        self.details = DetailsStore(database)
        self._post = post
        self._lock = threading.Lock()
        self._sessions: dict[str, PveSession] = {}
        self._settings = settings
        self._use_process = sync_process
        # Sync in a child process: details on request go through coordinators of our own
        # that never cycle (they read the cache and ask PVE with the shared session).
        self._detail_coordinators: dict[str, ClusterCoordinator] = {}
        self.sync_process: SyncProcess | None = None
        self._engine: SyncEngine | None = None
        self._engine_lock = threading.Lock()
        self._stopped = False
        self._not_starting = threading.Event()  # clear while start() runs
        self._not_starting.set()
        self._prefetched: Future[CacheLoad] | None = None

    @property
    def engine(self) -> SyncEngine:
        """The sync engine, created on first use (blocking: it imports the PVE client stack)."""
        with self._engine_lock:
            if self._engine is None:
                from pvesphere_desktop.sync.engine import SyncEngine

                self._engine = SyncEngine(
                    self.database,
                    fetcher_factory=self._fetcher,
                    on_changes=self._post_from_sync,
                    on_cycle=self._on_cycle,
                    settings=self._sync_settings(),
                )
            return self._engine

    def _sync_settings(self) -> SyncSettings:
        from pvesphere_desktop.sync.coordinator import SyncSettings

        settings = self._settings
        resolved = settings() if callable(settings) else settings
        return resolved or SyncSettings()

    # -- life cycle -----------------------------------------------------------------------
    def prefetch_cache(self) -> None:
        """Start reading the cache now, in a thread of its own: the next :meth:`load_cache`
        returns what it read (start-up reads while the window is being built)."""
        future: Future[CacheLoad] = Future()

        def read() -> None:
            try:
                future.set_result(self._read_cache())
            except BaseException as exc:  # handed to whoever calls load_cache
                future.set_exception(exc)

        self._prefetched = future
        threading.Thread(target=read, name="cache-prefetch", daemon=True).start()

    def load_cache(self) -> CacheLoad:
        """Read what the cache holds for every configured cluster (one worker job)."""
        prefetched, self._prefetched = self._prefetched, None
        if prefetched is not None:
            return prefetched.result()
        return self._read_cache()

    def _read_cache(self) -> CacheLoad:
        started = time.perf_counter()
        configs = self.registry.list()
        load = CacheLoad(clusters=[c.name for c in configs])
        for config in configs:
            cached = self.inventory.load(config.name)
            name = config.name
            load.changesets.append(
                ChangeSet(
                    cluster=name,
                    kinds={
                        "guests": KindChanges(
                            added={GuestKey(name, v): g for v, g in cached.guests.items()}
                        ),
                        "nodes": KindChanges(
                            added={NodeKey(name, n): node for n, node in cached.nodes.items()}
                        ),
                        "storage": KindChanges(
                            added={StorageKey(name, *k): s for k, s in cached.storage.items()}
                        ),
                    },
                    health=Health.UNKNOWN,
                    first_sync=True,
                )
            )
            if cached.status is not None:
                load.statuses[name] = cached.status
        load.tasks = self.inventory.tasks(limit=200)
        load.events = self.inventory.events(limit=200)
        load.searches = self.userdata.saved_searches()
        load.notes = self.userdata.guest_notes()
        load.read_started, load.read_finished = started, time.perf_counter()
        return load

    def start(self) -> None:
        """Open the secret store (the vault may ask for its password), then start background
        sync; blocking the first time (imports), so call it from a worker."""
        with self._engine_lock:
            if self._stopped:
                return
            self._not_starting.clear()
        try:
            self.secrets.describe()  # opens the store now, not in the middle of a sync
            if self._use_process:
                from pvesphere_desktop.sync.host import SyncProcess

                host = SyncProcess(
                    self.database.url,
                    self._sync_settings(),
                    on_changes=self._post_from_process,
                    on_status=self._post,
                    secrets=self.secrets.get,
                    on_following=lambda holder: self._post(SyncFollowing(holder)),
                )
                with self._engine_lock:
                    if not self._stopped:
                        self.sync_process = host
                        host.start()
                return
            engine = self.engine
            with self._engine_lock:
                if not self._stopped:
                    engine.start()
        finally:
            self._not_starting.set()

    def stop(self) -> None:
        """Stop the sync engine (for good) and close every session."""
        with self._engine_lock:
            self._stopped = True
        # A start in progress (opening the secret store, importing) ends first, boundedly.
        self._not_starting.wait(5)
        if self.sync_process is not None:
            self.sync_process.stop(timeout=10)
        engine = self._engine
        if engine is not None:
            engine.stop(timeout=10)
        with self._lock:
            sessions = list(self._sessions.values())
            self._sessions.clear()
            coordinators = list(self._detail_coordinators.values())
            self._detail_coordinators.clear()
        for coordinator in coordinators:
            coordinator.close()
        for session in sessions:
            session.close()

    def refresh(self, cluster: str | None = None) -> None:
        """Ask for a priority sync of ``cluster`` (every cluster when None)."""
        if self._use_process:
            if self.sync_process is not None:
                self.sync_process.refresh(cluster)
            return
        for name in [cluster] if cluster else self.engine.clusters():
            self.engine.refresh(name)

    def _post_from_sync(self, changes: ChangeSet) -> None:
        lower_thread_priority()
        self._post(changes)

    def _post_from_process(self, changes: ChangeSet) -> None:
        if changes.of("guests"):
            with self._lock:
                coordinator = self._detail_coordinators.get(changes.cluster)
            if coordinator is not None:
                coordinator.forget_inventory()  # a guest may have moved to another node
        self._post(changes)

    def _on_cycle(self, result: CycleResult) -> None:
        coordinator = self.engine.coordinator(result.cluster)
        if coordinator is not None:
            self._post(coordinator.status)

    def _coordinator(self, cluster: str) -> ClusterCoordinator | None:
        """The coordinator that answers detail requests for ``cluster`` (None: cache only)."""
        if not self._use_process:
            return self.engine.coordinator(cluster)
        with self._lock:
            coordinator = self._detail_coordinators.get(cluster)
        if coordinator is not None:
            return coordinator
        try:
            config = self.registry.get(cluster)
        except PveSphereError:
            return None
        from pvesphere_desktop.sync.coordinator import ClusterCoordinator

        coordinator = ClusterCoordinator(
            config, self.inventory, self._fetcher, settings=self._sync_settings()
        )
        with self._lock:
            coordinator = self._detail_coordinators.setdefault(cluster, coordinator)
        return coordinator

    def _drop_coordinator(self, cluster: str) -> None:
        with self._lock:
            coordinator = self._detail_coordinators.pop(cluster, None)
        if coordinator is not None:
            coordinator.close()

    # -- sessions -------------------------------------------------------------------------
    def _save_learned(self, config: ClusterConfig) -> None:
        try:
            self.registry.learn(config.name, config.known_endpoints, config.fingerprints)
        except PveSphereError as exc:
            log.warning("cluster %s: cannot save learnt node addresses: %s", config.name, exc)

    def _new_session(self, config: ClusterConfig, secret: Secret | None = None) -> PveSession:
        from pvesphere_desktop.pve.session import PveSession
        from pvesphere_desktop.sync.fetcher import MissingSecretError

        secret = secret or self.secrets.get(config.secret_ref)
        if not secret:
            raise MissingSecretError(name=config.name)
        return PveSession(config, secret, on_config_change=self._save_learned)

    def _fetcher(self, config: ClusterConfig) -> PveFetcher:
        lower_thread_priority()  # runs in a sync worker thread
        with self._lock:
            session = self._sessions.get(config.name)
        if session is None or session.config.url != config.url:
            session = self._new_session(config)
            with self._lock:
                self._sessions[config.name] = session
        return _shared_fetcher_class()(session, self)

    def _retire(self, session: PveSession) -> None:
        with self._lock:
            if self._sessions.get(session.name) is session:
                del self._sessions[session.name]

    def session(self, cluster: str) -> PveSession:
        """Return the cluster's shared session, creating it (blocking) when needed."""
        with self._lock:
            session = self._sessions.get(cluster)
        if session is not None:
            return session
        session = self._new_session(self.registry.get(cluster))
        with self._lock:
            self._sessions.setdefault(cluster, session)
            return self._sessions[cluster]

    def version(self, cluster: str) -> PveVersion:
        return self.session(cluster).version()

    def relogin(self, cluster: str, password: str | None, otp: str | None) -> PveVersion:
        """Log in again (password + second factor); the sync continues with this session."""
        config = self.registry.get(cluster)
        secret = Secret(password) if password else None
        session = self._new_session(config, secret)
        try:
            version = session.connect(otp=otp or None)
        except BaseException:
            session.close()
            raise
        if secret is not None:
            self.secrets.set(config.secret_ref, secret)
        with self._lock:
            old = self._sessions.get(cluster)
            self._sessions[cluster] = session
        if old is not None and old is not session:
            old.close()
        self._drop_coordinator(cluster)  # its connection used the old session
        if self.sync_process is not None:
            self.sync_process.hand_login(cluster, session.export_login())
        self.refresh(cluster)
        return version

    # -- actions --------------------------------------------------------------------------
    def power(self, guest: Guest, action: PowerAction) -> Upid:
        """Start ``action`` on ``guest``; return the task id."""
        from pvesphere_desktop.pve.guests import find_guest, power_action

        session = self.session(guest.cluster)
        try:
            return power_action(session, guest, action)
        except NotFoundError:
            # The guest moved since the last sync: find its node and try once more.
            current = find_guest(session, guest.vmid)
            return power_action(session, current, action)

    def follow(
        self,
        cluster: str,
        upid: Upid | str,
        on_log: Callable[[str], None] | None = None,
        cancel: threading.Event | None = None,
        timeout: float | None = 3600.0,
    ) -> TaskResult:
        """Follow a task to its end (log lines to ``on_log``); ask for a sync afterwards."""
        from pvesphere_desktop.pve.tasks import follow_task

        try:
            return follow_task(
                self.session(cluster), upid, on_log=on_log, cancel=cancel, timeout=timeout
            )
        finally:
            self.refresh(cluster)

    def stop_task(self, cluster: str, task: Task) -> None:
        """Ask PVE to stop a running task."""
        self.session(cluster).delete(f"/nodes/{task.node}/tasks/{task.upid}")

    def task_log(self, cluster: str, task: Task) -> list[str]:
        """Return the log lines of a task (none when PVE has no log for it)."""
        from pvesphere_desktop.pve.tasks import read_task_log

        return read_task_log(self.session(cluster), task.upid)

    # -- details on request ---------------------------------------------------------------
    def guest_details(self, key: GuestKey, snapshots: bool = True) -> GuestDetails:
        """Return config and snapshots (from PVE when older than the TTL, else cached)."""
        coordinator = self._coordinator(key.cluster)
        if coordinator is None:
            return self.details.get(key)
        try:
            return coordinator.guest_details(key.vmid, config=True, snapshots=snapshots)
        except PveSphereError:
            cached = self.details.get(key)
            if cached.config is None:
                raise
            return cached

    def metrics(
        self, cluster: str, object_id: str, path: str, timeframe: str, cf: str = "AVERAGE"
    ) -> list[dict[str, Any]]:
        """Return rrddata rows for ``object_id`` (``qemu/100``, ``node/pve1``...).

        Averages go through the coordinator (stored, readable offline); maxima are asked of PVE
        directly.
        """
        if cf == "AVERAGE":
            coordinator = self._coordinator(cluster)
            if coordinator is not None:
                try:
                    return coordinator.metrics(object_id, timeframe)
                except PveSphereError:
                    rows, _ = self.details.metrics(cluster, object_id, timeframe)
                    if rows:
                        return rows
                    raise
        data = self.session(cluster).get(f"/{path}/rrddata", timeframe=timeframe, cf=cf)
        return [dict(r) for r in data or [] if isinstance(r, Mapping)]

    def node_status(self, cluster: str, node: str) -> dict[str, Any]:
        data = self.session(cluster).get(f"/nodes/{node}/status")
        return dict(data) if isinstance(data, Mapping) else {}

    def guest_tasks(self, guest: Guest, limit: int = 50) -> list[dict[str, Any]]:
        data = self.session(guest.cluster).get(
            f"/nodes/{guest.node}/tasks", vmid=guest.vmid, limit=limit, source="all"
        )
        return [dict(r) for r in data or [] if isinstance(r, Mapping)]

    def guest_backups(self, guest: Guest, storages: list[str]) -> list[dict[str, Any]]:
        """List the guest's backups on ``storages`` (those with backup content on its node)."""
        session = self.session(guest.cluster)
        found: list[dict[str, Any]] = []
        for storage in storages:
            data = session.get(
                f"/nodes/{guest.node}/storage/{storage}/content", content="backup", vmid=guest.vmid
            )
            found.extend(dict(r) for r in data or [] if isinstance(r, Mapping))
        found.sort(key=lambda r: r.get("ctime") or 0, reverse=True)
        return found

    def storage_content(self, cluster: str, node: str, storage: str) -> list[dict[str, Any]]:
        data = self.session(cluster).get(f"/nodes/{node}/storage/{storage}/content")
        return [dict(r) for r in data or [] if isinstance(r, Mapping)]

    def cluster_overview(self, cluster: str) -> dict[str, Any]:
        """Return version, HA resources and status for the cluster pane."""
        session = self.session(cluster)
        overview: dict[str, Any] = {"version": session.version()}
        try:
            overview["ha"] = self.inventory.ha_resources([cluster])
        except PveSphereError:
            overview["ha"] = []
        return overview

    def events_since(self, since: float | None, limit: int = 200) -> list[Event]:
        return self.inventory.events(since=since, limit=limit)

    # -- user data ------------------------------------------------------------------------
    def save_search(self, name: str, query: str) -> list[SavedSearch]:
        self.userdata.save_search(name, query)
        return self.userdata.saved_searches()

    def delete_search(self, name: str) -> list[SavedSearch]:
        self.userdata.delete_search(name)
        return self.userdata.saved_searches()

    def note(self, key: GuestKey) -> str:
        return self.userdata.note(ObjectRef.guest(key))

    def set_note(self, key: GuestKey, text: str) -> None:
        self.userdata.set_note(ObjectRef.guest(key), text)

    # -- cluster registry -----------------------------------------------------------------
    def probe(self, url: str, timeout: float = 10.0) -> CertificateInfo:
        """Return the certificate a URL presents (for the trust-on-first-use step)."""
        from pvesphere_desktop.pve.tls import probe_certificate

        return probe_certificate(url, timeout=timeout)

    def realms(self, config: ClusterConfig) -> list[dict[str, Any]]:
        """Return the login realms (``/access/domains`` needs no login)."""
        from pvesphere_desktop.pve.session import PveSession

        session = PveSession(config, Secret("-"))
        try:
            response = session._request("GET", "/access/domains", authenticated=False)
            data = getattr(response, "pvesphere_data", None)
        finally:
            session.close()
        return [dict(r) for r in data or [] if isinstance(r, Mapping)]

    def check(
        self, config: ClusterConfig, secret: Secret, otp: str | None = None
    ) -> ConnectionCheck:
        """Connect with ``config`` and ``secret``; return what was found (nothing is saved)."""
        from pvesphere_desktop.pve.session import PveSession

        with PveSession(config, secret) as session:
            version = session.connect(otp=otp or None)
            info, nodes = session.cluster_status()
            return ConnectionCheck(session.config, version, info, nodes)

    def add_cluster(self, config: ClusterConfig, secret: Secret) -> ClusterConfig:
        """Save a verified cluster and its secret; the sync picks it up by itself."""
        self.secrets.set(config.secret_ref, secret)
        try:
            return self.registry.add(config)
        except PveSphereError:
            self.secrets.delete(config.secret_ref)
            raise

    def update_cluster(
        self, config: ClusterConfig, secret: Secret | None, old_name: str | None = None
    ) -> ClusterConfig:
        """Save edited settings (and a new secret when given)."""
        saved = self.registry.update(config, old_name=old_name)
        if secret is not None:
            self.secrets.set(saved.secret_ref, secret)
        if old_name and old_name != saved.name:
            old_secret = self.secrets.get(f"cluster:{old_name}")
            if secret is None and old_secret is not None:
                self.secrets.set(saved.secret_ref, old_secret)
            self.secrets.delete(f"cluster:{old_name}")
        with self._lock:
            stale = self._sessions.pop(old_name or config.name, None)
        if stale is not None:
            stale.close()
        self._drop_coordinator(old_name or config.name)
        return saved

    def remove_cluster(self, name: str) -> None:
        config = self.registry.get(name)
        self.registry.remove(name)
        self.secrets.delete(config.secret_ref)
        with self._lock:
            session = self._sessions.pop(name, None)
        if session is not None:
            session.close()
        self._drop_coordinator(name)
        if self.sync_process is not None:
            self.sync_process.forget_login(name)

    def repin(self, name: str, host_port: str, fingerprint: str) -> ClusterConfig:
        """Pin a new certificate fingerprint after the user confirmed the change."""
        config = self.registry.get(name)
        pins = dict(config.fingerprints)
        pins[host_port] = fingerprint
        return self.update_cluster(config.with_changes(fingerprints=pins), None)

    def cluster_config(self, name: str) -> ClusterConfig:
        return self.registry.get(name)

    def now(self) -> float:
        return time.time()
