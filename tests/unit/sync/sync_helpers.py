"""Helpers shared by the sync unit tests.

The coordinator talks to PVE through the small ClusterFetcher interface; here a
``RecordedFetcher`` answers it with real PVE responses from ../shared/pve-recordings (recorded
by third parties from real servers), which tests then edit the way PVE would change them.
The integration tests (tests/integration/sync) run the real client against the simulator.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pvesphere_desktop.core.changeset import ChangeSet
from pvesphere_desktop.core.config import ClusterConfig
from pvesphere_desktop.core.enums import GuestType
from pvesphere_desktop.pve import normalize
from pvesphere_desktop.pve.session import UNCHANGED
from pvesphere_desktop.store.inventory import InventoryStore
from pvesphere_desktop.sync.coordinator import ClusterCoordinator, SyncSettings
from pvesphere_desktop.sync.fetcher import ClusterFetcher, InventoryFetch

REPO = Path(__file__).resolve().parents[3]
RECORDINGS = REPO.parent / "shared" / "pve-recordings"


def recording(relative: str) -> Any:
    """Return the ``data`` of a recorded response (file relative to pve-recordings)."""
    path = RECORDINGS / relative
    if not path.exists():
        pytest.skip(f"recordings not available: {path}")
    return json.loads(path.read_text())["data"]


class RecordedFetcher:
    """A ClusterFetcher answering with (editable) recorded PVE data; counts requests."""

    def __init__(self, cluster: str, resources: Any, status: Any) -> None:
        self.cluster = cluster
        self.resources = copy.deepcopy(resources)
        self.status = copy.deepcopy(status)
        self.task_rows: Any = []
        self.ha_rows: Any = []
        self.configs: dict[int, dict[str, Any]] = {}
        self.rrd: list[dict[str, Any]] = []
        self.error: BaseException | None = None
        self.requests: list[str] = []
        self.closed = 0
        self.bodies = True  # report raw bodies (False: a fetcher that cannot tell)
        self.unchanged = 0  # answers reported UNCHANGED

    def _ask(self, what: str) -> None:
        self.requests.append(what)
        if self.error is not None:
            raise self.error

    def inventory(self, unless: bytes | None = None) -> InventoryFetch:
        # Like PveFetcher: a body repeating ``unless`` byte for byte is not decoded.
        self._ask("/cluster/resources")
        body = json.dumps({"data": self.resources}).encode() if self.bodies else None
        resources: Any
        if body is not None and body == unless:
            resources = UNCHANGED
            self.unchanged += 1
        else:
            resources = copy.deepcopy(self.resources)
        self._ask("/cluster/status")
        info, nodes = normalize.normalize_cluster_status(self.cluster, copy.deepcopy(self.status))
        return InventoryFetch(resources, info, nodes, resources_body=body)

    def tasks(self) -> Any:
        self._ask("/cluster/tasks")
        return copy.deepcopy(self.task_rows)

    def ha_status(self) -> Any:
        self._ask("/cluster/ha/status/current")
        return copy.deepcopy(self.ha_rows)

    def guest_config(self, node: str, guest_type: GuestType, vmid: int) -> Any:
        self._ask(f"/nodes/{node}/{guest_type.value}/{vmid}/config")
        return copy.deepcopy(self.configs[vmid])

    def snapshots(self, node: str, guest_type: GuestType, vmid: int) -> Any:
        self._ask(f"/nodes/{node}/{guest_type.value}/{vmid}/snapshot")
        return [{"name": "current", "description": "You are here!"}]

    def rrddata(self, path: str, timeframe: str, cf: str = "AVERAGE") -> Any:
        self._ask(f"/{path}/rrddata")
        return copy.deepcopy(self.rrd)

    def agent_interfaces(self, node: str, vmid: int) -> Any:
        self._ask(f"/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces")
        return {"result": []}

    def close(self) -> None:
        self.closed += 1

    # helpers for tests
    def row(self, row_id: str) -> dict[str, Any]:
        for row in self.resources:
            if row.get("id") == row_id:
                return row
        raise KeyError(row_id)


def make_coordinator(
    store: InventoryStore,
    fetcher: ClusterFetcher,
    changes: list[ChangeSet] | None,
    *,
    clock: Callable[[], float],
    name: str = "lab",
    **settings: object,
) -> ClusterCoordinator:
    return ClusterCoordinator(
        ClusterConfig(name=name, url="https://127.0.0.1:8006"),
        store,
        lambda config: fetcher,
        settings=SyncSettings(**settings),  # type: ignore[arg-type]
        on_changes=changes.append if changes is not None else None,
        clock=clock,
    )


class CycleRecorder:
    """Collects the engine's cycle results; tests wait on conditions over them."""

    def __init__(self) -> None:
        import threading

        self.results: list[Any] = []
        self.changes: list[ChangeSet] = []
        self._cond = threading.Condition()

    def on_cycle(self, result: Any) -> None:
        with self._cond:
            self.results.append(result)
            self._cond.notify_all()

    def on_changes(self, changes: ChangeSet) -> None:
        with self._cond:
            self.changes.append(changes)
            self._cond.notify_all()

    def wait(self, predicate: Callable[[], bool], timeout: float = 15.0) -> None:
        with self._cond:
            if not self._cond.wait_for(predicate, timeout):
                raise AssertionError(f"condition not met within {timeout} s: {self.results}")

    def of(self, cluster: str) -> list[Any]:
        with self._cond:
            return [r for r in self.results if r.cluster == cluster]
