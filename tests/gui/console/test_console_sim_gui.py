"""The whole stack in QtWebEngine: our PVE session and relay against the simulated fleet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pvesphere_desktop.console.pve_opener import PveConsoleOpener
from pvesphere_desktop.console.state import ConsoleState, Reason
from pvesphere_desktop.console.target import ConsoleKind, ConsoleTarget
from pvesphere_desktop.core.config import AuthMethod, ClusterConfig, TlsMode
from pvesphere_desktop.pve.session import PveSession, parse_token
from pvesphere_desktop.pve.tls import host_port
from pvesphere_desktop.simulator import FleetSpec, SimulatedFleet
from tests.gui.console.conftest import TIMEOUT_MS, WEBENGINE_NOISE, Workbench, wait_text

pytestmark = [pytest.mark.webengine, WEBENGINE_NOISE]


@pytest.fixture(scope="module")
def fleet() -> Iterator[SimulatedFleet]:
    spec = FleetSpec(clusters=1, nodes=2, guests=6, versions=("9.1",), seed=5, standalone=0)
    with SimulatedFleet(spec, time_scale=0.0, unauthorized_delay=0.0) as running:
        yield running


@pytest.fixture
def sim_session(fleet: SimulatedFleet) -> Iterator[tuple[PveSession, dict[str, Any]]]:
    info = fleet.info()[0]
    user, token_id, secret = parse_token(info["token"])
    config = ClusterConfig(
        name=info["name"],
        url=info["url"],
        auth=AuthMethod.TOKEN,
        user=user,
        token_id=token_id,
        tls=TlsMode.PINNED,
        fingerprints={host_port(n["url"]): n["fingerprint"] for n in info["nodes"]},
        timeout_s=3.0,
        failover=False,
    )
    session = PveSession(config, secret)
    yield session, info
    session.close()
    fleet[info["name"]].clear_faults()


class _Cluster:
    def __init__(self, name: str, opener: PveConsoleOpener) -> None:
        self.name = name
        self.opener = opener


def attach(workspace: Workbench, session: PveSession) -> None:
    workspace.clusters[session.name] = _Cluster(session.name, PveConsoleOpener(session))  # type: ignore[assignment]


def first_running_vm(session: PveSession) -> tuple[str, int, str]:
    for row in session.get("/cluster/resources", type="vm"):
        if row.get("type") == "qemu" and row.get("status") == "running":
            return str(row["node"]), int(row["vmid"]), str(row.get("name", ""))
    raise LookupError("no running VM")


def test_vm_console_and_node_shell_on_the_simulator(qtbot, workspace, sim_session, fleet) -> None:
    session, info = sim_session
    attach(workspace, session)
    node, vmid, name = first_running_vm(session)
    ws = workspace.workspace
    vm = ws.open_console(ConsoleTarget(session.name, node, ConsoleKind.VNC, vmid=vmid, name=name))
    qtbot.waitUntil(lambda: vm.is_painted, timeout=TIMEOUT_MS)
    assert vm.status.state is ConsoleState.CONNECTED
    vm.type_text("sim")
    hub = fleet[info["name"]].console_hub(node)
    qtbot.waitUntil(lambda: any(s.screen and s.screen.lines[-1] == "sim" for s in hub.sessions()))

    shell = ws.open_console(ConsoleTarget(session.name, node, ConsoleKind.SHELL))
    qtbot.waitUntil(lambda: shell.is_painted, timeout=TIMEOUT_MS)
    wait_text(qtbot, shell, f"@{node}:~# ")
    shell.type_text("hostname\n")
    wait_text(qtbot, shell, f"# hostname\n{node}\n")


def test_unreachable_cluster_shows_in_the_pane(qtbot, workspace, sim_session, fleet) -> None:
    session, info = sim_session
    attach(workspace, session)
    node, vmid, name = first_running_vm(session)
    fleet[info["name"]].unreachable("refused")
    pane = workspace.workspace.open_console(
        ConsoleTarget(session.name, node, ConsoleKind.VNC, vmid=vmid, name=name)
    )
    qtbot.waitUntil(lambda: pane.status.state is ConsoleState.FAILED, timeout=TIMEOUT_MS)
    assert pane.status.reason is Reason.UNREACHABLE
    assert "Cannot reach" in pane.overlay.message.text()
    fleet[info["name"]].reachable()
    pane.reconnect()
    qtbot.waitUntil(lambda: pane.status.state is ConsoleState.CONNECTED, timeout=TIMEOUT_MS)
