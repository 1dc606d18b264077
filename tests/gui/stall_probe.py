"""The stall measurement of :func:`watch_big_sync` in a process of its own.

``python -m tests.gui.stall_probe HOME CLUSTERS GUESTS CHANGESETS`` prints one JSON line. The
default suite runs it this way: inside a long pytest session the window would share its
process with everything earlier tests left behind (a heap several times the app's, their
threads), which is not what a user's window runs with.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path


class _Waiter:
    """The part of pytest-qt's ``qtbot`` that :func:`watch_big_sync` uses."""

    def waitUntil(self, condition: Callable[[], object], timeout: int = 5000) -> None:
        from pvesphere_desktop.ui.screenshot import wait_for

        if not wait_for(condition, timeout / 1000):
            raise TimeoutError(f"condition not met within {timeout} ms")


def main(argv: list[str]) -> int:
    home, clusters, guests, changesets = Path(argv[0]), int(argv[1]), int(argv[2]), int(argv[3])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from tests.gui.bigfleet import watch_big_sync

    app = QApplication([sys.argv[0]])
    watch = watch_big_sync(_Waiter(), home, clusters, guests, changesets)
    meter = watch.meter
    print(
        json.dumps(
            {
                "worst_stall_ms": meter.worst_stall_ms,
                "describe": meter.describe(),
                "guests": watch.guests,
                "resets_after_first_sync": watch.resets_after_first_sync,
                "window_rss_mb": watch.window_rss_mb,
                "sync_rss_mb": watch.sync_rss_mb,
            }
        )
    )
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
