"""The command palette (Ctrl+K): jump to any cluster, node, guest or storage; run any action."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMenuBar,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from pvesphere_desktop.core.enums import GuestStatus, NodeStatus
from pvesphere_desktop.ui.fleet import FleetState, status_text
from pvesphere_desktop.ui.theme import (
    LIGHT_COLORS,
    Colors,
    dot_icon,
    guest_status_color,
    health_color,
    node_status_color,
    symbol,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    """One palette row: what it shows, what it searches, what it does."""

    title: str
    detail: str
    haystack: str  # lower-case text matched against the query
    kind: str  # command | cluster | node | guest | storage
    run: Callable[[], None]
    rank: int = 0  # commands first
    icon: QIcon | None = None


def match(entries: Iterable[Entry], query: str, limit: int = 60) -> list[Entry]:
    """Return entries containing every word of ``query``, best first."""
    words = query.lower().split()
    if not words:
        return [e for e in entries if e.kind == "command"][:limit]
    scored: list[tuple[int, int, str, Entry]] = []
    first = words[0]
    for entry in entries:
        hay = entry.haystack
        if all(w in hay for w in words):
            title = entry.title.lower()
            score = 0 if title.startswith(first) else (1 if f" {first}" in f" {title}" else 2)
            scored.append((entry.rank, score, title, entry))
            if len(scored) > 5000:
                break
    scored.sort(key=lambda s: (s[1], s[0], s[2]))
    return [s[3] for s in scored[:limit]]


ENTRY_ROLE = Qt.ItemDataRole.UserRole


def _command_title(action: QAction) -> str:
    """An action's text, after its submenu's title ("Theme: Dark"), so that it says what it
    does without the menu around it; actions of the menu bar's own menus need no prefix."""
    title = action.text().replace("&", "")
    for owner in action.associatedObjects():
        if isinstance(owner, QMenu) and owner.title():
            containers = owner.menuAction().associatedObjects()
            if not any(isinstance(c, QMenuBar) for c in containers) and any(
                isinstance(c, QMenu) for c in containers
            ):
                menu = owner.title().replace("&", "").rstrip(".…")
                return QApplication.translate("CommandPalette", "{menu}: {command}").format(
                    menu=menu, command=title
                )
            break
    return title


class PaletteDelegate(QStyledItemDelegate):
    """A palette row: icon, the name, then in a muted colour where it is (or, for a command,
    its shortcut at the right edge), with room around it to scan quickly."""

    PADDING = 6

    def sizeHint(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(100, option.fontMetrics.height() + 2 * self.PADDING + 2)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        entry: Entry | None = index.data(ENTRY_ROLE)
        if entry is None:
            super().paint(painter, option, index)
            return
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        base = QStyleOptionViewItem(option)
        self.initStyleOption(base, index)
        base.text = ""
        base.icon = QIcon()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, base, painter, widget)
        rect = option.rect.adjusted(self.PADDING + 2, 0, -self.PADDING - 2, 0)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal = option.palette
        text_color = pal.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text_color)
        muted.setAlphaF(0.75 if selected else 0.6)
        metrics = option.fontMetrics
        painter.save()
        left = rect.left()
        icon_size = 16
        if entry.icon is not None:
            top = rect.top() + (rect.height() - icon_size) // 2
            entry.icon.paint(painter, QRect(left, top, icon_size, icon_size))
        left += icon_size + 8
        right = rect.right()
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        if entry.kind == "command" and entry.detail:
            width = metrics.horizontalAdvance(entry.detail)
            painter.setPen(muted)
            painter.drawText(QRect(right - width, rect.top(), width, rect.height()),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             entry.detail)  # fmt: skip
            right -= width + 16
            detail = ""
        else:
            detail = entry.detail
        title = metrics.elidedText(entry.title, Qt.TextElideMode.ElideRight, max(0, right - left))
        painter.setPen(text_color)
        painter.drawText(QRect(left, rect.top(), right - left, rect.height()), align, title)
        left += metrics.horizontalAdvance(title) + 14
        if detail and left < right:
            detail = metrics.elidedText(detail, Qt.TextElideMode.ElideRight, right - left)
            painter.setPen(muted)
            painter.drawText(QRect(left, rect.top(), right - left, rect.height()), align, detail)
        painter.restore()


