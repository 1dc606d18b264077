"""The asyncio event loop on Qt's event loop: qasync, with timers that never fire early."""

from __future__ import annotations

import logging
import math
from typing import Any

import qasync
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
    """The application's asyncio loop (see :class:`_PreciseTimer` for the one change)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._timer = _PreciseTimer()
