"""The navigation tree: Fleet > cluster > node > guest, or guests grouped by tag, pool, status.

Items are keyed; a ChangeSet inserts, moves and removes only the items it names, in
contiguous runs per parent so that a cluster's first sync is a handful of signals, not
thousands. Smart folders (saved searches) live under their own top-level item.

Guest items are built when first needed. A full build (the first load, a regrouping) only
files each guest under its folders as *pending*: row counts include pending guests, and the
folder's items are built, without any signal, the first time anything asks for an index
under it (a view expanding it, a selection, a structural change). Views therefore see exactly
the rows an eager build would give, and 20,000 cached guests cost no items until shown.
"""

from __future__ import annotations

import bisect
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QIcon

from pvesphere_desktop.core.changeset import ChangeSet
from pvesphere_desktop.core.enums import GuestStatus, GuestType, NodeStatus
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP
from pvesphere_desktop.core.ids import GuestKey, NodeKey, StorageKey
from pvesphere_desktop.core.models import Guest, Node, Storage
from pvesphere_desktop.ui import format as fmt
from pvesphere_desktop.ui.fleet import (
    GUESTS,
    NODES,
    STORAGE,
    FleetState,
    guest_label,
    health_text,
    status_text,
)
from pvesphere_desktop.ui.models import KEY_ROLE, KIND_ROLE, OBJECT_ROLE
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

Index = QModelIndex | QPersistentModelIndex
QUERY_ROLE = Qt.ItemDataRole.UserRole + 20  # a smart folder's saved query

_CTX = "FleetTreeModel"


class Kind(StrEnum):
    FLEET = "fleet"
    CLUSTER = "cluster"
    NODE = "node"
    GUEST = "guest"
    STORAGE = "storage"
    GROUP = "group"
    SMART_ROOT = "smart_root"
    SMART = "smart"


class Grouping(StrEnum):
    CLUSTER = "cluster"
    TAG = "tag"
    POOL = "pool"
    STATUS = "status"


GROUPING_TITLES = {
    Grouping.CLUSTER: QT_TRANSLATE_NOOP("FleetTreeModel", "Clusters and nodes"),
    Grouping.TAG: QT_TRANSLATE_NOOP("FleetTreeModel", "Tags"),
    Grouping.POOL: QT_TRANSLATE_NOOP("FleetTreeModel", "Pools"),
    Grouping.STATUS: QT_TRANSLATE_NOOP("FleetTreeModel", "Status"),
}


@dataclass(frozen=True)
class SmartFolder:
    """A saved search shown as a folder."""

    name: str
    query: str


class TreeItem:
    """One node of the tree. ``key`` is unique within the model; ``sort`` orders siblings.

    ``pending`` holds guests filed under this folder whose items are not built yet (see the
    module docstring); they count as rows.
    """

    __slots__ = ("children", "key", "kind", "obj", "parent", "pending", "row", "sort")

    def __init__(self, kind: Kind, key: Any, sort: Any, obj: Any = None) -> None:
        self.kind = kind
        self.key = key
        self.sort = sort
        self.obj = obj
        self.parent: TreeItem | None = None
        self.children: list[TreeItem] = []
        self.pending: dict[GuestKey, Guest] | None = None
        self.row = 0

    def count(self) -> int:
        """Return the number of rows under this item (built or pending)."""
        return len(self.children) + (len(self.pending) if self.pending else 0)

    def renumber(self, start: int = 0) -> None:
        for row in range(start, len(self.children)):
            self.children[row].row = row


def _tree_fields(guest: Guest) -> tuple[Any, ...]:
    """What the tree shows of a guest (label, icon, colour, tooltip)."""
    return (guest.name, guest.status, guest.node, guest.type, guest.template)


def _guest_sort(guest: Guest) -> tuple[int, str, int]:
    return (0, guest.cluster, guest.vmid)


