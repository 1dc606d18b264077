"""Tasks the window started (followed live) and the fleet's recent tasks, in one model."""

from __future__ import annotations

import itertools
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from pvesphere_desktop.core.changeset import ChangeSet
from pvesphere_desktop.core.enums import PowerAction, TaskState
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP
from pvesphere_desktop.core.ids import GuestKey
from pvesphere_desktop.core.models import Guest, Task
from pvesphere_desktop.core.upid import parse_upid
from pvesphere_desktop.ui import format as fmt
from pvesphere_desktop.ui.fleet import TASKS, FleetState, guest_label
from pvesphere_desktop.ui.i18n import translate as tr_marked
from pvesphere_desktop.ui.models import KEY_ROLE, OBJECT_ROLE
from pvesphere_desktop.ui.theme import LIGHT_COLORS, Colors, dot_icon, task_state_color

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s?%")
_ids = itertools.count(1)

ACTION_TITLES = {
    PowerAction.START: QT_TRANSLATE_NOOP("Actions", "Start"),
    PowerAction.SHUTDOWN: QT_TRANSLATE_NOOP("Actions", "Shut down"),
    PowerAction.STOP: QT_TRANSLATE_NOOP("Actions", "Stop"),
    PowerAction.REBOOT: QT_TRANSLATE_NOOP("Actions", "Reboot"),
    PowerAction.RESET: QT_TRANSLATE_NOOP("Actions", "Reset"),
    PowerAction.SUSPEND: QT_TRANSLATE_NOOP("Actions", "Suspend"),
    PowerAction.RESUME: QT_TRANSLATE_NOOP("Actions", "Resume"),
}


def action_title(action: PowerAction) -> str:
    return tr_marked("Actions", ACTION_TITLES[action])


@dataclass(eq=False)
class TaskEntry:
    """A task this window started (or is starting), with its live log."""

    cluster: str
    title: str  # e.g. "Shut down web-101 (101)"
    guest: GuestKey | None = None
    action: PowerAction | None = None
    upid: str | None = None
    node: str = ""
    state: TaskState = TaskState.RUNNING
    message: str = ""  # PVE's exit status or our error message
    started: float = field(default_factory=time.time)
    ended: float | None = None
    progress: float | None = None  # 0..1 when the log reports a percentage
    lines: list[str] = field(default_factory=list)
    cancel: threading.Event = field(default_factory=threading.Event)
    id: int = field(default_factory=lambda: next(_ids))

    @property
    def running(self) -> bool:
        return self.state is TaskState.RUNNING


class TaskCenter(QObject):
    """Start and follow tasks through a runner callable; keep their entries.

    ``follow(entry, start)`` runs ``start()`` (returning a UPID) and then follows the task in
    a worker thread via ``follower(cluster, upid, on_log, cancel)``; progress and log lines
    come back to the GUI thread through queued signals.

    Signals:
        entry_added(object), entry_changed(object): a TaskEntry appeared or changed.
        log_line(object, str): a new log line of an entry.
        finished(object): an entry ended (OK, warnings or error).
    """

    entry_added = Signal(object)
    entry_changed = Signal(object)
    log_line = Signal(object, str)
    finished = Signal(object)
    _line = Signal(object, str)
    _update = Signal(object, object)

    MAX_ENTRIES = 300

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[TaskEntry] = []
        self._line.connect(self._on_line, Qt.ConnectionType.QueuedConnection)
        self._update.connect(self._on_update, Qt.ConnectionType.QueuedConnection)

    def add(self, entry: TaskEntry) -> TaskEntry:
        self.entries.insert(0, entry)
        del self.entries[self.MAX_ENTRIES :]
        self.entry_added.emit(entry)
        return entry

    def job(
        self,
        entry: TaskEntry,
        start: Callable[[], Any],
        follower: Callable[..., Any],
    ) -> Callable[[], Any]:
        """Return a blocking job (for a worker) that starts and follows ``entry``'s task."""

        def run() -> Any:
            upid = start()
            text = getattr(upid, "text", str(upid))
            self._update.emit(entry, {"upid": text, "node": getattr(upid, "node", "")})
            return follower(
                entry.cluster,
                upid,
                on_log=lambda line: self._line.emit(entry, line),
                cancel=entry.cancel,
            )

        return run

    def complete(self, entry: TaskEntry, result: Any) -> None:
        """Record a follow result (a pve TaskResult)."""
        entry.state = result.state
        entry.message = result.exitstatus
        entry.ended = time.time()
        entry.progress = 1.0 if result.ok else entry.progress
        self.entry_changed.emit(entry)
        self.finished.emit(entry)

    def fail(self, entry: TaskEntry, message: str) -> None:
        """Record that the task could not be started or followed."""
        entry.state = TaskState.ERROR
        entry.message = message
        entry.ended = time.time()
        self.entry_changed.emit(entry)
        self.finished.emit(entry)

    def _on_line(self, entry: TaskEntry, line: str) -> None:
        entry.lines.append(line)
        del entry.lines[:-5000]
        match = _PERCENT.search(line)
        if match:
            value = float(match.group(1))
            if 0 <= value <= 100:
                entry.progress = value / 100
        self.log_line.emit(entry, line)
        self.entry_changed.emit(entry)

    def _on_update(self, entry: TaskEntry, values: dict[str, Any]) -> None:
        for name, value in values.items():
            setattr(entry, name, value)
        self.entry_changed.emit(entry)


