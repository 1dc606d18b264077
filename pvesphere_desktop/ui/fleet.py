"""The GUI thread's mirror of the fleet, fed only by ChangeSets.

Workers never touch these objects: they send ChangeSets through :class:`SyncBridge`, which
hands them to :meth:`FleetState.apply` on the GUI thread. Qt models listen to
:attr:`FleetState.changeset_applied` and update only the rows a ChangeSet names.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from pvesphere_desktop.core.changeset import ChangeSet, KindChanges
from pvesphere_desktop.core.enums import Health
from pvesphere_desktop.core.events import DESCRIPTIONS, Event, EventKind, ObjectType
from pvesphere_desktop.core.ids import GuestKey, NodeKey, StorageKey
from pvesphere_desktop.core.models import ClusterInfo, Guest, Node, PveVersion, Storage, Task
from pvesphere_desktop.core.status import ClusterStatus, EndpointStatus
from pvesphere_desktop.ui import format as fmt
from pvesphere_desktop.ui.i18n import translate as tr_marked

log = logging.getLogger(__name__)

# ChangeSet kind names (the sync engine's vocabulary).
GUESTS = "guests"
NODES = "nodes"
STORAGE = "storage"
TASKS = "tasks"
CLUSTER = "cluster"

STALE_HEALTH = frozenset({Health.UNREACHABLE, Health.NEEDS_LOGIN, Health.TLS_CHANGED})


@dataclass(frozen=True, slots=True)
class ClusterState:
    """What the window knows about one configured cluster connection."""

    name: str
    health: Health = Health.UNKNOWN
    last_seen: float | None = None  # epoch seconds of the last successful sync
    info: ClusterInfo | None = None
    version: PveVersion | None = None
    message: str = ""  # why the health is what it is (no secrets)
    synced_once: bool = False
    pve_name: str | None = None
    quorate: bool | None = None
    node_count: int = 0
    last_attempt: float | None = None
    endpoint: EndpointStatus | None = None  # the node the sync talks to (None: not connected)

    @property
    def stale(self) -> bool:
        """Return True when what we show is cached, not live."""
        return self.health in STALE_HEALTH


@dataclass(frozen=True, slots=True)
class FleetEvent:
    """One line of "what changed" for the events list and the dashboard."""

    time: float
    cluster: str
    text: str
    key: Any = None
    id: int | None = None  # the store's event id (None for events of our own)


def event_from_core(event: Event) -> FleetEvent | None:
    """Translate a stored change-history event into a line for people (None: not news)."""
    if event.kind is EventKind.HEALTH_CHANGED:
        # The first contact after a start (unknown -> ok) is not a change worth telling.
        if event.old in (None, "", Health.UNKNOWN.value):
            return None
        try:
            old, new = Health(event.old), Health(event.new or "unknown")
        except ValueError:
            return None
        text = QCoreApplication.translate("FleetState", "Connection: {old} → {new}").format(
            old=health_text(old), new=health_text(new)
        )
        return FleetEvent(event.time, event.cluster, text, None, event.id)
    template = tr_marked("Events", DESCRIPTIONS[event.kind])
    if event.kind is EventKind.LOCK_CHANGED and bool(event.old) != bool(event.new):
        # A lock taken or released reads as that ("locked (backup)"), not as "– → backup".
        if event.new:
            template = QCoreApplication.translate("FleetState", "{object} {name} locked ({new})")
        else:
            template = QCoreApplication.translate("FleetState", "{object} {name} unlocked ({old})")
    if event.object_type is ObjectType.GUEST:
        label = QCoreApplication.translate("FleetState", "Guest {vmid}").format(
            vmid=event.object_key
        )
        key: Any = (
            GuestKey(event.cluster, int(event.object_key)) if event.object_key.isdigit() else None
        )
    elif event.object_type is ObjectType.NODE:
        label = QCoreApplication.translate("FleetState", "Node")
        key = NodeKey(event.cluster, event.object_key)
    else:
        label = ""
        key = None
    try:
        text = template.format(
            object=label,
            name=event.name or event.object_key,
            old=event.old or "–",
            new=event.new or "–",
        ).strip()
    except (KeyError, IndexError, ValueError):
        text = event.describe()
    return FleetEvent(event.time, event.cluster, text, key, event.id)


class FleetState(QObject):
    """Clusters, nodes, guests, storage and tasks as last reported, on the GUI thread.

    Signals:
        changeset_applied(object): a ChangeSet was applied (models update from it).
        reloaded(): everything was replaced at once (first load): models rebuild.
        cluster_changed(str): a cluster's health, info or last-seen time changed.
        clusters_reset(): the set of configured clusters changed.
        event_added(object): a FleetEvent was recorded.
    """

    changeset_applied = Signal(object)
    reloaded = Signal()
    cluster_changed = Signal(str)
    clusters_reset = Signal()
    event_added = Signal(object)

    MAX_EVENTS = 500
    GUEST_PART = 250  # guests per part of a large delta (see parts())

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clusters: dict[str, ClusterState] = {}
        self.guests: dict[GuestKey, Guest] = {}
        self.nodes: dict[NodeKey, Node] = {}
        self.storage: dict[StorageKey, Storage] = {}
        self.tasks: dict[str, Task] = {}
        self.events: deque[FleetEvent] = deque(maxlen=self.MAX_EVENTS)
        self.last_event_id = 0
        self._age_timer = QTimer(self)
        self._age_timer.setInterval(15_000)
        self._age_timer.timeout.connect(self._tick_ages)
        self._age_timer.start()

    # -- clusters -------------------------------------------------------------------------
    def set_clusters(self, names: Iterable[str]) -> None:
        """Declare the configured clusters; forget the data of removed ones."""
        wanted = list(names)
        for gone in [name for name in self.clusters if name not in wanted]:
            self.forget_cluster(gone)
        for name in wanted:
            self.clusters.setdefault(name, ClusterState(name))
        self.clusters_reset.emit()

    def forget_cluster(self, name: str) -> None:
        """Remove a cluster and everything of it (emits a ChangeSet removing its objects)."""
        removal = ChangeSet(
            cluster=name,
            kinds={
                GUESTS: KindChanges(removed=frozenset(k for k in self.guests if k.cluster == name)),
                NODES: KindChanges(removed=frozenset(k for k in self.nodes if k.cluster == name)),
                STORAGE: KindChanges(
                    removed=frozenset(k for k in self.storage if k.cluster == name)
                ),
                TASKS: KindChanges(
                    removed=frozenset(u for u, t in self.tasks.items() if t.cluster == name)
                ),
            },
            health=Health.UNKNOWN,
        )
        self.clusters.pop(name, None)
        self._apply_kinds(removal)
        self.changeset_applied.emit(removal)

    def update_cluster(self, name: str, **changes: Any) -> None:
        """Change fields of a cluster's state (health, message, last_seen, info, version)."""
        current = self.clusters.get(name) or ClusterState(name)
        updated = replace(current, **changes)
        if updated != current:
            self.clusters[name] = updated
            self.cluster_changed.emit(name)

    # -- ChangeSets -----------------------------------------------------------------------
    def load(self, changesets: Iterable[ChangeSet]) -> None:
        """Replace everything with the cached fleet in one go (the first load: one reset)."""
        self.guests.clear()
        self.nodes.clear()
        self.storage.clear()
        for changeset in changesets:
            self.clusters.setdefault(changeset.cluster, ClusterState(changeset.cluster))
            self._apply_kinds(changeset)
        self.reloaded.emit()

    def apply(self, changeset: ChangeSet) -> None:
        """Apply one ChangeSet at once: update the mirror, then tell the models."""
        for part in self.parts(changeset):
            self._apply_part(part)

    def parts(self, changeset: ChangeSet) -> list[ChangeSet]:
        """Return ``changeset`` as plain deltas against the mirror, in the order to apply them.

        A first sync is completed first (what we hold and it no longer lists is gone). A large
        guest delta is then cut into parts of at most :attr:`GUEST_PART` guests, so that the
        :class:`SyncBridge` can apply them in separate event-loop turns: 1,000 new guests
        would otherwise hold the GUI thread for tens of milliseconds at once. Every part but
        the last holds guests only and no health; the last holds everything else.
        """
        if changeset.first_sync:
            changeset = self._complete_first_sync(changeset)
        guests = changeset.of(GUESTS)
        size = len(guests.added) + len(guests.changed) + len(guests.removed)
        if size <= self.GUEST_PART:
            return [changeset]
        # Removals first (they free rows), then changes, then additions: the order of one
        # delta does not matter, and each part stays a valid delta on its own.
        items: list[tuple[str, Any, Any]] = [("removed", key, None) for key in guests.removed]
        items += [("changed", key, value) for key, value in guests.changed.items()]
        items += [("added", key, value) for key, value in guests.added.items()]
        slices = [items[i : i + self.GUEST_PART] for i in range(0, len(items), self.GUEST_PART)]
        parts = [
            ChangeSet(cluster=changeset.cluster, kinds={GUESTS: _guest_delta(piece)})
            for piece in slices[:-1]
        ]
        kinds = dict(changeset.kinds)
        kinds[GUESTS] = _guest_delta(slices[-1])
        parts.append(replace(changeset, kinds=kinds))
        return parts

    def _apply_part(self, changeset: ChangeSet) -> None:
        name = changeset.cluster
        previous = self.clusters.get(name) or ClusterState(name)
        self._record_health(changeset, previous)
        self._apply_kinds(changeset)
        live = changeset.health in (Health.OK, Health.DEGRADED)
        info = changeset.of(CLUSTER).changed.get(name) or changeset.of(CLUSTER).added.get(name)
        changes: dict[str, Any] = {}
        if changeset.health is not Health.UNKNOWN:
            changes["health"] = changeset.health
        if live:
            changes["last_seen"] = time.time()
            changes["synced_once"] = True
        if isinstance(info, ClusterInfo):
            changes["info"] = info
        if isinstance(info, PveVersion):
            changes["version"] = info
        self.clusters.setdefault(name, previous)
        self.update_cluster(name, **changes)
        self.changeset_applied.emit(changeset)

    def _complete_first_sync(self, changeset: ChangeSet) -> ChangeSet:
        # A first sync lists everything the cluster has: whatever we hold and it does not
        # list is gone; what we already hold becomes a change, not an addition.
        kinds: dict[str, KindChanges] = dict(changeset.kinds)
        for kind, store in ((GUESTS, self.guests), (NODES, self.nodes), (STORAGE, self.storage)):
            changes = changeset.of(kind)
            listed = {**changes.added, **changes.changed}
            if not listed and kind not in changeset.kinds:
                continue
            held = {k for k in store if k.cluster == changeset.cluster}
            added = {k: v for k, v in listed.items() if k not in held}
            changed = {k: v for k, v in listed.items() if k in held and store[k] != v}
            removed = frozenset(held - listed.keys()) | changes.removed
            kinds[kind] = KindChanges(added=added, removed=removed, changed=changed)
        return replace(changeset, kinds=kinds, first_sync=False)

    def _apply_kinds(self, changeset: ChangeSet) -> None:
        stores: dict[str, dict[Any, Any]] = {
            GUESTS: self.guests,
            NODES: self.nodes,
            STORAGE: self.storage,
            TASKS: self.tasks,
        }
        for kind, store in stores.items():
            changes = changeset.of(kind)
            for key in changes.removed:
                store.pop(key, None)
            store.update(changes.added)
            store.update(changes.changed)

    def _record_health(self, changeset: ChangeSet, previous: ClusterState) -> None:
        moved = changeset.health is not Health.UNKNOWN and changeset.health != previous.health
        # The first "online" of a fresh start is not news; everything else is.
        if moved and (previous.health is not Health.UNKNOWN or changeset.health is not Health.OK):
            self.add_events([FleetEvent(time.time(), changeset.cluster,
                                        health_text(changeset.health))])  # fmt: skip

    def add_events(self, events: Iterable[FleetEvent | Event]) -> None:
        """Record events (from the store's change history or our own), newest last."""
        for item in events:
            event = item if isinstance(item, FleetEvent) else event_from_core(item)
            if event is None:
                continue
            if event.id is not None:
                if event.id <= self.last_event_id:
                    continue
                self.last_event_id = event.id
            self.events.append(event)
            self.event_added.emit(event)

    def apply_status(self, status: ClusterStatus) -> None:
        """Take a cluster's sync status (health, detail, quorum, last contact, node in use)."""
        if status.cluster not in self.clusters:
            return
        # Shown in the window's language; only an old cache's status has just the English text.
        message = status.message.render(tr_marked) if status.message else status.detail
        self.update_cluster(
            status.cluster,
            health=status.health,
            message=message,
            last_seen=status.last_ok_at,
            pve_name=status.pve_name,
            quorate=status.quorate,
            node_count=status.node_count,
            last_attempt=status.last_attempt_at,
            synced_once=status.last_ok_at is not None,
            endpoint=status.endpoint,
        )

    def _tick_ages(self) -> None:
        for name, state in self.clusters.items():
            if state.stale:
                self.cluster_changed.emit(name)

    # -- queries --------------------------------------------------------------------------
    def cluster_state(self, name: str) -> ClusterState:
        return self.clusters.get(name) or ClusterState(name)

    def is_stale(self, cluster: str) -> bool:
        state = self.clusters.get(cluster)
        return state is not None and state.stale


