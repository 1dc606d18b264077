"""The main window as the composition root builds it: the empty state and its frame."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QLabel

from pvesphere_desktop import APP_NAME
from pvesphere_desktop.ui.app import Application
from pvesphere_desktop.ui.empty_state import EmptyState
from pvesphere_desktop.ui.settings import Settings


def test_first_window_shows_the_empty_state(desktop_app: Application, qtbot, screenshot) -> None:
    window = desktop_app.window
    window.show()
    window.resize(1100, 700)
    qtbot.waitExposed(window)
    assert window.windowTitle() == APP_NAME
    assert isinstance(window.stack.currentWidget(), EmptyState)
    empty = window.empty_state
    assert empty.title.text() == "Welcome to PveSphere Desktop"
    assert empty.add_button.isVisible()
    assert empty.add_button.isDefault()
    assert empty.demo_button.text() == "Open the demo fleet"
    assert window.statusBar().currentMessage() == "No cluster configured"
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&Settings", "&Help"]
    assert not window.windowIcon().isNull()
    screenshot(window, "main_window_empty_en")


def test_intro_text_is_not_clipped(desktop_app: Application, qtbot) -> None:
    window = desktop_app.window
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    body = window.empty_state.findChild(QLabel, "emptyStateBody")
    assert body is not None
    assert body.wordWrap()
    # A word-wrapped label squeezed by its layout loses lines: it must get its full height.
    assert body.height() >= body.heightForWidth(body.width())
    assert body.width() >= 400


def test_buttons_report_what_is_not_there_yet(desktop_app: Application, qtbot) -> None:
    window = desktop_app.window
    window.show()
    for button in (window.empty_state.add_button, window.empty_state.demo_button):
        with (
            qtbot.waitSignal(window.empty_state.add_cluster_requested, timeout=1000)
            if (button is window.empty_state.add_button)
            else qtbot.waitSignal(window.empty_state.open_demo_requested, timeout=1000)
        ):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert window.statusBar().currentMessage() == (
            "This part of the application is being built."
        )
        window.statusBar().clearMessage()


def test_geometry_survives_a_restart(desktop_app: Application, qtbot) -> None:
    window = desktop_app.window
    window.show()
    qtbot.waitExposed(window)
    window.resize(700, 500)  # the offscreen screen is 800 x 600
    window.close()
    stored = Settings(desktop_app.settings.path).value(Settings.GEOMETRY)
    assert isinstance(stored, QByteArray)
    assert not stored.isEmpty()

    from pvesphere_desktop.ui.main_window import MainWindow

    again = MainWindow(Settings(desktop_app.settings.path))
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 500)


def test_quit_closes_the_window(desktop_app: Application, qtbot) -> None:
    window = desktop_app.window
    window.show()
    qtbot.waitExposed(window)
    quit_action = window.menuBar().actions()[0].menu().actions()[0]
    assert quit_action.text() == "&Quit"
    quit_action.trigger()
    assert not window.isVisible()


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
