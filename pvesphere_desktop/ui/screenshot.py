"""``--screenshot PATH``: wait for the first complete sync, render the window, save a PNG."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

log = logging.getLogger(__name__)

SIZE = (1440, 900)


def wait_for(condition: Any, timeout: float) -> bool:
    """Process events until ``condition()`` is true or ``timeout`` seconds passed."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            return False
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    return True


def settle(seconds: float = 0.6) -> None:
    """Let pending layouts, timers and worker results land before grabbing."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def save_window(window: Any, path: str | Path) -> Path:
    """Render ``window`` at 1440x900 into ``path`` (PNG)."""
    target = Path(path).expanduser().resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    window.resize(*SIZE)
    settle(0.3)
    if not window.grab().save(str(target), "PNG"):
        raise OSError(f"could not write {target}")
    return target


def run_screenshot(app: Any, path: str, timeout: float = 90.0) -> int:
    """Show the window offscreen, wait for the first complete sync, save it; exit status."""
    window = app.window
    window.resize(*SIZE)
    window.show()
    window.start()
    if not wait_for(lambda: window.first_sync_done, timeout):
        log.error("the first sync did not complete within %.0f s", timeout)
        print(f"screenshot: the first sync did not complete within {timeout:.0f} s")  # noqa: T201
        return 1
    settle(1.0)
    target = save_window(window, path)
    print(f"screenshot: saved {target}")  # noqa: T201
    return 0
