"""Following a cache that another process syncs: its writes become ChangeSets and statuses.

When ``pvesphere sync`` holds the sync lease, the desktop's sync process asks PVE nothing; it
reads each cluster from the cache every few seconds and tells the window what changed, as the
engine would have (same diff, same ChangeSet shapes).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from pvesphere_desktop.core.changeset import ChangeSet
from pvesphere_desktop.core.enums import Health
from pvesphere_desktop.core.models import Task
from pvesphere_desktop.core.status import ClusterStatus
from pvesphere_desktop.store.errors import ClusterNotFoundError
from pvesphere_desktop.store.inventory import CachedInventory, InventoryStore
from pvesphere_desktop.store.registry import ClusterRegistry
from pvesphere_desktop.sync.diff import diff_guests, diff_map, inventory_changeset

if TYPE_CHECKING:
    from pvesphere_desktop.store.db import Database

log = logging.getLogger(__name__)

# How many of the newest cached tasks are compared per poll.
TASKS_COMPARED = 200


class CacheFollower:
    """Poll the cache; return what changed since the previous poll (the first one is the
    baseline: the window has just read the same cache)."""

    def __init__(self, database: Database) -> None:
        self._store = InventoryStore(database)
        self._registry = ClusterRegistry(database)
        self._last: dict[str, CachedInventory] = {}
        self._tasks: dict[str, dict[str, Task]] = {}

    def poll(self) -> list[ChangeSet | ClusterStatus]:
        out: list[ChangeSet | ClusterStatus] = []
        for config in self._registry.list():
            if not config.enabled:
                continue
            name = config.name
            try:
                cached = self._store.load(name)
            except ClusterNotFoundError:
                continue
            tasks = {t.upid: t for t in self._store.tasks([name], limit=TASKS_COMPARED)}
            before, before_tasks = self._last.get(name), self._tasks.get(name)
            self._last[name], self._tasks[name] = cached, tasks
            if before is None or before_tasks is None:
                continue
            changes = _changes(name, before, cached, before_tasks, tasks)
            if changes:
                out.append(changes)
            if cached.status is not None and cached.status != before.status:
                out.append(cached.status)
        return out


def _changes(
    name: str,
    before: CachedInventory,
    now: CachedInventory,
    before_tasks: dict[str, Task],
    tasks: dict[str, Task],
) -> ChangeSet:
    guests = diff_guests(before.guests, now.guests)
    nodes = diff_map(before.nodes, now.nodes)
    storage = diff_map(before.storage, now.storage)
    pools = diff_map(before.pools, now.pools)
    task_changes = {upid: t for upid, t in tasks.items() if before_tasks.get(upid) != t}
    status = now.status or before.status
    health = status.health if status is not None else Health.UNKNOWN
    return inventory_changeset(
        name,
        guests=guests,
        nodes=nodes,
        storage=storage,
        pools=pools,
        tasks=task_changes,
        health=health,
    )
