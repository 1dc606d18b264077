"""The guest table model (every guest of every cluster) and its fast filter/sort proxy."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from pvesphere_desktop.core.changeset import ChangeSet
from pvesphere_desktop.core.enums import GuestStatus, GuestType
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP
from pvesphere_desktop.core.ids import GuestKey
from pvesphere_desktop.core.models import Guest
from pvesphere_desktop.ui import format as fmt
from pvesphere_desktop.ui.fleet import GUESTS, FleetState, status_text
from pvesphere_desktop.ui.i18n import translate as tr_marked
from pvesphere_desktop.ui.models import (
    FRACTION_ROLE,
    KEY_ROLE,
    OBJECT_ROLE,
    SORT_ROLE,
    emit_layout_about_to_change,
    emit_layout_changed,
)
from pvesphere_desktop.ui.theme import LIGHT_COLORS, Colors, dot_icon, guest_status_color

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
Predicate = Callable[[Guest], bool]

_CTX = "GuestTableModel"


@dataclass(frozen=True)
class Column:
    """One column: its id (stable, saved in settings), title and how to show and sort it."""

    id: str
    title: str  # source text, translated in headerData
    display: Callable[[Guest], str]
    sort: Callable[[Guest], Any]
    align_right: bool = False
    visible: bool = True
    width: int = 90


def _cpu_fraction(guest: Guest) -> float | None:
    return guest.cpu


def _mem_fraction(guest: Guest) -> float | None:
    if guest.mem is None or not guest.maxmem:
        return None
    return guest.mem / guest.maxmem


def _disk_fraction(guest: Guest) -> float | None:
    if guest.disk is None or not guest.maxdisk:
        return None
    return guest.disk / guest.maxdisk


def _type_text(guest: Guest) -> str:
    if guest.template:
        return QCoreApplication.translate("GuestTableModel", "template")
    return (
        QCoreApplication.translate("GuestTableModel", "VM")
        if guest.type is GuestType.QEMU
        else QCoreApplication.translate("GuestTableModel", "CT")
    )


def _cores(guest: Guest) -> str:
    if guest.maxcpu is None:
        return "–"
    return f"{guest.maxcpu:g}"


def _running_only(guest: Guest, value: float | None) -> float | None:
    return value if guest.status is GuestStatus.RUNNING else None


COLUMNS: tuple[Column, ...] = (
    Column(
        "status",
        QT_TRANSLATE_NOOP("GuestTableModel", "Status"),
        lambda g: status_text(g.status),
        lambda g: g.status.value,
        width=110,
    ),
    Column(
        "vmid",
        QT_TRANSLATE_NOOP("GuestTableModel", "ID"),
        lambda g: str(g.vmid),
        lambda g: g.vmid,
        align_right=True,
        width=70,
    ),
    Column(
        "name",
        QT_TRANSLATE_NOOP("GuestTableModel", "Name"),
        lambda g: g.name,
        lambda g: g.name.casefold(),
        width=200,
    ),
    Column(
        "type",
        QT_TRANSLATE_NOOP("GuestTableModel", "Type"),
        _type_text,
        lambda g: (g.template, g.type.value),
        width=80,
    ),
    Column(
        "node",
        QT_TRANSLATE_NOOP("GuestTableModel", "Node"),
        lambda g: g.node,
        lambda g: g.node.casefold(),
        width=100,
    ),
    Column(
        "cluster",
        QT_TRANSLATE_NOOP("GuestTableModel", "Cluster"),
        lambda g: g.cluster,
        lambda g: g.cluster.casefold(),
        width=110,
    ),
    Column(
        "cpu",
        QT_TRANSLATE_NOOP("GuestTableModel", "CPU"),
        lambda g: fmt.percent_text(_running_only(g, g.cpu)),
        lambda g: _running_only(g, g.cpu),
        align_right=True,
        width=110,
    ),
    Column(
        "mem",
        QT_TRANSLATE_NOOP("GuestTableModel", "Memory"),
        lambda g: fmt.bytes_text(_running_only(g, g.mem)),
        lambda g: _running_only(g, g.mem),
        align_right=True,
        width=120,
    ),
    Column(
        "maxmem",
        QT_TRANSLATE_NOOP("GuestTableModel", "Max. memory"),
        lambda g: fmt.bytes_text(g.maxmem),
        lambda g: g.maxmem,
        align_right=True,
        visible=False,
    ),
    Column(
        "cores",
        QT_TRANSLATE_NOOP("GuestTableModel", "vCPUs"),
        _cores,
        lambda g: g.maxcpu,
        align_right=True,
        width=60,
    ),
    Column(
        "disk",
        QT_TRANSLATE_NOOP("GuestTableModel", "Disk size"),
        lambda g: fmt.bytes_text(g.maxdisk),
        lambda g: g.maxdisk,
        align_right=True,
        visible=False,
        width=90,
    ),
    Column(
        "uptime",
        QT_TRANSLATE_NOOP("GuestTableModel", "Uptime"),
        lambda g: fmt.duration_text(g.uptime) if g.uptime else "",
        lambda g: g.uptime or 0,
        align_right=True,
        width=90,
    ),
    Column(
        "tags",
        QT_TRANSLATE_NOOP("GuestTableModel", "Tags"),
        lambda g: ", ".join(g.tags),
        lambda g: ",".join(g.tags),
        width=150,
    ),
    Column(
        "pool",
        QT_TRANSLATE_NOOP("GuestTableModel", "Pool"),
        lambda g: g.pool or "",
        lambda g: g.pool or "",
        visible=False,
    ),
    Column(
        "ha",
        QT_TRANSLATE_NOOP("GuestTableModel", "HA"),
        lambda g: g.hastate or "",
        lambda g: g.hastate or "",
        visible=False,
    ),
    Column(
        "lock",
        QT_TRANSLATE_NOOP("GuestTableModel", "Lock"),
        lambda g: g.lock or "",
        lambda g: g.lock or "",
        width=80,
    ),
)
COLUMN_IDS = tuple(c.id for c in COLUMNS)
FRACTION_COLUMNS = {"cpu": _cpu_fraction, "mem": _mem_fraction}


def column_index(column_id: str) -> int:
    return COLUMN_IDS.index(column_id)


def _runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Group sorted row numbers into inclusive (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class GuestTableModel(QAbstractTableModel):
    """Every guest of the fleet, one row each, keyed by cluster + VMID.

    Rows are appended when guests appear, changed in place and removed individually; only
    the very first load resets the model. The row order is arbitrary: views sort through
    :class:`GuestFilterProxy`.
    """

    def __init__(self, fleet: FleetState | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._guests: list[Guest] = []
        self._row_of: dict[GuestKey, int] = {}
        self._fleet = fleet
        self.colors: Colors = LIGHT_COLORS
        # Rows named by the latest dataChanged (exact), so the proxy need not scan the range.
        self.last_changed_rows: list[int] = []
        self._stale: set[str] = set()
        self._italic = QFont()
        self._italic.setItalic(True)
        if fleet is not None:
            fleet.changeset_applied.connect(self.apply)
            fleet.cluster_changed.connect(self._on_cluster_changed)
            fleet.reloaded.connect(lambda: self.load(fleet.guests.values(), fleet.guests.keys()))

    # -- access ---------------------------------------------------------------------------
    def guests(self) -> Sequence[Guest]:
        return self._guests

    def guest_at(self, row: int) -> Guest:
        return self._guests[row]

    def row_of(self, key: GuestKey) -> int | None:
        return self._row_of.get(key)

    def set_colors(self, colors: Colors) -> None:
        self.colors = colors
        if self._guests:
            self._emit_changed(range(len(self._guests)), [Qt.ItemDataRole.DecorationRole])

    # -- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._guests)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr_marked(_CTX, COLUMNS[section].title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if COLUMNS[section].align_right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _SERVED_ROLES or not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, row: int, col: int, role: int) -> Any:
        """Return ``data()`` of a cell without building an index (the proxy's fast path)."""
        if not (0 <= row < len(self._guests) and 0 <= col < len(COLUMNS)):
            return None
        guest = self._guests[row]
        column = COLUMNS[col]
        if role == Qt.ItemDataRole.DisplayRole:
            text = column.display(guest)
            if col == 0 and self._fleet is not None and self._fleet.is_stale(guest.cluster):
                seen = self._fleet.cluster_state(guest.cluster).last_seen
                text = self.tr("{status} · seen {age}").format(status=text, age=fmt.age_text(seen))
            return text
        if role == KEY_ROLE:
            return guest.key
        if role == OBJECT_ROLE:
            return guest
        if role == SORT_ROLE:
            return column.sort(guest)
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            stale = self._fleet is not None and self._fleet.is_stale(guest.cluster)
            color = self.colors.idle if stale else guest_status_color(self.colors, guest.status)
            return dot_icon(color, hollow=guest.status is not GuestStatus.RUNNING)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.align_right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._fleet is not None and self._fleet.is_stale(guest.cluster):
                return QColor(self.colors.idle)
            if guest.template:
                return QColor(self.colors.muted)
            return None
        if role == Qt.ItemDataRole.FontRole and guest.template:
            return self._italic
        if role == FRACTION_ROLE:
            getter = FRACTION_COLUMNS.get(column.id)
            if getter is None or guest.status is not GuestStatus.RUNNING:
                return None
            return getter(guest)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(guest)
        return None

    def _tooltip(self, guest: Guest) -> str:
        lines = [f"{guest.name or guest.vmid} — {guest.cluster}/{guest.node}"]
        if self._fleet is not None and self._fleet.is_stale(guest.cluster):
            state = self._fleet.cluster_state(guest.cluster)
            lines.append(
                self.tr("Cluster unreachable; last seen {age}").format(
                    age=fmt.age_text(state.last_seen)
                )
            )
        if guest.lock:
            lines.append(self.tr("Locked: {lock}").format(lock=guest.lock))
        return "\n".join(lines)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- updates --------------------------------------------------------------------------
    def load(self, guests: Iterable[Guest], keys: Iterable[GuestKey] | None = None) -> None:
        """Replace everything (first load only): one reset instead of 20,000 inserts.

        ``keys``: the guests' keys in the same order, when the caller has them already.
        """
        self.beginResetModel()
        self._guests = list(guests)
        if keys is None:
            keys = (GuestKey(g.cluster, g.vmid) for g in self._guests)
        self._row_of = {key: i for i, key in enumerate(keys)}
        self.endResetModel()

    def apply(self, changeset: ChangeSet) -> None:
        """Apply a ChangeSet's guest changes row by row."""
        changes = changeset.of(GUESTS)
        if not changes:
            return
        if not self._guests and changes.added and not changes.removed:
            self.load([*changes.added.values(), *changes.changed.values()])
            return
        self._remove(changes.removed)
        fresh: list[Guest] = []
        changed_rows: list[int] = []
        for values in (changes.changed, changes.added):
            for key, guest in values.items():
                row = self._row_of.get(key)
                if row is None:
                    fresh.append(guest)
                elif self._guests[row] != guest:
                    self._guests[row] = guest
                    changed_rows.append(row)
        if changed_rows:
            self._emit_changed(sorted(changed_rows))
        if fresh:
            first = len(self._guests)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            for offset, guest in enumerate(fresh):
                self._guests.append(guest)
                self._row_of[guest.key] = first + offset
            self.endInsertRows()

    def _remove(self, keys: Iterable[GuestKey]) -> None:
        rows = sorted((self._row_of[k] for k in keys if k in self._row_of), reverse=True)
        if not rows:
            return
        for first, last in reversed(_runs(sorted(rows))):
            self.beginRemoveRows(QModelIndex(), first, last)
            for guest in self._guests[first : last + 1]:
                del self._row_of[guest.key]
            del self._guests[first : last + 1]
            # Shift the keys of every later row (one pass per run: removals are rare).
            for row in range(first, len(self._guests)):
                self._row_of[self._guests[row].key] = row
            self.endRemoveRows()

    def _emit_changed(self, rows: Sequence[int], roles: list[int] | None = None) -> None:
        if not rows:
            return
        self.last_changed_rows = list(rows)
        last_col = len(COLUMNS) - 1
        runs = _runs(rows)
        if len(runs) > 32:
            runs = [(rows[0], rows[-1])]  # one span is cheaper than hundreds of signals
        for first, last in runs:
            self.dataChanged.emit(self.index(first, 0), self.index(last, last_col), roles or [])
        self.last_changed_rows = []

    def _on_cluster_changed(self, cluster: str) -> None:
        # Greying and "last seen" ages depend on the cluster's health: repaint its rows when
        # it turns stale or live, and while stale (the age text moves on).
        assert self._fleet is not None
        stale = self._fleet.is_stale(cluster)
        if not stale and cluster not in self._stale:
            return
        if stale:
            self._stale.add(cluster)
        else:
            self._stale.discard(cluster)
        rows = [i for i, g in enumerate(self._guests) if g.cluster == cluster]
        if rows:
            roles = [
                Qt.ItemDataRole.DisplayRole,
                Qt.ItemDataRole.ForegroundRole,
                Qt.ItemDataRole.DecorationRole,
                Qt.ItemDataRole.ToolTipRole,
            ]
            self.last_changed_rows = rows
            self.dataChanged.emit(
                self.index(rows[0], 0), self.index(rows[-1], len(COLUMNS) - 1), roles
            )
            self.last_changed_rows = []


_SERVED_ROLES = frozenset(
    int(r)
    for r in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ToolTipRole,
        KEY_ROLE,
        OBJECT_ROLE,
        SORT_ROLE,
        FRACTION_ROLE,
    )
)


