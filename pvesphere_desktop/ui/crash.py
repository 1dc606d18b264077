"""The crash dialog and the uncaught-exception hook that opens it."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from pvesphere_desktop import APP_NAME, __version__
from pvesphere_desktop.core.redact import redact

log = logging.getLogger(__name__)


class CrashDialog(QDialog):
    """Shows an unexpected error with details the user can copy into a bug report."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unexpected error"))
        self.setMinimumSize(640, 400)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Something went wrong inside the application. Your clusters were not changed by "
                "this error. The details below were written to the log; please include them "
                "when you report the problem."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setObjectName("crashDetails")
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(
            self.tr("Copy details"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


def format_crash(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """Return redacted, copyable crash details."""
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    header = f"{APP_NAME} {__version__} on Python {sys.version.split()[0]}\n\n"
    return redact(header + text)


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_excepthook(show_dialog: bool = True) -> ExceptHook:
    """Route uncaught exceptions to the log and a crash dialog; return the previous hook."""
    previous = sys.excepthook
    showing = False

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        log.critical("Uncaught exception", exc_info=(exc_type, exc, tb))
        if not show_dialog or showing or QApplication.instance() is None:
            return
        showing = True  # an error inside the dialog must not open dialogs forever
        try:
            CrashDialog(format_crash(exc_type, exc, tb), QApplication.activeWindow()).exec()
        finally:
            showing = False

    sys.excepthook = hook
    return previous
