"""Keep Python's cyclic garbage collector from freezing the window.

A full collection visits every tracked object: with 20,000 guests in the models (guests,
keys, tree items, sort keys) that is over 400,000 objects and 120-250 ms during which no
thread runs Python, the GUI thread included. Almost all of those objects live as long as the
window and are freed by reference counting when replaced, never by the cycle collector.

So the window *freezes* what exists at quiet moments (:func:`gc.freeze`: moved out of the
collector's sight, still freed by reference counting), and collections only visit what was
created since. The price: a reference cycle that was alive at a freeze and dies later is only
found by a *sweep* (unfreeze, collect everything, freeze again), which takes the full time.
Sweeps run when the window is in the background, or at least once an hour.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication

log = logging.getLogger(__name__)


class CollectorPolicy(QObject):
    """Freeze long-lived objects at quiet moments; sweep when nobody is looking.

    Call :meth:`settle` after a large load and :meth:`quiet` whenever the window has applied
    what was queued (rate-limited to one freeze per ``freeze_every_s``). :meth:`stop` hands
    everything back to the collector.
    """

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        freeze_every_s: float = 0.25,
        sweep_every_s: float = 600.0,
        force_sweep_s: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.freeze_every_s = freeze_every_s
        self.sweep_every_s = sweep_every_s
        self.force_sweep_s = force_sweep_s
        self._last_freeze = float("-inf")
        self._last_sweep = clock()
        self.active = True
        self.sweeps = 0
        self._sweep_timer = QTimer(self)
        self._sweep_timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._sweep_timer.setInterval(60_000)
        self._sweep_timer.timeout.connect(self.maybe_sweep)
        self._sweep_timer.start()

    def settle(self) -> None:
        """Collect the young generations, then freeze everything that survived."""
        if not self.active:
            return
        if gc.isenabled():  # paused for start-up: everything there is is long-lived
            gc.collect(1)  # young cycles die now instead of being frozen
        gc.freeze()
        self._last_freeze = self._clock()

    def quiet(self) -> None:
        """The window caught up with the sync: freeze, unless that was done a moment ago."""
        if self._clock() - self._last_freeze >= self.freeze_every_s:
            self.settle()

    def maybe_sweep(self) -> bool:
        """Sweep when due and the window is in the background (or when long overdue)."""
        if not self.active:
            return False
        waited = self._clock() - self._last_sweep
        app = QGuiApplication.instance()
        background = (
            isinstance(app, QGuiApplication)
            and app.applicationState() != Qt.ApplicationState.ApplicationActive
        )
        if waited >= self.force_sweep_s or (waited >= self.sweep_every_s and background):
            self.sweep()
            return True
        return False

    def sweep(self) -> int:
        """Collect everything (frozen objects included); return how many objects were freed."""
        started = time.perf_counter()
        gc.unfreeze()
        freed = gc.collect()
        gc.freeze()
        self.sweeps += 1
        self._last_sweep = self._last_freeze = self._clock()
        log.debug(
            "garbage sweep: %d objects freed in %.0f ms",
            freed, (time.perf_counter() - started) * 1000,
        )  # fmt: skip
        return freed

    def stop(self) -> None:
        """Stop freezing and hand every frozen object back to the collector."""
        self.active = False
        self._sweep_timer.stop()
        gc.unfreeze()