# QT_TRANSLATE_NOOP: PVE task types shown in the task list.
TASK_TYPES = {
    "qmstart": QT_TRANSLATE_NOOP("TaskModel", "VM start"),
    "qmstop": QT_TRANSLATE_NOOP("TaskModel", "VM stop"),
    "qmshutdown": QT_TRANSLATE_NOOP("TaskModel", "VM shutdown"),
    "qmreboot": QT_TRANSLATE_NOOP("TaskModel", "VM reboot"),
    "qmreset": QT_TRANSLATE_NOOP("TaskModel", "VM reset"),
    "qmsuspend": QT_TRANSLATE_NOOP("TaskModel", "VM suspend"),
    "qmresume": QT_TRANSLATE_NOOP("TaskModel", "VM resume"),
    "qmpause": QT_TRANSLATE_NOOP("TaskModel", "VM pause"),
    "qmclone": QT_TRANSLATE_NOOP("TaskModel", "VM clone"),
    "qmcreate": QT_TRANSLATE_NOOP("TaskModel", "VM create"),
    "qmdestroy": QT_TRANSLATE_NOOP("TaskModel", "VM destroy"),
    "qmmigrate": QT_TRANSLATE_NOOP("TaskModel", "VM migrate"),
    "qmsnapshot": QT_TRANSLATE_NOOP("TaskModel", "VM snapshot"),
    "qmrollback": QT_TRANSLATE_NOOP("TaskModel", "VM rollback"),
    "qmdelsnapshot": QT_TRANSLATE_NOOP("TaskModel", "VM delete snapshot"),
    "qmtemplate": QT_TRANSLATE_NOOP("TaskModel", "VM convert to template"),
    "qmmove": QT_TRANSLATE_NOOP("TaskModel", "VM move disk"),
    "qmresize": QT_TRANSLATE_NOOP("TaskModel", "VM resize disk"),
    "resize": QT_TRANSLATE_NOOP("TaskModel", "Resize disk"),
    "qmconfig": QT_TRANSLATE_NOOP("TaskModel", "VM configure"),
    "qmremotemigrate": QT_TRANSLATE_NOOP("TaskModel", "VM remote migrate"),
    "vzstart": QT_TRANSLATE_NOOP("TaskModel", "CT start"),
    "vzstop": QT_TRANSLATE_NOOP("TaskModel", "CT stop"),
    "vzshutdown": QT_TRANSLATE_NOOP("TaskModel", "CT shutdown"),
    "vzreboot": QT_TRANSLATE_NOOP("TaskModel", "CT reboot"),
    "vzsuspend": QT_TRANSLATE_NOOP("TaskModel", "CT suspend"),
    "vzresume": QT_TRANSLATE_NOOP("TaskModel", "CT resume"),
    "vzcreate": QT_TRANSLATE_NOOP("TaskModel", "CT create"),
    "vzclone": QT_TRANSLATE_NOOP("TaskModel", "CT clone"),
    "vzdestroy": QT_TRANSLATE_NOOP("TaskModel", "CT destroy"),
    "vzmigrate": QT_TRANSLATE_NOOP("TaskModel", "CT migrate"),
    "vzsnapshot": QT_TRANSLATE_NOOP("TaskModel", "CT snapshot"),
    "vzrollback": QT_TRANSLATE_NOOP("TaskModel", "CT rollback"),
    "vzdelsnapshot": QT_TRANSLATE_NOOP("TaskModel", "CT delete snapshot"),
    "vztemplate": QT_TRANSLATE_NOOP("TaskModel", "CT convert to template"),
    "vzmount": QT_TRANSLATE_NOOP("TaskModel", "CT mount"),
    "vzumount": QT_TRANSLATE_NOOP("TaskModel", "CT unmount"),
    "hamigrate": QT_TRANSLATE_NOOP("TaskModel", "HA migrate"),
    "harelocate": QT_TRANSLATE_NOOP("TaskModel", "HA relocate"),
    "hastart": QT_TRANSLATE_NOOP("TaskModel", "HA start"),
    "hastop": QT_TRANSLATE_NOOP("TaskModel", "HA stop"),
    "imgdel": QT_TRANSLATE_NOOP("TaskModel", "Erase data"),
    "imgcopy": QT_TRANSLATE_NOOP("TaskModel", "Copy data"),
    "download": QT_TRANSLATE_NOOP("TaskModel", "Download"),
    "startall": QT_TRANSLATE_NOOP("TaskModel", "Bulk start"),
    "stopall": QT_TRANSLATE_NOOP("TaskModel", "Bulk shutdown"),
    "migrateall": QT_TRANSLATE_NOOP("TaskModel", "Bulk migrate"),
    "spiceproxy": QT_TRANSLATE_NOOP("TaskModel", "SPICE console"),
    "spiceshell": QT_TRANSLATE_NOOP("TaskModel", "SPICE shell"),
    "vzdump": QT_TRANSLATE_NOOP("TaskModel", "Backup"),
    "vncproxy": QT_TRANSLATE_NOOP("TaskModel", "Console"),
    "termproxy": QT_TRANSLATE_NOOP("TaskModel", "Shell"),
    "vncshell": QT_TRANSLATE_NOOP("TaskModel", "Shell"),
    "aptupdate": QT_TRANSLATE_NOOP("TaskModel", "Update package database"),
    "srvreload": QT_TRANSLATE_NOOP("TaskModel", "Reload service"),
}

