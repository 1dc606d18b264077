"""Simulated time: the wall clock the fleet reports and the pace at which tasks run."""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger(__name__)


class SimClock:
    """Wall clock with an adjustable offset, plus the task time-scale.

    ``time_scale`` is real seconds per simulated second of task work: 0 finishes tasks at once
    (tests), 1.0 runs them at PVE-like speed (demo), 0.1 ten times faster.
    """

    def __init__(self, time_scale: float = 0.0, start_offset: float = 0.0) -> None:
        if time_scale < 0:
            raise ValueError("time_scale must be >= 0")
        self.time_scale = time_scale
        self._offset = start_offset
        self._lock = threading.Lock()

    def now(self) -> float:
        """Return the simulated epoch time in seconds."""
        return time.time() + self._offset

    def shift(self, seconds: float) -> None:
        """Move the simulated wall clock forward (or back), e.g. to expire tickets."""
        with self._lock:
            self._offset += seconds

    @property
    def offset(self) -> float:
        return self._offset

    def real_delay(self, sim_seconds: float) -> float:
        """Convert a simulated duration to the real delay to wait."""
        return max(0.0, sim_seconds * self.time_scale)
