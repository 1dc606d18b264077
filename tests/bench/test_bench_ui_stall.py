"""Benchmark: the event loop keeps turning while a 20,000-guest fleet syncs.

The same measurement as tests/gui/test_window_stall.py (target: no stall over 50 ms), run
longer and reported with its distribution for docs/benchmarks.md.
"""

from __future__ import annotations

import sys

import pytest

from tests.gui.bigfleet import watch_big_sync

pytestmark = [pytest.mark.bench, pytest.mark.slow]

CLUSTERS, GUESTS = 20, 1000


def test_no_stall_while_20000_guests_sync(qapp, qtbot, tmp_path, record_property):
    watch = watch_big_sync(qtbot, tmp_path / "home", CLUSTERS, GUESTS, regular_changesets=200)
    record_property("worst_stall_ms", round(watch.meter.worst_stall_ms, 1))
    record_property("window_rss_mb", round(watch.window_rss_mb))
    record_property("sync_rss_mb", round(watch.sync_rss_mb))
    print(
        f"\n{watch.meter.describe()}; peak RSS: window {watch.window_rss_mb:.0f} MB, "
        f"sync process {watch.sync_rss_mb:.0f} MB",
        file=sys.stderr,
    )
    assert watch.meter.worst_stall_ms <= 50.0
