"""End to end: the app in demo mode, a lifecycle action through the UI, and the main screens.

``test_demo_program_screenshot`` runs the real program (``--demo --screenshot``) as a user
would; the other tests build the app with the composition root in-process so they can click.
Screenshots go to test-artifacts/screenshots (and to docs/screenshots when
``PVESPHERE_DOCS_SCREENSHOTS=1``, for the README).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from pvesphere_desktop.core.enums import GuestStatus, GuestType, PowerAction, TaskState

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "screenshots"


def _publish(path: Path) -> None:
    if os.environ.get("PVESPHERE_DOCS_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, DOCS / path.name)


@pytest.fixture
def demo_app(qapp, qtbot):
    """The application as ``pvesphere-desktop --demo`` composes it (in-process)."""
    from pvesphere_desktop.paths import AppPaths
    from pvesphere_desktop.ui.app import create_application
    from pvesphere_desktop.ui.demo import DemoFleet

    demo = DemoFleet(time_scale=0.05).start()
    app = None
    try:
        paths = AppPaths.resolve(demo.profile).ensure()
        app = create_application(paths, language_override="en", install_hook=False, demo=demo)
        window = app.window
        window.launch_demo = None
        window.test_demo = demo
        window.resize(1440, 900)
        window.show()
        window.start()
        qtbot.waitUntil(lambda: window.first_sync_done, timeout=60_000)
        yield app
    finally:
        if app is not None:
            app.window.shutdown(wait=True)
            app.close()
        demo.stop()


def _toolbar_button(window, action) -> QToolButton:
    for button in window.toolbar.findChildren(QToolButton):
        if button.defaultAction() is action:
            return button
    raise AssertionError("no toolbar button for the action")


def test_start_a_guest_by_clicking_the_toolbar(demo_app, qtbot, screenshot):
    window = demo_app.window
    assert len(window.fleet.clusters) == 3
    assert 190 <= len(window.fleet.guests) <= 210
    versions = {c.pve_name for c in window.fleet.clusters.values()}
    assert len(versions) == 3
    window.show_all_guests()
    window.search.set_text("status:stopped -template:yes")
    guest = next(
        window.proxy.guest_at(r) for r in range(window.proxy.rowCount())
        if not window.proxy.guest_at(r).lock
    )  # fmt: skip
    row = window.proxy.row_of(guest.key)
    qtbot.mouseClick(
        window.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.table.visualRect(window.proxy.index(row, 2)).center(),
    )
    assert window.table.current_guest().key == guest.key
    button = _toolbar_button(window, window.power_actions[PowerAction.START])
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    entry = window.tasks.entries[0]
    qtbot.waitUntil(lambda: not entry.running, timeout=60_000)
    assert entry.state is TaskState.OK, entry.message
    # The next sync shows it running: the row leaves "status:stopped" results.
    window.search.set_text("")
    qtbot.waitUntil(
        lambda: window.proxy.index(window.proxy.row_of(guest.key), 0).data() == "running",
        timeout=30_000,
    )
    screenshot(window, "e2e_after_start")


def test_main_screens(demo_app, qtbot, screenshot):
    """Dashboard, guest table, guest summary with charts, add-cluster dialog, dark theme."""
    from pvesphere_desktop.simulator.activity import Colleagues

    window = demo_app.window
    # A colleague's work (through the simulated PVE's API) shows up as changes and tasks.
    colleague = Colleagues(window.test_demo.simulator, seed=3)
    done = [colleague.act_once() for _ in range(8)]
    window.refresh_now()
    qtbot.waitUntil(
        lambda: sum(row.task is not None and row.task.user == "admin@pve"
                    for row in map(window.task_model.row_at, range(window.task_model.rowCount())))
        >= len(done),
        timeout=30_000,
    )  # fmt: skip
    window.show_dashboard()
    changes = window.dashboard.events[1]
    qtbot.waitUntil(lambda: changes.count() >= 3, timeout=30_000)  # not the empty-state line
    qtbot.wait(300)
    _publish(screenshot(window, "dashboard"))

    node = sorted(window.fleet.nodes)[0]
    window.open_key(("node", node))
    window.search.set_text("")
    qtbot.waitUntil(lambda: window.node_pane.charts.charts[0].point_count > 0, timeout=20_000)
    qtbot.wait(300)
    _publish(screenshot(window, "guest_table"))

    guest = max(
        (g for g in window.fleet.guests.values()
         if g.status is GuestStatus.RUNNING and g.type is GuestType.QEMU),
        key=lambda g: g.cpu or 0,
    )  # fmt: skip
    window.open_key(guest.key)
    pane = window.guest_pane
    qtbot.waitUntil(lambda: pane.charts.charts[0].point_count > 0, timeout=20_000)
    window.browser_splitter.setSizes([260, 640])
    qtbot.wait(500)
    _publish(screenshot(window, "guest_summary"))

    info = window.test_demo.simulator.info()[0]
    dialog = window.add_cluster()
    dialog.name_edit.setText("lab-copy")
    dialog.url_edit.setText(info["url"])
    dialog.token_id_edit.setText(info["token"])
    dialog.test()  # the trust-on-first-use step: the certificate is shown first
    qtbot.waitUntil(lambda: dialog.certificate is not None, timeout=15_000)
    dialog.trust_check.setChecked(True)
    dialog.test()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=15_000)
    qtbot.wait(200)
    _publish(screenshot(dialog, "add_cluster"))
    dialog.reject()

    window.set_theme("dark")
    window.show_dashboard()
    qtbot.wait(800)
    _publish(screenshot(window, "dashboard_dark"))
    window.open_key(guest.key)
    qtbot.wait(800)
    _publish(screenshot(window, "guest_summary_dark"))
    window.set_theme("system")


def test_demo_program_screenshot(tmp_path):
    """``pvesphere-desktop --demo --screenshot PATH`` exits 0 and writes a 1440x900 PNG."""
    from PySide6.QtGui import QImage

    target = tmp_path / "demo.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "pvesphere_desktop.ui.main", "--demo", "--screenshot", str(target)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1440, 900)
