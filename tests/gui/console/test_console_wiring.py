"""Consoles in the main window of the demo fleet: menus, palette, detail pane, the tab."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pyotp
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QMenu, QToolButton

from pvesphere_desktop.console.state import ConsoleState
from pvesphere_desktop.console.target import ConsoleKind
from pvesphere_desktop.console.wiring import ConsoleFeature
from pvesphere_desktop.core.enums import GuestStatus, GuestType
from pvesphere_desktop.core.ids import NodeKey
from pvesphere_desktop.paths import AppPaths
from pvesphere_desktop.ui.app import Application, create_application
from pvesphere_desktop.ui.demo import DemoFleet
from tests.gui.console.conftest import ARTIFACTS, TIMEOUT_MS, WEBENGINE_NOISE, wait_text

# The whole application with a demo fleet: several seconds each.
pytestmark = [pytest.mark.webengine, pytest.mark.slow, WEBENGINE_NOISE]


@pytest.fixture(params=["9.1"])
def demo(request: pytest.FixtureRequest) -> Iterator[DemoFleet]:
    fleet = DemoFleet(guests_per_cluster=8, nodes=2, time_scale=0.0, versions=(request.param,))
    fleet.start()
    yield fleet
    fleet.stop()


@pytest.fixture
def demo_app(qapp: Any, app_paths: AppPaths, demo: DemoFleet) -> Iterator[Application]:
    app = create_application(app_paths, language_override="en", install_hook=False, demo=demo)
    yield app
    app.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def feature_of(app: Application) -> ConsoleFeature:
    feature = app.window.findChild(QObject, "consoleFeature")
    assert isinstance(feature, ConsoleFeature)
    return feature


def menu_actions(menu: QMenu) -> dict[str, Any]:
    return {a.text(): a for a in menu.actions() if a.text()}


def test_consoles_open_from_the_main_window(qtbot, demo_app) -> None:
    window = demo_app.window
    feature = feature_of(demo_app)
    window.resize(1280, 800)
    window.show()
    window.start()
    qtbot.waitUntil(
        lambda: any(
            g.status is GuestStatus.RUNNING and g.type is GuestType.QEMU
            for g in window.fleet.guests.values()
        ),
        timeout=TIMEOUT_MS,
    )
    vm = next(
        g
        for g in sorted(window.fleet.guests.values(), key=lambda g: g.vmid)
        if g.status is GuestStatus.RUNNING and g.type is GuestType.QEMU
    )

    # The palette and the detail pane offer the console actions.
    assert feature.console_action in window._palette_actions()
    assert window.guest_pane.findChild(QToolButton, "openConsoleActionButton") is not None
    assert window.node_pane.findChild(QToolButton, "openShellActionButton") is not None

    # The guest's context menu opens its console in the "Consoles" tab.
    menu = QMenu()
    window._extend_menu(menu, "guest", vm)
    entries = menu_actions(menu)
    assert {"Open &console", "Open &serial console", f"Open shell on node {vm.node}"} <= set(
        entries
    )
    entries["Open &console"].trigger()
    workspace = feature.workspace
    assert window.workspace.currentWidget() is workspace
    assert window.workspace.tabText(window.workspace.indexOf(workspace)) == "Consoles"
    pane = workspace.panes()[0]
    assert pane.target.kind is ConsoleKind.VNC
    assert pane.target.vmid == vm.vmid
    qtbot.waitUntil(lambda: pane.is_painted, timeout=TIMEOUT_MS)
    assert pane.status.state is ConsoleState.CONNECTED

    # A node's context menu opens its shell next to it.
    menu = QMenu()
    window._extend_menu(menu, "node", NodeKey(vm.cluster, vm.node))
    menu_actions(menu)["Open node &shell"].trigger()
    shell = workspace.panes()[1]
    qtbot.waitUntil(lambda: shell.is_painted, timeout=TIMEOUT_MS)
    wait_text(qtbot, shell, f"@{vm.node}:~# ")
    shell.type_text("pveversion\n")
    wait_text(qtbot, shell, "pve-manager/9.1")
    workspace.tabs.setCurrentWidget(pane)
    qtbot.wait(300)  # the VM console's picture is back on screen before the grab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(ARTIFACTS / "console-main-window.png"))

    # Closing the Consoles tab ends both sessions.
    relay = feature.service.relay
    window._close_workspace_tab(window.workspace.indexOf(workspace))
    qtbot.waitUntil(lambda: relay.active_count() == 0, timeout=TIMEOUT_MS)


@pytest.mark.parametrize("demo", ["8.4"], indirect=True)
def test_node_shell_with_a_token_asks_for_a_console_login(qtbot, demo_app, demo) -> None:
    window = demo_app.window
    feature = feature_of(demo_app)
    window.show()
    info = demo.simulator.info()[0]
    node = info["nodes"][0]["name"]
    feature.open_shell(NodeKey(info["name"], node))
    pane = feature.workspace.panes()[0]
    qtbot.waitUntil(lambda: pane.status.state is ConsoleState.FAILED, timeout=TIMEOUT_MS)
    assert pane.status.needs_login
    assert "9.0.13" in pane.overlay.message.text()
    assert pane.overlay.login_button.isVisible()

    pane.overlay.login_button.click()
    qtbot.waitUntil(lambda: len(feature._dialogs) == 1, timeout=TIMEOUT_MS)
    dialog = feature._dialogs[0]
    user = next(u for u in info["users"] if u["userid"] == "tfa@pve")
    dialog.user_edit.setText("tfa@pve")
    dialog.password_edit.setText(user["password"])
    dialog.submit()
    qtbot.waitUntil(dialog.code_edit.isVisible, timeout=TIMEOUT_MS)
    code = pyotp.TOTP(user["totp_secret"]).at(time.time() + demo.simulator.clock.offset)
    dialog.code_edit.setText(str(code))
    with qtbot.waitSignal(dialog.logged_in, timeout=TIMEOUT_MS):
        dialog.submit()
    assert dialog.password_edit.text() == ""  # the password is not kept anywhere
    assert feature.logins.get(info["name"]) is not None

    qtbot.waitUntil(lambda: pane.status.state is ConsoleState.CONNECTED, timeout=TIMEOUT_MS)
    wait_text(qtbot, pane, f"{node} login: ")
