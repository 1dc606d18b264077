"""A colleague at work on the simulated fleet (the demo's live activity), seen over real HTTPS."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from pvesphere_desktop.simulator import SimulatedFleet
from pvesphere_desktop.simulator.activity import COLLEAGUE, Colleagues
from pvesphere_desktop.simulator.routing import ApiError
from tests.fixtures_sim import PveHttp

TASK_TYPES = {
    "start": {"qmstart", "vzstart"},
    "shutdown": {"qmshutdown", "vzshutdown"},
    "snapshot": {"qmsnapshot", "vzsnapshot"},
    "backup": {"vzdump"},
}


def _client(fleet: SimulatedFleet, cluster: str) -> PveHttp:
    return PveHttp(fleet.info_for(cluster)).use_token()


def test_each_act_is_a_real_task_with_its_effect(sim_fleet: SimulatedFleet) -> None:
    colleagues = Colleagues(sim_fleet, seed=5)
    seen: set[str] = set()
    for _ in range(40):
        before = {
            name: {g.vmid: (g.running, len(g.snapshots)) for g in sim.model.guests.values()}
            for name, sim in sim_fleet.clusters.items()
        }
        done = colleagues.act_once()
        assert done is not None
        action, cluster, vmid = done
        seen.add(action)
        guest = sim_fleet[cluster].model.guests[vmid]
        was_running, snapshots = before[cluster][vmid]
        # Tasks end at once at time scale 0: the effect is there.
        if action == "start":
            assert not was_running
            assert guest.running
        elif action == "shutdown":
            assert was_running
            assert not guest.running
        elif action == "snapshot":
            assert len(guest.snapshots) == snapshots + 1
        assert guest.lock is None
    assert seen == set(TASK_TYPES)

    # Seen through the API like any other administrator's work, under the colleague's name.
    for name in sim_fleet.clusters:
        client = _client(sim_fleet, name)
        try:
            tasks = client.ok("GET", "/cluster/tasks")
        finally:
            client.close()
        acts = [(a, v) for a, c, v in colleagues.done if c == name]
        theirs = [t for t in tasks if t["user"] == COLLEAGUE]
        assert len(theirs) == len(acts)
        for action, vmid in acts:
            assert any(
                t["type"] in TASK_TYPES[action] and t["id"] == str(vmid) and t["status"] == "OK"
                for t in theirs
            ), (action, vmid)


def test_acts_are_checked_like_api_calls(sim_fleet: SimulatedFleet) -> None:
    sim = next(iter(sim_fleet))
    guest = next(g for g in sim.model.guests.values() if not g.running and not g.template)
    path = f"/nodes/{guest.node}/{guest.kind}/{guest.vmid}/status/start"
    with sim.lock, pytest.raises(ApiError) as info:
        sim.act_as("audit@pve", "POST", path)  # read-only: PVE refuses
    assert info.value.status == 403
    assert not guest.running
    with sim.lock, pytest.raises(ApiError) as info:
        sim.act_as(COLLEAGUE, "POST", f"/nodes/{guest.node}/{guest.kind}/{guest.vmid}/snapshot")
    assert info.value.status == 400  # snapname is missing
    with sim.lock:
        upid = sim.act_as(COLLEAGUE, "POST", path)
    assert upid.startswith(f"UPID:{guest.node}:")
    assert f":{COLLEAGUE}:" in upid
    assert guest.running


def test_an_unreachable_cluster_is_left_alone(
    sim_fleet_factory: Callable[..., SimulatedFleet],
) -> None:
    fleet = sim_fleet_factory()
    names = sorted(fleet.clusters)
    for name in names[1:]:
        fleet[name].unreachable("refused")
    colleagues = Colleagues(fleet, seed=1)
    for _ in range(5):
        done = colleagues.act_once()
        assert done is not None
        assert done[1] == names[0]
    fleet[names[0]].unreachable("refused")
    assert colleagues.act_once() is None


def test_on_its_own_until_stopped(sim_fleet: SimulatedFleet) -> None:
    colleagues = Colleagues(sim_fleet, every_s=0.02, seed=2).start()
    deadline = time.monotonic() + 20
    try:
        while len(colleagues.done) < 3:
            assert time.monotonic() < deadline, "the colleague did nothing"
            time.sleep(0.01)
    finally:
        colleagues.stop()
    assert all(action in TASK_TYPES for action, _c, _v in colleagues.done)


def test_the_demo_fleet_runs_a_colleague_only_when_asked() -> None:
    from pvesphere_desktop.ui.demo import DemoFleet

    quiet = DemoFleet(guests_per_cluster=4, nodes=1, time_scale=0.0, versions=("8.4",)).start()
    try:
        assert quiet.colleagues is None
    finally:
        quiet.stop()
    busy = DemoFleet(
        guests_per_cluster=4, nodes=1, time_scale=0.0, versions=("8.4",), colleagues_every_s=0.02
    ).start()
    deadline = time.monotonic() + 20
    try:
        assert busy.colleagues is not None
        while not busy.colleagues.done:
            assert time.monotonic() < deadline, "the demo's colleague did nothing"
            time.sleep(0.01)
    finally:
        busy.stop()
