"""The window against the simulator with real sync: navigation, search, panes, actions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pvesphere_desktop.core.enums import GuestStatus, GuestType, PowerAction, TaskState
from pvesphere_desktop.core.ids import NodeKey
from pvesphere_desktop.ui.main_window import PAGE_BROWSER, PAGE_DASHBOARD
from pvesphere_desktop.ui.models import KEY_ROLE

pytestmark = pytest.mark.slow


def test_first_sync_fills_tree_table_and_dashboard(demo_window, qtbot):
    window = demo_window
    fleet = window.fleet
    assert len(fleet.clusters) == 3
    assert len(fleet.guests) == 48
    assert window.content.currentIndex() == PAGE_DASHBOARD
    running = sum(1 for g in fleet.guests.values() if g.status is GuestStatus.RUNNING)
    qtbot.waitUntil(lambda: window.dashboard.guests_card.number.text() == "48", timeout=5000)
    assert f"{running} running" in window.dashboard.guests_card.caption.text()
    assert window.dashboard.cluster_table.rowCount() == 3
    # The tree lists every cluster with its nodes.
    fleet_index = window.tree_model.fleet_index()
    assert window.tree_model.rowCount(fleet_index) == 3
    # All guests: the table shows every guest.
    window.show_all_guests()
    assert window.proxy.rowCount() == 48
    assert all(badge.text() for badge in window.badges.badges.values())


def test_search_filters_and_reports_errors(demo_window, qtbot):
    window = demo_window
    window.show_all_guests()
    window.search.set_text("status:running")
    running = {k for k, g in window.fleet.guests.items() if g.status is GuestStatus.RUNNING}
    shown = {window.proxy.index(r, 0).data(KEY_ROLE) for r in range(window.proxy.rowCount())}
    assert shown == running
    window.search.set_text("web status:sleeping")
    assert window.search.error.isVisible()
    assert window.search.error.text().startswith("Column 5:")
    assert "web ▸status:sleeping" in window.search.error.text()
    # The last valid filter stays while the query is malformed.
    assert window.proxy.rowCount() == len(running)
    window.search.set_text("")
    assert not window.search.error.isVisible()
    assert window.proxy.rowCount() == 48


def test_node_selection_scopes_the_table_and_shows_the_node(demo_window, qtbot):
    window = demo_window
    key = next(iter(window.fleet.nodes))
    window.open_key(("node", key))
    assert window.content.currentIndex() == PAGE_BROWSER
    assert window._detail_is(window.node_pane)
    members = {k for k, g in window.fleet.guests.items() if NodeKey(g.cluster, g.node) == key}
    shown = {window.proxy.index(r, 0).data(KEY_ROLE) for r in range(window.proxy.rowCount())}
    assert shown == members
    qtbot.waitUntil(
        lambda: window.node_pane.grid.value("pve").startswith("pve-manager"), timeout=10_000
    )
    qtbot.waitUntil(lambda: window.node_pane.charts.charts[0].point_count > 0, timeout=10_000)


def test_guest_pane_loads_charts_config_and_snapshots(demo_window, qtbot):
    window = demo_window
    guest = next(
        g for g in window.fleet.guests.values()
        if g.status is GuestStatus.RUNNING and g.type is GuestType.QEMU and not g.template
    )  # fmt: skip
    window.open_key(guest.key)
    pane = window.guest_pane
    assert window._detail_is(pane)
    assert pane.title.text() == guest.name
    qtbot.waitUntil(lambda: pane.charts.charts[0].point_count > 0, timeout=10_000)
    for chart in pane.charts.charts:
        assert chart.point_count <= 1500
    pane.charts.timeframe.setCurrentIndex(1)  # day
    qtbot.waitUntil(lambda: pane.charts.charts[0].point_count > 0, timeout=10_000)
    pane.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: pane.config_table.rowCount() > 3, timeout=10_000)
    keys = {pane.config_table.item(r, 0).text() for r in range(pane.config_table.rowCount())}
    assert "memory" in keys
    pane.tabs.setCurrentIndex(4)
    qtbot.waitUntil(lambda: pane.task_table.rowCount() > 0, timeout=10_000)
    # In the task dock's words: "VM start", not PVE's "qmstart"; a duration; a state.
    rows = [
        [pane.task_table.item(r, c).text() for c in range(5)]
        for r in range(pane.task_table.rowCount())
    ]
    assert all(not row[1].startswith(("qm", "vz")) for row in rows), rows
    assert all(row[4].split(":")[0] in {"OK", "warnings", "error", "running"} for row in rows)
    assert all(row[3] for row in rows)


def test_start_a_stopped_guest_from_the_toolbar_action(demo_window, qtbot):
    window = demo_window
    guest = next(
        g for g in window.fleet.guests.values()
        if g.status is GuestStatus.STOPPED and not g.template and not g.lock
    )  # fmt: skip
    window.open_key(guest.key)
    start = window.power_actions[PowerAction.START]
    assert start.isEnabled()
    assert not window.power_actions[PowerAction.SHUTDOWN].isEnabled()
    start.trigger()
    entry = window.tasks.entries[0]
    assert entry.guest == guest.key
    qtbot.waitUntil(lambda: not entry.running, timeout=30_000)
    assert entry.state is TaskState.OK, entry.message
    assert entry.upid
    assert entry.lines  # streamed from the task log while it ran
    qtbot.waitUntil(
        lambda: window.fleet.guests[guest.key].status is GuestStatus.RUNNING, timeout=20_000
    )
    row = window.proxy.row_of(guest.key)
    assert window.proxy.index(row, 0).data(Qt.ItemDataRole.DisplayRole) == "running"


def test_bulk_shutdown_reports_each_guest(demo_window, qtbot):
    window = demo_window
    window.show_all_guests()
    window.search.set_text("status:running type:lxc")
    count = min(3, window.proxy.rowCount())
    assert count >= 2
    selection = window.table.selectionModel()
    for row in range(count):
        selection.select(
            window.proxy.index(row, 0),
            selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
        )
    locked = {
        window.proxy.index(r, 0).data(KEY_ROLE): window.proxy.guest_at(r).lock for r in range(count)
    }
    asked = []
    window.runner.confirm = lambda action, guests, skipped, parent: asked.append(guests) or True
    window.power_actions[PowerAction.SHUTDOWN].trigger()
    assert len(asked[0]) == count
    dialog = window.runner.result_dialogs[0]
    entries = window.tasks.entries[:count]
    qtbot.waitUntil(lambda: all(not e.running for e in entries), timeout=30_000)
    assert "finished" in dialog.summary.text()
    for row, entry in enumerate(entries[::-1]):
        text = dialog.result_text(row)
        if locked.get(entry.guest):
            # PVE refuses a locked guest: that guest's row says why, the others go on.
            assert text.startswith("failed:"), text
            assert "locked" in text, text
        else:
            assert text == "OK" or "WARNINGS" in text, text
    dialog.close()


def test_palette_jumps_to_a_guest_by_vmid(demo_window, qtbot):
    window = demo_window
    guest = next(iter(window.fleet.guests.values()))
    window.show_palette()
    palette = window.palette_dialog
    qtbot.keyClicks(palette.input, f"{guest.vmid} {guest.cluster}")
    assert palette.list.count() >= 1
    qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    assert window.guest_pane.key == guest.key


def test_palette_names_commands_with_their_submenu_and_shows_icons(demo_window, qtbot):
    window = demo_window
    window.show_palette()
    palette = window.palette_dialog
    entries = {entry.title: entry for entry in palette.entries()}
    # A submenu's command says what it belongs to; a menu bar menu's command needs nothing.
    assert "Theme: Dark" in entries
    assert "Dark" not in entries
    assert "Add cluster…" in entries
    assert entries["Add cluster…"].detail == "Ctrl+Shift+N"
    assert all(entry.icon is not None for entry in palette.entries())
    qtbot.keyClicks(palette.input, "dark theme")
    first = palette.list.item(0).data(Qt.ItemDataRole.UserRole)
    assert first.title == "Theme: Dark"
    qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    assert window._settings.theme == "dark"
    assert palette.isHidden()


def test_unreachable_cluster_is_greyed_with_age(demo_window, qtbot):
    window = demo_window
    name = sorted(window.fleet.clusters)[0]
    window.test_demo.simulator[name].unreachable("refused")
    window.refresh_now()
    window.backend.refresh(name)
    qtbot.waitUntil(lambda: window.fleet.is_stale(name), timeout=30_000)
    guest = next(g for g in window.fleet.guests.values() if g.cluster == name)
    source = window.guest_model
    row = source.row_of(guest.key)
    assert "seen" in source.index(row, 0).data()
    assert source.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "·" in window.badges.badges[name].text()
    # Actions are off for a cluster we cannot reach; the other clusters are untouched.
    window.open_key(guest.key)
    assert not any(a.isEnabled() for a in window.power_actions.values())
    window.test_demo.simulator[name].reachable()
    window.backend.refresh(name)
    qtbot.waitUntil(lambda: not window.fleet.is_stale(name), timeout=40_000)
    assert "seen" not in source.index(row, 0).data()


def test_changed_certificate_offers_old_and_new_fingerprints(demo_window, qtbot):
    window = demo_window
    name = sorted(window.fleet.clusters)[1]
    sim = window.test_demo.simulator[name]
    for node in list(sim.model.nodes):
        sim.change_certificate(node)
    # A cycle racing the rotation can first see dropped connections (unreachable, then
    # backoff); a user's refresh skips the backoff, as "Refresh now" does.
    for _attempt in range(12):
        window.backend.refresh(name)
        try:
            qtbot.waitUntil(
                lambda: window.fleet.cluster_state(name).health.value == "tls_changed",
                timeout=5_000,
            )
            break
        except qtbot.TimeoutError:
            continue
    assert window.fleet.cluster_state(name).health.value == "tls_changed"
    assert window.info_bar.isVisible()
    window.review_certificate(name)
    qtbot.waitUntil(
        lambda: window.findChild(object, "certificateChangedDialog") is not None, timeout=10_000
    )
    dialog = window.findChild(object, "certificateChangedDialog")
    config = window.backend.cluster_config(name)
    assert any(fp in dialog.old_label.text() for fp in config.fingerprints.values())
    assert dialog.presented.fingerprint in dialog.new_label.text()
    assert dialog.presented.fingerprint not in config.fingerprints.values()
    dialog.close()


def test_stop_a_running_task_from_the_dock(demo_window, qtbot):
    window = demo_window
    guest = next(
        g for g in window.fleet.guests.values()
        if g.status is GuestStatus.STOPPED and not g.template and not g.lock
    )  # fmt: skip
    sim = window.test_demo.simulator[guest.cluster]
    sim.hold_tasks()
    try:
        window.open_key(guest.key)
        window.power_actions[PowerAction.START].trigger()
        entry = window.tasks.entries[0]
        qtbot.waitUntil(lambda: entry.upid is not None, timeout=15_000)
        dock = window.task_dock_widget
        dock.select_entry(entry)
        assert dock.stop_button.isEnabled()
        dock.stop_button.click()
        qtbot.waitUntil(lambda: not entry.running, timeout=30_000)
        assert entry.state is TaskState.ERROR
        assert "interrupted" in entry.message
    finally:
        sim.release_tasks()


def test_edit_dialog_removes_a_cluster(demo_window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    window = demo_window
    name = sorted(window.fleet.clusters)[2]
    dialog = window.edit_cluster(name)
    assert dialog is not None
    assert dialog.name_edit.text() == name
    assert "Pinned" in dialog.cert_label.text()
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    with qtbot.waitSignal(dialog.removed, timeout=10_000):
        dialog._remove()
    assert name not in window.fleet.clusters
    assert window.backend.registry.find(name) is None
    assert not any(k.cluster == name for k in window.fleet.guests)