def _guest_delta(items: list[tuple[str, Any, Any]]) -> KindChanges:
    return KindChanges(
        added={key: value for how, key, value in items if how == "added"},
        changed={key: value for how, key, value in items if how == "changed"},
        removed=frozenset(key for how, key, _value in items if how == "removed"),
    )


def guest_label(guest: Guest) -> str:
    """Return ``name (vmid)`` or ``vmid`` for a guest."""
    return f"{guest.name} ({guest.vmid})" if guest.name else str(guest.vmid)


def status_text(status: object) -> str:
    """Return the translated name of a guest status."""
    from pvesphere_desktop.core.enums import GuestStatus

    texts = {
        GuestStatus.RUNNING: QCoreApplication.translate("FleetState", "running"),
        GuestStatus.STOPPED: QCoreApplication.translate("FleetState", "stopped"),
        GuestStatus.PAUSED: QCoreApplication.translate("FleetState", "paused"),
        GuestStatus.SUSPENDED: QCoreApplication.translate("FleetState", "suspended"),
        GuestStatus.UNKNOWN: QCoreApplication.translate("FleetState", "unknown"),
    }
    return str(texts.get(status, str(status)))  # type: ignore[call-overload]


def health_text(health: Health) -> str:
    """Return the translated description of a cluster health."""
    texts = {
        Health.UNKNOWN: QCoreApplication.translate("FleetState", "connecting"),
        Health.OK: QCoreApplication.translate("FleetState", "online"),
        Health.DEGRADED: QCoreApplication.translate(
            "FleetState", "degraded: some nodes are offline"
        ),
        Health.UNREACHABLE: QCoreApplication.translate("FleetState", "unreachable"),
        Health.NEEDS_LOGIN: QCoreApplication.translate("FleetState", "needs login"),
        Health.TLS_CHANGED: QCoreApplication.translate("FleetState", "certificate changed"),
    }
    return texts[health]


def endpoint_node_text(endpoint: EndpointStatus) -> str:
    """Return the node the app talks to: ``pve2 (10.0.0.2:8006)``, or the address alone."""
    if endpoint.node:
        return f"{endpoint.node} ({endpoint.address})"
    return endpoint.address


def failover_text(endpoint: EndpointStatus) -> str:
    """Return why the app talks to another node: ``pve1 stopped answering at 10:42``."""
    return QCoreApplication.translate("FleetState", "{entry} stopped answering at {time}").format(
        entry=endpoint.entry_node or endpoint.entry_address,
        time=fmt.clock_text(endpoint.failed_over_at),
    )


def endpoint_text(endpoint: EndpointStatus) -> str:
    """Return one line for a tooltip: ``via pve2 — pve1 stopped answering at 10:42``."""
    node = endpoint.node or endpoint.address
    if not endpoint.failed_over:
        return QCoreApplication.translate("FleetState", "via {node}").format(node=node)
    return QCoreApplication.translate("FleetState", "via {node} — {reason}").format(
        node=node, reason=failover_text(endpoint)
    )
