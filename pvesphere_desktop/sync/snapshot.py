"""Turn one inventory fetch into keyed records, cheaply and without ever raising for bad rows.

PVE answers ``/cluster/resources`` with every object each time, and most rows are identical to
the previous cycle's. The :class:`SnapshotBuilder` keeps each row's last raw form and record:
an identical row reuses its record (one dict comparison instead of a normalisation), which is
what makes a steady cycle over thousands of guests cost a few milliseconds.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pvesphere_desktop.core.enums import NodeStatus
from pvesphere_desktop.core.errors import MalformedResponseError
from pvesphere_desktop.core.models import ClusterInfo, Guest, Node, Pool, Storage
from pvesphere_desktop.pve import normalize
from pvesphere_desktop.pve.session import UNCHANGED
from pvesphere_desktop.sync.fetcher import InventoryFetch

log = logging.getLogger(__name__)

_IGNORED_TYPES = frozenset({"sdn", "network", "openvz"})


@dataclass(slots=True)
class Snapshot:
    """A cluster's inventory at one moment, keyed by stable keys."""

    info: ClusterInfo
    guests: dict[int, Guest] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)
    storage: dict[tuple[str, str], Storage] = field(default_factory=dict)
    pools: dict[str, Pool] = field(default_factory=dict)
    skipped: int = 0  # rows that could not be read
    duplicates: int = 0  # rows describing an object already seen in this answer
    ignored: int = 0  # rows of kinds we do not track (sdn, network, ...)
    problems: list[str] = field(default_factory=list)  # a few examples for the log


def _merge_node(resource: Node, status: Node) -> Node:
    # /cluster/resources has the counters; /cluster/status has the address and membership.
    if NodeStatus.OFFLINE in (resource.status, status.status):
        state = NodeStatus.OFFLINE
    elif NodeStatus.ONLINE in (resource.status, status.status):
        state = NodeStatus.ONLINE
    else:
        state = NodeStatus.UNKNOWN
    return replace(resource, ip=status.ip or resource.ip, local=status.local, status=state)


class SnapshotBuilder:
    """Builds snapshots for one cluster, reusing records of unchanged rows."""

    def __init__(self, cluster: str) -> None:
        self.cluster = cluster
        self._rows: dict[str, tuple[Mapping[str, Any], Any]] = {}
        # The last answer a snapshot was built from: rows, status nodes, snapshot, raw body.
        self._last: tuple[list[Any], tuple[Node, ...], Snapshot, bytes | None] | None = None

    @property
    def resources_body(self) -> bytes | None:
        """The raw body of the last answer a snapshot was built from (None if unknown)."""
        return self._last[3] if self._last is not None else None

    def build(self, fetch: InventoryFetch, previous: Mapping[int, Guest]) -> Snapshot:
        """Return the snapshot of ``fetch``.

        ``previous`` (the cached guests by VMID) decides between two rows of one VMID
        (seen while a migration is under way): the row on the known node wins, so a guest
        moves only once PVE lists it on its new node alone.
        Raises MalformedResponseError when the answer as a whole is unusable (then nothing
        may be removed from the cache).
        """
        resources = fetch.resources
        last = self._last
        if resources is UNCHANGED:
            # The body repeated the one the last snapshot was built from (the fetcher only
            # says so when asked with that body): its rows are the last rows.
            if last is None or fetch.resources_body != last[3]:
                raise MalformedResponseError("an unchanged answer without a known one")
            resources = last[0]
        if not isinstance(resources, list):
            raise MalformedResponseError(
                f"/cluster/resources returned {type(resources).__name__}, not a list"
            )
        # PVE refreshes its counters every 10 s: within that, the whole answer repeats and one
        # C-level comparison replaces a thousand row comparisons.
        if (
            last is not None
            and last[1] == fetch.status_nodes
            and (last[0] is resources or last[0] == resources)
        ):
            kept = last[2]
            if last[3] != fetch.resources_body:
                self._last = (last[0], last[1], kept, fetch.resources_body)
            return Snapshot(
                info=fetch.info,
                guests=kept.guests,
                nodes=kept.nodes,
                storage=kept.storage,
                pools=kept.pools,
                skipped=kept.skipped,
                duplicates=kept.duplicates,
                ignored=kept.ignored,
            )
        snap = Snapshot(info=fetch.info)
        guests = snap.guests
        rows = self._rows
        seen: dict[str, tuple[Mapping[str, Any], Any]] = {}
        cluster = self.cluster
        for row in resources:
            try:
                if type(row) is not dict and not isinstance(row, Mapping):
                    raise normalize.NormalizeError("not an object")
                rid = row.get("id")
                cached = rows.get(rid) if isinstance(rid, str) else None
                kind = row.get("type")
                if cached is not None and cached[0] == row:
                    record = cached[1]
                elif kind in {"qemu", "lxc"}:
                    record = normalize.normalize_guest(cluster, row)
                elif kind == "node":
                    record = normalize.normalize_node(cluster, row)
                elif kind == "storage":
                    record = normalize.normalize_storage(cluster, row)
                elif kind == "pool":
                    record = normalize.normalize_pool(cluster, row)
                elif isinstance(kind, str) and kind in _IGNORED_TYPES:
                    snap.ignored += 1
                    continue
                else:
                    raise normalize.NormalizeError(f"unknown or missing type {kind!r:.40}")
                if isinstance(rid, str):
                    seen[rid] = (row, record)
                if type(record) is Guest and record.vmid not in guests:
                    guests[record.vmid] = record  # the common case, inline
                else:
                    self._place(snap, record, previous)
            except Exception as exc:  # one bad row must never stop the cycle
                snap.skipped += 1
                if len(snap.problems) < 5:
                    snap.problems.append(f"{type(exc).__name__}: {str(exc)[:200]}")
        self._rows = seen
        for status_node in fetch.status_nodes:
            known = snap.nodes.get(status_node.node)
            snap.nodes[status_node.node] = (
                status_node if known is None else _merge_node(known, status_node)
            )
        if not snap.nodes:
            # PVE always lists its nodes; an answer without any is not an empty cluster.
            raise MalformedResponseError("the inventory lists no nodes")
        self._last = (resources, fetch.status_nodes, snap, fetch.resources_body)
        if snap.skipped or snap.duplicates:
            log.warning(
                "cluster %s: skipped %d unreadable and %d duplicate resource rows (%s)",
                cluster,
                snap.skipped,
                snap.duplicates,
                "; ".join(snap.problems) or "duplicates",
            )
        return snap

    @staticmethod
    def _place(snap: Snapshot, record: Any, previous: Mapping[int, Guest]) -> None:
        if isinstance(record, Guest):
            other = snap.guests.get(record.vmid)
            if other is not None:
                snap.duplicates += 1
                known = previous.get(record.vmid)
                if known is None or known.node != record.node:
                    return
            snap.guests[record.vmid] = record
        elif isinstance(record, Node):
            if record.node in snap.nodes:
                snap.duplicates += 1
                return
            snap.nodes[record.node] = record
        elif isinstance(record, Storage):
            key = (record.node, record.storage)
            if key in snap.storage:
                snap.duplicates += 1
                return
            snap.storage[key] = record
        elif isinstance(record, Pool):
            if record.poolid in snap.pools:
                snap.duplicates += 1
                return
            snap.pools[record.poolid] = record
