"""Each way a console can fail shows its own state inside the pane, with a way back."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pvesphere_desktop.console.state import ConsoleState, Reason
from pvesphere_desktop.console.target import ConsoleKind
from pvesphere_desktop.console.view import ConsolePane
from pvesphere_desktop.core.errors import PermissionDeniedError
from tests.gui.console.conftest import ARTIFACTS, TIMEOUT_MS, WEBENGINE_NOISE, wait_text

pytestmark = [pytest.mark.webengine, WEBENGINE_NOISE]


def wait_state(qtbot: Any, pane: ConsolePane, state: ConsoleState) -> None:
    try:
        qtbot.waitUntil(lambda: pane.status.state is state, timeout=TIMEOUT_MS)
    except Exception:
        print("HISTORY", [(s.state, s.reason) for s in pane.state.history])
        raise


def shown_message(pane: ConsolePane) -> str:
    assert pane.overlay.isVisible()
    return pane.overlay.message.text()


def spoil_ticket(reply: dict[str, Any]) -> dict[str, Any]:
    ticket = reply["ticket"]
    return {
        **reply,
        "ticket": ticket[:-6] + ("AAAAAA" if not ticket.endswith("AAAAAA") else "BBBBBB"),
    }


def test_wrong_ticket(qtbot, workspace, make_cluster) -> None:
    cluster = workspace.add(make_cluster("alpha"))
    cluster.opener.spoil = spoil_ticket
    pane = workspace.open("alpha", ConsoleKind.VNC, vmid=100)
    wait_state(qtbot, pane, ConsoleState.FAILED)
    assert pane.status.reason is Reason.TICKET_REJECTED
    assert "refused the console ticket" in shown_message(pane)
    assert "403" in shown_message(pane)
    assert pane.overlay.reconnect_button.isVisible()

    # A reconnect asks for a fresh, good ticket and gets through.
    cluster.opener.spoil = None
    QTest.mouseClick(pane.overlay.reconnect_button, Qt.MouseButton.LeftButton)
    wait_state(qtbot, pane, ConsoleState.CONNECTED)
    assert not pane.overlay.isVisible()


def test_expired_ticket(qtbot, workspace, make_cluster, clock) -> None:
    cluster = workspace.add(make_cluster("alpha"))

    def slow_page() -> None:  # 60 s pass between the grant and the connection
        clock.offset += 60

    cluster.opener.after_grant = slow_page
    pane = workspace.open("alpha", ConsoleKind.SHELL)
    wait_state(qtbot, pane, ConsoleState.FAILED)
    assert pane.status.reason is Reason.TICKET_EXPIRED
    assert "expired" in shown_message(pane)


def test_upstream_closed_after_connecting(qtbot, workspace, make_cluster, backend_loop) -> None:
    cluster = workspace.add(make_cluster("alpha"))
    pane = workspace.open("alpha", ConsoleKind.VNC, vmid=100)
    wait_state(qtbot, pane, ConsoleState.CONNECTED)
    backend_loop.submit(cluster.front.close_all(1000, "guest stopped")).result(10)
    wait_state(qtbot, pane, ConsoleState.DISCONNECTED)
    assert pane.status.reason is Reason.UPSTREAM_CLOSED
    assert "closed by the server" in shown_message(pane)
    assert pane.overlay.reconnect_button.isVisible()


def test_shell_exit_disconnects(qtbot, workspace, make_cluster) -> None:
    workspace.add(make_cluster("alpha"))
    pane = workspace.open("alpha", ConsoleKind.SHELL)
    wait_state(qtbot, pane, ConsoleState.CONNECTED)
    wait_text(qtbot, pane, "root@pve1:~# ")
    pane.type_text("exit\n")
    wait_state(qtbot, pane, ConsoleState.DISCONNECTED)
    assert pane.status.reason is Reason.UPSTREAM_CLOSED


def test_cluster_unreachable(qtbot, workspace, make_cluster, backend_loop) -> None:
    cluster = workspace.add(make_cluster("alpha"))

    async def free_port() -> int:
        probe = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
        port = int(probe.sockets[0].getsockname()[1])
        probe.close()
        await probe.wait_closed()
        return port

    cluster.opener.port_override = backend_loop.submit(free_port()).result(10)
    pane = workspace.open("alpha", ConsoleKind.VNC, vmid=100)
    wait_state(qtbot, pane, ConsoleState.FAILED)
    assert pane.status.reason is Reason.UNREACHABLE
    assert f"Cannot reach 127.0.0.1:{cluster.opener.port_override}" in shown_message(pane)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert workspace.window.grab().save(str(ARTIFACTS / "console-failed.png"))


def test_wrong_vnc_password(qtbot, workspace, make_cluster) -> None:
    cluster = workspace.add(make_cluster("alpha", version="9.1.7"))
    wrong = "wrong123"  # house-rules: allow-secret fake
    cluster.opener.spoil = lambda reply: {**reply, "password": wrong}
    pane = workspace.open("alpha", ConsoleKind.VNC, vmid=100)
    wait_state(qtbot, pane, ConsoleState.FAILED)
    assert pane.status.reason is Reason.AUTH_FAILED


def test_terminal_login_refused(qtbot, workspace, make_cluster) -> None:
    cluster = workspace.add(make_cluster("alpha"))
    cluster.opener.spoil = lambda reply: {**reply, "user": "nobody@pve"}
    pane = workspace.open("alpha", ConsoleKind.SHELL)
    wait_state(qtbot, pane, ConsoleState.FAILED)
    assert pane.status.reason is Reason.AUTH_FAILED
    assert "refused the login" in shown_message(pane)


def test_pve_refuses_to_open_the_console(qtbot, workspace, make_cluster) -> None:
    cluster = workspace.add(make_cluster("alpha"))

    def refuse(reply: dict[str, Any]) -> dict[str, Any]:
        raise PermissionDeniedError("Permission check failed (/vms/100, VM.Console)")

    cluster.opener.spoil = refuse
    pane = workspace.open("alpha", ConsoleKind.VNC, vmid=100)
    wait_state(qtbot, pane, ConsoleState.FAILED)
    assert pane.status.reason is Reason.FORBIDDEN
    assert "VM.Console" in shown_message(pane)
