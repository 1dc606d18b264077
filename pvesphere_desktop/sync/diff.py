"""Diff a new snapshot against the cache: added / removed / changed per kind, plus history events.

Pure functions over keyed maps of ``core`` records. A guest is keyed by VMID within its cluster,
so a migration is a change of its ``node`` (one MIGRATED event), never a removal and an addition.
Changes are split into *state* changes (name, status, node, tags, ...: written at once and
recorded in history) and *metric-only* changes (cpu, memory, counters: shown live, written to
the cache at a slower pace).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Generic, TypeVar

from pvesphere_desktop.core.changeset import ChangeSet, KindChanges
from pvesphere_desktop.core.enums import GuestStatus, Health, NodeStatus
from pvesphere_desktop.core.events import Event, EventKind, ObjectType
from pvesphere_desktop.core.ids import GuestKey, NodeKey, StorageKey
from pvesphere_desktop.core.models import Guest, Node, Pool, Storage, Task

K = TypeVar("K")
V = TypeVar("V")


@dataclass(slots=True)
class KindDiff(Generic[K, V]):
    added: dict[K, V] = field(default_factory=dict)
    removed: dict[K, V] = field(default_factory=dict)  # key -> the last known value
    changed: dict[K, V] = field(default_factory=dict)  # key -> the new value

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(slots=True)
class GuestDiff(KindDiff[int, Guest]):
    state_changed: dict[int, Guest] = field(default_factory=dict)  # subset of changed
    retagged: dict[int, Guest] = field(default_factory=dict)  # subset of changed


def diff_map(old: Mapping[K, V], new: Mapping[K, V]) -> KindDiff[K, V]:
    """Return what differs between two keyed maps (records compared with ``==``)."""
    result: KindDiff[K, V] = KindDiff()
    if new is old:  # a repeated answer reuses the whole map
        return result
    for key, value in new.items():
        before = old.get(key)
        if before is None:
            result.added[key] = value
        elif before is not value and before != value:
            result.changed[key] = value
    if len(old) + len(result.added) != len(new):
        for key, value in old.items():
            if key not in new:
                result.removed[key] = value
    return result


# Every compared field of a Guest is in exactly one of these (a test checks it); each getter
# builds its tuple in C, so a guest is compared field by field without its dataclass __eq__.
STATE_FIELDS = (
    "type", "node", "name", "status", "tags", "template", "lock", "pool", "hastate", "maxcpu",
    "maxmem", "maxdisk",
)  # fmt: skip
METRIC_FIELDS = (
    "cluster", "vmid", "cpu", "mem", "disk", "netin", "netout", "diskread", "diskwrite", "uptime",
)  # fmt: skip
_state = attrgetter(*STATE_FIELDS)
_metrics = attrgetter(*METRIC_FIELDS)


def diff_guests(old: Mapping[int, Guest], new: Mapping[int, Guest]) -> GuestDiff:
    """Diff guests, splitting state changes from metric-only changes."""
    result = GuestDiff()
    if new is old:  # a repeated answer reuses the whole map
        return result
    added, changed = result.added, result.changed
    state_changed, retagged = result.state_changed, result.retagged
    for vmid, guest in new.items():
        before = old.get(vmid)
        if before is None:
            added[vmid] = guest
        elif before is guest:  # an unchanged row reuses its record
            continue
        elif _state(before) != _state(guest):
            changed[vmid] = state_changed[vmid] = guest
            if before.tags != guest.tags:
                retagged[vmid] = guest
        elif _metrics(before) != _metrics(guest):
            changed[vmid] = guest
    if len(old) + len(added) != len(new):
        removed = result.removed
        for vmid, guest in old.items():
            if vmid not in new:
                removed[vmid] = guest
    return result


def _tags(tags: tuple[str, ...]) -> str:
    return ";".join(tags)


def guest_events(cluster: str, at: float, old: Mapping[int, Guest], diff: GuestDiff) -> list[Event]:
    """Return the history events of a guest diff."""
    events: list[Event] = []
    guest_type = ObjectType.GUEST
    for vmid, guest in diff.added.items():
        events.append(Event(at, cluster, EventKind.CREATED, guest_type, str(vmid), guest.name))
    for vmid, guest in diff.removed.items():
        events.append(Event(at, cluster, EventKind.REMOVED, guest_type, str(vmid), guest.name))
    for vmid, guest in diff.state_changed.items():
        before = old[vmid]
        key, name = str(vmid), guest.name

        def add(
            kind: EventKind, was: object, now: object, label: str = name, key: str = key
        ) -> None:
            events.append(Event(at, cluster, kind, guest_type, key, label, str(was), str(now)))

        if before.node != guest.node:
            add(EventKind.MIGRATED, before.node, guest.node)
        if before.status != guest.status:
            if guest.status is GuestStatus.RUNNING and before.status is not GuestStatus.PAUSED:
                kind = EventKind.STARTED
            elif guest.status is GuestStatus.STOPPED:
                kind = EventKind.STOPPED
            else:
                kind = EventKind.STATUS_CHANGED
            add(kind, before.status.value, guest.status.value)
        if before.name != guest.name:
            add(EventKind.RENAMED, before.name, guest.name, label=guest.name)
        if before.tags != guest.tags:
            add(EventKind.RETAGGED, _tags(before.tags), _tags(guest.tags))
        if before.lock != guest.lock:
            add(EventKind.LOCK_CHANGED, before.lock or "", guest.lock or "")
        if before.template != guest.template:
            add(EventKind.TEMPLATE_CHANGED, int(before.template), int(guest.template))
    return events


def node_events(
    cluster: str, at: float, old: Mapping[str, Node], diff: KindDiff[str, Node]
) -> list[Event]:
    """Return the history events of a node diff (appearing, disappearing, going on/offline)."""
    events: list[Event] = []
    node_type = ObjectType.NODE
    for name in diff.added:
        events.append(Event(at, cluster, EventKind.CREATED, node_type, name, name))
    for name in diff.removed:
        events.append(Event(at, cluster, EventKind.REMOVED, node_type, name, name))
    for name, node in diff.changed.items():
        before = old[name].status
        if before is node.status:
            continue
        if node.status is NodeStatus.ONLINE:
            events.append(Event(at, cluster, EventKind.NODE_ONLINE, node_type, name, name))
        elif node.status is NodeStatus.OFFLINE:
            events.append(Event(at, cluster, EventKind.NODE_OFFLINE, node_type, name, name))
    return events


def inventory_changeset(
    cluster: str,
    *,
    guests: KindDiff[int, Guest],
    nodes: KindDiff[str, Node],
    storage: KindDiff[tuple[str, str], Storage],
    pools: KindDiff[str, Pool],
    tasks: Mapping[str, Task],
    health: Health,
    first_sync: bool = False,
) -> ChangeSet:
    """The ChangeSet of one cluster's diffs, keyed as the UI keys objects across clusters."""
    return ChangeSet(
        cluster=cluster,
        kinds={
            "guests": KindChanges(
                added={GuestKey(cluster, k): v for k, v in guests.added.items()},
                removed=frozenset(GuestKey(cluster, k) for k in guests.removed),
                changed={GuestKey(cluster, k): v for k, v in guests.changed.items()},
            ),
            "nodes": KindChanges(
                added={NodeKey(cluster, k): v for k, v in nodes.added.items()},
                removed=frozenset(NodeKey(cluster, k) for k in nodes.removed),
                changed={NodeKey(cluster, k): v for k, v in nodes.changed.items()},
            ),
            "storage": KindChanges(
                added={StorageKey(cluster, *k): v for k, v in storage.added.items()},
                removed=frozenset(StorageKey(cluster, *k) for k in storage.removed),
                changed={StorageKey(cluster, *k): v for k, v in storage.changed.items()},
            ),
            "pools": KindChanges(
                added={(cluster, k): v for k, v in pools.added.items()},
                removed=frozenset((cluster, k) for k in pools.removed),
                changed={(cluster, k): v for k, v in pools.changed.items()},
            ),
            "tasks": KindChanges(changed=dict(tasks)),
        },
        health=health,
        first_sync=first_sync,
    )
