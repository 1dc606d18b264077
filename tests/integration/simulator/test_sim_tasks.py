"""Task life cycles: UPIDs, status, logs, locks, stopping, failures and the time-scale."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest

from pvesphere_desktop.simulator import FleetSpec, SimulatedFleet
from tests.fixtures_sim import PveHttp, cluster_of, fleet_client

UPID_RE = re.compile(
    r"^UPID:(?P<node>[^:]+):(?P<pid>[0-9A-F]{8}):(?P<pstart>[0-9A-F]{8,9}):(?P<start>[0-9A-F]{8}):"
    r"(?P<type>[^:]+):(?P<id>[^:]*):(?P<user>[^:]+):$"
)


def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def stopped_guest(fleet: SimulatedFleet, version: str, kind: str = "qemu") -> Any:
    model = cluster_of(fleet, version).model
    return next(
        g
        for g in model.guests.values()
        if g.kind == kind and not g.running and not g.template and not g.lock
    )


def running_guest(fleet: SimulatedFleet, version: str, kind: str = "qemu") -> Any:
    model = cluster_of(fleet, version).model
    return next(
        g
        for g in model.guests.values()
        if g.kind == kind
        and g.running
        and not g.lock
        and g.vmid not in {r.vmid for r in model.ha_resources.values()}
    )


@pytest.fixture
def c74(sim_fleet: SimulatedFleet) -> Any:
    client = fleet_client(sim_fleet, "7.4")
    yield client
    client.close()


@pytest.mark.parametrize("version", ["7.4", "8.4", "9.1"])
def test_start_returns_a_upid_and_finishes_instantly(
    sim_fleet: SimulatedFleet, version: str
) -> None:
    c = fleet_client(sim_fleet, version)
    try:
        guest = stopped_guest(sim_fleet, version)
        upid = c.ok("POST", f"/nodes/{guest.node}/qemu/{guest.vmid}/status/start")
        m = UPID_RE.match(upid)
        assert m is not None
        assert (m["node"], m["type"], m["id"], m["user"]) == (
            guest.node,
            "qmstart",
            str(guest.vmid),
            "root@pam!pvesphere",
        )
        status = c.ok("GET", f"/nodes/{guest.node}/tasks/{upid}/status")
        assert status["status"] == "stopped"
        assert status["exitstatus"] == "OK"
        assert status["upid"] == upid
        assert status["starttime"] == int(m["start"], 16)
        log = c.get(f"/nodes/{guest.node}/tasks/{upid}/log")
        assert log.json["total"] == len(log.data)
        assert log.data[-1] == {"n": len(log.data), "t": "TASK OK"}
        assert (
            c.ok("GET", f"/nodes/{guest.node}/qemu/{guest.vmid}/status/current")["status"]
            == "running"
        )
    finally:
        c.close()


def test_a_held_task_runs_holds_the_lock_and_then_completes(
    sim_fleet: SimulatedFleet, c74: PveHttp
) -> None:
    sim = cluster_of(sim_fleet, "7.4")
    sim.hold_tasks()
    guest = stopped_guest(sim_fleet, "7.4")
    base = f"/nodes/{guest.node}/qemu/{guest.vmid}"
    upid = c74.ok("POST", f"{base}/snapshot", snapname="before_change")
    status = c74.ok("GET", f"/nodes/{guest.node}/tasks/{upid}/status")
    assert status["status"] == "running"
    assert "exitstatus" not in status
    assert c74.ok("GET", f"{base}/config")["lock"] == "snapshot"
    assert c74.ok("GET", f"{base}/status/current")["lock"] == "snapshot"
    # a sync config write is refused while the lock is held, as in PVE
    answer = c74.put(f"{base}/config", description="x")
    assert (answer.status, answer.reason) == (500, "VM is locked (snapshot)")
    running = c74.ok("GET", f"/nodes/{guest.node}/tasks", source="active")
    assert upid in [t["upid"] for t in running]
    sim.release_tasks()
    assert c74.ok("GET", f"/nodes/{guest.node}/tasks/{upid}/status")["exitstatus"] == "OK"
    assert "lock" not in c74.ok("GET", f"{base}/config")
    assert "before_change" in {s["name"] for s in c74.ok("GET", f"{base}/snapshot")}


def test_errors_inside_a_task_end_the_task(sim_fleet: SimulatedFleet, c74: PveHttp) -> None:
    guest = running_guest(sim_fleet, "7.4")
    upid = c74.ok("POST", f"/nodes/{guest.node}/qemu/{guest.vmid}/status/start")
    status = c74.ok("GET", f"/nodes/{guest.node}/tasks/{upid}/status")
    assert status["exitstatus"] == f"VM {guest.vmid} already running"
    log = c74.ok("GET", f"/nodes/{guest.node}/tasks/{upid}/log")
    assert log[-1]["t"] == f"TASK ERROR: VM {guest.vmid} already running"
    tasks = c74.ok("GET", f"/nodes/{guest.node}/tasks", errors="1", limit="0")
    assert any(
        t["upid"] == upid and t["status"] == f"VM {guest.vmid} already running" for t in tasks
    )


def test_lookup_errors_are_immediate_500s(sim_fleet: SimulatedFleet, c74: PveHttp) -> None:
    node = cluster_of(sim_fleet, "7.4").model.first_node.name
    answer = c74.post(f"/nodes/{node}/qemu/99999/status/start")
    assert (answer.status, answer.reason) == (
        500,
        f"Configuration file 'nodes/{node}/qemu-server/99999.conf' does not exist",
    )
    guest = stopped_guest(sim_fleet, "7.4")
    answer = c74.post(f"/nodes/{guest.node}/qemu/{guest.vmid}/status/shutdown")
    assert (answer.status, answer.reason) == (500, f"VM {guest.vmid} not running")


def test_stopping_a_running_task(sim_fleet: SimulatedFleet, c74: PveHttp) -> None:
    sim = cluster_of(sim_fleet, "7.4")
    sim.hold_tasks()
    guest = running_guest(sim_fleet, "7.4")
    upid = c74.ok("POST", f"/nodes/{guest.node}/qemu/{guest.vmid}/status/stop")
    assert c74.ok("DELETE", f"/nodes/{guest.node}/tasks/{upid}") is None
    status = c74.ok("GET", f"/nodes/{guest.node}/tasks/{upid}/status")
    assert status["exitstatus"] == "interrupted by signal"
    assert (
        c74.ok("GET", f"/nodes/{guest.node}/qemu/{guest.vmid}/status/current")["status"]
        == "running"
    )


def test_failing_tasks_fault(sim_fleet: SimulatedFleet, c74: PveHttp) -> None:
    cluster_of(sim_fleet, "7.4").fail_tasks("storage 'local-lvm' is offline", types=("qmstart",))
    guest = stopped_guest(sim_fleet, "7.4")
    upid = c74.ok("POST", f"/nodes/{guest.node}/qemu/{guest.vmid}/status/start")
    assert (
        c74.ok("GET", f"/nodes/{guest.node}/tasks/{upid}/status")["exitstatus"]
        == "storage 'local-lvm' is offline"
    )
    assert (
        c74.ok("GET", f"/nodes/{guest.node}/qemu/{guest.vmid}/status/current")["status"]
        == "stopped"
    )


def test_slow_tasks_fault_and_time_scale(sim_fleet_factory: Any) -> None:
    fleet = sim_fleet_factory(
        FleetSpec(clusters=1, nodes=2, guests=12, versions=("8.4",), seed=4), time_scale=0.01
    )
    c = fleet_client(fleet, "8.4")
    try:
        guest = stopped_guest(fleet, "8.4")
        upid = c.ok("POST", f"/nodes/{guest.node}/qemu/{guest.vmid}/status/start")  # 2 s x 0.01
        path = f"/nodes/{guest.node}/tasks/{upid}/status"
        wait_for(lambda: c.ok("GET", path)["status"] == "stopped", timeout=5)
        cluster_of(fleet, "8.4").slow_tasks(0.3)
        upid = c.ok("POST", f"/nodes/{guest.node}/qemu/{guest.vmid}/status/stop")
        path = f"/nodes/{guest.node}/tasks/{upid}/status"
        assert c.ok("GET", path)["status"] == "running"
        wait_for(lambda: c.ok("GET", path)["status"] == "stopped", timeout=5)
    finally:
        c.close()


def test_task_list_filters_and_paging(sim_fleet: SimulatedFleet, c74: PveHttp) -> None:
    node = cluster_of(sim_fleet, "7.4").model.first_node.name
    answer = c74.get(f"/nodes/{node}/tasks", limit="3", start="1")
    assert answer.json["total"] >= len(answer.data)
    assert len(answer.data) <= 3
    qm = c74.ok("GET", f"/nodes/{node}/tasks", typefilter="qm", limit="0")
    assert all("qm" in t["type"] for t in qm)
    cluster_tasks = c74.ok("GET", "/cluster/tasks")
    assert cluster_tasks
    assert all(UPID_RE.match(t["upid"]) for t in cluster_tasks)


def test_task_log_paging(sim_fleet: SimulatedFleet, c74: PveHttp) -> None:
    node = cluster_of(sim_fleet, "7.4").model.first_node.name
    upid = c74.ok("POST", f"/nodes/{node}/vzdump", all="1", storage="nas-backup")
    log = c74.get(f"/nodes/{node}/tasks/{upid}/log", start="1", limit="2")
    assert log.json["total"] > 3
    assert [row["n"] for row in log.data] == [2, 3]


def test_malformed_and_foreign_upids(sim_fleet: SimulatedFleet, c74: PveHttp) -> None:
    nodes = list(cluster_of(sim_fleet, "7.4").model.nodes)
    answer = c74.get(f"/nodes/{nodes[0]}/tasks/notaupid/status")
    assert answer.status in (400, 500)
    upid = c74.ok("POST", f"/nodes/{nodes[0]}/vzdump", all="1", storage="nas-backup")
    # tasks of another node must be asked on that node's path
    assert c74.get(f"/nodes/{nodes[1]}/tasks/{upid}/status").status == 500
