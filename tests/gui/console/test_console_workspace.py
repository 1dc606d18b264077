"""The console workspace: tabs, detached windows and back, several clusters, clean endings."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from pvesphere_desktop.console.state import ConsoleState
from pvesphere_desktop.console.target import ConsoleKind
from pvesphere_desktop.console.view import ConsolePane
from pvesphere_desktop.simulator.consoles import ConsoleHub
from tests.gui.console.conftest import ARTIFACTS, TIMEOUT_MS, WEBENGINE_NOISE, wait_text

pytestmark = [pytest.mark.webengine, WEBENGINE_NOISE]


def connected(hub: ConsoleHub) -> int:
    return sum(1 for s in hub.sessions() if s.state == "connected")


def painted(qtbot: Any, pane: ConsolePane) -> ConsolePane:
    qtbot.waitUntil(lambda: pane.is_painted, timeout=TIMEOUT_MS)
    return pane


def test_detach_and_dock_keep_the_session(qtbot, workspace, make_cluster) -> None:
    cluster = workspace.add(make_cluster("alpha"))
    ws = workspace.workspace
    pane = painted(qtbot, workspace.open("alpha", ConsoleKind.SHELL))
    wait_text(qtbot, pane, "root@pve1:~# ")
    assert ws.tabs.count() == 1

    window = ws.detach(pane)
    qtbot.waitExposed(window)
    assert ws.tabs.count() == 0
    assert ws.placeholder.isVisible()
    assert window.windowTitle() == "Shell pve1 · alpha"
    assert pane.detach_action.text() == "Dock"
    pane.type_text("echo still-here\n")
    wait_text(qtbot, pane, "\nstill-here\n")  # the same session, in its own window
    assert connected(cluster.hub) == 1

    ws.dock(pane)
    assert ws.tabs.count() == 1
    assert ws.windows() == []
    pane.type_text("echo back-home\n")
    wait_text(qtbot, pane, "\nback-home\n")
    assert pane.status.state is ConsoleState.CONNECTED
    assert len(cluster.hub.history) == 0  # never reconnected: no session ended yet


def test_closing_a_tab_ends_its_upstream_session(qtbot, workspace, make_cluster) -> None:
    cluster = workspace.add(make_cluster("alpha"))
    ws = workspace.workspace
    pane = painted(qtbot, workspace.open("alpha", ConsoleKind.VNC, vmid=100))
    assert connected(cluster.hub) == 1
    ws.tabs.tabCloseRequested.emit(ws.tabs.indexOf(pane))
    qtbot.waitUntil(lambda: connected(cluster.hub) == 0, timeout=TIMEOUT_MS)
    assert cluster.hub.history[-1].state == "closed"
    qtbot.waitUntil(lambda: workspace.service.relay.active_count() == 0, timeout=TIMEOUT_MS)
    assert ws.panes() == []


def test_closing_a_console_window_ends_its_session(qtbot, workspace, make_cluster) -> None:
    cluster = workspace.add(make_cluster("alpha"))
    ws = workspace.workspace
    pane = painted(qtbot, workspace.open("alpha", ConsoleKind.VNC, vmid=100))
    window = ws.detach(pane)
    qtbot.waitExposed(window)
    window.close()
    qtbot.waitUntil(lambda: connected(cluster.hub) == 0, timeout=TIMEOUT_MS)
    assert ws.panes() == []


def test_opening_an_open_console_brings_it_forward(qtbot, workspace, make_cluster) -> None:
    cluster = workspace.add(make_cluster("alpha"))
    ws = workspace.workspace
    first = painted(qtbot, workspace.open("alpha", ConsoleKind.VNC, vmid=100))
    workspace.open("alpha", ConsoleKind.SHELL)
    assert ws.tabs.currentIndex() == 1
    again = workspace.open("alpha", ConsoleKind.VNC, vmid=100)
    assert again is first
    assert ws.tabs.currentWidget() is first
    qtbot.waitUntil(lambda: connected(cluster.hub) == 2, timeout=TIMEOUT_MS)
    assert len(cluster.hub.history) == 0


def test_consoles_of_two_clusters_side_by_side(qtbot, workspace, make_cluster) -> None:
    alpha = workspace.add(make_cluster("alpha"))
    beta = workspace.add(make_cluster("beta", version="9.1.7"))
    ws = workspace.workspace
    left = painted(qtbot, workspace.open("alpha", ConsoleKind.VNC, vmid=100, name="web01"))
    right = painted(qtbot, workspace.open("beta", ConsoleKind.VNC, vmid=100, name="db01"))
    assert [ws.tabs.tabText(i) for i in range(2)] == ["web01 (100) · alpha", "db01 (100) · beta"]

    windows = [ws.detach(left), ws.detach(right)]
    for index, window in enumerate(windows):
        window.resize(720, 520)
        window.move(QPoint(index * 730, 0))
        qtbot.waitExposed(window)
    assert connected(alpha.hub) == 1
    assert connected(beta.hub) == 1
    assert {w.windowTitle() for w in windows} == {"web01 (100) · alpha", "db01 (100) · beta"}

    # Both still live: a key typed into each reaches its own cluster.
    left.type_text("a")
    right.type_text("b")
    alpha_screen = alpha.hub.sessions()[0].screen
    beta_screen = beta.hub.sessions()[0].screen
    qtbot.waitUntil(lambda: alpha_screen.lines[-1] == "a", timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: beta_screen.lines[-1] == "b", timeout=TIMEOUT_MS)

    picture = side_by_side(qtbot, windows)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert picture.save(str(ARTIFACTS / "console-detached.png"))


def side_by_side(qtbot: Any, windows: list[Any]) -> QImage:
    """Grab two windows (after their consoles repainted) into one picture, with captions.

    Offscreen windows have no decorations, so each grab gets a caption bar with its window
    title, as a desktop would draw it.
    """
    qtbot.wait(300)  # let both views present the typed keys before the grab
    grabs = [w.grab().toImage() for w in windows]
    gap, caption = 16, 30
    width = sum(g.width() for g in grabs) + gap
    height = max(g.height() for g in grabs) + caption
    picture = QImage(width, height, QImage.Format.Format_RGB32)
    picture.fill(QColor("#d9dde3"))
    painter = QPainter(picture)
    x = 0
    for window, grab in zip(windows, grabs, strict=True):
        painter.fillRect(x, 0, grab.width(), caption, QColor("#2b3340"))
        painter.setPen(QColor("#ffffff"))
        painter.drawText(
            x, 0, grab.width(), caption, Qt.AlignmentFlag.AlignCenter, window.windowTitle()
        )
        painter.drawImage(x, caption, grab)
        x += grab.width() + gap
    painter.end()
    return picture


def test_full_screen_takes_the_console_to_its_own_window_and_back(
    qtbot, workspace, make_cluster
) -> None:
    workspace.add(make_cluster("alpha"))
    ws = workspace.workspace
    pane = painted(qtbot, workspace.open("alpha", ConsoleKind.SHELL))
    pane.fullscreen_action.trigger()
    window = ws.window_of(pane)
    assert window is not None
    qtbot.waitUntil(window.isFullScreen, timeout=TIMEOUT_MS)
    assert not pane.docked
    pane.fullscreen_action.trigger()
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=TIMEOUT_MS)
    pane.detach_action.trigger()  # "Dock"
    assert pane.docked
    assert ws.tabs.indexOf(pane) == 0
    assert pane.status.state is ConsoleState.CONNECTED
