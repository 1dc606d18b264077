"""Guest lifecycle actions: what PVE allows per state and type, confirmations, bulk results."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pvesphere_desktop.core.enums import GuestStatus, GuestType, PowerAction, TaskState
from pvesphere_desktop.core.errors import PveSphereError
from pvesphere_desktop.core.models import Guest
from pvesphere_desktop.ui.fleet import FleetState, guest_label, status_text
from pvesphere_desktop.ui.i18n import translate
from pvesphere_desktop.ui.tasks import TaskCenter, TaskEntry, action_title
from pvesphere_desktop.ui.theme import dot_icon, symbol, task_state_color
from pvesphere_desktop.ui.workers import WorkerPool

log = logging.getLogger(__name__)

ORDER = (
    PowerAction.START,
    PowerAction.SHUTDOWN,
    PowerAction.REBOOT,
    PowerAction.STOP,
    PowerAction.RESET,
    PowerAction.SUSPEND,
    PowerAction.RESUME,
)
SHORTCUTS = {
    PowerAction.START: "Ctrl+Shift+S",
    PowerAction.SHUTDOWN: "Ctrl+Shift+D",
    PowerAction.REBOOT: "Ctrl+Shift+R",
    PowerAction.STOP: "Ctrl+Shift+X",
    PowerAction.RESET: "Ctrl+Shift+T",
    PowerAction.SUSPEND: "Ctrl+Shift+P",
    PowerAction.RESUME: "Ctrl+Shift+U",
}
ICONS = {
    PowerAction.START: "mdi6.play",
    PowerAction.SHUTDOWN: "mdi6.power",
    PowerAction.REBOOT: "mdi6.restart",
    PowerAction.STOP: "mdi6.stop",
    PowerAction.RESET: "mdi6.backup-restore",
    PowerAction.SUSPEND: "mdi6.pause",
    PowerAction.RESUME: "mdi6.play-pause",
}
# Actions that interrupt a running service or lose unsaved state: always confirmed.
DISRUPTIVE = frozenset(
    {PowerAction.SHUTDOWN, PowerAction.STOP, PowerAction.REBOOT, PowerAction.RESET,
     PowerAction.SUSPEND}
)  # fmt: skip
# Hard actions: the guest's OS gets no chance to shut down cleanly.
HARD = frozenset({PowerAction.STOP, PowerAction.RESET})


def allowed_actions(guest: Guest) -> frozenset[PowerAction]:
    """Return the power actions PVE accepts for this guest's type and state."""
    if guest.template:
        return frozenset()
    status = guest.status
    if status is GuestStatus.RUNNING:
        actions = {
            PowerAction.SHUTDOWN,
            PowerAction.STOP,
            PowerAction.REBOOT,
            PowerAction.SUSPEND,
            PowerAction.RESET,
        }
    elif status is GuestStatus.PAUSED:
        actions = {PowerAction.RESUME, PowerAction.STOP}
    elif status is GuestStatus.SUSPENDED:
        # A hibernated VM resumes by starting; a suspended container by resuming.
        actions = {PowerAction.START} if guest.type is GuestType.QEMU else {PowerAction.RESUME}
        actions.add(PowerAction.STOP)
    elif status is GuestStatus.STOPPED:
        actions = {PowerAction.START}
    else:
        actions = set()
    if guest.type is GuestType.LXC:
        actions.discard(PowerAction.RESET)  # pve-container has no reset
    return frozenset(actions)


