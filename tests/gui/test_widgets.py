"""Search completion, theme switching and notifications (no fleet needed)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtGui import QPalette

from pvesphere_desktop.core.enums import TaskState
from pvesphere_desktop.ui.tasks import TaskCenter, TaskEntry
from pvesphere_desktop.ui.theme import DARK, LIGHT, ThemeManager, symbol
from pvesphere_desktop.ui.views.search import SearchBar


def test_search_completes_qualifiers_and_known_values(qtbot):
    bar = SearchBar()
    qtbot.addWidget(bar)
    bar.set_known_values(["alpha", "beta"], ["pve1", "pve2"], ["prod", "test"], ["ops"])
    bar.edit.setText("ta")
    model = bar.completer.model()
    assert "tag:" in [model.index(r, 0).data() for r in range(model.rowCount())]
    bar.edit.setText("web tag:p")
    values = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert values == ["tag:prod"]
    bar._insert_completion("tag:prod")
    assert bar.edit.text() == "web tag:prod "
    bar.edit.setText("-node:")
    values = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert values == ["-node:pve1", "-node:pve2"]


def test_search_emits_predicates_and_keeps_errors_visible(qtbot):
    bar = SearchBar()
    qtbot.addWidget(bar)
    bar.show()
    got = []
    bar.predicate_changed.connect(got.append)
    bar.set_text("status:running")
    assert callable(got[-1])
    bar.set_text("cpu>lots")
    assert bar.error.isVisible()
    assert bar.edit.property("invalid") is True
    assert len(got) == 1  # no new predicate for a malformed query
    bar.set_text("")
    assert got[-1] is None
    assert not bar.error.isVisible()


def test_theme_override_and_colours(qapp):
    manager = ThemeManager(qapp, LIGHT)
    light = qapp.palette().color(QPalette.ColorRole.Window).lightness()
    manager.set_choice(DARK)
    dark = qapp.palette().color(QPalette.ColorRole.Window).lightness()
    assert manager.colors.dark
    assert dark < 80 < light
    manager.set_choice("system")
    assert manager.choice == "system"
    assert not symbol("mdi6.play", manager.colors.text).isNull()


def test_the_style_sheet_can_come_after_the_window_is_built(qapp):
    # What the composition root does: a window built without the sheet, styled afterwards.
    qapp.setStyleSheet("")
    manager = ThemeManager(qapp, DARK, stylesheet_later=True)
    assert qapp.styleSheet() == ""
    assert manager.colors.dark  # the palette and colours are there already
    manager.install_stylesheet()
    sheet = qapp.styleSheet()
    assert manager.colors.card in sheet
    manager.install_stylesheet()  # once
    assert qapp.styleSheet() == sheet
    manager.set_choice(LIGHT)  # a later change applies the sheet as always
    assert qapp.styleSheet() not in ("", sheet)


def test_long_task_in_the_background_sends_a_notification(desktop_app, qtbot):
    window = desktop_app.window
    window.show()
    entry = TaskEntry(cluster="c", title="Start web (101)")
    entry.started = time.time() - 60
    window.tasks.add(entry)
    window.tasks.fail(entry, "VM is locked (backup)")
    assert entry.state is TaskState.ERROR
    # The offscreen window is never the active one: the user is told.
    assert window.notifier.sent[-1] == ("Task failed", "Start web (101): VM is locked (backup)")
    short = TaskEntry(cluster="c", title="Start db (102)")
    window.tasks.add(short)
    window.tasks.fail(short, "no")
    assert window.notifier.sent[-1][1].startswith("Start web")


def test_task_rows_show_who_runs_them_and_a_compact_start(qapp) -> None:
    from pvesphere_desktop.ui.fleet import FleetState
    from pvesphere_desktop.ui.tasks import TaskTableModel

    fleet = FleetState()
    center = TaskCenter()
    model = TaskTableModel(fleet, center)
    now = time.time()
    ours = TaskEntry(
        cluster="c", title="Start db (102)", started=now,
        upid="UPID:pve1:00001234:00ABCDEF:65000000:qmstart:102:ops@pve!desk:",
    )  # fmt: skip
    center.add(ours)
    center.add(TaskEntry(cluster="c", title="Start web (101)", started=now - 3 * 86_400))
    assert model.rowCount() == 2
    # Ours run as the cluster's login, which PVE writes into the UPID.
    assert model.index(0, 4).data() == "ops@pve!desk"
    assert model.index(1, 4).data() == ""  # no UPID yet: nobody to name
    # Today's tasks show the time with seconds, older ones the date instead.
    assert model.index(0, 5).data() == time.strftime("%H:%M:%S", time.localtime(now))
    assert model.index(1, 5).data() == time.strftime(
        "%Y-%m-%d %H:%M", time.localtime(now - 3 * 86_400)
    )
    model.deleteLater()
    center.deleteLater()
    fleet.deleteLater()


def test_every_task_the_simulated_pve_runs_has_a_name() -> None:
    from pvesphere_desktop.simulator.tasks import DURATIONS
    from pvesphere_desktop.ui.tasks import TASK_TYPES

    assert sorted(set(DURATIONS) - set(TASK_TYPES)) == []


@pytest.mark.parametrize("line", ["transferred 1.0 GiB of 4.0 GiB (25.00%)", "progress 25%"])
def test_progress_is_read_from_the_task_log(qapp, qtbot, line):
    center = TaskCenter()
    entry = center.add(TaskEntry(cluster="c", title="Backup"))
    center._line.emit(entry, line)
    qtbot.waitUntil(lambda: entry.progress is not None, timeout=2000)
    assert entry.progress == pytest.approx(0.25)
    center.deleteLater()