class FleetTreeModel(QAbstractItemModel):
    """The navigation tree over a :class:`FleetState`."""

    def __init__(self, fleet: FleetState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fleet = fleet
        self.colors: Colors = LIGHT_COLORS
        self._grouping = Grouping.CLUSTER
        self._items: dict[Any, TreeItem] = {}
        self._guest_items: dict[GuestKey, list[TreeItem]] = defaultdict(list)
        # Folders where a guest is pending (its item not built yet).
        self._pending_in: dict[GuestKey, list[TreeItem]] = {}
        self._smart: list[SmartFolder] = []
        self._invisible = TreeItem(Kind.FLEET, ("invisible",), 0)
        self._fleet_item: TreeItem
        self._smart_root: TreeItem
        self._icons: dict[str, QIcon] = {}
        self._build()
        fleet.changeset_applied.connect(self.apply)
        fleet.cluster_changed.connect(self._on_cluster_changed)
        fleet.clusters_reset.connect(self._on_clusters_reset)
        fleet.reloaded.connect(self.rebuild)

    # -- structure ------------------------------------------------------------------------
    @property
    def grouping(self) -> Grouping:
        return self._grouping

    def set_grouping(self, grouping: Grouping) -> None:
        """Regroup the Fleet branch (a reset: the whole branch changes shape)."""
        if grouping == self._grouping:
            return
        self.beginResetModel()
        self._grouping = Grouping(grouping)
        self._build()
        self.endResetModel()

    def rebuild(self) -> None:
        """Rebuild everything from the fleet mirror (first load): one reset."""
        self.beginResetModel()
        self._build()
        self.endResetModel()

    def set_smart_folders(self, folders: Iterable[SmartFolder]) -> None:
        """Show ``folders`` (saved searches) under the Smart folders item."""
        folders = list(folders)
        root_index = self.index_of(self._smart_root)
        if self._smart_root.children:
            self.beginRemoveRows(root_index, 0, len(self._smart_root.children) - 1)
            for child in self._smart_root.children:
                self._items.pop(child.key, None)
            self._smart_root.children = []
            self.endRemoveRows()
        self._smart = folders
        if folders:
            self.beginInsertRows(root_index, 0, len(folders) - 1)
            for row, folder in enumerate(folders):
                item = self._new(Kind.SMART, ("smart", folder.name), row, folder)
                item.parent = self._smart_root
                item.row = row
                self._smart_root.children.append(item)
            self.endInsertRows()

    def set_colors(self, colors: Colors) -> None:
        self.colors = colors
        self._icons.clear()
        self._emit_all_changed(self._invisible)

    def _new(self, kind: Kind, key: Any, sort: Any, obj: Any = None) -> TreeItem:
        item = TreeItem(kind, key, sort, obj)
        self._items[key] = item
        return item

    def _build(self) -> None:
        self._items.clear()
        self._guest_items.clear()
        self._pending_in.clear()
        self._invisible.children = []
        self._fleet_item = self._new(Kind.FLEET, ("fleet",), 0)
        self._smart_root = self._new(Kind.SMART_ROOT, ("smart_root",), 1)
        for item in (self._fleet_item, self._smart_root):
            item.parent = self._invisible
            self._invisible.children.append(item)
        self._invisible.renumber()
        for row, folder in enumerate(self._smart):
            item = self._new(Kind.SMART, ("smart", folder.name), row, folder)
            item.parent = self._smart_root
            self._smart_root.children.append(item)
        self._smart_root.renumber()
        # Build silently (callers wrap this in a reset).
        fleet = self._fleet
        if self._grouping == Grouping.CLUSTER:
            for name in sorted(fleet.clusters, key=str.casefold):
                self._attach_silent(self._cluster_item(name, create=True))
            for node in fleet.nodes.values():
                self._attach_silent(self._node_item(node.key, node, create=True))
            for storage in fleet.storage.values():
                parent = self._ensure_silent_node(NodeKey(storage.cluster, storage.node))
                self._attach_silent(self._storage_item(storage), parent)
        # Guests: filed as pending under their folders; items come when first needed.
        folders: dict[tuple[Any, ...], TreeItem] = {}
        pending_in = self._pending_in
        for key, guest in fleet.guests.items():
            for path in self._paths(guest):
                box = folders.get(path)
                if box is None:
                    box = folders[path] = self._ensure_silent(path)
                if box.pending is None:
                    box.pending = {}
                box.pending[key] = guest
                held = pending_in.get(key)
                if held is None:
                    pending_in[key] = [box]
                else:
                    held.append(box)

    def _materialize(self, folder: TreeItem) -> None:
        """Build the items of the guests pending in ``folder``, in order (no signal: the rows
        were counted all along, and no index under the folder was handed out before)."""
        pending, folder.pending = folder.pending, None
        if not pending:
            return
        group = folder.key
        pending_in = self._pending_in
        guest_items = self._guest_items
        built: list[TreeItem] = []
        for key, guest in pending.items():
            item = self._new(Kind.GUEST, ("guest", key, group), _guest_sort(guest), guest)
            item.parent = folder
            guest_items[key].append(item)
            held = pending_in.get(key)
            if held is not None:
                held.remove(folder)
                if not held:
                    del pending_in[key]
            built.append(item)
        folder.children = sorted([*built, *folder.children], key=lambda i: i.sort)
        folder.renumber()

    def _materialize_guest(self, key: GuestKey) -> None:
        """Build the items of ``key`` wherever it is pending."""
        for folder in list(self._pending_in.get(key, ())):
            self._materialize(folder)

    def _attach_silent(self, item: TreeItem, parent: TreeItem | None = None) -> None:
        if item.parent is not None:
            return
        parent = parent or self._default_parent(item)
        keys = [c.sort for c in parent.children]
        pos = bisect.bisect_left(keys, item.sort)
        parent.children.insert(pos, item)
        item.parent = parent
        parent.renumber(pos)

    def _default_parent(self, item: TreeItem) -> TreeItem:
        if item.kind == Kind.NODE:
            return self._ensure_silent((("cluster", item.key[1].cluster),))
        return self._fleet_item

    def _ensure_silent(self, path: tuple[Any, ...]) -> TreeItem:
        parent = self._fleet_item
        for key in path:
            item = self._items.get(key)
            if item is None:
                item = self._folder_for(key)
            if item.parent is None:
                self._attach_silent(item, parent)
            parent = item
        return parent

    def _ensure_silent_node(self, key: NodeKey) -> TreeItem:
        return self._ensure_silent((("cluster", key.cluster), ("node", key)))

    def _folder_for(self, key: tuple[Any, ...]) -> TreeItem:
        kind = key[0]
        if kind == "cluster":
            return self._cluster_item(key[1], create=True)
        if kind == "node":
            return self._node_item(key[1], self._fleet.nodes.get(key[1]), create=True)
        # group folders: ("group", grouping, value)
        value = key[2]
        sort = (1, "") if value is None else (0, str(value).casefold())
        return self._new(Kind.GROUP, key, sort, value)

    def _cluster_item(self, name: str, create: bool = False) -> TreeItem:
        key = ("cluster", name)
        item = self._items.get(key)
        if item is None and create:
            item = self._new(Kind.CLUSTER, key, (0, name.casefold()), name)
        assert item is not None
        return item

    def _node_item(self, key: NodeKey, node: Node | None, create: bool = False) -> TreeItem:
        item_key = ("node", key)
        item = self._items.get(item_key)
        if item is None and create:
            item = self._new(Kind.NODE, item_key, (0, "", key.node.casefold()), node)
        assert item is not None
        if node is not None:
            item.obj = node
        return item

    def _storage_item(self, storage: Storage) -> TreeItem:
        key = ("storage", storage.key)
        item = self._items.get(key)
        if item is None:
            item = self._new(Kind.STORAGE, key, (1, "", storage.storage.casefold()), storage)
        item.obj = storage
        return item

    def _guest_item(self, guest: Guest, path: tuple[Any, ...]) -> TreeItem:
        key = ("guest", guest.key, path[-1])
        item = self._items.get(key)
        if item is None:
            item = self._new(Kind.GUEST, key, _guest_sort(guest), guest)
            self._guest_items[guest.key].append(item)
        item.obj = guest
        return item

    def _paths(self, guest: Guest) -> list[tuple[Any, ...]]:
        """Return the folder paths a guest appears under in the current grouping."""
        grouping = self._grouping
        if grouping == Grouping.CLUSTER:
            return [(("cluster", guest.cluster), ("node", NodeKey(guest.cluster, guest.node)))]
        if grouping == Grouping.TAG:
            return [(("group", "tag", tag),) for tag in guest.tags] or [(("group", "tag", None),)]
        if grouping == Grouping.POOL:
            return [(("group", "pool", guest.pool),)]
        return [(("group", "status", guest.status.value),)]

    # -- Qt model API ---------------------------------------------------------------------
    def item(self, index: Index) -> TreeItem:
        if not index.isValid():
            return self._invisible
        return index.internalPointer()  # type: ignore[no-any-return]

    def index_of(self, item: TreeItem, column: int = 0) -> QModelIndex:
        parent = item.parent
        if item is self._invisible or parent is None:
            return QModelIndex()
        if parent.pending:
            self._materialize(parent)  # rows of built siblings move behind the guests
        return self.createIndex(item.row, column, item)

    def index_for_key(self, key: Any) -> QModelIndex:
        if key[0] == "guest" and key[1] in self._pending_in:
            self._materialize_guest(key[1])
        item = self._items.get(key)
        if item is None or item.parent is None:
            return QModelIndex()
        return self.index_of(item)

    def guest_index(self, key: GuestKey) -> QModelIndex:
        if key in self._pending_in:
            self._materialize_guest(key)
        items = self._guest_items.get(key)
        return self.index_of(items[0]) if items else QModelIndex()

    def fleet_index(self) -> QModelIndex:
        return self.index_of(self._fleet_item)

    def smart_root_index(self) -> QModelIndex:
        return self.index_of(self._smart_root)

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        item = self.item(parent)
        if item.pending:
            self._materialize(item)
        if column != 0 or not 0 <= row < len(item.children):
            return QModelIndex()
        return self.createIndex(row, column, item.children[row])

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid():
            return QModelIndex()
        item: TreeItem = child.internalPointer()
        parent = item.parent
        if parent is None or parent is self._invisible:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid() and parent.column() != 0:
            return 0
        return self.item(parent).count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 1

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return self.rowCount(parent) > 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item: TreeItem = index.internalPointer()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._label(item)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(item)
        if role == KEY_ROLE:
            return item.key
        if role == KIND_ROLE:
            return item.kind.value
        if role == OBJECT_ROLE:
            return item.obj
        if role == QUERY_ROLE and item.kind == Kind.SMART:
            return item.obj.query
        if role == Qt.ItemDataRole.ForegroundRole:
            cluster = self._cluster_of(item)
            if cluster and self._fleet.is_stale(cluster):
                return QColor(self.colors.idle)
            if item.kind == Kind.GUEST and item.obj.template:
                return QColor(self.colors.muted)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item)
        return None

    def _cluster_of(self, item: TreeItem) -> str | None:
        if item.kind == Kind.CLUSTER:
            return str(item.obj)
        if item.kind in (Kind.NODE, Kind.STORAGE):
            return str(item.key[1].cluster)
        if item.kind == Kind.GUEST:
            return str(item.obj.cluster)
        return None

    def _label(self, item: TreeItem) -> str:
        kind = item.kind
        if kind == Kind.FLEET:
            return self.tr("Fleet")
        if kind == Kind.SMART_ROOT:
            return self.tr("Smart folders")
        if kind == Kind.CLUSTER:
            return str(item.obj)
        if kind == Kind.NODE:
            return str(item.key[1].node)
        if kind == Kind.STORAGE:
            return str(item.obj.storage)
        if kind == Kind.GUEST:
            guest: Guest = item.obj
            label = f"{guest.vmid} ({guest.name})" if guest.name else str(guest.vmid)
            if self._grouping != Grouping.CLUSTER:
                label += f" · {guest.cluster}"
            return label
        if kind == Kind.GROUP:
            return f"{self._group_title(item)} ({item.count()})"
        if kind == Kind.SMART:
            return str(item.obj.name)
        return ""

    def _group_title(self, item: TreeItem) -> str:
        grouping, value = item.key[1], item.key[2]
        if value is None:
            return self.tr("(no tag)") if grouping == "tag" else self.tr("(no pool)")
        if grouping == "status":
            return status_text(GuestStatus(value))
        return str(value)

    def _icon(self, item: TreeItem) -> QIcon | None:
        kind = item.kind
        colors = self.colors
        if kind == Kind.GUEST:
            guest: Guest = item.obj
            stale = self._fleet.is_stale(guest.cluster)
            color = colors.idle if stale else guest_status_color(colors, guest.status)
            return dot_icon(color, hollow=guest.status is not GuestStatus.RUNNING)
        if kind == Kind.NODE:
            node: Node | None = item.obj
            status = node.status if node is not None else NodeStatus.UNKNOWN
            stale = self._fleet.is_stale(item.key[1].cluster)
            return self._named_icon(
                "mdi6.server", colors.idle if stale else node_status_color(colors, status)
            )
        if kind == Kind.CLUSTER:
            health = self._fleet.cluster_state(str(item.obj)).health
            return self._named_icon("mdi6.server-network", health_color(colors, health))
        if kind == Kind.STORAGE:
            return self._named_icon("mdi6.database", colors.muted)
        if kind == Kind.FLEET:
            return self._named_icon("mdi6.view-dashboard-outline", colors.accent)
        if kind == Kind.SMART_ROOT:
            return self._named_icon("mdi6.folder-star-outline", colors.accent)
        if kind == Kind.SMART:
            return self._named_icon("mdi6.folder-search-outline", colors.muted)
        if kind == Kind.GROUP:
            name = {"tag": "mdi6.tag-outline", "pool": "mdi6.folder-outline"}.get(
                item.key[1], "mdi6.circle-outline"
            )
            return self._named_icon(name, colors.muted)
        return None

    def _named_icon(self, name: str, color: str) -> QIcon:
        cache_key = f"{name}:{color}"
        icon = self._icons.get(cache_key)
        if icon is None:
            icon = self._icons[cache_key] = symbol(name, color)
        return icon

    def _tooltip(self, item: TreeItem) -> str | None:
        kind = item.kind
        if kind == Kind.CLUSTER:
            state = self._fleet.cluster_state(str(item.obj))
            text = f"{item.obj}: {health_text(state.health)}"
            if state.stale:
                text += "\n" + self.tr("Last seen {age}").format(age=fmt.age_text(state.last_seen))
            if state.message:
                text += "\n" + state.message
            return text
        if kind == Kind.GUEST:
            guest: Guest = item.obj
            kind_text = self.tr("VM") if guest.type is GuestType.QEMU else self.tr("Container")
            return f"{guest_label(guest)} — {kind_text}, {status_text(guest.status)}\n" + (
                f"{guest.cluster}/{guest.node}"
            )
        if kind == Kind.SMART:
            return str(item.obj.query)
        return None

    # -- updates --------------------------------------------------------------------------
    def apply(self, changeset: ChangeSet) -> None:
        """Insert, move, change and remove the items a ChangeSet names."""
        if self._grouping == Grouping.CLUSTER:
            self._ensure_cluster(changeset.cluster)
            self._apply_nodes(changeset)
        guests = changeset.of(GUESTS)
        if guests:
            self._apply_guests(guests.added, guests.removed, guests.changed)
        if self._grouping == Grouping.CLUSTER:
            self._apply_storage(changeset)
            self._drop_removed_nodes(changeset)

    def _ensure_cluster(self, name: str) -> TreeItem:
        if name not in self._fleet.clusters:
            return self._fleet_item
        item = self._cluster_item(name, create=True)
        if item.parent is None:
            self._insert_items(self._fleet_item, [item])
        return item

    def _ensure(self, path: tuple[Any, ...]) -> TreeItem:
        parent = self._fleet_item
        for key in path:
            item = self._items.get(key) or self._folder_for(key)
            if item.parent is None:
                self._insert_items(parent, [item])
            parent = item
        return parent

    def _apply_nodes(self, changeset: ChangeSet) -> None:
        nodes = changeset.of(NODES)
        for key, node in {**nodes.added, **nodes.changed}.items():
            item = self._items.get(("node", key))
            if item is None:
                self._ensure((("cluster", key.cluster), ("node", key)))
                self._node_item(key, node)
            else:
                item.obj = node
                index = self.index_of(item)
                if index.isValid():
                    self.dataChanged.emit(index, index)

    def _drop_removed_nodes(self, changeset: ChangeSet) -> None:
        for key in changeset.of(NODES).removed:
            item = self._items.get(("node", key))
            if item is not None and not item.count() and item.parent is not None:
                self._remove_items([item])

    def _apply_storage(self, changeset: ChangeSet) -> None:
        storage = changeset.of(STORAGE)
        gone = [
            self._items[("storage", k)] for k in storage.removed if ("storage", k) in self._items
        ]
        if gone:
            self._remove_items(gone)
        fresh: dict[int, tuple[TreeItem, list[TreeItem]]] = {}
        for key, value in {**storage.added, **storage.changed}.items():
            item = self._items.get(("storage", key))
            if item is not None and item.parent is not None:
                item.obj = value
                if not item.parent.pending:  # else no view has seen the item yet
                    index = self.index_of(item)
                    self.dataChanged.emit(index, index)
                continue
            parent = self._ensure(
                (("cluster", key.cluster), ("node", NodeKey(key.cluster, key.node)))
            )
            new = self._storage_item(value)
            fresh.setdefault(id(parent), (parent, []))[1].append(new)
        for parent, items in fresh.values():
            self._insert_items(parent, items)

    def _apply_guests(
        self,
        added: dict[GuestKey, Guest] | Any,
        removed: frozenset[GuestKey],
        changed: dict[GuestKey, Guest] | Any,
    ) -> None:
        if self._pending_in:
            changed = self._update_pending(changed)
            for key in [*removed, *added]:
                if key in self._pending_in:
                    self._materialize_guest(key)
        to_remove: list[TreeItem] = []
        for key in removed:
            to_remove.extend(self._guest_items.pop(key, []))
        inserts: dict[int, tuple[TreeItem, list[TreeItem]]] = {}
        for guest in [*added.values(), *changed.values()]:
            current = {item.key[2]: item for item in self._guest_items.get(guest.key, [])}
            wanted = {path[-1]: path for path in self._paths(guest)}
            for group, item in current.items():
                if group in wanted:
                    # cluster and VMID never change, so the position stays: repaint only, and
                    # only when something the tree shows changed (not every CPU sample).
                    shown = _tree_fields(item.obj) != _tree_fields(guest)
                    item.obj = guest
                    index = self.index_of(item) if shown else QModelIndex()
                    if index.isValid():
                        self.dataChanged.emit(index, index)
                elif not self._try_move(item, guest, wanted, current):
                    to_remove.append(item)
                    self._guest_items[guest.key].remove(item)
            for group, path in wanted.items():
                if group in current or self._items.get(("guest", guest.key, group)):
                    continue
                parent = self._ensure(path)
                item = self._guest_item(guest, path)
                inserts.setdefault(id(parent), (parent, []))[1].append(item)
        if to_remove:
            parents = {id(i.parent): i.parent for i in to_remove if i.parent}
            self._remove_items(to_remove)
            self._prune_groups(parents)
        for parent, items in inserts.values():
            self._insert_items(parent, items)
        self._refresh_group_labels()

    def _update_pending(self, changed: Mapping[GuestKey, Guest]) -> Mapping[GuestKey, Guest]:
        """Take changes of guests pending in the folders they stay in; return the others.

        Such a guest has no item, so there is nothing to repaint (a metrics-only cycle after
        the first load touches no item at all). Guests that move are built, then handled as
        built items are.
        """
        pending_in = self._pending_in
        rest: dict[GuestKey, Guest] = {}
        for key, guest in changed.items():
            folders = pending_in.get(key)
            if not folders:
                rest[key] = guest
                continue
            wanted = {path[-1] for path in self._paths(guest)}
            if not self._guest_items.get(key) and {f.key for f in folders} == wanted:
                for folder in folders:
                    folder.pending[key] = guest  # type: ignore[index]
            else:
                self._materialize_guest(key)
                rest[key] = guest
        return rest

    def _try_move(
        self, item: TreeItem, guest: Guest, wanted: dict[Any, Any], current: dict[Any, Any]
    ) -> bool:
        """Move a guest to its new folder (e.g. a migration) keeping selections; True if done."""
        targets = [g for g in wanted if g not in current]
        if len(targets) != 1 or len(current) != 1:
            return False
        target_group = targets[0]
        new_parent = self._ensure(wanted[target_group])
        if new_parent.pending:
            self._materialize(new_parent)
        old_parent = item.parent
        assert old_parent is not None
        keys = [c.sort for c in new_parent.children]
        dest = bisect.bisect_left(keys, _guest_sort(guest))
        src = item.row
        if not self.beginMoveRows(
            self.index_of(old_parent), src, src, self.index_of(new_parent), dest
        ):
            return False
        del old_parent.children[src]
        old_parent.renumber(src)
        new_parent.children.insert(dest, item)
        item.parent = new_parent
        new_parent.renumber(dest)
        del self._items[item.key]
        item.key = ("guest", guest.key, target_group)
        item.obj = guest
        self._items[item.key] = item
        self.endMoveRows()
        self._prune_groups({id(old_parent): old_parent})
        return True

    def _insert_items(self, parent: TreeItem, items: list[TreeItem]) -> None:
        """Insert ``items`` (not yet attached) under ``parent`` in sort order, in runs."""
        if parent.pending:
            self._materialize(parent)
        items = sorted(items, key=lambda i: i.sort)
        keys = [c.sort for c in parent.children]
        positions = [bisect.bisect_left(keys, i.sort) for i in items]
        runs: list[tuple[int, list[TreeItem]]] = []
        for pos, item in zip(positions, items, strict=True):
            if runs and runs[-1][0] == pos:
                runs[-1][1].append(item)
            else:
                runs.append((pos, [item]))
        parent_index = self.index_of(parent)
        for pos, run in reversed(runs):
            self.beginInsertRows(parent_index, pos, pos + len(run) - 1)
            parent.children[pos:pos] = run
            for item in run:
                item.parent = parent
            parent.renumber(pos)
            self.endInsertRows()

    def _remove_items(self, items: list[TreeItem]) -> None:
        by_parent: dict[int, tuple[TreeItem, list[int]]] = {}
        for item in items:
            if item.parent is None:
                continue
            by_parent.setdefault(id(item.parent), (item.parent, []))[1].append(item.row)
        for parent, rows in by_parent.values():
            rows.sort()
            runs: list[list[int]] = []
            for row in rows:
                if runs and row == runs[-1][1] + 1:
                    runs[-1][1] = row
                else:
                    runs.append([row, row])
            parent_index = self.index_of(parent)
            for first, last in reversed(runs):
                self.beginRemoveRows(parent_index, first, last)
                for child in parent.children[first : last + 1]:
                    child.parent = None
                    self._forget(child)
                del parent.children[first : last + 1]
                parent.renumber(first)
                self.endRemoveRows()

    def _forget(self, item: TreeItem) -> None:
        self._items.pop(item.key, None)
        for key in item.pending or ():
            held = self._pending_in.get(key)
            if held is not None and item in held:
                held.remove(item)
                if not held:
                    del self._pending_in[key]
        item.pending = None
        for child in item.children:
            self._forget(child)

    def _prune_groups(self, parents: Mapping[int, TreeItem | None]) -> None:
        empty = [
            p
            for p in parents.values()
            if p is not None and p.kind == Kind.GROUP and not p.count() and p.parent is not None
        ]
        if empty:
            self._remove_items(empty)

    def _refresh_group_labels(self) -> None:
        if self._grouping == Grouping.CLUSTER or not self._fleet_item.children:
            return
        first = self.index_of(self._fleet_item.children[0])
        last = self.index_of(self._fleet_item.children[-1])
        self.dataChanged.emit(first, last, [Qt.ItemDataRole.DisplayRole])

    def _emit_all_changed(self, parent: TreeItem) -> None:
        # Under a folder with pending guests no index was handed out: nothing to repaint.
        if parent.children and not parent.pending:
            first = self.index_of(parent.children[0])
            last = self.index_of(parent.children[-1])
            self.dataChanged.emit(first, last)
            for child in parent.children:
                self._emit_all_changed(child)

    def _on_cluster_changed(self, name: str) -> None:
        if self._grouping == Grouping.CLUSTER:
            item = self._items.get(("cluster", name))
            if item is None or item.parent is None:
                if name in self._fleet.clusters:
                    self._ensure_cluster(name)
                return
            self._emit_all_changed(item)
            index = self.index_of(item)
            self.dataChanged.emit(index, index)

    def _on_clusters_reset(self) -> None:
        if self._grouping != Grouping.CLUSTER:
            return
        names = set(self._fleet.clusters)
        gone = [
            c for c in self._fleet_item.children if c.kind == Kind.CLUSTER and c.obj not in names
        ]
        if gone:
            self._remove_items(gone)
        for name in sorted(names):
            self._ensure_cluster(name)


def scope_for(kind: str, key: Any, obj: Any) -> Callable[[Guest], bool] | None:
    """Return the guest filter a tree selection stands for (None: every guest)."""
    if kind == Kind.CLUSTER:
        name = obj
        return lambda g: g.cluster == name
    if kind == Kind.NODE:
        node_key: NodeKey = key[1]
        return lambda g: g.cluster == node_key.cluster and g.node == node_key.node
    if kind == Kind.GROUP:
        grouping, value = key[1], key[2]
        if grouping == "tag":
            return (lambda g: not g.tags) if value is None else (lambda g: value in g.tags)
        if grouping == "pool":
            return lambda g: g.pool == value
        if grouping == "status":
            return lambda g: g.status.value == value
    if kind == Kind.STORAGE:
        storage_key: StorageKey = key[1]
        return lambda g: g.cluster == storage_key.cluster and g.node == storage_key.node
    return None
