"""VM console in QtWebEngine: noVNC through the relay to the simulator's RFB server."""

from __future__ import annotations

import pytest

from pvesphere_desktop.console.state import ConsoleState
from pvesphere_desktop.console.target import ConsoleKind
from tests.gui.console.conftest import TIMEOUT_MS, js

pytestmark = pytest.mark.webengine


def test_vm_console_shows_the_framebuffer(qtbot, workspace, make_cluster) -> None:
    cluster = workspace.add(make_cluster("alpha"))
    pane = workspace.open("alpha", ConsoleKind.VNC, vmid=100, name="web01")
    with qtbot.waitSignal(pane.painted, timeout=TIMEOUT_MS):
        pass
    assert pane.status.state is ConsoleState.CONNECTED
    state = js(qtbot, pane, "window.pvesphere.state()")
    print(state)
    image = pane.view.grab().toImage()
    image.save("/tmp/vnc.png")
    print("painted-grab", image.size())
    shot = {}
    pane.grab_image(lambda img: shot.setdefault("img", img))
    qtbot.waitUntil(lambda: "img" in shot)
    shot["img"].save("/tmp/vnc-native.png")
    qtbot.wait(1000)
    pane.view.grab().toImage().save("/tmp/vnc2.png")
    workspace.window.grab().toImage().save("/tmp/vnc-window.png")