def _missing_last_key(value: Any, descending: bool) -> tuple[int, Any]:
    if value is None:
        return (0, 0) if descending else (1, 0)
    return (1, value) if descending else (0, value)


class GuestFilterProxy(QAbstractProxyModel):
    """Filter and sort the guest table in bulk, fast enough for a keystroke at 20,000 rows.

    QSortFilterProxyModel calls a Python ``filterAcceptsRow`` once per row, which costs
    more than our whole budget at this size; this proxy evaluates the compiled search
    predicate over the guest records in one pass, caches sort keys per source row, and maps
    changes of the source into the smallest set of row signals (runs, or a layout change
    when a change is too scattered).

    Filtering = ``scope`` (what the navigation tree selected) AND ``predicate`` (the
    search box).

    Bulk inserts (a cluster's first sync: hundreds of rows into a table of thousands) are
    appended at the end and sorted into place once, :attr:`RESORT_DELAY_MS` later: sorting
    and re-laying out 20,000 rows for every part of a first sync would cost more than
    the inserts themselves.

    Signals:
        restore_keys(list): after a refilter (a reset), the GuestKeys that were selected or
            current; the view selects them again.
    """

    restore_keys = Signal(list)

    BULK_ROWS = 64  # an insert of at least this many rows...
    BULK_TABLE = 2000  # ...into a table of at least this many is sorted in later
    RESORT_DELAY_MS = 200

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._resort_timer = QTimer(self)
        self._resort_timer.setSingleShot(True)
        self._resort_timer.setInterval(self.RESORT_DELAY_MS)
        self._resort_timer.timeout.connect(self._resort)
        self._order: list[int] = []  # proxy row -> source row
        self._pos: dict[int, int] = {}  # source row -> proxy row
        self._accept: list[bool] = []  # per source row
        self._keys: list[Any] = []  # per source row, for the sort column
        self._scope: Predicate | None = None
        self._predicate: Predicate | None = None
        self._sort_column = column_index("name")
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._source: GuestTableModel | None = None
        self.last_refilter_ms = 0.0

    # -- configuration --------------------------------------------------------------------
    def setSourceModel(self, source: QAbstractItemModel) -> None:  # noqa: N802
        assert isinstance(source, GuestTableModel)
        if self._source is not None:
            for signal, slot in self._connections():
                signal.disconnect(slot)
        self.beginResetModel()
        super().setSourceModel(source)
        self._source = source
        for signal, slot in self._connections():
            signal.connect(slot)
        self._rebuild_all()
        self.endResetModel()

    def _connections(self) -> list[tuple[Any, Any]]:
        src = self._source
        assert src is not None
        return [
            (src.modelAboutToBeReset, self._on_about_to_reset),
            (src.modelReset, self._on_reset),
            (src.rowsAboutToBeRemoved, self._on_rows_about_to_be_removed),
            (src.rowsRemoved, self._on_rows_removed),
            (src.rowsInserted, self._on_rows_inserted),
            (src.dataChanged, self._on_data_changed),
            (src.headerDataChanged, self.headerDataChanged),
            (src.layoutChanged, self._on_source_layout),
        ]

    @property
    def source(self) -> GuestTableModel:
        assert self._source is not None
        return self._source

    def set_filter(
        self, scope: Predicate | None = None, predicate: Predicate | None = None
    ) -> None:
        """Show only guests matching ``scope`` and ``predicate`` (None = everything)."""
        if scope is self._scope and predicate is self._predicate:
            return  # the same filter: rows are kept current as the source changes
        self._scope = scope
        self._predicate = predicate
        self.refilter()

    def set_predicate(self, predicate: Predicate | None) -> None:
        self._predicate = predicate
        self.refilter()

    def set_scope(self, scope: Predicate | None) -> None:
        self._scope = scope
        self.refilter()

    def refilter(self) -> None:
        """Re-evaluate the filter for every guest (after the query or the scope changed).

        This is one model reset: cheaper for views than thousands of row signals at 20,000
        rows. The current row and the selection are kept by key.
        """
        started = time.perf_counter()
        guests = self.source.guests()
        accepts = self._combined()
        if accepts is None:
            self._accept = [True] * len(guests)
            order = self._sorted(range(len(guests)))
        else:
            self._accept = list(map(accepts, guests))
            order = self._sorted([i for i, ok in enumerate(self._accept) if ok])
        self._reset_to(order)
        self.last_refilter_ms = (time.perf_counter() - started) * 1000

    def _accepts(self, guest: Guest) -> bool:
        if self._scope is not None and not self._scope(guest):
            return False
        return self._predicate is None or bool(self._predicate(guest))

    def _combined(self) -> Predicate | None:
        scope, predicate = self._scope, self._predicate
        if scope is None:
            return predicate
        if predicate is None:
            return scope
        return lambda g: scope(g) and predicate(g)

    def _reset_to(self, order: list[int]) -> None:
        """Show ``order`` through a reset, restoring selections and current rows by key."""
        if order == self._order:
            return
        guests = self.source.guests()
        held = [
            (
                index,
                guests[self._order[index.row()]].key
                if 0 <= index.row() < len(self._order)
                else None,
            )
            for index in self.persistentIndexList()
        ]
        self.beginResetModel()
        self._set_order(order)
        self.endResetModel()
        self.restore_keys.emit([key for _index, key in held if key is not None])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort_column = column
        self._sort_order = order
        self._keys = [self._key(g) for g in self.source.guests()]
        self._transition(self._sorted(self._order))

    def sort_column(self) -> int:
        return self._sort_column

    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    # -- mapping --------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._order) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and bool(self._order)

    def mapToSource(self, proxy_index: Index) -> QModelIndex:  # noqa: N802
        if not proxy_index.isValid() or self._source is None:
            return QModelIndex()
        row = proxy_index.row()
        if not 0 <= row < len(self._order):
            return QModelIndex()
        return self._source.index(self._order[row], proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:  # noqa: N802
        if not source_index.isValid():
            return QModelIndex()
        row = self._pos.get(source_index.row())
        if row is None:
            return QModelIndex()
        return self.createIndex(row, source_index.column())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for several roles per cell on every paint: skip the ones nobody serves
        # and go to the source's cell() without building another index.
        if role not in _SERVED_ROLES or self._source is None or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self._order):
            return None
        return self._source.cell(self._order[row], index.column(), role)

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return None
        return self.source.headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- convenience ----------------------------------------------------------------------
    def guest_at(self, row: int) -> Guest:
        return self.source.guest_at(self._order[row])

    def row_of(self, key: GuestKey) -> int | None:
        source_row = self.source.row_of(key)
        return None if source_row is None else self._pos.get(source_row)

    def visible_guests(self) -> list[Guest]:
        guests = self.source.guests()
        return [guests[r] for r in self._order]

    # -- internals ------------------------------------------------------------------------
    def _key(self, guest: Guest) -> Any:
        value = COLUMNS[self._sort_column].sort(guest)
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        return (_missing_last_key(value, descending), guest.cluster, guest.vmid)

    def _sorted(self, rows: Iterable[int]) -> list[int]:
        keys = self._keys
        return sorted(
            rows,
            key=keys.__getitem__,
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )

    def _rebuild_all(self) -> None:
        guests = self.source.guests()
        self._accept = [self._accepts(g) for g in guests]
        self._keys = [self._key(g) for g in guests]
        self._order = self._sorted(i for i, ok in enumerate(self._accept) if ok)
        self._pos = {s: p for p, s in enumerate(self._order)}

    def _set_order(self, order: list[int]) -> None:
        self._order = order
        self._pos = {s: p for p, s in enumerate(order)}

    def _relayout(self, order: list[int]) -> None:
        """Reorder the same set of rows, keeping selections and current items."""
        if order == self._order:
            return
        emit_layout_about_to_change(self)
        old_order = self._order
        persistent = self.persistentIndexList()
        self._set_order(order)
        new_list = []
        for index in persistent:
            source_row = old_order[index.row()] if 0 <= index.row() < len(old_order) else None
            row = self._pos.get(source_row) if source_row is not None else None
            new_list.append(
                self.createIndex(row, index.column()) if row is not None else QModelIndex()
            )
        self.changePersistentIndexList(persistent, new_list)
        emit_layout_changed(self)

    def _transition(self, new_order: list[int]) -> None:
        """Move from the current row list to ``new_order`` with as few signals as possible."""
        old = self._order
        if old == new_order:
            return
        if not old:
            if new_order:
                self.beginInsertRows(QModelIndex(), 0, len(new_order) - 1)
                self._set_order(new_order)
                self.endInsertRows()
            return
        if not new_order:
            self.beginRemoveRows(QModelIndex(), 0, len(old) - 1)
            self._set_order([])
            self.endRemoveRows()
            return
        new_set = set(new_order)
        gone = [p for p, s in enumerate(old) if s not in new_set]
        if gone:
            runs = _runs(gone)
            if len(runs) > 16:
                # Too scattered: move the leaving rows to the end first, then cut once.
                keep = [s for s in old if s in new_set]
                leave = [s for s in old if s not in new_set]
                self._relayout(keep + leave)
                runs = [(len(keep), len(old) - 1)]
            for first, last in reversed(runs):
                self.beginRemoveRows(QModelIndex(), first, last)
                self._set_order(self._order[:first] + self._order[last + 1 :])
                self.endRemoveRows()
        current = set(self._order)
        arriving = [s for s in new_order if s not in current]
        if arriving:
            first = len(self._order)
            self.beginInsertRows(QModelIndex(), first, first + len(arriving) - 1)
            self._set_order(self._order + arriving)
            self.endInsertRows()
        self._relayout(new_order)

    # -- source signals -------------------------------------------------------------------
    def _on_about_to_reset(self) -> None:
        self.beginResetModel()

    def _on_reset(self) -> None:
        self._rebuild_all()
        self.endResetModel()

    def _on_source_layout(self) -> None:
        self.beginResetModel()
        self._rebuild_all()
        self.endResetModel()

    def _on_rows_about_to_be_removed(self, parent: Index, first: int, last: int) -> None:
        if parent.isValid():
            return
        self._transition([s for s in self._order if not first <= s <= last])

    def _on_rows_removed(self, parent: Index, first: int, last: int) -> None:
        if parent.isValid():
            return
        count = last - first + 1
        del self._accept[first : last + 1]
        del self._keys[first : last + 1]
        self._set_order([s - count if s > last else s for s in self._order])

    def _on_rows_inserted(self, parent: Index, first: int, last: int) -> None:
        if parent.isValid():
            return
        guests = self.source.guests()
        new_rows = range(first, last + 1)
        self._accept[first:first] = [self._accepts(guests[r]) for r in new_rows]
        self._keys[first:first] = [self._key(guests[r]) for r in new_rows]
        if first < len(guests) - len(new_rows):  # inserted in the middle: shift later rows
            count = len(new_rows)
            self._set_order([s + count if s >= first else s for s in self._order])
        accepted = [r for r in new_rows if self._accept[r]]
        if len(accepted) >= self.BULK_ROWS and len(self._order) >= self.BULK_TABLE:
            self._append(accepted)
            if not self._resort_timer.isActive():
                self._resort_timer.start()
        elif accepted:
            self._transition(self._sorted(self._order + accepted))

    def _append(self, rows: list[int]) -> None:
        first = len(self._order)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._order.extend(rows)
        self._pos.update((source_row, first + i) for i, source_row in enumerate(rows))
        self.endInsertRows()

    def _resort(self) -> None:
        """Sort appended rows into place (see the class docstring)."""
        self._relayout(self._sorted(self._order))

    def _on_data_changed(self, top_left: Index, bottom_right: Index, roles: list[int]) -> None:
        if top_left.parent().isValid():
            return
        rows: Sequence[int] = self.source.last_changed_rows or range(
            top_left.row(), bottom_right.row() + 1
        )
        # Our source names roles only for presentation changes (health greying, colours);
        # a changed guest comes with no roles, and only then can filtering or order change.
        if not roles:
            guests = self.source.guests()
            moved = False
            for row in rows:
                guest = guests[row]
                accept = self._accepts(guest)
                key = self._key(guest)
                if accept != self._accept[row] or (accept and key != self._keys[row]):
                    moved = True
                self._accept[row] = accept
                self._keys[row] = key
            if moved:
                self._transition(self._sorted(s for s, ok in enumerate(self._accept) if ok))
        proxy_rows = sorted(p for r in rows if (p := self._pos.get(r)) is not None)
        if proxy_rows:
            self.dataChanged.emit(
                self.index(proxy_rows[0], 0),
                self.index(proxy_rows[-1], len(COLUMNS) - 1),
                roles,
            )