STATE_TITLES = {
    TaskState.RUNNING: QT_TRANSLATE_NOOP("TaskModel", "running"),
    TaskState.OK: QT_TRANSLATE_NOOP("TaskModel", "OK"),
    TaskState.WARNINGS: QT_TRANSLATE_NOOP("TaskModel", "warnings"),
    TaskState.ERROR: QT_TRANSLATE_NOOP("TaskModel", "error"),
}


@dataclass(frozen=True)
class TaskRow:
    """One row of the task list: ours (entry) or the fleet's (task)."""

    key: str
    started: float
    entry: TaskEntry | None = None
    task: Task | None = None


def _upid_user(upid: str) -> str:
    """The user a task of ours runs as (PVE puts it in the UPID), "" when it is not a UPID."""
    try:
        return parse_upid(upid).user
    except ValueError:
        return ""


class TaskTableModel(QAbstractTableModel):
    """Our tasks and the fleet's recent tasks, newest first, keyed by UPID (or entry id)."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("TaskModel", "Status"),
        QT_TRANSLATE_NOOP("TaskModel", "Task"),
        QT_TRANSLATE_NOOP("TaskModel", "Cluster"),
        QT_TRANSLATE_NOOP("TaskModel", "Node"),
        QT_TRANSLATE_NOOP("TaskModel", "User"),
        QT_TRANSLATE_NOOP("TaskModel", "Started"),
        QT_TRANSLATE_NOOP("TaskModel", "Duration"),
        QT_TRANSLATE_NOOP("TaskModel", "Progress"),
    )
    MAX_ROWS = 500

    def __init__(
        self, fleet: FleetState, center: TaskCenter, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._fleet = fleet
        self._center = center
        self._rows: list[TaskRow] = []
        self.colors: Colors = LIGHT_COLORS
        fleet.changeset_applied.connect(self._on_changeset)
        center.entry_added.connect(self._on_entry_added)
        center.entry_changed.connect(self._on_entry_changed)

    def _tr(self, text: str) -> str:
        return tr_marked("TaskModel", text)

    # -- API ------------------------------------------------------------------------------
    def row_at(self, row: int) -> TaskRow:
        return self._rows[row]

    def running_count(self) -> int:
        return sum(1 for r in self._rows if self._state(r) is TaskState.RUNNING)

    def load(self, tasks: list[Task]) -> None:
        """Show cached tasks (start-up)."""
        self.beginResetModel()
        self._rows = sorted(
            (TaskRow(t.upid, float(t.starttime), task=t) for t in tasks),
            key=lambda r: -r.started,
        )[: self.MAX_ROWS]
        self.endResetModel()

    # -- Qt -------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self._tr(self.COLUMNS[section])
        return None

    def _state(self, row: TaskRow) -> TaskState:
        if row.entry is not None:
            return row.entry.state
        assert row.task is not None
        return row.task.state

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        state = self._state(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col, state)
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return dot_icon(task_state_color(self.colors, state), hollow=state is TaskState.RUNNING)
        if role == Qt.ItemDataRole.ForegroundRole and col == 0 and state is TaskState.ERROR:
            return QColor(self.colors.bad)
        if role == Qt.ItemDataRole.ToolTipRole:
            message = row.entry.message if row.entry else (row.task.status if row.task else "")
            upid = row.entry.upid if row.entry else (row.task.upid if row.task else "")
            return "\n".join(x for x in (message, upid) if x)
        if role == KEY_ROLE:
            return row.key
        if role == OBJECT_ROLE:
            return row
        if role == Qt.ItemDataRole.UserRole + 30:  # progress 0..1 (or None)
            return row.entry.progress if row.entry else None
        return None

    def _display(self, row: TaskRow, col: int, state: TaskState) -> str:
        entry, task = row.entry, row.task
        if col == 0:
            text = self._tr(STATE_TITLES[state])
            if state is TaskState.ERROR:
                message = entry.message if entry else (task.status if task else "")
                if message:
                    text += f": {message}"
            return text
        if col == 1:
            if entry is not None:
                return entry.title
            assert task is not None
            kind = TASK_TYPES.get(task.type)
            title = self._tr(kind) if kind else task.type
            guest = self._guest_for(task)
            if guest is not None:
                return f"{title} {guest_label(guest)}"
            return f"{title} {task.id}".strip()
        if col == 2:
            return entry.cluster if entry else (task.cluster if task else "")
        if col == 3:
            return entry.node if entry else (task.node if task else "")
        if col == 4:
            if task is not None:
                return task.user
            return _upid_user(entry.upid) if entry is not None and entry.upid else ""
        if col == 5:
            return fmt.clock_text(row.started, seconds=True)
        if col == 6:
            end = entry.ended if entry else (task.endtime if task else None)
            if state is TaskState.RUNNING:
                end = time.time()
            return fmt.duration_text((end or row.started) - row.started)
        if col == 7:
            if entry is not None and entry.progress is not None:
                return fmt.percent_text(entry.progress)
            return ""
        return ""

    def _guest_for(self, task: Task) -> Guest | None:
        if task.id.isdigit():
            return self._fleet.guests.get(GuestKey(task.cluster, int(task.id)))
        return None

    # -- updates --------------------------------------------------------------------------
    def _insert(self, row: TaskRow) -> None:
        position = 0
        while position < len(self._rows) and self._rows[position].started > row.started:
            position += 1
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, row)
        self.endInsertRows()
        if len(self._rows) > self.MAX_ROWS:
            last = len(self._rows) - 1
            self.beginRemoveRows(QModelIndex(), last, last)
            self._rows.pop()
            self.endRemoveRows()

    def _find(self, key: str) -> int | None:
        for i, row in enumerate(self._rows):
            if row.key == key or (row.entry is not None and row.entry.upid == key):
                return i
        return None

    def _on_entry_added(self, entry: TaskEntry) -> None:
        self._insert(TaskRow(f"entry:{entry.id}", entry.started, entry=entry))

    def _on_entry_changed(self, entry: TaskEntry) -> None:
        row = self._find(f"entry:{entry.id}")
        if row is None:
            return
        if entry.upid:
            # The fleet may already list this task (from /cluster/tasks): ours wins.
            dup = next(
                (i for i, r in enumerate(self._rows) if r.task is not None and r.key == entry.upid),
                None,
            )
            if dup is not None:
                self.beginRemoveRows(QModelIndex(), dup, dup)
                self._rows.pop(dup)
                self.endRemoveRows()
                row = self._find(f"entry:{entry.id}")
                assert row is not None
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def _on_changeset(self, changeset: ChangeSet) -> None:
        changes = changeset.of(TASKS)
        for upid, task in {**changes.added, **changes.changed}.items():
            if not isinstance(task, Task):
                continue
            row = self._find(upid)
            if row is None:
                self._insert(TaskRow(upid, float(task.starttime), task=task))
            elif self._rows[row].task is not None:
                self._rows[row] = TaskRow(upid, self._rows[row].started, task=task)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def tick(self) -> None:
        """Repaint durations of running tasks."""
        for i, row in enumerate(self._rows):
            if self._state(row) is TaskState.RUNNING:
                self.dataChanged.emit(self.index(i, 6), self.index(i, 6))
