"""Power actions and task following (success, warnings, failure, cancel, timeout), and the
normalisation of each version's wire data, against the simulator."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from pve_simhelpers import SimCluster

from pvesphere_desktop.core.enums import GuestStatus, GuestType, PowerAction, TaskState
from pvesphere_desktop.core.errors import InvalidInputError, TaskTimeoutError
from pvesphere_desktop.core.models import Guest
from pvesphere_desktop.pve import normalize
from pvesphere_desktop.pve.guests import find_guest, power_action
from pvesphere_desktop.pve.session import PveSession
from pvesphere_desktop.pve.tasks import Backoff, follow_task, read_task_log

FAST = Backoff(initial=0.02, factor=1.5, maximum=0.2)


def _guest(cluster: SimCluster, session: PveSession, kind: GuestType, status: GuestStatus) -> Guest:
    """A plain guest of ``kind`` in ``status`` (changed "outside our app" when none is)."""
    candidates = [
        g
        for g in session.resources("vm").guests
        if g.type is kind and not g.template and not g.lock
        and g.status in (GuestStatus.RUNNING, GuestStatus.STOPPED)
    ]  # fmt: skip
    for guest in candidates:
        if guest.status is status:
            return guest
    chosen = candidates[0]
    if status is GuestStatus.RUNNING:
        cluster.sim.outside.start_guest(chosen.vmid)
    else:
        cluster.sim.outside.stop_guest(chosen.vmid)
    return find_guest(session, chosen.vmid)


@pytest.mark.parametrize("kind", [GuestType.QEMU, GuestType.LXC])
def test_start_and_stop_succeed(cluster: SimCluster, kind: GuestType) -> None:
    with cluster.session() as session:
        guest = _guest(cluster, session, kind, GuestStatus.STOPPED)
        lines: list[str] = []
        upid = power_action(session, guest, PowerAction.START)
        assert upid.node == guest.node
        assert upid.type == ("qmstart" if kind is GuestType.QEMU else "vzstart")
        result = follow_task(session, upid, on_log=lines.append, backoff=FAST, timeout=30)
        assert result.state is TaskState.OK
        assert result.ok
        assert lines[-1] == "TASK OK"
        assert find_guest(session, guest.vmid).status is GuestStatus.RUNNING
        result = follow_task(session, power_action(session, guest, "stop"), backoff=FAST)
        assert result.ok
        assert find_guest(session, guest.vmid).status is GuestStatus.STOPPED


def test_action_error_is_reported_by_the_task(cluster: SimCluster) -> None:
    with cluster.session() as session:
        guest = _guest(cluster, session, GuestType.QEMU, GuestStatus.RUNNING)
        result = follow_task(session, power_action(session, guest, "start"), backoff=FAST)
    assert result.state is TaskState.ERROR
    assert not result.ok
    assert "already running" in result.message
    assert result.log[-1] == f"TASK ERROR: {result.message}"


def test_failing_task(cluster: SimCluster) -> None:
    cluster.sim.fail_tasks("storage 'local-lvm' is not online")
    with cluster.session() as session:
        guest = _guest(cluster, session, GuestType.QEMU, GuestStatus.STOPPED)
        result = follow_task(session, power_action(session, guest, "start"), backoff=FAST)
    assert result.state is TaskState.ERROR
    assert result.message == "storage 'local-lvm' is not online"


def test_task_with_warnings(cluster: SimCluster) -> None:
    """The simulator has no warnings fault: a finished task is placed in its state directly."""
    node = cluster.node_names[0]
    log = ["INFO: starting new backup job", "WARN: guest agent not running", "TASK WARNINGS: 1"]
    upid = cluster.fleet[cluster.name].outside.finished_task(
        node, "vzdump", "101", exitstatus="WARNINGS: 1", log=log, duration=16
    )
    with cluster.session() as session:
        result = follow_task(session, upid, backoff=FAST)
    assert result.state is TaskState.WARNINGS
    assert result.ok
    assert result.warnings == 1
    assert list(result.log) == log


@pytest.mark.parametrize("count", [0, 1, 1234])
def test_read_a_finished_task_log(cluster: SimCluster, count: int) -> None:
    """Every line in order over several pages; PVE's "no content" answer is no line at all."""
    node = cluster.node_names[0]
    lines = [f"line {i}" for i in range(1, count + 1)]
    upid = cluster.fleet[cluster.name].outside.finished_task(
        node, "aptupdate", log=lines, duration=16
    )
    with cluster.session() as session:
        assert read_task_log(session, upid) == lines


