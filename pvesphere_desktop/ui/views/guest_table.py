"""The guest table: uniform rows, usage bars, chosen columns, kept selection."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from pvesphere_desktop.core.ids import GuestKey
from pvesphere_desktop.core.models import Guest
from pvesphere_desktop.ui.models import FRACTION_ROLE
from pvesphere_desktop.ui.models.guests import COLUMNS, GuestFilterProxy, column_index
from pvesphere_desktop.ui.theme import LIGHT_COLORS, Colors

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex


class UsageBarDelegate(QStyledItemDelegate):
    """Paint a thin usage bar under the text of CPU and memory cells."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colors: Colors = LIGHT_COLORS

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        fraction = index.data(FRACTION_ROLE)
        if fraction is None:
            return
        fraction = max(0.0, min(1.0, float(fraction)))
        rect: QRect = option.rect  # type: ignore[attr-defined]
        bar = QRect(rect.left() + 6, rect.bottom() - 4, rect.width() - 12, 3)
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        track = QColor(self.colors.border)
        painter.setBrush(track)
        painter.drawRoundedRect(bar, 1.5, 1.5)
        if fraction > 0:
            color = (
                self.colors.ok
                if fraction < 0.7
                else (self.colors.warn if fraction < 0.9 else self.colors.bad)
            )
            filled = QRect(bar)
            filled.setWidth(max(2, int(bar.width() * fraction)))
            painter.setBrush(QColor(color))
            painter.drawRoundedRect(filled, 1.5, 1.5)
        painter.restore()


class GuestTableView(QTableView):
    """A table of guests bound to a :class:`GuestFilterProxy`.

    Rows have one fixed height (uniform rows keep 20,000 of them smooth); the header's
    context menu chooses columns; :meth:`save_state`/:meth:`restore_state` persist them.

    Signals:
        current_guest_changed(object): the current row's Guest (or None).
        selection_count_changed(int): how many guests are selected.
        activated_guest(object): a guest was double-clicked or Enter was pressed.
    """

    current_guest_changed = Signal(object)
    selection_count_changed = Signal(int)
    activated_guest = Signal(object)

    def __init__(self, proxy: GuestFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guestTable")
        self.proxy = proxy
        self.setModel(proxy)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setSortingEnabled(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        for i, column in enumerate(COLUMNS):
            header.resizeSection(i, column.width)
            self.setColumnHidden(i, not column.visible)
        self.bar_delegate = UsageBarDelegate(self)
        for column_id in ("cpu", "mem"):
            self.setItemDelegateForColumn(column_index(column_id), self.bar_delegate)
        self.sortByColumn(column_index("name"), Qt.SortOrder.AscendingOrder)
        selection = self.selectionModel()
        selection.currentRowChanged.connect(self._on_current)
        selection.selectionChanged.connect(self._on_selection)
        self.doubleClicked.connect(self._on_activated)

    def set_colors(self, colors: Colors) -> None:
        self.bar_delegate.colors = colors
        self.viewport().update()

    # -- selection by key -----------------------------------------------------------------
    def current_guest(self) -> Guest | None:
        index = self.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.guest_at(index.row())

    def selected_guests(self) -> list[Guest]:
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [self.proxy.guest_at(r) for r in rows]

    def select_key(self, key: GuestKey) -> bool:
        """Make the guest with ``key`` current and selected; False if it is not shown."""
        row = self.proxy.row_of(key)
        if row is None:
            return False
        index = self.proxy.index(row, 0)
        self.selectionModel().setCurrentIndex(
            index,
            self.selectionModel().SelectionFlag.ClearAndSelect
            | self.selectionModel().SelectionFlag.Rows,
        )
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        guest = self.proxy.guest_at(current.row()) if current.isValid() else None
        self.current_guest_changed.emit(guest)

    def _on_selection(self, *_args: Any) -> None:
        self.selection_count_changed.emit(len(self.selectionModel().selectedRows()))

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated_guest.emit(self.proxy.guest_at(index.row()))

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._on_activated(self.currentIndex())
            return
        super().keyPressEvent(event)

    # -- columns --------------------------------------------------------------------------
    def _header_menu(self, position: Any) -> None:
        menu = QMenu(self)
        menu.setTitle(self.tr("Columns"))
        for i, column in enumerate(COLUMNS):
            title = self.proxy.headerData(i, Qt.Orientation.Horizontal)
            action = QAction(str(title), menu)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(i))
            action.setEnabled(column.id != "name")
            action.toggled.connect(lambda on, col=i: self.setColumnHidden(col, not on))
            menu.addAction(action)
        menu.exec(self.horizontalHeader().mapToGlobal(position))

    def save_state(self) -> QByteArray:
        return self.horizontalHeader().saveState()

    def restore_state(self, state: object) -> None:
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.horizontalHeader().restoreState(state)
            header = self.horizontalHeader()
            self.proxy.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def sizeHintForRow(self, row: int) -> int:  # noqa: N802 - uniform rows, never measured
        return self.verticalHeader().defaultSectionSize()
