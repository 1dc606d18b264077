"""Language: the system's preference unless the user overrides it; catalogues really load."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QDialogButtonBox

from pvesphere_desktop.core.enums import PowerAction
from pvesphere_desktop.core.errors import UnreachableError
from pvesphere_desktop.ui.i18n import (
    LANGUAGE_NAMES,
    SUPPORTED_LANGUAGES,
    install_translators,
    pick_language,
    translate,
)
from pvesphere_desktop.ui.settings import Settings


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("de", "de"),
        ("de_CH", "de"),
        ("zh_CN", "zh_CN"),
        ("zh-CN", "zh_CN"),
        ("en", "en"),
        ("en_GB", "en"),
        ("fr", "en"),  # not translated: English, whatever the system says
        ("zh_TW", "en"),
    ],
)
def test_override_wins(override: str, expected: str) -> None:
    assert pick_language(override, QLocale("de_DE")) == expected
    assert pick_language(override, QLocale("fr_FR")) == expected


@pytest.mark.parametrize(
    ("system", "expected"),
    [
        ("de_DE", "de"),
        ("de_AT", "de"),
        ("zh_CN", "zh_CN"),
        ("zh_SG", "zh_CN"),
        ("zh_TW", "en"),  # traditional characters: we have no catalogue
        ("fr_FR", "en"),
        ("en_US", "en"),
        ("C", "en"),
    ],
)
def test_system_locale_without_override(system: str, expected: str) -> None:
    assert pick_language("", QLocale(system)) == expected


def test_supported_languages_have_names() -> None:
    assert set(LANGUAGE_NAMES) == set(SUPPORTED_LANGUAGES)


@pytest.fixture
def german(qapp) -> Iterator[None]:
    translators = install_translators(qapp, "de")
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


def test_catalogues_load_ours_and_qts(german) -> None:
    assert QCoreApplication.translate("MainWindow", "&File") == "&Datei"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    assert box.button(QDialogButtonBox.StandardButton.Close).text().replace("&", "") == "Schließen"


def test_qt_free_messages_render_translated(german) -> None:
    error = UnreachableError("timed out", host="pve1.example.com")
    assert str(error) == "Cannot reach pve1.example.com: timed out"
    assert error.message.render(translate) == "pve1.example.com ist nicht erreichbar: timed out"


def test_cluster_health_detail_is_shown_in_the_window_language(german) -> None:
    from pvesphere_desktop.core.enums import Health
    from pvesphere_desktop.core.i18n import UserMessage
    from pvesphere_desktop.core.status import ClusterStatus
    from pvesphere_desktop.ui.fleet import FleetState

    state = FleetState()
    state.set_clusters(["lab"])
    template = "{count} of {total} nodes not online ({nodes})"
    english = template.format(count=1, total=3, nodes="pve2")
    live = UserMessage("Sync", template, {"count": 1, "total": 3, "nodes": "pve2"})
    state.apply_status(ClusterStatus("lab", Health.DEGRADED, detail=english, message=live))
    assert state.clusters["lab"].message == "1 von 3 Knoten nicht online (pve2)"
    # A status with only the English text (a cache written before messages were kept).
    state.apply_status(ClusterStatus("lab", Health.DEGRADED, detail=english))
    assert state.clusters["lab"].message == english


def _lock_event(old: str | None, new: str | None):
    from pvesphere_desktop.core.events import Event, EventKind, ObjectType

    return Event(1.0, "lab", EventKind.LOCK_CHANGED, ObjectType.GUEST, "128", "vpn-02", old, new)


def test_lock_events_read_as_locked_and_unlocked(qapp) -> None:
    from pvesphere_desktop.ui.fleet import event_from_core

    def text(old: str | None, new: str | None) -> str:
        line = event_from_core(_lock_event(old, new))
        assert line is not None
        return line.text

    assert text(None, "backup") == "Guest 128 vpn-02 locked (backup)"
    assert text("snapshot", None) == "Guest 128 vpn-02 unlocked (snapshot)"
    assert text("migrate", "backup") == "Guest 128 vpn-02 lock: migrate → backup"


def test_lock_events_in_german(german) -> None:
    from pvesphere_desktop.ui.fleet import event_from_core

    line = event_from_core(_lock_event(None, "backup"))
    assert line is not None
    assert line.text == "Gast 128 vpn-02 wurde gesperrt (backup)"


def test_english_needs_no_catalogue(qapp) -> None:
    assert install_translators(qapp, "en") == []
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"


@pytest.mark.parametrize(
    ("language", "menus", "title"),
    [
        (
            "de",
            ["&Datei", "&Bearbeiten", "&Ansicht", "&Gast", "&Einstellungen", "&Hilfe"],
            "Willkommen bei PveSphere Desktop",
        ),
        (
            "zh_CN",
            ["文件(&F)", "编辑(&E)", "视图(&V)", "虚拟机(&G)", "设置(&S)", "帮助(&H)"],
            "欢迎使用 PveSphere Desktop",
        ),
    ],
)
def test_application_in_another_language(
    qapp, app_paths, qtbot, screenshot, language, menus, title
) -> None:
    from pvesphere_desktop.ui.app import create_application

    app = create_application(app_paths, language_override=language, install_hook=False)
    try:
        window = app.window
        window.show()
        window.resize(1100, 700)
        qtbot.waitExposed(window)
        assert app.language == language
        assert [a.text() for a in window.menuBar().actions()] == menus
        assert window.empty_state.title.text() == title
        screenshot(window, f"main_window_empty_{language}")
    finally:
        app.close()


def test_saved_language_is_used_and_the_cli_beats_it(qapp, app_paths) -> None:
    from pvesphere_desktop.ui.app import create_application

    settings = Settings(app_paths.settings_file)
    settings.language = "zh_CN"
    settings.sync()
    app = create_application(app_paths, install_hook=False)
    try:
        assert app.language == "zh_CN"
        assert app.window.empty_state.title.text() == "欢迎使用 PveSphere Desktop"
        assert app.window.power_actions[PowerAction.START].text() == "启动"
    finally:
        app.close()
    app = create_application(app_paths, language_override="en", install_hook=False)
    try:
        assert app.language == "en"
        assert app.window.empty_state.title.text() == "Welcome to PveSphere Desktop"
        assert app.window.power_actions[PowerAction.START].text() == "Start"
    finally:
        app.close()


def test_language_menu_saves_the_choice(desktop_app, qtbot) -> None:
    window = desktop_app.window
    menu = window.language_menu
    assert menu.actions_by_code[""].isChecked()  # follows the system at first
    assert [menu.actions_by_code[c].text() for c in ("en", "de", "zh_CN")] == [
        "English",
        "Deutsch",
        "简体中文",
    ]
    with qtbot.waitSignal(menu.language_chosen, timeout=1000) as chosen:
        menu.actions_by_code["de"].trigger()
    assert chosen.args == ["de"]
    assert menu.actions_by_code["de"].isChecked()
    assert not menu.actions_by_code[""].isChecked()
    assert Settings(desktop_app.settings.path).language == "de"
    assert "next time" in window.statusBar().currentMessage()
    with qtbot.waitSignal(menu.language_chosen, timeout=1000):
        menu.actions_by_code[""].trigger()
    assert Settings(desktop_app.settings.path).language == ""
