"""Uncaught errors end in the log and in one crash dialog with copyable, redacted details.

Nothing is patched: the dialog is non-modal by design (``open()``, no nested ``exec()``), so
the tests drive the real hooks, a real slot, a real thread and the real asyncio handler, and
then look at the dialog that appeared.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, Qt, Signal, qWarning
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from pvesphere_desktop import __version__
from pvesphere_desktop.ui.crash import (
    MAX_REPORTS_PER_DIALOG,
    CrashDialog,
    install_excepthook,
    install_qt_message_handler,
)


@pytest.fixture
def crash_hooks(qapp) -> Iterator[None]:
    """Install the application's hooks for one test, then restore pytest-qt's."""
    before = sys.excepthook, threading.excepthook
    restore = install_excepthook()
    yield
    restore()
    assert (sys.excepthook, threading.excepthook) == before


def _dialogs() -> list[CrashDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()
    ]


def _wait_for_dialog(qtbot) -> CrashDialog:
    qtbot.waitUntil(lambda: len(_dialogs()) == 1, timeout=3000)
    return _dialogs()[0]


class _Emitter(QObject):
    fire = Signal()


def test_exception_in_a_slot_is_logged_and_shown(crash_hooks, qtbot, caplog) -> None:
    secret = str(uuid.uuid4())
    emitter = _Emitter()

    def broken_slot() -> None:
        raise ValueError(f"cannot parse PVEAPIToken=root@pam!ci={secret}")

    emitter.fire.connect(broken_slot)
    with caplog.at_level(logging.CRITICAL, logger="pvesphere_desktop.ui.crash"):
        emitter.fire.emit()
    dialog = _wait_for_dialog(qtbot)
    details = dialog.details.toPlainText()
    assert "ValueError: cannot parse PVEAPIToken=root@pam!ci=***" in details
    assert "broken_slot" in details
    assert f"PveSphere Desktop {__version__}" in details
    assert "Thread: MainThread" in details
    assert secret not in details
    assert dialog.windowTitle() == "Unexpected error"
    assert dialog.windowModality() != Qt.WindowModality.ApplicationModal

    [record] = [r for r in caplog.records if r.message == "Uncaught exception"]
    assert record.exc_info is not None
    assert record.exc_info[0] is ValueError

    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == details
    dialog.close()
    qtbot.waitUntil(lambda: not _dialogs(), timeout=1000)


def test_later_errors_join_the_open_dialog(crash_hooks, qtbot) -> None:
    for number in range(MAX_REPORTS_PER_DIALOG + 5):
        try:
            raise KeyError(f"problem {number}")
        except KeyError:
            sys.excepthook(*sys.exc_info())
    dialog = _wait_for_dialog(qtbot)
    assert dialog.reports == MAX_REPORTS_PER_DIALOG
    text = dialog.details.toPlainText()
    assert "KeyError: 'problem 0'" in text
    assert f"KeyError: 'problem {MAX_REPORTS_PER_DIALOG - 1}'" in text
    assert f"'problem {MAX_REPORTS_PER_DIALOG}'" not in text  # only logged
    dialog.close()


def test_exception_in_a_worker_thread_reaches_the_gui_thread(crash_hooks, qtbot, caplog) -> None:
    def work() -> None:
        raise RuntimeError("worker failed")

    thread = threading.Thread(target=work, name="sync-pve1")
    thread.start()
    thread.join(timeout=5)
    dialog = _wait_for_dialog(qtbot)
    assert "Thread: sync-pve1" in dialog.details.toPlainText()
    assert "RuntimeError: worker failed" in dialog.details.toPlainText()
    assert dialog.thread() is QApplication.instance().thread()
    assert any(r.message == "Uncaught exception" for r in caplog.records)
    dialog.close()


def test_keyboard_interrupt_is_not_a_crash(qapp, monkeypatch) -> None:
    seen: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda *args: seen.append(args[0]))
    restore = install_excepthook()
    try:
        sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    finally:
        restore()
    assert seen == [KeyboardInterrupt]  # handed to the previous hook, Python's way to stop
    assert not _dialogs()


def test_unhandled_asyncio_task_error_opens_the_dialog(qapp, app_paths, qtbot) -> None:
    from pvesphere_desktop.ui.app import create_application

    app = create_application(app_paths, language_override="en", install_hook=True)
    try:
        exc = LookupError("task lost its guest")
        app.loop.call_exception_handler(
            {"message": "Task exception was never retrieved", "exception": exc}
        )
        dialog = _wait_for_dialog(qtbot)
        assert "LookupError: task lost its guest" in dialog.details.toPlainText()
        dialog.close()
        app.loop.call_exception_handler(
            {"message": "cancelled", "exception": asyncio.CancelledError()}
        )
        assert not _dialogs()
    finally:
        app.close()
    qtbot.waitUntil(lambda: not _dialogs(), timeout=1000)


@pytest.mark.qt_log_ignore("^pvesphere test message$")
def test_qt_messages_go_to_our_log(qapp, caplog) -> None:
    restore = install_qt_message_handler()
    try:
        with caplog.at_level(logging.WARNING, logger="pvesphere_desktop.qt"):
            qWarning("pvesphere test message")
    finally:
        restore()
    assert [r.getMessage() for r in caplog.records if r.name == "pvesphere_desktop.qt"] == [
        "default: pvesphere test message"
    ]
