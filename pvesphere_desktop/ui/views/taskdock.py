"""The task and event dock: every task with progress, its log, stop; the change history."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pvesphere_desktop.core.enums import TaskState
from pvesphere_desktop.ui import format as fmt
from pvesphere_desktop.ui.fleet import FleetEvent, FleetState
from pvesphere_desktop.ui.models import OBJECT_ROLE
from pvesphere_desktop.ui.tasks import TaskCenter, TaskEntry, TaskRow, TaskTableModel

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 30


class ProgressDelegate(QStyledItemDelegate):
    """A progress bar for running tasks that report a percentage in their log."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        progress = index.data(PROGRESS_ROLE)
        if progress is None:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        rect: QRect = option.rect
        bar.rect = rect.adjusted(4, 4, -4, -4)
        bar.minimum = 0
        bar.maximum = 100
        bar.progress = int(progress * 100)
        bar.text = fmt.percent_text(progress)
        bar.textVisible = True
        widget = option.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)


class TaskDock(QWidget):
    """Tasks (ours live, the fleet's from sync) and events, in tabs.

    ``stop_task(row)`` and ``load_log(row, callback)`` are set by the window (they need the
    backend).

    Signals:
        open_requested(object): a key the user double-clicked (guest of a task or event).
    """

    open_requested = Signal(object)

    def __init__(
        self,
        fleet: FleetState,
        center: TaskCenter,
        model: TaskTableModel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("taskDock")
        self._fleet = fleet
        self._center = center
        self.model = model
        self.stop_task: Any = None
        self.load_log: Any = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs)

        tasks = QSplitter(Qt.Orientation.Horizontal)
        tasks.setObjectName("taskSplitter")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableView()
        self.table.setObjectName("taskTable")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        # The task description takes what the other columns leave, so every column fits the
        # dock without a horizontal scroll bar; widths fit typical values in the current font.
        header.setStretchLastSection(False)
        samples = ("● error: VM is locked", "", "cluster-01", "pve-node-01", "root@pam!token",
                   "2026-12-31 23:59", "23 h 59 min", "100 %")  # fmt: skip
        metrics = self.fontMetrics()
        for col, sample in enumerate(samples):
            if sample:
                title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
                width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title))
                self.table.setColumnWidth(col, width + 20)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setItemDelegateForColumn(7, ProgressDelegate(self.table))
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.doubleClicked.connect(self._on_double_click)
        left_layout.addWidget(self.table)
        tasks.addWidget(left)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.log_view = QPlainTextEdit()
        self.log_view.setObjectName("taskLog")
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(5000)
        self._set_log_placeholder(self.tr("Select a task to see its log."))
        font = self.log_view.font()
        font.setFamily("monospace")
        font.setStyleHint(font.StyleHint.Monospace)
        self.log_view.setFont(font)
        right_layout.addWidget(self.log_view, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.stop_button = QPushButton(self.tr("Stop task"))
        self.stop_button.setObjectName("stopTaskButton")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self._stop)
        buttons.addWidget(self.stop_button)
        right_layout.addLayout(buttons)
        tasks.addWidget(right)
        tasks.setStretchFactor(0, 2)
        tasks.setStretchFactor(1, 1)
        self.splitter = tasks
        self.tabs.addTab(tasks, self.tr("Tasks"))

        self.events = QListWidget()
        self.events.setObjectName("eventList")
        self.events.setUniformItemSizes(True)
        self.events.itemDoubleClicked.connect(self._event_activated)
        self.tabs.addTab(self.events, self.tr("Events"))
        fleet.event_added.connect(self._add_event)
        center.log_line.connect(self._on_log_line)
        center.entry_changed.connect(self._on_entry_changed)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(model.tick)
        self._ticker.start()
        self._shown: TaskRow | None = None
        self._shown_ended = False  # the shown entry's end (its message) is in the view

    def _current_row(self) -> TaskRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(index.row())

    def _set_log_placeholder(self, text: str) -> None:
        # Shown by the (empty) log view itself: "no log" is never mistaken for a log line.
        self.log_view.setPlaceholderText(text)

    def _empty_log_text(self, running: bool) -> str:
        if running:
            return self.tr("No log lines yet.")
        return self.tr("This task has no log lines.")

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row()) if current.isValid() else None
        self._shown = row
        self._shown_ended = row is not None and row.entry is not None and not row.entry.running
        self.log_view.clear()
        if row is None:
            self.stop_button.setEnabled(False)
            self._set_log_placeholder(self.tr("Select a task to see its log."))
            return
        running = (row.entry.state if row.entry else row.task.state) is TaskState.RUNNING  # type: ignore[union-attr]
        self.stop_button.setEnabled(running and self.stop_task is not None)
        if row.entry is not None:
            self._set_log_placeholder(self._empty_log_text(row.entry.running))
            if row.entry.lines:
                self.log_view.setPlainText("\n".join(row.entry.lines))
            if row.entry.message and not row.entry.running:
                self.log_view.appendPlainText(row.entry.message)
        elif self.load_log is not None:
            shown = row
            self._set_log_placeholder(self.tr("Loading the log…"))

            def show(lines: list[str]) -> None:
                if self._shown is shown:
                    self._set_log_placeholder(self._empty_log_text(running))
                    self.log_view.setPlainText("\n".join(lines))

            self.load_log(row, show)

    def _on_log_line(self, entry: TaskEntry, line: str) -> None:
        if self._shown is not None and self._shown.entry is entry:
            self.log_view.appendPlainText(line)

    def _on_entry_changed(self, entry: TaskEntry) -> None:
        if self._shown is not None and self._shown.entry is entry:
            self.stop_button.setEnabled(entry.running and self.stop_task is not None)
            if not entry.running and not self._shown_ended:
                # It ended while shown: say how, as a re-selection would.
                self._shown_ended = True
                self._set_log_placeholder(self._empty_log_text(False))
                if entry.message:
                    self.log_view.appendPlainText(entry.message)

    def _stop(self) -> None:
        row = self._current_row()
        if row is not None and self.stop_task is not None:
            self.stop_task(row)
            self.stop_button.setEnabled(False)

    def _on_double_click(self, index: QModelIndex) -> None:
        row: TaskRow = index.data(OBJECT_ROLE)
        key = row.entry.guest if row.entry else None
        if key is not None:
            self.open_requested.emit(key)

    def _event_activated(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if key is not None:
            self.open_requested.emit(key)

    def _add_event(self, event: FleetEvent) -> None:
        item = QListWidgetItem(
            f"{fmt.clock_text(event.time, seconds=True)}  ·  {event.cluster}  ·  {event.text}"
        )
        item.setData(Qt.ItemDataRole.UserRole, event.key)
        item.setToolTip(fmt.time_text(event.time))
        self.events.insertItem(0, item)
        while self.events.count() > 1000:
            self.events.takeItem(self.events.count() - 1)

    def select_entry(self, entry: TaskEntry) -> bool:
        """Select ``entry``'s row (its log shows); False when the list no longer holds it."""
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).entry is entry:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return True
        return False

    def show_entry(self, entry: TaskEntry) -> bool:
        """Bring the task list forward with ``entry`` selected and focused."""
        self.tabs.setCurrentIndex(self.tabs.indexOf(self.splitter))
        found = self.select_entry(entry)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return found
