"""The Qt binding keeps Python's reference counts straight.

PySide6 6.12.0 released one reference to ``True`` per ``Signal.emit()``, to ``None`` per
``processEvents()`` and per ``QTimer.singleShot`` callback. On Python 3.11 these objects are
not immortal, so a few hundred signals later the interpreter aborted ("deallocating True").
pyproject.toml excludes that release; this test catches any binding that does it again.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer, Signal

ROUNDS = 300


class _Emitter(QObject):
    changed = Signal(object)
    ping = Signal()


def _refcounts() -> tuple[int, int, int]:
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def _assert_stable(before: tuple[int, int, int]) -> None:
    after = _refcounts()
    drift = [a - b for a, b in zip(after, before, strict=True)]
    # Unrelated code may take or drop a few references meanwhile; a leak of one per call
    # would show ROUNDS.
    assert all(d > -ROUNDS // 3 for d in drift), f"None/True/False lost references: {drift}"


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None/True/False are immortal")
def test_signal_emit_keeps_refcounts(qapp) -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.changed.connect(received.append)
    emitter.ping.connect(lambda: None)
    before = _refcounts()
    for number in range(ROUNDS):
        emitter.changed.emit(number)
        emitter.ping.emit()
    _assert_stable(before)
    assert received == list(range(ROUNDS))


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None/True/False are immortal")
def test_event_processing_and_single_shots_keep_refcounts(qapp, qtbot) -> None:
    fired: list[int] = []
    before = _refcounts()
    for number in range(ROUNDS):
        QTimer.singleShot(0, lambda number=number: fired.append(number))
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
    qtbot.waitUntil(lambda: len(fired) == ROUNDS, timeout=5000)
    _assert_stable(before)
