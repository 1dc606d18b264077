"""The main window as the composition root builds it: empty state, layout, persistence."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QLabel

from pvesphere_desktop import APP_NAME
from pvesphere_desktop.ui.app import Application
from pvesphere_desktop.ui.empty_state import EmptyState
from pvesphere_desktop.ui.main_window import PAGE_EMPTY, MainWindow, key_to_text, text_to_key
from pvesphere_desktop.ui.settings import Settings
from pvesphere_desktop.ui.startup import resume_gc_when_shown


def started(app: Application, qtbot) -> MainWindow:
    window = app.window
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.content.currentIndex() == PAGE_EMPTY, timeout=5000)
    return window


def test_first_window_shows_the_empty_state(desktop_app: Application, qtbot, screenshot) -> None:
    window = started(desktop_app, qtbot)
    window.resize(1100, 700)
    qtbot.waitExposed(window)
    assert window.windowTitle() == APP_NAME
    assert isinstance(window.content.currentWidget(), EmptyState)
    empty = window.empty_state
    assert empty.title.text() == "Welcome to PveSphere Desktop"
    assert empty.add_button.isVisible()
    assert empty.add_button.isDefault()
    assert empty.demo_button.text() == "Open the demo fleet"
    assert [a.text() for a in window.menuBar().actions()] == [
        "&File", "&Edit", "&View", "&Guest", "&Settings", "&Help",
    ]  # fmt: skip
    assert not window.windowIcon().isNull()
    # Nothing is selected: every power action is disabled.
    assert not any(a.isEnabled() for a in window.power_actions.values())
    screenshot(window, "main_window_empty_en")


def test_intro_text_is_not_clipped(desktop_app: Application, qtbot) -> None:
    window = started(desktop_app, qtbot)
    window.resize(900, 600)
    qtbot.waitExposed(window)
    body = window.empty_state.findChild(QLabel, "emptyStateBody")
    assert body is not None
    assert body.wordWrap()
    # A word-wrapped label squeezed by its layout loses lines: it must get its full height.
    assert body.height() >= body.heightForWidth(body.width())
    assert body.width() >= 400


def test_welcome_buttons_open_the_dialog_and_the_demo(desktop_app: Application, qtbot) -> None:
    window = started(desktop_app, qtbot)
    launched = []
    window.launch_demo = lambda: launched.append(True)
    with qtbot.waitSignal(window.demo_requested, timeout=1000):
        qtbot.mouseClick(window.empty_state.demo_button, Qt.MouseButton.LeftButton)
    assert launched == [True]
    qtbot.mouseClick(window.empty_state.add_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(object, "addClusterDialog")
    assert dialog is not None
    assert dialog.isVisible()
    dialog.reject()


def test_geometry_and_layout_survive_a_restart(desktop_app: Application, qtbot) -> None:
    window = started(desktop_app, qtbot)
    qtbot.waitExposed(window)
    window.resize(780, 560)  # the offscreen screen is 800 x 600
    window.main_splitter.setSizes([200, 500])
    window.table.setColumnHidden(3, True)
    tasks = window.task_dock_widget.table
    tasks.setColumnWidth(4, 177)  # the user column
    window.close()
    stored = Settings(desktop_app.settings.path).value(Settings.GEOMETRY)
    assert isinstance(stored, QByteArray)
    assert not stored.isEmpty()

    again = MainWindow(Settings(desktop_app.settings.path))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (780, 560)
    assert again.table.isColumnHidden(3)
    assert again.task_dock_widget.table.columnWidth(4) == 177
    assert abs(again.main_splitter.sizes()[0] - window.main_splitter.sizes()[0]) <= 2
    again.shutdown()


def test_quit_closes_the_window(desktop_app: Application, qtbot) -> None:
    window = desktop_app.window
    window.show()
    qtbot.waitExposed(window)
    quit_action = window.menuBar().actions()[0].menu().actions()[-1]
    assert quit_action.text() == "&Quit"
    quit_action.trigger()
    assert not window.isVisible()


def test_selection_keys_round_trip() -> None:
    from pvesphere_desktop.core.ids import GuestKey, NodeKey, StorageKey

    assert text_to_key(key_to_text("guest", GuestKey("a/b", 101))) == GuestKey("a/b", 101)
    assert text_to_key(key_to_text("node", NodeKey("c", "pve1"))) == ("node", NodeKey("c", "pve1"))
    assert text_to_key(key_to_text("cluster", "c1")) == ("cluster", "c1")
    storage = StorageKey("c", "pve1", "local")
    assert text_to_key(key_to_text("storage", storage)) == ("storage", storage)
    assert text_to_key("guest:nonsense") is None


def test_demo_flag_is_kept_for_the_demo_launcher(qapp, app_paths) -> None:
    from pvesphere_desktop.ui.app import create_application

    app = create_application(
        app_paths, language_override="en", install_hook=False, demo_if_empty=True
    )
    try:
        assert app.demo_if_empty is True
        assert app.language == "en"
    finally:
        app.close()


@pytest.fixture
def gc_paused():
    """The cyclic collector paused as ``pvesphere-desktop`` starts; restored afterwards."""
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.enable()


def test_the_collector_resumes_once_the_cache_shows(desktop_app: Application, qtbot, gc_paused):
    window = desktop_app.window
    resume_gc_when_shown(window)
    with qtbot.waitSignal(window.cache_shown, timeout=5000):
        window.show()
        window.start()
    assert not gc.isenabled()  # not inside the loading step: right after it
    qtbot.waitUntil(gc.isenabled, timeout=1000)
    assert gc.get_freeze_count() > 10_000  # start-up's objects skip later collections


def test_the_collector_resumes_even_without_a_cache(desktop_app: Application, qtbot, gc_paused):
    resume_gc_when_shown(desktop_app.window, fallback_ms=50)  # the window never loads
    qtbot.waitUntil(gc.isenabled, timeout=2000)


def test_the_status_bar_says_when_another_process_syncs_the_cache(
    desktop_app: Application, qtbot
) -> None:
    from pvesphere_desktop.core.status import SyncFollowing

    window = started(desktop_app, qtbot)
    qtbot.waitExposed(window)
    label = window.following_label
    assert not label.isVisible()
    window.bridge.post(SyncFollowing("pvesphere sync (pid 4242)"))
    qtbot.waitUntil(label.isVisible, timeout=5_000)
    assert label.text() == "Synced by pvesphere sync (pid 4242)"
    assert "sends PVE no requests" in label.toolTip()
    assert "pvesphere sync (pid 4242)" in window.statusBar().currentMessage()
    window.bridge.post(SyncFollowing(""))
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=5_000)
    assert window.statusBar().currentMessage() == "This app syncs the cache again."