class ConfirmDialog(QDialog):
    """Ask before an action, listing every guest it will touch (and those it skips)."""

    def __init__(
        self,
        action: PowerAction,
        guests: Sequence[Guest],
        skipped: Sequence[Guest],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("confirmActionDialog")
        title = action_title(action)
        self.setWindowTitle(self.tr("{action} guests").format(action=title))
        layout = QVBoxLayout(self)
        count = len(guests)
        if count == 1:
            text = self.tr("{action} {guest}?").format(action=title, guest=guest_label(guests[0]))
        else:
            text = self.tr("{action} these {count} guests?").format(action=title, count=count)
        heading = QLabel(text, self)
        heading.setObjectName("confirmHeading")
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        layout.addWidget(heading)
        if action in HARD:
            warning = QLabel(
                self.tr(
                    "This is like pulling the power plug: the guest's operating system cannot "
                    "shut down cleanly and unsaved data is lost."
                ),
                self,
            )
            warning.setWordWrap(True)
            layout.addWidget(warning)
        table = QTableWidget(len(guests), 4, self)
        table.setObjectName("confirmGuests")
        table.setHorizontalHeaderLabels(
            [self.tr("Guest"), self.tr("Cluster"), self.tr("Node"), self.tr("Status")]
        )
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, guest in enumerate(guests):
            for col, value in enumerate(
                (guest_label(guest), guest.cluster, guest.node, status_text(guest.status))
            ):
                table.setItem(row, col, QTableWidgetItem(value))
        table.setMinimumHeight(min(320, 40 + 26 * len(guests)))
        layout.addWidget(table)
        if skipped:
            note = QLabel(
                self.tr(
                    "{count} selected guests are skipped: {action} is not possible in their state."
                ).format(count=len(skipped), action=title),
                self,
            )
            note.setObjectName("muted")
            note.setWordWrap(True)
            layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.addButton(title, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("confirmButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # The safe choice is the default for hard actions.
        if action in HARD:
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        else:
            self.ok_button.setDefault(True)
        layout.addWidget(buttons)
        self.resize(620, self.sizeHint().height())


class BulkResultDialog(QDialog):
    """Per-guest results of a bulk action, updated live (non-modal)."""

    def __init__(
        self, action: PowerAction, entries: Sequence[TaskEntry], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bulkResultDialog")
        self.setWindowTitle(self.tr("{action}: results").format(action=action_title(action)))
        self.setModal(False)
        self._entries = list(entries)
        self._colors = None
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        layout.addWidget(self.summary)
        self.table = QTableWidget(len(entries), 2, self)
        self.table.setObjectName("bulkResults")
        self.table.setHorizontalHeaderLabels([self.tr("Guest"), self.tr("Result")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 220)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(640, 360)
        for row, entry in enumerate(self._entries):
            self.table.setItem(row, 0, QTableWidgetItem(entry.title))
            self.table.setItem(row, 1, QTableWidgetItem())
            self.update_entry(entry)

    def result_text(self, row: int) -> str:
        item = self.table.item(row, 1)
        return item.text() if item else ""

    def update_entry(self, entry: TaskEntry) -> None:
        if entry not in self._entries:
            return
        from pvesphere_desktop.ui.theme import LIGHT_COLORS

        row = self._entries.index(entry)
        item = self.table.item(row, 1)
        if entry.state is TaskState.RUNNING:
            item.setText(self.tr("running…"))
        elif entry.state is TaskState.ERROR:
            item.setText(self.tr("failed: {message}").format(message=entry.message))
        else:
            item.setText(entry.message or self.tr("done"))
        item.setIcon(dot_icon(task_state_color(LIGHT_COLORS, entry.state)))
        done = sum(1 for e in self._entries if not e.running)
        failed = sum(1 for e in self._entries if e.state is TaskState.ERROR)
        self.summary.setText(
            self.tr("{done} of {total} finished, {failed} failed").format(
                done=done, total=len(self._entries), failed=failed
            )
        )


class ActionRunner(QObject):
    """Run power actions on guests: check, confirm, start, follow, report per guest.

    ``backend`` provides ``power(guest, action) -> Upid`` and ``follow(...)``; it is called
    only from worker threads.

    Signals:
        message(str): a short status message for the status bar.
    """

    message = Signal(str)

    def __init__(
        self,
        fleet: FleetState,
        center: TaskCenter,
        workers: WorkerPool,
        backend: object | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._fleet = fleet
        self._center = center
        self._workers = workers
        self.backend = backend
        self.confirm: Callable[[PowerAction, list[Guest], list[Guest], QWidget | None], bool] = (
            self._confirm_dialog
        )
        self.result_dialogs: list[BulkResultDialog] = []
        center.entry_changed.connect(self._on_entry_changed)

    def _confirm_dialog(
        self, action: PowerAction, guests: list[Guest], skipped: list[Guest], parent: QWidget | None
    ) -> bool:
        dialog = ConfirmDialog(action, guests, skipped, parent)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def applicable(self, action: PowerAction, guests: Sequence[Guest]) -> list[Guest]:
        return [
            g
            for g in guests
            if action in allowed_actions(g) and not self._fleet.is_stale(g.cluster)
        ]

    def run(
        self, action: PowerAction, guests: Sequence[Guest], parent: QWidget | None = None
    ) -> list[TaskEntry]:
        """Confirm (when needed) and start ``action`` on every guest that allows it."""
        if self.backend is None:
            self.message.emit(self.tr("No connection: actions need a configured cluster."))
            return []
        targets = self.applicable(action, guests)
        skipped = [g for g in guests if g not in targets]
        if not targets:
            self.message.emit(
                self.tr("{action} is not possible for the selected guests.").format(
                    action=action_title(action)
                )
            )
            return []
        if (len(targets) > 1 or action in DISRUPTIVE) and not self.confirm(
            action, targets, skipped, parent
        ):
            return []
        entries = [self._start(action, guest) for guest in targets]
        if len(entries) > 1:
            dialog = BulkResultDialog(action, entries, parent)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda *_: self._forget(dialog))
            self.result_dialogs.append(dialog)
            dialog.show()
        self.message.emit(
            self.tr("{action}: {count} task(s) started").format(
                action=action_title(action), count=len(entries)
            )
        )
        return entries

    def _forget(self, dialog: BulkResultDialog) -> None:
        if dialog in self.result_dialogs:
            self.result_dialogs.remove(dialog)

    def _start(self, action: PowerAction, guest: Guest) -> TaskEntry:
        backend = self.backend
        assert backend is not None
        entry = self._center.add(
            TaskEntry(
                cluster=guest.cluster,
                title=f"{action_title(action)} {guest_label(guest)}",
                guest=guest.key,
                action=action,
                node=guest.node,
            )
        )
        job = self._center.job(
            entry,
            lambda: backend.power(guest, action),  # type: ignore[attr-defined]
            backend.follow,  # type: ignore[attr-defined]
        )
        self._workers.submit(
            job,
            on_done=lambda result: self._center.complete(entry, result),
            on_error=lambda exc: self._failed(entry, exc),
        )
        return entry

    def _failed(self, entry: TaskEntry, exc: BaseException) -> None:
        if isinstance(exc, PveSphereError):
            self._center.fail(entry, exc.message.render(translate))
            return
        # A bug: the entry must not look as if it were still running, then crash-report it.
        self._center.fail(entry, self.tr("internal error (details in the log)"))
        raise exc

    def _on_entry_changed(self, entry: TaskEntry) -> None:
        for dialog in self.result_dialogs:
            dialog.update_entry(entry)


def make_power_actions(
    parent: QObject, trigger: Callable[[PowerAction], None]
) -> dict[PowerAction, QAction]:
    """Create one QAction per power action with its shortcut (shown in menus)."""
    actions: dict[PowerAction, QAction] = {}
    for action in ORDER:
        qaction = QAction(action_title(action), parent)
        qaction.setObjectName(f"action_{action.value}")
        qaction.setShortcut(QKeySequence(SHORTCUTS[action]))
        qaction.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        qaction.triggered.connect(lambda _checked=False, a=action: trigger(a))
        actions[action] = qaction
    return actions


def refresh_icons(actions: dict[PowerAction, QAction], color: str) -> None:
    for action, qaction in actions.items():
        qaction.setIcon(symbol(ICONS[action], color))
