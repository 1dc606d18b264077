"""Settings persist in an INI file under the config directory."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray

from pvesphere_desktop.paths import AppPaths
from pvesphere_desktop.ui.settings import Settings


def test_defaults(app_paths: AppPaths) -> None:
    settings = Settings(app_paths.settings_file)
    assert settings.language == ""
    assert settings.theme == "system"
    assert settings.value(Settings.GEOMETRY) is None
    assert settings.path == app_paths.settings_file


def test_values_survive_a_new_instance(app_paths: AppPaths) -> None:
    first = Settings(app_paths.settings_file)
    first.language = "de"
    first.theme = "dark"
    first.set_value(Settings.GEOMETRY, QByteArray(b"\x01\x02geometry"))
    first.sync()
    again = Settings(app_paths.settings_file)
    assert again.language == "de"
    assert again.theme == "dark"
    assert again.value(Settings.GEOMETRY) == QByteArray(b"\x01\x02geometry")


def test_file_is_plain_ini_in_the_config_folder(app_paths: AppPaths) -> None:
    settings = Settings(app_paths.settings_file)
    settings.language = "zh_CN"
    settings.sync()
    text = app_paths.settings_file.read_text(encoding="utf-8")
    assert "[ui]" in text
    assert "language=zh_CN" in text
    assert app_paths.settings_file.parent == app_paths.config_dir


def test_missing_folder_is_created(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "new" / "config" / "settings.ini")
    settings.theme = "light"
    settings.sync()
    assert (tmp_path / "new" / "config" / "settings.ini").is_file()
