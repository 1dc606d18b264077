"""The asyncio event loop on Qt's event loop: qasync, with timers that never fire early."""

from __future__ import annotations

import logging
import math
from typing import Any

import qasync
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


class _PreciseTimer(qasync._SimpleTimer):  # type: ignore[misc]
    """qasync's callback timer with Qt's precise timers and delays rounded up.

    qasync starts Qt's default coarse timers, which may fire up to 5 % early, and truncates
    the delay to whole milliseconds: ``await asyncio.sleep(0.3)`` could return after 285 ms.
    asyncio promises that a callback never runs before its time; timeouts and backoff rely
    on it.
    """

    def add_callback(self, handle: Any, delay: float = 0) -> Any:
        """Run ``handle`` once ``delay`` seconds have passed."""
        timer_id = self.startTimer(math.ceil(max(0.0, delay) * 1000), Qt.TimerType.PreciseTimer)
        self._SimpleTimer__callbacks[timer_id] = handle  # qasync's name-mangled table
        return handle


class AppEventLoop(qasync.QEventLoop):  # type: ignore[misc]
    """The application's asyncio loop: qasync with precise timers and a safe close.

    Changes to qasync: callbacks never run early (:class:`_PreciseTimer`), and :meth:`close`
    destroys the timer object at once, on this thread.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._timer = _PreciseTimer()

    def close(self) -> None:
        """Close the loop and drop the Qt timers of callbacks that never ran.

        qasync leaves pending timers registered on its timer object. If the garbage collector
        later frees that object from another thread (any thread may run a collection), Qt
        cannot unregister them there, and the next timer event in the GUI thread is delivered
        to freed memory (a crash in QTimerInfoList::activateTimers).
        """
        timer = self._timer
        super().close()
        if shiboken6.isValid(timer):
            for timer_id in list(timer._SimpleTimer__callbacks):
                timer.killTimer(timer_id)
            timer._SimpleTimer__callbacks.clear()
            shiboken6.delete(timer)
