"""The Language menu: follow the system or pick one of our translations."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from pvesphere_desktop.ui.i18n import LANGUAGE_NAMES
from pvesphere_desktop.ui.settings import Settings


class LanguageMenu(QMenu):
    """Saves the user's language choice; it applies from the next start.

    Signals:
        language_chosen(str): the saved code ("" means: follow the system).
    """

    language_chosen = Signal(str)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("languageMenu")
        self.setTitle(self.tr("&Language"))
        self._settings = settings
        self._group = QActionGroup(self)
        self._group.setExclusive(True)
        self.actions_by_code: dict[str, QAction] = {}
        self._add("", self.tr("Follow the system"))
        self.addSeparator()
        for code, name in LANGUAGE_NAMES.items():
            self._add(code, name)  # each language's own name, never translated
        current = settings.language
        self.actions_by_code.get(current, self.actions_by_code[""]).setChecked(True)

    def _add(self, code: str, label: str) -> None:
        action = QAction(label, self)
        action.setCheckable(True)
        action.setData(code)
        action.triggered.connect(lambda _checked=False, code=code: self._choose(code))
        self._group.addAction(action)
        self.addAction(action)
        self.actions_by_code[code] = action

    def _choose(self, code: str) -> None:
        if code == self._settings.language:
            return
        self._settings.language = code
        self._settings.sync()
        self.language_chosen.emit(code)
