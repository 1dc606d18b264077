"""VM console in QtWebEngine: noVNC through the relay to the simulator's real RFB server."""

from __future__ import annotations

import struct
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest

from pvesphere_desktop.console import keys
from pvesphere_desktop.console.state import ConsoleState
from pvesphere_desktop.console.target import ConsoleKind
from pvesphere_desktop.console.view import ConsolePane
from pvesphere_desktop.simulator.consoles import ConsoleHub, ConsoleSession
from pvesphere_desktop.simulator.consoles.framebuffer import PALETTE, Colour, Rect
from tests.gui.console.conftest import ARTIFACTS, TIMEOUT_MS, WEBENGINE_NOISE, js

pytestmark = [pytest.mark.webengine, WEBENGINE_NOISE]


def live_session(hub: ConsoleHub) -> ConsoleSession:
    sessions = [s for s in hub.sessions() if s.state == "connected"]
    assert len(sessions) == 1
    return sessions[0]


def native_picture(qtbot: Any, pane: ConsolePane) -> QImage:
    """The framebuffer as noVNC holds it (native size, whatever the view's scaling)."""
    box: dict[str, QImage] = {}
    pane.grab_image(lambda image: box.setdefault("image", image))
    qtbot.waitUntil(lambda: "image" in box, timeout=TIMEOUT_MS)
    return box["image"]


def region_matches(image: QImage, session: ConsoleSession, rect: Rect) -> bool:
    """Tell whether ``rect`` of ``image`` shows exactly what the server's framebuffer holds."""
    assert session.screen is not None
    indices = session.screen.framebuffer.region(rect)
    for offset, index in enumerate(indices):
        x = rect.x + offset % rect.w
        y = rect.y + offset // rect.w
        if QColor(image.pixel(x, y)).getRgb()[:3] != PALETTE[index]:
            return False
    return True


def count_colour(image: QImage, rgb: tuple[int, int, int], step: int = 3) -> int:
    """Count pixels of (nearly) one colour, on a grid (the view may be scaled)."""
    found = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            r, g, b, _ = QColor(image.pixel(x, y)).getRgb()
            if abs(r - rgb[0]) + abs(g - rgb[1]) + abs(b - rgb[2]) < 30:
                found += 1
    return found


def open_vm(qtbot: Any, workspace: Any, cluster: str = "alpha", vmid: int = 100) -> ConsolePane:
    pane = workspace.open(cluster, ConsoleKind.VNC, vmid=vmid, name="web01")
    qtbot.waitUntil(lambda: pane.is_painted, timeout=TIMEOUT_MS)
    return pane


def test_vm_console_shows_the_guest_framebuffer(qtbot, workspace, make_cluster) -> None:
    cluster = workspace.add(make_cluster("alpha"))
    pane = open_vm(qtbot, workspace)
    assert pane.status.state is ConsoleState.CONNECTED
    assert not pane.overlay.isVisible()

    # What the user sees: the view (scaled to fit) shows the title and the amber VMID line.
    view = pane.view.grab().toImage()
    assert count_colour(view, PALETTE[Colour.VMID]) > 150
    assert count_colour(view, PALETTE[Colour.TITLE]) > 100

    # Pixel for pixel, the guest's name and VMID lines are the server's framebuffer.
    session = live_session(cluster.hub)
    assert session.rfb is not None
    assert session.rfb.authenticated
    layout = session.screen.layout
    picture = native_picture(qtbot, pane)
    assert (picture.width(), picture.height()) == (session.width, session.height)
    assert region_matches(picture, session, layout.title.rect)
    assert region_matches(picture, session, layout.subtitle.rect)
    assert layout.subtitle.text == "VMID 100"
    assert layout.title.text == "VM 100 (web01)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert workspace.window.grab().toImage().save(str(ARTIFACTS / "console-vm.png"))


def test_keys_typed_into_the_view_reach_the_guest(qtbot, workspace, make_cluster) -> None:
    cluster = workspace.add(make_cluster("alpha"))
    pane = open_vm(qtbot, workspace)
    session = live_session(cluster.hub)
    assert session.screen is not None
    pane.view.setFocus()
    target = pane.view.focusProxy() or pane.view
    QTest.keyClicks(target, "Pve9")
    QTest.keyClick(target, Qt.Key.Key_Exclam, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: session.screen.lines[-1] == "Pve9!", timeout=TIMEOUT_MS)

    # ...and the guest's new picture arrives: the echo line matches the server's pixels.
    row = session.screen.layout.echo_line_rect(len(session.screen.visible_echo()) - 1)
    qtbot.waitUntil(
        lambda: region_matches(native_picture(qtbot, pane), session, row), timeout=TIMEOUT_MS
    )


def test_typed_clipboard_and_key_combos(qtbot, workspace, make_cluster) -> None:
    cluster = workspace.add(make_cluster("alpha"))
    pane = open_vm(qtbot, workspace)
    session = live_session(cluster.hub)
    assert session.screen is not None

    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText("Hello, PVE #1\nok")
    pane.type_action.trigger()
    qtbot.waitUntil(
        lambda: session.screen.lines[-2:] == ["Hello, PVE #1", "ok"], timeout=TIMEOUT_MS
    )

    pane.ctrl_alt_del_action.trigger()
    control_down = struct.pack(">BBHI", 4, 1, 0, 0xFFE3)
    delete_down = struct.pack(">BBHI", 4, 1, 0, 0xFFFF)
    delete_up = struct.pack(">BBHI", 4, 0, 0, 0xFFFF)
    qtbot.waitUntil(lambda: delete_up in cluster.front.received, timeout=TIMEOUT_MS)
    received = bytes(cluster.front.received)
    assert received.rindex(control_down) < received.rindex(delete_down) < received.rindex(delete_up)

    alt_f2 = next(c for c in keys.COMBOS if c.label == "Ctrl+Alt+F2")
    pane.send_combo(alt_f2)
    f2_up = struct.pack(">BBHI", 4, 0, 0, 0xFFBF)
    qtbot.waitUntil(lambda: f2_up in cluster.front.received, timeout=TIMEOUT_MS)


def test_scaling_toggles_between_fit_and_native(qtbot, workspace, make_cluster) -> None:
    workspace.add(make_cluster("alpha"))
    pane = open_vm(qtbot, workspace)
    width = "document.querySelector('#screen canvas').getBoundingClientRect().width"
    fitted = js(qtbot, pane, width)
    assert fitted < 1024  # the view is narrower than the guest: scaled down
    pane.scale_action.setChecked(False)
    qtbot.waitUntil(lambda: js(qtbot, pane, width) == 1024, timeout=TIMEOUT_MS)


def test_screenshot_saves_the_framebuffer_at_native_size(qtbot, workspace, make_cluster, tmp_path):
    workspace.add(make_cluster("alpha"))
    pane = open_vm(qtbot, workspace)
    saved: list[bool] = []
    target = tmp_path / "shot.png"
    pane.save_screenshot(target, saved.append)
    qtbot.waitUntil(lambda: saved != [], timeout=TIMEOUT_MS)
    assert saved == [True]
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1024, 768)
    assert count_colour(image, PALETTE[Colour.VMID]) > 150
    assert pane.status_label.text() == "Saved shot.png"
