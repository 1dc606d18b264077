"""The fleet dashboard: counts and health per cluster, usage, top consumers, what changed,
running tasks. Computed from the GUI's fleet mirror, so it works offline from the cache."""

from __future__ import annotations

import heapq
import logging
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pvesphere_desktop.core.enums import GuestStatus, GuestType, Health, NodeStatus
from pvesphere_desktop.core.models import Guest
from pvesphere_desktop.ui import format as fmt
from pvesphere_desktop.ui.fleet import FleetState, guest_label, health_text
from pvesphere_desktop.ui.models import KEY_ROLE
from pvesphere_desktop.ui.tasks import TaskTableModel
from pvesphere_desktop.ui.theme import (
    LIGHT_COLORS,
    Colors,
    dot_icon,
    guest_status_color,
    health_color,
)
from pvesphere_desktop.ui.views.common import Card, UsageBar, make_table

log = logging.getLogger(__name__)


class StatCard(Card):
    """A big number with a caption."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.number = QLabel("–", self)
        self.number.setObjectName("bigNumber")
        self.caption = QLabel(self)
        self.caption.setObjectName("muted")
        self.caption.setWordWrap(True)
        self.body.addWidget(self.number)
        self.body.addWidget(self.caption)
        self.body.addStretch(1)

    def set(self, number: str, caption: str) -> None:
        self.number.setText(number)
        self.caption.setText(caption)


class Dashboard(QScrollArea):
    """The Fleet page.

    Signals:
        open_requested(object): a key (cluster name, GuestKey, ...) the user clicked.
    """

    open_requested = Signal(object)

    TOP = 8

    def __init__(
        self, fleet: FleetState, tasks: TaskTableModel | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self._fleet = fleet
        self._tasks = tasks
        self.colors: Colors = LIGHT_COLORS
        page = QWidget()
        page.setObjectName("dashboardPage")
        self.setWidget(page)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 14, 16, 16)
        layout.setSpacing(12)

        cards = QHBoxLayout()
        cards.setSpacing(12)
        self.clusters_card = StatCard(self.tr("Clusters"))
        self.nodes_card = StatCard(self.tr("Nodes"))
        self.guests_card = StatCard(self.tr("Guests"))
        self.tasks_card = StatCard(self.tr("Running tasks"))
        for card in (self.clusters_card, self.nodes_card, self.guests_card, self.tasks_card):
            cards.addWidget(card, 1)
        layout.addLayout(cards)

        usage = Card(self.tr("Fleet usage"))
        usage_row = QHBoxLayout()
        usage_row.setSpacing(24)
        self.cpu_bar = UsageBar(self.tr("CPU (nodes)"))
        self.mem_bar = UsageBar(self.tr("Memory (nodes)"))
        self.storage_bar = UsageBar(self.tr("Storage pools"))
        for bar in (self.cpu_bar, self.mem_bar, self.storage_bar):
            usage_row.addWidget(bar, 1)
        usage.body.addLayout(usage_row)
        layout.addWidget(usage)

        clusters = Card(self.tr("Clusters"))
        self.cluster_table = make_table(
            [
                self.tr("Cluster"),
                self.tr("Connection"),
                self.tr("PVE"),
                self.tr("Nodes"),
                self.tr("Guests"),
                self.tr("CPU"),
                self.tr("Memory"),
                self.tr("Storage"),
                self.tr("Last sync"),
            ]
        )
        self.cluster_table.setObjectName("clusterTable")
        self.cluster_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cluster_table.cellDoubleClicked.connect(self._cluster_clicked)
        self.cluster_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        clusters.body.addWidget(self.cluster_table)
        layout.addWidget(clusters)

        grid = QGridLayout()
        grid.setSpacing(12)
        self.top_cpu = self._list_card(self.tr("Top CPU"))
        self.top_mem = self._list_card(self.tr("Top memory"))
        self.events = self._list_card(self.tr("What changed"))
        self.running = self._list_card(self.tr("Tasks"))
        grid.addWidget(self.events[0], 0, 0)
        grid.addWidget(self.top_cpu[0], 0, 1)
        grid.addWidget(self.running[0], 1, 0)
        grid.addWidget(self.top_mem[0], 1, 1)
        layout.addLayout(grid)
        layout.addStretch(1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(1000)  # a pass over every guest: at most once a second
        self._timer.timeout.connect(self.refresh)
        fleet.changeset_applied.connect(self._schedule)
        fleet.cluster_changed.connect(self._schedule)
        fleet.clusters_reset.connect(self._schedule)
        fleet.reloaded.connect(self._schedule)
        fleet.event_added.connect(self._schedule)
        if tasks is not None:
            tasks.dataChanged.connect(self._schedule)
            tasks.rowsInserted.connect(self._schedule)
        self.refresh()

    def _list_card(self, title: str) -> tuple[Card, QListWidget]:
        card = Card(title)
        listing = QListWidget()
        listing.setFrameShape(QListWidget.Shape.NoFrame)
        listing.setMinimumHeight(170)
        listing.setUniformItemSizes(True)
        listing.itemActivated.connect(self._item_clicked)
        listing.itemDoubleClicked.connect(self._item_clicked)
        card.body.addWidget(listing)
        return card, listing

    def set_colors(self, colors: Colors) -> None:
        self.colors = colors
        for i, bar in enumerate((self.cpu_bar, self.mem_bar, self.storage_bar)):
            bar.set_color(colors.chart[i])
        self.refresh()

    def _schedule(self, *_: Any) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.refresh()

    # -- computing --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute everything from the fleet mirror (cheap: one pass over the guests)."""
        if not self.isVisible() and self.cluster_table.rowCount():
            return
        fleet = self._fleet
        clusters = sorted(fleet.clusters.values(), key=lambda c: c.name.casefold())
        by_health: dict[Health, int] = {}
        for state in clusters:
            by_health[state.health] = by_health.get(state.health, 0) + 1
        healthy = by_health.get(Health.OK, 0)
        problems = len(clusters) - healthy - by_health.get(Health.UNKNOWN, 0)
        self.clusters_card.set(
            str(len(clusters)),
            self.tr("{ok} online, {problems} with problems").format(ok=healthy, problems=problems),
        )
        nodes = list(fleet.nodes.values())
        online = [n for n in nodes if n.status is NodeStatus.ONLINE]
        self.nodes_card.set(str(len(nodes)), self.tr("{online} online").format(online=len(online)))
        guests = fleet.guests.values()
        per_cluster: dict[str, list[int]] = {}
        vms = cts = templates = 0
        running_guests: list[Guest] = []  # one pass over the fleet; the top lists use these
        for guest in guests:
            counts = per_cluster.setdefault(guest.cluster, [0, 0])
            counts[1] += 1
            if guest.template:
                templates += 1
                continue
            if guest.type is GuestType.QEMU:
                vms += 1
            else:
                cts += 1
            if guest.status is GuestStatus.RUNNING:
                running_guests.append(guest)
                counts[0] += 1
        running = len(running_guests)
        self.guests_card.set(
            str(len(fleet.guests)),
            self.tr(
                "{running} running · {vms} VMs, {cts} containers, {templates} templates"
            ).format(running=running, vms=vms, cts=cts, templates=templates),
        )
        task_count = self._tasks.running_count() if self._tasks is not None else 0
        self.tasks_card.set(str(task_count), self.tr("in the task list below"))

        cpu_used = sum((n.cpu or 0) * (n.maxcpu or 0) for n in online)
        cpu_total = sum(n.maxcpu or 0 for n in online)
        self.cpu_bar.set_fraction(
            cpu_used / cpu_total if cpu_total else None,
            self.tr("{used:.0f} of {total} cores").format(used=cpu_used, total=cpu_total),
        )
        mem_used = sum(n.mem or 0 for n in online)
        mem_total = sum(n.maxmem or 0 for n in online)
        self.mem_bar.set_fraction(
            mem_used / mem_total if mem_total else None, fmt.usage_text(mem_used, mem_total)
        )
        pools = self._storage_pools()
        st_used = sum(u for u, _ in pools.values())
        st_total = sum(t for _, t in pools.values())
        self.storage_bar.set_fraction(
            st_used / st_total if st_total else None, fmt.usage_text(st_used, st_total)
        )
        self._fill_clusters(clusters, per_cluster, pools)
        self._fill_top(
            self.top_cpu[1],
            heapq.nlargest(
                self.TOP, (g for g in running_guests if g.cpu), key=lambda g: g.cpu or 0
            ),
            "cpu",
        )
        self._fill_top(
            self.top_mem[1],
            heapq.nlargest(
                self.TOP, (g for g in running_guests if g.mem), key=lambda g: g.mem or 0
            ),
            "mem",
        )
        self._fill_events()
        self._fill_tasks()

    def _storage_pools(self) -> dict[tuple[str, str], tuple[int, int]]:
        """Used/total per storage pool: a shared storage counts once per cluster."""
        pools: dict[tuple[str, str], tuple[int, int]] = {}
        for storage in self._fleet.storage.values():
            if storage.maxdisk is None or storage.status not in (None, "available"):
                continue
            key = (
                (storage.cluster, storage.storage)
                if storage.shared
                else (storage.cluster, f"{storage.node}/{storage.storage}")
            )
            pools[key] = (storage.disk or 0, storage.maxdisk)
        return pools

    def _fill_clusters(
        self,
        clusters: list[Any],
        per_cluster: dict[str, list[int]],
        pools: dict[tuple[str, str], tuple[int, int]],
    ) -> None:
        table = self.cluster_table
        table.setRowCount(len(clusters))
        for row, state in enumerate(clusters):
            nodes = [n for n in self._fleet.nodes.values() if n.cluster == state.name]
            online = [n for n in nodes if n.status is NodeStatus.ONLINE]
            cpu_total = sum(n.maxcpu or 0 for n in online)
            cpu = (
                sum((n.cpu or 0) * (n.maxcpu or 0) for n in online) / cpu_total
                if cpu_total
                else None
            )
            mem_total = sum(n.maxmem or 0 for n in online)
            mem = sum(n.mem or 0 for n in online) / mem_total if mem_total else None
            mine = [v for k, v in pools.items() if k[0] == state.name]
            st_total = sum(t for _, t in mine)
            storage = sum(u for u, _ in mine) / st_total if st_total else None
            running, total = per_cluster.get(state.name, [0, 0])
            connection = health_text(state.health)
            values = [
                state.name,
                connection,
                state.version.version if state.version else "",
                f"{len(online)}/{len(nodes)}",
                self.tr("{running}/{total} running").format(running=running, total=total),
                fmt.percent_text(cpu),
                fmt.percent_text(mem),
                fmt.percent_text(storage),
                fmt.age_text(state.last_seen),
            ]
            for col, value in enumerate(values):
                item = table.item(row, col)
                if item is None:
                    item = QTableWidgetItem()
                    table.setItem(row, col, item)
                item.setText(value)
                item.setData(KEY_ROLE, state.name)
                if col in (5, 6, 7):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
            first, second = table.item(row, 0), table.item(row, 1)
            if first is not None:
                first.setIcon(dot_icon(health_color(self.colors, state.health)))
            if second is not None and state.message:
                second.setToolTip(state.message)
        table.resizeColumnsToContents()
        widths = (150, 150, 70, 60, 130, 60, 80, 70)
        for col, width in enumerate(widths):
            table.setColumnWidth(col, max(width, table.columnWidth(col) + 12))
        height = (
            table.horizontalHeader().height()
            + table.verticalHeader().defaultSectionSize() * max(1, len(clusters))
            + 4
        )
        table.setFixedHeight(height)

    def _fill_top(self, listing: QListWidget, guests: Iterable[Guest], what: str) -> None:
        listing.clear()
        for guest in guests:
            if what == "cpu":
                value = self.tr("{percent} of {cores} vCPUs").format(
                    percent=fmt.percent_text(guest.cpu), cores=f"{guest.maxcpu or 0:g}"
                )
            else:
                value = fmt.usage_text(guest.mem, guest.maxmem)
            item = QListWidgetItem(
                f"{guest_label(guest)}  ·  {value}  ·  {guest.cluster}/{guest.node}"
            )
            item.setIcon(dot_icon(guest_status_color(self.colors, guest.status)))
            item.setData(KEY_ROLE, guest.key)
            listing.addItem(item)
        if listing.count() == 0:
            listing.addItem(QListWidgetItem(self.tr("No running guests.")))

    def _fill_events(self) -> None:
        listing = self.events[1]
        listing.clear()
        for event in list(self._fleet.events)[-14:][::-1]:
            item = QListWidgetItem(
                f"{fmt.age_text(event.time)}  ·  {event.cluster}  ·  {event.text}"
            )
            item.setData(KEY_ROLE, event.key)
            listing.addItem(item)
        if listing.count() == 0:
            listing.addItem(QListWidgetItem(self.tr("Nothing changed recently.")))

    def _fill_tasks(self) -> None:
        listing = self.running[1]
        listing.clear()
        model = self._tasks
        if model is not None:
            for row in range(min(model.rowCount(), 14)):
                state_index = model.index(row, 0)
                title = model.index(row, 1).data()
                cluster = model.index(row, 2).data()
                started = model.index(row, 5).data()
                item = QListWidgetItem(
                    f"{title}  ·  {cluster}  ·  {state_index.data()}  ·  {started}"
                )
                item.setIcon(state_index.data(Qt.ItemDataRole.DecorationRole))
                listing.addItem(item)
        if listing.count() == 0:
            listing.addItem(QListWidgetItem(self.tr("No recent tasks.")))

    def _cluster_clicked(self, row: int, _col: int) -> None:
        item = self.cluster_table.item(row, 0)
        if item is not None:
            self.open_requested.emit(("cluster", item.data(KEY_ROLE)))

    def _item_clicked(self, item: QListWidgetItem) -> None:
        key = item.data(KEY_ROLE)
        if key is not None:
            self.open_requested.emit(key)