class CommandPalette(QFrame):
    """A quick-open panel floating over the top of the window (a child widget, not a
    separate window: no focus or stacking quirks across platforms)."""

    def __init__(
        self,
        fleet: FleetState,
        actions: Callable[[], list[QAction]],
        open_key: Callable[[Any], None],
        parent: QWidget | None = None,
        colors: Callable[[], Colors] = lambda: LIGHT_COLORS,
    ) -> None:
        super().__init__(parent)
        self.hide()
        self.setObjectName("commandPalette")
        self._colors = colors
        self._fleet = fleet
        self._actions = actions
        self._open_key = open_key
        self._entries: list[Entry] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        frame = QFrame(self)
        frame.setObjectName("paletteFrame")
        outer.addWidget(frame)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(8, 8, 8, 8)
        self.input = QLineEdit(frame)
        self.input.setObjectName("paletteInput")
        self.input.setPlaceholderText(
            self.tr("Type a guest name or ID, a node, a cluster, or a command…")
        )
        layout.addWidget(self.input)
        self.list = QListWidget(frame)
        self.list.setObjectName("paletteList")
        self.list.setUniformItemSizes(True)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setItemDelegate(PaletteDelegate(self.list))
        layout.addWidget(self.list)
        self.hint = QLabel(self.tr("↑↓ to choose · Enter to run · Esc to close"), frame)
        self.hint.setObjectName("muted")
        layout.addWidget(self.hint)
        self.input.textChanged.connect(self._refresh)
        self.input.installEventFilter(self)
        self.list.itemActivated.connect(self._run_item)
        self.list.itemClicked.connect(self._run_item)

    def popup(self) -> None:
        """Rebuild the entries (cheap) and show the palette centred over its parent."""
        self._entries = self._build()
        self.input.clear()
        self._refresh("")
        parent = self.parentWidget()
        if parent is not None:
            width = min(720, max(480, parent.width() // 2))
            self.resize(width, min(420, parent.height() - 90))
            self.move((parent.width() - width) // 2, 60)
        self.show()
        self.raise_()
        self.input.setFocus()

    def _build(self) -> list[Entry]:
        entries: list[Entry] = []
        colors = self._colors()
        command_icon = symbol("mdi6.chevron-right", colors.muted)
        for action in self._actions():
            if not action.isEnabled() or not action.text():
                continue
            title = _command_title(action)
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            icon = action.icon() if not action.icon().isNull() else command_icon
            entries.append(
                Entry(title, shortcut, title.lower(), "command", action.trigger, rank=0, icon=icon)
            )
        fleet = self._fleet
        open_key = self._open_key

        def opener(target: Any) -> Callable[[], None]:
            return lambda: open_key(target)

        for name in fleet.clusters:
            health = fleet.cluster_state(name).health
            entries.append(
                Entry(name, self.tr("cluster"), f"{name} cluster".lower(), "cluster",
                      opener(("cluster", name)), rank=1,
                      icon=symbol("mdi6.server-network", health_color(colors, health)))
            )  # fmt: skip
        for node_key, node in fleet.nodes.items():
            status = node.status if node is not None else NodeStatus.UNKNOWN
            entries.append(
                Entry(node_key.node, self.tr("node · {cluster}").format(cluster=node_key.cluster),
                      f"{node_key.node} {node_key.cluster} node".lower(), "node",
                      opener(("node", node_key)), rank=2,
                      icon=symbol("mdi6.server", node_status_color(colors, status)))
            )  # fmt: skip
        guest_icons = {
            status: dot_icon(
                guest_status_color(colors, status), hollow=status is not GuestStatus.RUNNING
            )
            for status in GuestStatus
        }
        for guest_key, guest in fleet.guests.items():
            detail = f"{guest.vmid} · {status_text(guest.status)} · {guest.cluster}/{guest.node}"
            entries.append(
                Entry(guest.name or str(guest.vmid), detail,
                      f"{guest.name} {guest.vmid} {guest.cluster} {guest.node}".lower(), "guest",
                      opener(guest_key), rank=3, icon=guest_icons[guest.status])
            )  # fmt: skip
        storage_icon = symbol("mdi6.database", colors.muted)
        for storage_key in fleet.storage:
            entries.append(
                Entry(storage_key.storage, self.tr("storage · {node} · {cluster}").format(
                    node=storage_key.node, cluster=storage_key.cluster),
                    f"{storage_key} storage".lower().replace("/", " "),
                    "storage", opener(("storage", storage_key)), rank=4, icon=storage_icon)
            )  # fmt: skip
        return entries

    def entries(self) -> list[Entry]:
        return self._entries

    def _refresh(self, text: str) -> None:
        self.list.clear()
        for entry in match(self._entries, text):
            item = QListWidgetItem(f"{entry.title}    {entry.detail}")
            item.setData(ENTRY_ROLE, entry)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.input and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self.list.keyPressEvent(event)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.list.currentItem()
                if item is not None:
                    self._run_item(item)
                return True
            if key == Qt.Key.Key_Escape:
                self.close()
                return True
        if watched is self.input and event.type() == QEvent.Type.FocusOut:
            # Clicking elsewhere closes the palette (but not a click into its own list).
            focus = QApplication.focusWidget()
            if focus is not self.list:
                self.close()
        return super().eventFilter(watched, event)

    def _run_item(self, item: QListWidgetItem) -> None:
        entry: Entry = item.data(ENTRY_ROLE)
        self.close()
        entry.run()