def test_cancel_a_running_task(cluster: SimCluster) -> None:
    cluster.sim.hold_tasks()
    cancel = threading.Event()
    with cluster.session() as session:
        guest = _guest(cluster, session, GuestType.QEMU, GuestStatus.STOPPED)
        upid = power_action(session, guest, "start")
        cancel.set()
        result = follow_task(session, upid, cancel=cancel, backoff=FAST, timeout=30)
        assert result.cancelled
        assert result.state is TaskState.ERROR
        assert result.message == "interrupted by signal"
        status = session.get(f"/nodes/{upid.node}/tasks/{upid.text}/status")
        assert status["status"] == "stopped"


def test_timeout_then_cancel(cluster: SimCluster) -> None:
    cluster.sim.hold_tasks()
    with cluster.session() as session:
        guest = _guest(cluster, session, GuestType.LXC, GuestStatus.STOPPED)
        upid = power_action(session, guest, "start")
        with pytest.raises(TaskTimeoutError) as caught:
            follow_task(session, upid, timeout=0.3, backoff=FAST, cancel_on_timeout=True)
        assert upid.text in str(caught.value)
        status = session.get(f"/nodes/{upid.node}/tasks/{upid.text}/status")
        assert status["exitstatus"] == "interrupted by signal"


def test_lxc_cannot_be_reset(cluster: SimCluster) -> None:
    with cluster.session() as session:
        guest = _guest(cluster, session, GuestType.LXC, GuestStatus.RUNNING)
        with pytest.raises(InvalidInputError, match="“reset” is not possible for a lxc guest"):
            power_action(session, guest, PowerAction.RESET)


def _raw_types(rows: list[dict[str, Any]], key: str) -> set[type]:
    return {type(row[key]) for row in rows if key in row}


def test_wire_types_of_each_version_are_normalised(cluster: SimCluster) -> None:
    with cluster.session() as session:
        inventory = session.resources()
        assert inventory.skipped == 0
        assert inventory.guests
        assert all(isinstance(g.vmid, int) for g in inventory.guests)
        assert any(g.tags for g in inventory.guests)
        node = cluster.node_names[0]
        raw_lxc = session.get(f"/nodes/{node}/lxc")
        rows, skipped = normalize.normalize_many(
            cluster.name,
            raw_lxc,
            "lxc",
            lambda c, r: normalize.normalize_guest(c, r, GuestType.LXC, node=node),
        )
        assert skipped == 0
        assert all(isinstance(g.vmid, int) for g in rows)
        nextid = session.get("/cluster/nextid")
        assert normalize.as_int(nextid) is not None
        qemu = next(g for g in inventory.guests if g.type is GuestType.QEMU)
        raw_config = session.get(f"/nodes/{qemu.node}/qemu/{qemu.vmid}/config")
        config = normalize.normalize_guest_config(cluster.name, qemu.vmid, qemu.type, raw_config)
        assert config.memory_mib is not None
        assert config.digest
    if cluster.version == "7.4":
        # PVE 7 sends these numbers as strings (real captures); the simulator does too
        assert str in _raw_types(raw_lxc, "vmid")
        assert isinstance(nextid, str)
        assert isinstance(raw_config["memory"], int)
    else:
        assert _raw_types(raw_lxc, "vmid") == {int}
        assert isinstance(raw_config["memory"], str)  # 8.1+: a property string


def test_slow_task_streams_its_log_as_it_runs(cluster: SimCluster) -> None:
    cluster.sim.slow_tasks(0.5)
    with cluster.session() as session:
        guest = _guest(cluster, session, GuestType.QEMU, GuestStatus.STOPPED)
        polls: list[str] = []

        def observe(line: str) -> None:
            polls.append(line)

        result = follow_task(session, power_action(session, guest, "start"), on_log=observe,
                             backoff=FAST, timeout=30)  # fmt: skip
    assert result.ok
    assert polls == list(result.log)
    assert polls[-1] == "TASK OK"
    assert "no content" not in polls
