"""Desktop notifications that lead back to what they were about.

A message goes out through the system tray (QSystemTrayIcon) where the platform has one, and
a click on it is reported as :attr:`Notifier.activated` with the message's target. What the
platforms let us know:

- Windows, and Linux desktops with a StatusNotifier tray or a freedesktop notification
  service: Qt reports a click on the message (``messageClicked``; on Windows also a click on
  the tray icon while the message shows).
- macOS: Qt shows the message but never reports a click on it.
- No system tray (some GNOME sessions without the AppIndicator extension, offscreen): no
  message can be shown at all.

Where a click cannot be reported, the window is alerted instead (taskbar highlight, dock
bounce: ``QApplication.alert``) and the user's next return to the window counts as the
click. Qt reports only "the last message was clicked", so a click leads to the target of the
newest message.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

log = logging.getLogger(__name__)


class Notifier(QObject):
    """Tell the user about something that finished while the window was in the background.

    Signals:
        activated(object): the user followed a notification; the argument is the target given
            to :meth:`notify` (None after a click on the tray icon with no message pending).
    """

    activated = Signal(object)

    def __init__(self, icon: QIcon, window: QWidget | None = None) -> None:
        super().__init__(window)
        self._window = window
        self.sent: list[tuple[str, str]] = []  # what the user was told (tests read it)
        self._pending: object | None = None
        self._tray_shown = QSystemTrayIcon.isSystemTrayAvailable()
        # Created even without a tray (then never shown): clicks have one path everywhere.
        self.tray: QSystemTrayIcon | None = QSystemTrayIcon(icon, self)
        self.tray.messageClicked.connect(self._follow)
        self.tray.activated.connect(self._tray_activated)
        if self._tray_shown:
            self.tray.show()
        if window is not None:
            window.installEventFilter(self)

    @property
    def available(self) -> bool:
        """Whether messages can be shown (a tray that supports them)."""
        return self.tray is not None and self._tray_shown and QSystemTrayIcon.supportsMessages()

    @property
    def reports_clicks(self) -> bool:
        """Whether a click on a message reaches us (see the module docstring)."""
        return self.available and sys.platform != "darwin"

    @property
    def pending(self) -> object | None:
        """The target of the newest message not followed yet."""
        return self._pending

    def notify(
        self, title: str, message: str, error: bool = False, target: object | None = None
    ) -> None:
        """Show a message; a click on it (or the fallback) emits ``activated(target)``."""
        self.sent.append((title, message))
        del self.sent[:-50]
        self._pending = target
        log.info("notification: %s: %s", title, message)
        if self.available:
            assert self.tray is not None
            icon = (
                QSystemTrayIcon.MessageIcon.Warning
                if error
                else QSystemTrayIcon.MessageIcon.Information
            )
            self.tray.showMessage(title, message, icon, 8000)
        if not self.reports_clicks and self._window is not None:
            QApplication.alert(self._window)

    def _follow(self) -> None:
        target, self._pending = self._pending, None
        self.activated.emit(target)

    def _tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self._follow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            watched is self._window
            and event.type() == QEvent.Type.WindowActivate
            and self._pending is not None
            and not self.reports_clicks
        ):
            self._follow()  # the best we can do where clicks are not reported
        return False

    def close(self) -> None:
        if self._window is not None:
            self._window.removeEventFilter(self)
        if self.tray is not None:
            self.tray.hide()
            self.tray.deleteLater()
            self.tray = None
