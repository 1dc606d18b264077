"""Application settings in an INI file under the config directory (never secrets)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings


class Settings:
    """Typed access to the user's preferences.

    A thin wrapper so keys and defaults live in one place and tests can point it at a
    temporary file.
    """

    LANGUAGE = "ui/language"  # "" = follow the system locale
    THEME = "ui/theme"  # "system" | "light" | "dark"
    GEOMETRY = "window/geometry"
    WINDOW_STATE = "window/state"

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    @property
    def path(self) -> Path:
        """The INI file."""
        return Path(self._qsettings.fileName())

    def value(self, key: str, default: Any = None) -> Any:
        """Return the stored value of ``key``, or ``default``."""
        return self._qsettings.value(key, default)

    def set_value(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key`` (written on sync or exit)."""
        self._qsettings.setValue(key, value)

    def sync(self) -> None:
        """Write pending changes to the file now."""
        self._qsettings.sync()

    @property
    def language(self) -> str:
        """The chosen language code, or "" to follow the system."""
        return str(self.value(self.LANGUAGE, "") or "")

    @language.setter
    def language(self, code: str) -> None:
        self.set_value(self.LANGUAGE, code)

    @property
    def theme(self) -> str:
        """The colour scheme: "system", "light" or "dark"."""
        return str(self.value(self.THEME, "system") or "system")

    @theme.setter
    def theme(self, name: str) -> None:
        self.set_value(self.THEME, name)
