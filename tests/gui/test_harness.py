"""The test harness itself: environment, qasync loop for async tests, leak guards that fail."""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, QTimer

from tests.fixtures.asyncio_qt import eventually
from tests.fixtures.leaks import QtLeakGuard, ThreadLeakGuard


def test_environment_is_headless_and_isolated() -> None:
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
    home = Path(os.environ["PVESPHERE_HOME"])
    assert not home.is_relative_to(Path.home()) or "pvesphere-tests-" in str(home)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
        assert "pvesphere-tests-" in os.environ[name]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        assert os.environ["QTWEBENGINE_DISABLE_SANDBOX"] == "1"
    else:
        assert "QTWEBENGINE_DISABLE_SANDBOX" not in os.environ


@pytest.mark.asyncio
async def test_async_tests_run_inside_qt(qapp) -> None:
    import qasync

    loop = asyncio.get_running_loop()
    assert isinstance(loop, qasync.QEventLoop)
    fired = []
    QTimer.singleShot(10, lambda: fired.append(True))  # a Qt timer, served by the same loop
    await eventually(lambda: fired, within=2)
    result = await loop.run_in_executor(None, lambda: threading.current_thread().name)
    assert result != threading.current_thread().name


@pytest.mark.asyncio(loop_factories=["asyncio"])
async def test_plain_asyncio_loop_on_request() -> None:
    import qasync

    assert not isinstance(asyncio.get_running_loop(), qasync.QEventLoop)


def test_thread_guard_reports_a_running_thread() -> None:
    guard = ThreadLeakGuard()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="leaky-worker")
    thread.start()
    try:
        assert guard.leaked(grace_s=0.05) == ["leaky-worker"]
    finally:
        stop.set()
        thread.join()
    assert guard.leaked() == []


def test_qt_guard_reports_timers_threads_and_single_shots(qapp, monkeypatch) -> None:
    guard = QtLeakGuard(monkeypatch)
    timer = QTimer()
    timer.setObjectName("refresh")
    timer.start(60_000)
    assert any("active QTimer refresh every 60000 ms" in p for p in guard.leaked())
    timer.stop()

    class Sleeper(QThread):
        def __init__(self) -> None:
            super().__init__()
            self.stop = threading.Event()

        def run(self) -> None:
            self.stop.wait(10)

    sleeper = Sleeper()
    sleeper.setObjectName("poller")
    sleeper.start()
    assert "running QThread poller" in guard.leaked()  # after waiting 2 s for it
    sleeper.stop.set()
    assert sleeper.wait(5000)

    guard = QtLeakGuard(monkeypatch)
    QTimer.singleShot(0, lambda: None)
    assert guard.leaked() == []  # a short single shot simply runs during the grace period
    owner = QObject()
    QTimer.singleShot(600_000, owner, lambda: None)
    assert any(p.startswith("QTimer.singleShot") for p in guard.leaked())
    owner.deleteLater()  # cancels the single shot (and satisfies this test's own guard)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert guard.leaked() == []


def test_qt_guard_forgets_single_shots_of_deleted_objects(qapp, monkeypatch) -> None:
    guard = QtLeakGuard(monkeypatch)
    owner = QObject()
    QTimer.singleShot(600_000, owner, lambda: None)
    owner.deleteLater()
    QCoreApplication.processEvents()
    assert guard.leaked() == []
