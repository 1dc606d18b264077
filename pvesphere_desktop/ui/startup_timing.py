"""Start-up timing of one launch, for the cold-start benchmark (not a user feature).

With ``PVESPHERE_STARTUP_TIMING`` set, ``pvesphere-desktop`` notes when each start-up phase
ends. Once the main window shows every cached guest in its guest table ("All guests", as
Ctrl+2 opens it) and has painted that table, it prints one JSON line to standard error and
quits. The value of the variable is the launcher's ``time.time()`` taken just before it
started the process, so the interpreter's own start counts; any other value counts from the
moment our entry point runs. (A cache that cannot be opened shows no guests: nothing is
reported then.)

Marks (seconds since that origin): ``main`` (entry point running), ``imports`` (Qt and the
window's modules imported), ``qapp`` (QApplication, settings, translations, event loop,
theme), ``backend`` (cache opened, its read started; secrets and sync come after the first
frame), ``window`` (main window built, style sheet set), ``shown``, ``first_frame`` (the
window's first paint), ``read_start``/``read_end`` (the cache read, in a thread while the
window is built), ``filled`` (models filled), ``painted`` (the populated table painted).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer

ENV = "PVESPHERE_STARTUP_TIMING"

# (phase, from mark, to mark): the report's breakdown of the total.
PHASES = (
    ("interpreter_imports", "origin", "imports"),
    ("qapp_theme", "imports", "qapp"),
    ("backend_open", "qapp", "backend"),
    ("window_build", "backend", "shown"),
    ("cache_read", "read_start", "read_end"),
    ("wait_for_read", "shown", "read_end"),
    ("model_fill", "read_end", "filled"),
    ("first_paint", "filled", "painted"),
)


class StartupTiming:
    """Marks on the ``time.perf_counter`` clock, reported relative to the launch."""

    def __init__(self, origin_epoch: float | None = None) -> None:
        now = time.perf_counter()
        if origin_epoch is None:
            self.origin = now
        else:
            # perf_counter has no defined epoch: translate the launcher's wall-clock time.
            self.origin = now - (time.time() - origin_epoch)
        self.marks: dict[str, float] = {"origin": self.origin}
        self.mark("main", now)
        self._window: Any = None
        self._quit: Any = None
        self._watch: _PaintWatch | None = None

    @classmethod
    def from_environment(cls) -> StartupTiming | None:
        """Return a timer when ``PVESPHERE_STARTUP_TIMING`` is set (else None)."""
        value = os.environ.get(ENV, "")
        if not value:
            return None
        try:
            origin: float | None = float(value)
        except ValueError:
            origin = None
        if origin is not None and not 0 <= time.time() - origin < 600:
            origin = None  # not a launch time ("1"): count from the entry point
        return cls(origin)

    def mark(self, name: str, at: float | None = None) -> None:
        """Note that phase ``name`` ended now (or at ``at``, a perf_counter value)."""
        self.marks.setdefault(name, time.perf_counter() if at is None else at)

    # -- the populated window -------------------------------------------------------------
    def watch(self, window: Any, quit_app: Any) -> None:
        """Finish when ``window`` shows the cached fleet; then call ``quit_app()``."""
        self._window = window
        self._quit = quit_app
        self._watch = _PaintWatch(self, window)

    def report(self) -> dict[str, Any]:
        """Return the figures of this launch (seconds, MB)."""
        marks = self.marks
        relative = {name: round(at - self.origin, 4) for name, at in marks.items()}
        phases = {
            name: round(marks[end] - marks[start], 4)
            for name, start, end in PHASES
            if start in marks and end in marks
        }
        window = self._window
        return {
            "startup": relative.get("painted"),
            "marks": relative,
            "phases": phases,
            "cpu_s": round(time.process_time(), 3),
            "gui_thread_cpu_s": round(_main_thread_cpu(), 3),
            "rss_mb": round(_peak_rss_mb(), 1),
            "guests": len(window.fleet.guests) if window is not None else None,
            "table_rows": window.proxy.rowCount() if window is not None else None,
        }

    def finish(self) -> None:
        """Print the report (one JSON line on stderr) and quit the application."""
        self.mark("painted")
        sys.stderr.write(json.dumps(self.report(), sort_keys=True) + "\n")
        sys.stderr.flush()
        if self._quit is not None:
            self._quit()


class _PaintWatch(QObject):
    """Notes the window's first paint, then waits for the populated guest table's paint."""

    def __init__(self, timing: StartupTiming, window: Any) -> None:
        super().__init__(window)
        self._timing = timing
        self._window = window
        self._populated = False
        self._done = False
        window.tree.viewport().installEventFilter(self)
        window.cache_shown.connect(self._cache_shown)

    def _cache_shown(self, load: Any) -> None:
        timing = self._timing
        timing.mark("read_start", load.read_started)
        timing.mark("read_end", load.read_finished)
        timing.mark("filled")
        # After the window restored the last selection (queued the same way): open the
        # guest table on every guest, as Ctrl+2 does, and wait for it to paint.
        QTimer.singleShot(0, self, self._show_guests)

    def _show_guests(self) -> None:
        window = self._window
        window.show_all_guests()
        self._populated = True
        window.table.viewport().installEventFilter(self)
        window.table.viewport().update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self._timing.mark("first_frame")
            window = self._window
            if self._populated and watched is window.table.viewport() and not self._done:
                self._done = True
                # Runs once this paint is finished and flushed.
                QTimer.singleShot(0, self, self._timing.finish)
        return False


def _peak_rss_mb() -> float:
    """Return this process's peak resident memory.

    Linux keeps ``ru_maxrss`` across ``exec``: a program started by a large process (the
    test runner) would report that process's size. The new image's own peak is ``VmHWM``.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _main_thread_cpu() -> float:
    if threading.current_thread() is threading.main_thread():
        return time.thread_time()
    return float("nan")


__all__ = ["ENV", "PHASES", "StartupTiming"]
