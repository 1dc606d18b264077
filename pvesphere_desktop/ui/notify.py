"""Desktop notifications (tray balloon where the platform has a tray, else the log only)."""

from __future__ import annotations

import logging

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

log = logging.getLogger(__name__)


class Notifier:
    """Tell the user about something that finished while the window was in the background."""

    def __init__(self, icon: QIcon, parent: QWidget | None = None) -> None:
        self._tray: QSystemTrayIcon | None = None
        self.sent: list[tuple[str, str]] = []  # what the user was told (tests read it)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self._tray = QSystemTrayIcon(icon, parent)
            self._tray.show()

    @property
    def available(self) -> bool:
        return self._tray is not None and QSystemTrayIcon.supportsMessages()

    def notify(self, title: str, message: str, error: bool = False) -> None:
        self.sent.append((title, message))
        del self.sent[:-50]
        log.info("notification: %s: %s", title, message)
        if self.available:
            assert self._tray is not None
            icon = (
                QSystemTrayIcon.MessageIcon.Warning
                if error
                else QSystemTrayIcon.MessageIcon.Information
            )
            self._tray.showMessage(title, message, icon, 8000)

    def close(self) -> None:
        if self._tray is not None:
            self._tray.hide()
            self._tray.deleteLater()
            self._tray = None
