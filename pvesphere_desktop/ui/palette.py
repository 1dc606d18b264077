"""The command palette (Ctrl+K): jump to any cluster, node, guest or storage; run any action."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pvesphere_desktop.core.ids import GuestKey, NodeKey, StorageKey
from pvesphere_desktop.ui.fleet import FleetState, status_text

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


class CommandPalette(QDialog):
    """A quick-open popup over the window."""

    def __init__(
        self,
        fleet: FleetState,
        actions: Callable[[], list[QAction]],
        open_key: Callable[[Any], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Popup | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("commandPalette")
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
            self.resize(width, 420)
            top_left = parent.mapToGlobal(parent.rect().topLeft())
            self.move(top_left.x() + (parent.width() - width) // 2, top_left.y() + 70)
        self.show()
        self.raise_()
        self.activateWindow()
        self.input.setFocus()

    def _build(self) -> list[Entry]:
        entries: list[Entry] = []
        for action in self._actions():
            if not action.isEnabled() or not action.text():
                continue
            title = action.text().replace("&", "")
            shortcut = action.shortcut().toString()
            entries.append(Entry(title, shortcut, title.lower(), "command", action.trigger, rank=0))
        fleet = self._fleet
        for name in fleet.clusters:
            entries.append(
                Entry(name, self.tr("cluster"), f"{name} cluster".lower(), "cluster",
                      lambda n=name: self._open_key(("cluster", n)), rank=1)
            )  # fmt: skip
        for key in fleet.nodes:
            entries.append(
                Entry(key.node, self.tr("node · {cluster}").format(cluster=key.cluster),
                      f"{key.node} {key.cluster} node".lower(), "node",
                      lambda k=key: self._open_key(("node", k)), rank=2)
            )  # fmt: skip
        for key, guest in fleet.guests.items():
            detail = f"{guest.vmid} · {status_text(guest.status)} · {guest.cluster}/{guest.node}"
            entries.append(
                Entry(guest.name or str(guest.vmid), detail,
                      f"{guest.name} {guest.vmid} {guest.cluster} {guest.node}".lower(), "guest",
                      lambda k=key: self._open_key(k), rank=3)
            )  # fmt: skip
        seen: set[tuple[str, str]] = set()
        for key in fleet.storage:
            entries.append(
                Entry(key.storage, self.tr("storage · {node} · {cluster}").format(
                    node=key.node, cluster=key.cluster),
                    f"{key.storage} {key.node} {key.cluster} storage".lower(), "storage",
                    lambda k=key: self._open_key(("storage", k)), rank=4)
            )  # fmt: skip
            seen.add((key.cluster, key.storage))
        return entries

    def entries(self) -> list[Entry]:
        return self._entries

    def _refresh(self, text: str) -> None:
        self.list.clear()
        for entry in match(self._entries, text):
            item = QListWidgetItem(f"{entry.title}    {entry.detail}")
            item.setData(Qt.ItemDataRole.UserRole, entry)
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
        return super().eventFilter(watched, event)

    def _run_item(self, item: QListWidgetItem) -> None:
        entry: Entry = item.data(Qt.ItemDataRole.UserRole)
        self.close()
        entry.run()


__all__ = ["CommandPalette", "Entry", "GuestKey", "NodeKey", "StorageKey", "match"]
