"""What the window tells the user, against the simulator with real sync: notes found by the
search as soon as they are saved, notifications that lead to their task, the node the app
talks to after a failover, chart ranges, and tasks without a log."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pvesphere_desktop.core.enums import GuestStatus
from pvesphere_desktop.ui.models import KEY_ROLE

pytestmark = pytest.mark.slow


def _shown_keys(window) -> set:
    return {window.proxy.index(r, 0).data(KEY_ROLE) for r in range(window.proxy.rowCount())}


def test_a_saved_note_is_searchable_at_once(demo_window, qtbot):
    window = demo_window
    guest = next(g for g in window.fleet.guests.values() if g.status is GuestStatus.RUNNING)
    other = next(g for g in window.fleet.guests.values() if g.key != guest.key)
    window.open_key(guest.key)
    pane = window.guest_pane
    pane.tabs.setCurrentIndex(5)  # Notes: loads the (empty) note first
    qtbot.waitUntil(lambda: window.workers.in_flight == 0, timeout=10_000)
    window.search.set_text("rack-b17")
    assert _shown_keys(window) == set()
    assert pane.key == guest.key  # the pane keeps the guest while the table is empty

    pane.notes_edit.setPlainText("Spare disk in rack-B17, ask Jo before rebooting.")
    qtbot.mouseClick(pane.notes_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _shown_keys(window) == {guest.key}, timeout=10_000)
    assert pane.notes_status.text() == "Saved."
    assert window.backend.note(guest.key).startswith("Spare disk")
    assert "1 of 48 guests" in window.scope_label.text()

    # A note saved for a guest the pane no longer shows still reaches the search.
    window.open_key(other.key)
    pane.tabs.setCurrentIndex(5)
    qtbot.waitUntil(lambda: window.workers.in_flight == 0, timeout=10_000)
    pane.notes_edit.setPlainText("also rack-b17")
    pane._save_notes()
    window.open_key(guest.key)
    window.show_all_guests()  # the guests may live on different nodes
    window.search.set_text("rack-b17")
    qtbot.waitUntil(lambda: _shown_keys(window) == {guest.key, other.key}, timeout=10_000)

    # Clearing the note takes the guest out of the results, again at once.
    window.open_key(other.key)
    pane.tabs.setCurrentIndex(5)
    qtbot.waitUntil(lambda: pane.notes_edit.toPlainText() == "also rack-b17", timeout=10_000)
    window.search.set_text("rack-b17")
    pane.notes_edit.clear()
    qtbot.mouseClick(pane.notes_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.notes_status.text() == "Saved.", timeout=10_000)
    window.show_all_guests()
    assert _shown_keys(window) == {guest.key}
    assert window.backend.note(other.key) == ""


def test_typing_before_the_stored_note_arrives_is_kept(demo_window, qtbot):
    window = demo_window
    guest = next(iter(window.fleet.guests.values()))
    window.backend.set_note(guest.key, "stored earlier")
    window.open_key(guest.key)
    pane = window.guest_pane
    pane.tabs.setCurrentIndex(5)  # asks a worker for the stored note
    # The answer comes back through the event loop, so it cannot arrive before these keys.
    qtbot.keyClicks(pane.notes_edit, "typed first")
    qtbot.waitUntil(lambda: window.workers.in_flight == 0, timeout=10_000)
    assert pane.notes_edit.toPlainText() == "typed first"
    # Untouched, the editor shows what is stored.
    other = next(g for g in window.fleet.guests.values() if g.key != guest.key)
    window.open_key(other.key)
    window.backend.set_note(guest.key, "stored later")
    window.open_key(guest.key)
    qtbot.waitUntil(lambda: pane.notes_edit.toPlainText() == "stored later", timeout=10_000)


def test_a_task_without_log_lines_shows_an_empty_state(demo_window, qtbot):
    window = demo_window
    name = sorted(window.fleet.clusters)[0]
    sim = window.test_demo.simulator[name]
    node = sorted(sim.model.nodes)[0]
    upid = sim.outside.finished_task(node, "aptupdate", log=[], duration=2)
    window.backend.refresh(name)  # a refresh also reads the cluster's tasks
    model = window.task_model
    qtbot.waitUntil(
        lambda: any(model.row_at(r).key == upid for r in range(model.rowCount())), timeout=20_000
    )
    dock = window.task_dock_widget
    dock.table.selectRow(next(r for r in range(model.rowCount()) if model.row_at(r).key == upid))
    qtbot.waitUntil(
        lambda: dock.log_view.placeholderText() == "This task has no log lines.", timeout=10_000
    )
    assert dock.log_view.toPlainText() == ""  # not PVE's "no content" placeholder line

    # A task with a log shows its lines (the same reading, through the pve layer).
    other = next(
        r for r in range(model.rowCount())
        if model.row_at(r).task is not None and model.row_at(r).key != upid
    )  # fmt: skip
    dock.table.selectRow(other)
    qtbot.waitUntil(lambda: "TASK" in dock.log_view.toPlainText(), timeout=10_000)


def _value_range_fits(chart) -> tuple[float, float]:
    """Assert the chart shows 0..max(every series) and return its value range."""
    import numpy as np

    top = max(float(np.nanmax(curve.getData()[1])) for curve in chart.curves)
    low, high = chart.plot.getViewBox().viewRange()[1]
    assert low == 0
    assert top <= high <= top * 1.1, (top, high)
    return low, high


def test_memory_charts_show_zero_to_the_total_in_a_short_pane(demo_window, qtbot, screenshot):
    from PySide6.QtCore import QPoint, QRect

    window = demo_window
    guest = next(
        g for g in window.fleet.guests.values()
        if g.status is GuestStatus.RUNNING and not g.template
    )  # fmt: skip
    window.open_key(guest.key)
    window.browser_splitter.setSizes([440, 340])  # a short detail pane
    pane = window.guest_pane
    qtbot.waitUntil(lambda: pane.charts.complete, timeout=5_000)  # built one per turn
    memory = pane.charts.charts[1]
    qtbot.waitUntil(lambda: memory.point_count > 0, timeout=10_000)
    assert memory.spec.series[1].key == "maxmem"
    # The whole chart, down to its zero line, is in the visible part of the (scrolling) pane.
    viewport = window._detail_pages[pane].viewport()
    assert viewport.height() < 320
    shown = QRect(memory.plot.mapTo(viewport, QPoint(0, 0)), memory.plot.size())
    assert viewport.rect().contains(shown), (viewport.rect(), shown)
    short = _value_range_fits(memory)
    screenshot(window, "guest-pane-short")
    # A taller pane gives the charts more room; the range stays about the data.
    height = memory.plot.height()
    window.browser_splitter.setSizes([200, 580])
    qtbot.waitUntil(lambda: memory.plot.height() > height, timeout=5_000)
    assert tuple(memory.plot.getViewBox().viewRange()[1]) == short

    node = next(iter(window.fleet.nodes))
    window.open_key(("node", node))
    qtbot.waitUntil(lambda: window.node_pane.charts.complete, timeout=5_000)
    node_memory = window.node_pane.charts.charts[1]
    qtbot.waitUntil(lambda: node_memory.point_count > 0, timeout=10_000)
    _value_range_fits(node_memory)


def test_failover_shows_which_node_the_app_talks_to(demo_window, qtbot, screenshot):
    import time

    from pvesphere_desktop.ui import format as fmt

    window = demo_window
    name = sorted(window.fleet.clusters)[1]

    def endpoint():
        return window.fleet.cluster_state(name).endpoint

    # The sync (a child process) reports the node it talks to with every cycle's status.
    qtbot.waitUntil(lambda: endpoint() is not None, timeout=10_000)
    assert not endpoint().failed_over
    entry = endpoint().entry_node
    assert entry  # learnt from /cluster/status during the first sync
    assert endpoint().node == entry
    badge = window.badges.badges[name]
    assert f"\nvia {entry}" in badge.toolTip()
    window.open_key(("cluster", name))
    pane = window.cluster_pane
    assert pane.grid.value("endpoint") == f"{entry} ({endpoint().entry_address})"

    # The node goes down between the pane's own requests, as a node does (the failover is
    # the sync's, not a race of requests to a node half way down).
    qtbot.waitUntil(lambda: window.workers.in_flight == 0, timeout=10_000)
    before = time.time()
    window.test_demo.simulator[name].node_down(entry)
    window.backend.refresh(name)
    qtbot.waitUntil(lambda: endpoint().failed_over, timeout=30_000)
    now = endpoint()
    assert now.entry_node == entry
    assert now.node not in (None, entry)
    assert before <= now.failed_over_at <= time.time()
    at = fmt.clock_text(now.failed_over_at)
    assert f"\nvia {now.node} — {entry} stopped answering at {at}" in badge.toolTip()
    assert pane.grid.value("endpoint") == (
        f"{now.node} ({now.address})\nFailed over: {entry} stopped answering at {at}"
    )
    screenshot(window, "cluster-pane-failover")


def _activate_another_window(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    qtbot.waitUntil(elsewhere.isActiveWindow, timeout=5_000)


def _finish_a_task_in_the_background(window, qtbot):
    """Start a stopped guest while another window is active; return its finished entry."""
    from pvesphere_desktop.core.enums import PowerAction
    from pvesphere_desktop.ui.main_window import K_NOTIFY_AFTER

    window._settings.set_value(K_NOTIFY_AFTER, 0)  # every task counts as long here
    _activate_another_window(qtbot)
    assert not window.isActiveWindow()
    guest = next(
        g for g in window.fleet.guests.values()
        if g.status is GuestStatus.STOPPED and not g.template and not g.lock
        and all(e.guest != g.key for e in window.tasks.entries)
    )  # fmt: skip
    window.open_key(guest.key)
    window.power_actions[PowerAction.START].trigger()
    entry = window.tasks.entries[0]
    assert entry.guest == guest.key
    qtbot.waitUntil(lambda: not entry.running, timeout=30_000)
    assert entry.lines
    assert window.notifier.sent[-1] == ("Task finished", entry.title)
    assert window.notifier.pending is entry
    # Meanwhile the dock shows something else.
    dock = window.task_dock_widget
    dock.tabs.setCurrentIndex(1)
    dock.table.clearSelection()
    return entry


def _dock_shows(window, entry) -> bool:
    dock = window.task_dock_widget
    current = dock.table.currentIndex()
    return (
        window.task_dock.isVisible()
        and dock.tabs.currentWidget() is dock.splitter
        and current.isValid()
        and dock.model.row_at(current.row()).entry is entry
        and entry.lines[0] in dock.log_view.toPlainText()
    )


# Offscreen windows cannot be raised; activating them works.
@pytest.mark.qt_log_ignore(r"^This plugin does not support raise\(\)$")
def test_clicking_a_task_notification_shows_the_task(demo_window, qtbot):
    window = demo_window
    entry = _finish_a_task_in_the_background(window, qtbot)
    window.task_dock.hide()
    # The platform reports the click through the tray icon's signal (offscreen has no tray,
    # so the test emits it as the platform plugin would).
    window.notifier.tray.messageClicked.emit()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.waitUntil(lambda: _dock_shows(window, entry), timeout=5_000)
    assert window.task_dock_widget.table.hasFocus()
    assert window.notifier.pending is None


def test_without_click_reports_returning_to_the_window_shows_the_task(demo_window, qtbot):
    window = demo_window
    assert not window.notifier.reports_clicks  # offscreen: no tray, as on some desktops
    entry = _finish_a_task_in_the_background(window, qtbot)
    assert not _dock_shows(window, entry)
    window.activateWindow()  # the user comes back (taskbar, window switcher)
    qtbot.waitUntil(lambda: _dock_shows(window, entry), timeout=5_000)
    assert window.notifier.pending is None
    # Later returns leave the dock alone.
    window.task_dock_widget.tabs.setCurrentIndex(1)
    _activate_another_window(qtbot)
    assert not window.isActiveWindow()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    assert window.task_dock_widget.tabs.currentIndex() == 1
