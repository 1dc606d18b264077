"""Small building blocks shared by panes: cards, key/value grids, usage bars, info bars;
:func:`after_paint` for work that must not delay a frame."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class Card(QFrame):
    """A titled, rounded panel."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 10, 14, 12)
        self.body.setSpacing(6)
        self.title = QLabel(title, self)
        self.title.setObjectName("cardTitle")
        self.body.addWidget(self.title)
        if not title:
            self.title.hide()

    def set_title(self, title: str) -> None:
        self.title.setText(title)
        self.title.setVisible(bool(title))


class KeyValueGrid(QWidget):
    """Two columns of label: value rows, updated in place."""

    def __init__(self, parent: QWidget | None = None, columns: int = 1) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(14)
        self._grid.setVerticalSpacing(4)
        self._values: dict[str, QLabel] = {}
        self._keys: dict[str, QLabel] = {}
        self._columns = columns
        self._count = 0

    def add_row(self, key: str, title: str) -> QLabel:
        row, pair = divmod(self._count, self._columns)
        self._count += 1
        label = QLabel(title, self)
        label.setObjectName("muted")
        value = QLabel("–", self)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        value.setWordWrap(True)  # long kernel or CPU model names wrap instead of being cut
        value.setObjectName(f"value_{key}")
        self._grid.addWidget(label, row, pair * 2, Qt.AlignmentFlag.AlignTop)
        self._grid.addWidget(value, row, pair * 2 + 1, Qt.AlignmentFlag.AlignTop)
        self._grid.setColumnStretch(pair * 2 + 1, 1)
        self._values[key] = value
        self._keys[key] = label
        return value

    def set(self, key: str, text: str) -> None:
        self._values[key].setText(text or "–")

    def value(self, key: str) -> str:
        return self._values[key].text()


class UsageBar(QWidget):
    """A labelled usage bar: title, bar, "x of y (z %)"."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        top = QHBoxLayout()
        self.title = QLabel(title, self)
        self.title.setObjectName("muted")
        self.text = QLabel(self)
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.text)
        layout.addLayout(top)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        layout.addWidget(self.bar)

    def set_fraction(self, fraction: float | None, text: str) -> None:
        self.bar.setValue(int(max(0.0, min(1.0, fraction or 0.0)) * 1000))
        self.text.setText(text)

    def set_color(self, color: str) -> None:
        self.bar.setStyleSheet(
            f"QProgressBar {{ border: none; border-radius: 4px; background: palette(midlight); }}"
            f"QProgressBar::chunk {{ border-radius: 4px; background: {color}; }}"
        )


class InfoBar(QFrame):
    """A non-modal notice with an optional action button (e.g. "Log in again…").

    Signals:
        action_clicked(): the button was pressed.
    """

    action_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("infoBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.button = QPushButton(self)
        self.button.clicked.connect(self.action_clicked)
        layout.addWidget(self.button)
        self.hide()

    def show_message(self, text: str, action: str | None = None) -> None:
        self.label.setText(text)
        self.button.setVisible(bool(action))
        if action:
            self.button.setText(action)
        self.show()


def make_table(headers: Sequence[str], parent: QWidget | None = None) -> QTableWidget:
    """A read-only table with the given column titles."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[Any]] | Sequence[Any]) -> None:
    """Replace the table's rows with ``rows`` (values shown as text)."""
    table.setSortingEnabled(False)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    for c in range(table.columnCount() - 1):
        table.setColumnWidth(c, min(table.columnWidth(c) + 16, 360))


def placeholder(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("muted")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


class _AfterPaint(QObject):
    """Runs a callback once, after the first of its widgets painted (or the fallback)."""

    def __init__(self, widgets: Sequence[QWidget], callback: Callable[[], None], fallback_ms: int):
        super().__init__(widgets[0])
        self._widgets = list(widgets)
        self._callback: Callable[[], None] | None = callback
        for widget in self._widgets:
            widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            # Twice deferred: after this frame is flushed, and after what the frame queued.
            QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, self._run))
            for widget in self._widgets:
                widget.removeEventFilter(self)
        return False

    def _run(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            for widget in self._widgets:
                widget.removeEventFilter(self)
            callback()
            self.deleteLater()


def after_paint(
    widgets: Sequence[QWidget], callback: Callable[[], None], fallback_ms: int = 1000
) -> None:
    """Call ``callback`` once, right after the next frame that paints one of ``widgets``.

    For work that can wait until the user sees the result of what came before (start-up);
    ``fallback_ms`` runs it anyway when none of them is painted (a hidden window).
    """
    _AfterPaint(widgets, callback, fallback_ms)
