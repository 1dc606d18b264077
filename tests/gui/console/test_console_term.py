"""Terminals in QtWebEngine: xterm.js through the relay to the simulator's termproxy server."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pvesphere_desktop.console.state import ConsoleState
from pvesphere_desktop.console.target import ConsoleKind
from pvesphere_desktop.console.view import ConsolePane
from pvesphere_desktop.simulator.consoles import ConsoleHub, ConsoleSession
from tests.gui.console.conftest import ARTIFACTS, TIMEOUT_MS, WEBENGINE_NOISE, js, wait_text

pytestmark = [pytest.mark.webengine, WEBENGINE_NOISE]


def live_session(hub: ConsoleHub) -> ConsoleSession:
    sessions = [s for s in hub.sessions() if s.state == "connected"]
    assert len(sessions) == 1
    return sessions[0]


def open_term(qtbot: Any, workspace: Any, kind: ConsoleKind, **kw: Any) -> ConsolePane:
    pane = workspace.open("alpha", kind, **kw)
    qtbot.waitUntil(lambda: pane.is_painted, timeout=TIMEOUT_MS)
    assert pane.status.state is ConsoleState.CONNECTED
    return pane


def type_line(pane: ConsolePane, text: str) -> None:
    pane.view.setFocus()
    target = pane.view.focusProxy() or pane.view
    QTest.keyClicks(target, text)
    QTest.keyClick(target, Qt.Key.Key_Return)


def test_node_shell_runs_a_typed_command(qtbot, workspace, make_cluster) -> None:
    cluster = workspace.add(make_cluster("alpha"))
    pane = open_term(qtbot, workspace, ConsoleKind.SHELL)
    wait_text(qtbot, pane, "root@pve1:~# ")
    type_line(pane, "echo console-check-42")
    text = wait_text(qtbot, pane, "\nconsole-check-42\n")
    assert text.rstrip().endswith("root@pve1:~#")  # a fresh prompt after the output
    session = live_session(cluster.hub)
    assert session.shell is not None
    assert session.shell.commands[-1] == "echo console-check-42"
    # The terminal told termproxy its size.
    size = js(qtbot, pane, "window.pvesphere.size()")
    qtbot.waitUntil(
        lambda: (session.shell.cols, session.shell.rows) == (size["cols"], size["rows"])
    )
    assert size["cols"] > 80
    pane.type_text("pveversion\n")
    wait_text(qtbot, pane, "pve-manager/")
    qtbot.wait(200)  # the last line on screen before the picture is taken
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert workspace.window.grab().toImage().save(str(ARTIFACTS / "console-shell.png"))


def test_pasted_clipboard_runs_in_the_shell(qtbot, workspace, make_cluster) -> None:
    workspace.add(make_cluster("alpha"))
    pane = open_term(qtbot, workspace, ConsoleKind.SHELL)
    wait_text(qtbot, pane, "root@pve1:~# ")
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText("hostname\n")
    pane.type_action.trigger()
    wait_text(qtbot, pane, "# hostname\npve1\n")


@pytest.mark.parametrize(
    ("kind", "vmid", "expected"),
    [
        (ConsoleKind.LXC, 200, "Connected to tty 1"),
        (ConsoleKind.SERIAL, 100, " ttyS0"),
    ],
    ids=["lxc", "serial"],
)
def test_guest_terminals_reach_their_login(qtbot, workspace, make_cluster, kind, vmid, expected):
    cluster = workspace.add(make_cluster("alpha"))
    pane = open_term(qtbot, workspace, kind, vmid=vmid, name="guest")
    wait_text(qtbot, pane, expected)
    wait_text(qtbot, pane, "guest login: ")
    assert live_session(cluster.hub).kind == ("lxc" if kind is ConsoleKind.LXC else "serial")
