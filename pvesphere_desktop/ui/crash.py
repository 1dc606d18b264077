"""The crash dialog and the hooks that route uncaught errors to it and to the log.

Uncaught exceptions on any thread (``sys.excepthook``, ``threading.excepthook``, exceptions in
Qt slots and qasync slots, which end in ``sys.excepthook``) are logged with their traceback and
shown in one non-modal dialog whose details the user can copy. The dialog is not modal on
purpose: a nested event loop inside an error path would run asyncio callbacks re-entrantly,
and an error that repeats (say, in a paint event) must not stack dialogs; later errors are
appended to the open dialog instead.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    Qt,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
    qVersion,
)
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
qt_log = logging.getLogger("pvesphere_desktop.qt")

# After this many errors in one dialog, further ones only go to the log.
MAX_REPORTS_PER_DIALOG = 20


class CrashDialog(QDialog):
    """Shows unexpected errors with details the user can copy into a bug report."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(self.tr("Unexpected error"))
        self.setMinimumSize(640, 400)
        self.reports = 1
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
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(
            self.tr("Copy details"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setObjectName("copyDetailsButton")
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def add_report(self, details: str) -> None:
        """Append the details of a further error."""
        self.reports += 1
        self.details.appendPlainText("\n" + "-" * 72 + "\n" + details)

    def copy_details(self) -> None:
        """Put the details on the clipboard."""
        QGuiApplication.clipboard().setText(self.details.toPlainText())


def format_crash(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    thread_name: str | None = None,
) -> str:
    """Return redacted, copyable crash details: versions, thread and traceback."""
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    header = (
        f"{APP_NAME} {__version__}, Python {platform.python_version()}, Qt {qVersion()}, "
        f"{platform.platform()}\n"
        f"Thread: {thread_name or threading.current_thread().name}\n\n"
    )
    return redact(header + text)


class _CrashReporter(QObject):
    """Owns the open crash dialog; reports arrive through a signal from any thread.

    Signals:
        reported(str): redacted details of one uncaught error.
    """

    reported = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.dialog: CrashDialog | None = None
        # Queued when emitted from a worker thread: the dialog is built on the GUI thread.
        self.reported.connect(self._show)

    def _show(self, details: str) -> None:
        if QApplication.instance() is None:
            return
        if self.dialog is not None and self.dialog.isVisible():
            if self.dialog.reports < MAX_REPORTS_PER_DIALOG:
                self.dialog.add_report(details)
            return
        self.dialog = CrashDialog(details, QApplication.activeWindow())
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.finished.connect(self._forget)
        self.dialog.open()

    def _forget(self) -> None:
        self.dialog = None


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_excepthook(show_dialog: bool = True) -> Callable[[], None]:
    """Route uncaught exceptions (any thread) to the log and the crash dialog.

    Returns a function that puts the previous hooks back.
    """
    previous = sys.excepthook
    previous_thread_hook = threading.excepthook
    reporter = _CrashReporter() if show_dialog else None

    def report(
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
        thread_name: str | None = None,
    ) -> None:
        log.critical("Uncaught exception", exc_info=(exc_type, exc, tb))
        if reporter is not None:
            try:
                reporter.reported.emit(format_crash(exc_type, exc, tb, thread_name))
            except RuntimeError:  # the reporter's C++ side is gone (application shutting down)
                log.debug("Crash dialog unavailable")

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        report(exc_type, exc, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else None
        report(args.exc_type, args.exc_value, args.exc_traceback, name)

    sys.excepthook = hook
    threading.excepthook = thread_hook

    def restore() -> None:
        sys.excepthook = previous
        threading.excepthook = previous_thread_hook
        if reporter is not None:
            if reporter.dialog is not None:
                reporter.dialog.close()
            reporter.deleteLater()

    return restore


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def install_qt_message_handler() -> Callable[[], None]:
    """Send Qt's own messages to our log (then to the previous handler); return an undo."""
    previous: Callable[[QtMsgType, QMessageLogContext, str], object] | None = None

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        category = context.category or "qt"
        qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "%s: %s", category, message)
        if previous is not None:
            previous(mode, context, message)

    previous = qInstallMessageHandler(handler)

    def restore() -> None:
        qInstallMessageHandler(previous)

    return restore
