"""Detail panes: cluster, node, guest (summary with charts, configuration, snapshots, backups,
tasks, notes) and storage. Everything fetched from PVE is loaded in worker threads."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pvesphere_desktop.core.enums import GuestStatus, GuestType, NodeStatus, PowerAction, TaskState
from pvesphere_desktop.core.errors import PveSphereError
from pvesphere_desktop.core.ids import GuestKey, NodeKey, StorageKey
from pvesphere_desktop.core.models import Guest, Node, Storage
from pvesphere_desktop.core.status import EndpointStatus
from pvesphere_desktop.core.upid import task_outcome
from pvesphere_desktop.ui import format as fmt
from pvesphere_desktop.ui.fleet import (
    FleetState,
    endpoint_node_text,
    failover_text,
    health_text,
    status_text,
)
from pvesphere_desktop.ui.i18n import translate
from pvesphere_desktop.ui.i18n import translate as tr_marked
from pvesphere_desktop.ui.tasks import STATE_TITLES, TASK_TYPES
from pvesphere_desktop.ui.theme import (
    LIGHT_COLORS,
    Colors,
    dot_icon,
    guest_status_color,
    health_color,
)
from pvesphere_desktop.ui.views.common import (
    Card,
    KeyValueGrid,
    UsageBar,
    fill_table,
    make_table,
    placeholder,
)
from pvesphere_desktop.ui.workers import WorkerPool

log = logging.getLogger(__name__)


def error_text(exc: BaseException) -> str:
    """Return a user-facing message for an expected error (bugs re-raise)."""
    if isinstance(exc, PveSphereError):
        return exc.message.render(translate)
    raise exc


@dataclass
class PaneContext:
    """What panes need from the window."""

    fleet: FleetState
    workers: WorkerPool
    backend: Any | None = None
    colors: Colors = LIGHT_COLORS
    power_actions: dict[PowerAction, QAction] = field(default_factory=dict)


class Pane(QWidget):
    """Base of the detail panes: a title row and guarded worker loads."""

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = context
        self._token = 0  # bumps whenever the pane shows another object
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(12, 10, 12, 10)
        self.outer.setSpacing(8)
        head = QHBoxLayout()
        self.icon = QLabel(self)
        self.title = QLabel(self)
        self.title.setObjectName("paneTitle")
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("muted")
        head.addWidget(self.icon)
        head.addWidget(self.title)
        head.addWidget(self.subtitle, 1, Qt.AlignmentFlag.AlignBottom)
        self.tools = QHBoxLayout()
        self.tools.setSpacing(4)
        head.addLayout(self.tools)
        self.outer.addLayout(head)

    def new_token(self) -> int:
        self._token += 1
        return self._token

    def load(
        self,
        job: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[str], None] | None = None,
    ) -> None:
        """Run ``job`` in a worker; call ``done`` only if the pane still shows the same object."""
        token = self._token

        def on_done(result: Any) -> None:
            if token == self._token:
                done(result)

        def on_error(exc: BaseException) -> None:
            message = error_text(exc)
            if token == self._token and failed is not None:
                failed(message)

        self.ctx.workers.submit(job, on_done, on_error)

    def set_colors(self, colors: Colors) -> None:
        self.ctx.colors = colors

    CHART_SPECS: Any = ()
    _charts: Any = None
    _charts_holder: Any = None
    _charts_wanted = False

    def charts_ready(self) -> bool:
        """Return True when the charts exist; else create them once this pane has painted.

        Creating them imports pyqtgraph (a third of a second): a pane shown while the window
        starts paints its text first, and its charts load right after.
        """
        if self._charts is not None:
            return True
        self._charts_wanted = True
        self.update()
        return False

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if self._charts_wanted:
            self._charts_wanted = False
            # Twice deferred: after this frame, and after what other widgets of the frame queued.
            QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, self._create_charts))

    def _create_charts(self) -> None:
        self.charts  # noqa: B018 - creates them (unless someone asked for them meanwhile)
        self._load_metrics()  # what charts_ready() put off

    @property
    def charts(self) -> Any:
        """The pane's chart panel, created (with pyqtgraph) on first use."""
        if self._charts is None:
            from pvesphere_desktop.ui.views import charts as specs
            from pvesphere_desktop.ui.views.charts import ChartPanel

            kind = {"guest": specs.GUEST_CHARTS, "node": specs.NODE_CHARTS}
            self._charts = ChartPanel(kind.get(self.CHART_SPECS, specs.STORAGE_CHARTS))
            self._charts.set_colors(self.ctx.colors)
            self._charts.request.connect(lambda *_: self._load_metrics())
            self._charts_holder.addWidget(self._charts)
        return self._charts

    def _load_metrics(self) -> None:
        """Load the charts' data (panes with charts override this)."""


# -- guest ----------------------------------------------------------------------------------
class GuestPane(Pane):
    """Everything about one guest.

    Signals:
        note_saved(object, str): a guest's note (GuestKey, text) was stored in the cache.
    """

    CHART_SPECS = "guest"
    note_saved = Signal(object, str)

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("guestPane")
        self.key: GuestKey | None = None
        for action in (
            PowerAction.START,
            PowerAction.SHUTDOWN,
            PowerAction.REBOOT,
            PowerAction.STOP,
        ):
            qaction = context.power_actions.get(action)
            if qaction is not None:
                button = QToolButton(self)
                button.setDefaultAction(qaction)
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
                button.setAutoRaise(True)
                self.tools.addWidget(button)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("guestTabs")
        self.tabs.setDocumentMode(True)
        self.outer.addWidget(self.tabs, 1)

        # Summary: resources on the left, charts on the right.
        summary = QWidget()
        row = QHBoxLayout(summary)
        row.setContentsMargins(0, 6, 0, 0)
        left = QVBoxLayout()
        status_card = Card(self.tr("Status"))
        self.grid = KeyValueGrid()
        for key, title in (
            ("status", self.tr("Status")),
            ("node", self.tr("Node")),
            ("type", self.tr("Type")),
            ("uptime", self.tr("Uptime")),
            ("tags", self.tr("Tags")),
            ("pool", self.tr("Pool")),
            ("ha", self.tr("HA state")),
            ("lock", self.tr("Lock")),
            ("seen", self.tr("Data")),
        ):
            self.grid.add_row(key, title)
        status_card.body.addWidget(self.grid)
        left.addWidget(status_card)
        usage_card = Card(self.tr("Resources"))
        self.cpu_bar = UsageBar(self.tr("CPU"))
        self.mem_bar = UsageBar(self.tr("Memory"))
        self.disk_label = QLabel()
        usage_card.body.addWidget(self.cpu_bar)
        usage_card.body.addWidget(self.mem_bar)
        usage_card.body.addWidget(self.disk_label)
        left.addWidget(usage_card)
        left.addStretch(1)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setFixedWidth(320)
        row.addWidget(left_box)
        # Charts (and pyqtgraph) are created when first needed: a faster start.
        self._charts: Any = None
        self._charts_holder = QVBoxLayout()
        self._charts_holder.setContentsMargins(0, 0, 0, 0)
        row.addLayout(self._charts_holder, 1)
        self.tabs.addTab(summary, self.tr("Summary"))

        self.config_table = make_table([self.tr("Key"), self.tr("Value")])
        self.config_table.setObjectName("configTable")
        self.tabs.addTab(self.config_table, self.tr("Configuration"))
        self.snap_table = make_table(
            [
                self.tr("Name"),
                self.tr("Date"),
                self.tr("RAM"),
                self.tr("Parent"),
                self.tr("Description"),
            ]
        )
        self.tabs.addTab(self.snap_table, self.tr("Snapshots"))
        self.backup_table = make_table(
            [
                self.tr("Date"),
                self.tr("Storage"),
                self.tr("Size"),
                self.tr("Format"),
                self.tr("Notes"),
            ]
        )
        self.tabs.addTab(self.backup_table, self.tr("Backups"))
        self.task_table = make_table(
            [
                self.tr("Started"),
                self.tr("Task"),
                self.tr("User"),
                self.tr("Duration"),
                self.tr("Status"),
            ]
        )
        self.tabs.addTab(self.task_table, self.tr("Tasks"))
        notes = QWidget()
        notes_layout = QVBoxLayout(notes)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("notesEdit")
        self.notes_edit.setPlaceholderText(
            self.tr(
                "Your own notes about this guest (kept locally, searchable, never sent to PVE)."
            )
        )
        notes_layout.addWidget(self.notes_edit, 1)
        save_row = QHBoxLayout()
        self.notes_status = QLabel()
        self.notes_status.setObjectName("muted")
        save_row.addWidget(self.notes_status, 1)
        self.notes_save = QPushButton(self.tr("Save notes"))
        self.notes_save.clicked.connect(self._save_notes)
        save_row.addWidget(self.notes_save)
        notes_layout.addLayout(save_row)
        self.tabs.addTab(notes, self.tr("Notes"))
        self.tabs.currentChanged.connect(lambda *_: self._load_tab())
        self.message = placeholder("")
        self.outer.addWidget(self.message)
        self.message.hide()
        context.fleet.changeset_applied.connect(self._on_changeset)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(60_000)
        self._refresh_timer.timeout.connect(self._load_metrics)
        self._refresh_timer.start()

    def guest(self) -> Guest | None:
        return self.ctx.fleet.guests.get(self.key) if self.key else None

    def show_guest(self, key: GuestKey) -> None:
        if key == self.key:
            return
        self.key = key
        self.new_token()
        if self._charts is not None:
            self._charts.clear()
        for table in (self.config_table, self.snap_table, self.backup_table, self.task_table):
            table.setRowCount(0)
        self.notes_edit.clear()
        self.notes_status.clear()
        self.refresh()
        self._load_metrics()
        self._load_tab()

    def _on_changeset(self, changeset: Any) -> None:
        if self.key is not None and changeset.cluster == self.key.cluster:
            guests = changeset.of("guests")
            if self.key in guests.changed or self.key in guests.added:
                self.refresh()

    def refresh(self) -> None:
        guest = self.guest()
        colors = self.ctx.colors
        if guest is None:
            self.title.setText(str(self.key or ""))
            return
        fleet = self.ctx.fleet
        stale = fleet.is_stale(guest.cluster)
        color = colors.idle if stale else guest_status_color(colors, guest.status)
        self.icon.setPixmap(dot_icon(color, 16).pixmap(16, 16))
        self.title.setText(guest.name or str(guest.vmid))
        kind = self.tr("Virtual machine") if guest.type is GuestType.QEMU else self.tr("Container")
        if guest.template:
            kind = self.tr("Template")
        self.subtitle.setText(f"{kind} {guest.vmid} · {guest.cluster}")
        grid = self.grid
        grid.set("status", status_text(guest.status))
        grid.set("node", guest.node)
        grid.set("type", "qemu" if guest.type is GuestType.QEMU else "lxc")
        running = guest.status is GuestStatus.RUNNING
        grid.set("uptime", fmt.duration_text(guest.uptime) if running else "–")
        grid.set("tags", ", ".join(guest.tags))
        grid.set("pool", guest.pool or "")
        grid.set("ha", guest.hastate or "")
        grid.set("lock", guest.lock or "")
        state = fleet.cluster_state(guest.cluster)
        if stale:
            grid.set(
                "seen", self.tr("cached, last seen {age}").format(age=fmt.age_text(state.last_seen))
            )
        else:
            grid.set("seen", self.tr("live"))
        cores = f"{guest.maxcpu:g}" if guest.maxcpu else "?"
        cpu = guest.cpu if running else None
        self.cpu_bar.set_fraction(
            cpu,
            self.tr("{percent} of {cores} vCPUs").format(
                percent=fmt.percent_text(cpu, 1), cores=cores
            ),
        )
        mem = guest.mem if running else None
        fraction = (mem / guest.maxmem) if (mem is not None and guest.maxmem) else None
        self.mem_bar.set_fraction(fraction, fmt.usage_text(mem, guest.maxmem))
        self.cpu_bar.set_color(colors.chart[0])
        self.mem_bar.set_color(colors.chart[1])
        self.disk_label.setText(
            self.tr("Boot disk: {size}").format(size=fmt.bytes_text(guest.maxdisk))
        )

    def _backend(self) -> Any | None:
        return self.ctx.backend

    def _load_metrics(self) -> None:
        guest = self.guest()
        backend = self._backend()
        if guest is None or backend is None or not self.isVisible() or not self.charts_ready():
            return
        timeframe, cf = self.charts.selection()
        object_id = f"{guest.type.value}/{guest.vmid}"
        path = f"nodes/{guest.node}/{guest.type.value}/{guest.vmid}"
        self.charts.status.setText(self.tr("Loading metrics…"))
        self.load(
            lambda: backend.metrics(guest.cluster, object_id, path, timeframe, cf),
            self.charts.set_rows,
            self.charts.set_error,
        )

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.key is not None and (
            self._charts is None or self._charts.charts[0].point_count == 0
        ):
            self._load_metrics()

    def _load_tab(self) -> None:
        guest = self.guest()
        backend = self._backend()
        if guest is None:
            return
        index = self.tabs.currentIndex()
        if index == 5:
            self._load_notes()
            return
        if backend is None or index == 0:
            return
        if index in (1, 2):
            self.load(
                lambda: backend.guest_details(guest.key, snapshots=True),
                self._show_details,
                self._show_tab_error,
            )
        elif index == 3:
            storages = sorted(
                {
                    s.storage
                    for s in self.ctx.fleet.storage.values()
                    if s.cluster == guest.cluster and s.node == guest.node and "backup" in s.content
                }
            )
            self.load(
                lambda: backend.guest_backups(guest, storages),
                self._show_backups,
                self._show_tab_error,
            )
        elif index == 4:
            self.load(lambda: backend.guest_tasks(guest), self._show_tasks, self._show_tab_error)

    def _show_tab_error(self, message: str) -> None:
        table = [self.config_table, self.snap_table, self.backup_table, self.task_table]
        index = self.tabs.currentIndex()
        if 1 <= index <= 4:
            fill_table(table[index - 1], [[message]])

    def _show_details(self, details: Any) -> None:
        config = details.config.value if details.config else {}
        rows = [(k, _short(v)) for k, v in sorted(config.items()) if k != "digest"]
        fill_table(self.config_table, rows)
        snapshots = details.snapshots.value if details.snapshots else []
        snap_rows = []
        for snap in snapshots:
            if snap.get("name") == "current":
                continue
            when = snap.get("snaptime")
            snap_rows.append(
                (
                    snap.get("name", ""),
                    fmt.time_text(float(when)) if when else "",
                    self.tr("yes") if snap.get("vmstate") else "",
                    snap.get("parent", ""),
                    _short(snap.get("description", "")),
                )
            )
        fill_table(self.snap_table, list(snap_rows) or [[self.tr("No snapshots.")]])

    def _show_backups(self, backups: list[Mapping[str, Any]]) -> None:
        rows = [
            (
                fmt.time_text(float(b["ctime"])) if b.get("ctime") else "",
                str(b.get("volid", "")).split(":")[0],
                fmt.bytes_text(b.get("size")),
                b.get("format", ""),
                _short(b.get("notes", "")),
            )
            for b in backups
        ]
        fill_table(self.backup_table, list(rows) or [[self.tr("No backups found.")]])

    def _show_tasks(self, tasks: list[Mapping[str, Any]]) -> None:
        # The same words as the task dock: "VM snapshot", "OK", "error: …".
        rows = []
        for t in tasks:
            started = t.get("starttime")
            ended = t.get("endtime")
            kind = str(t.get("type", ""))
            title = TASK_TYPES.get(kind)
            # A running task has no status (and no end) in PVE's task lists.
            exit_status = t.get("status")
            state, _warnings = task_outcome(
                None if exit_status in (None, "", "running") else str(exit_status)
            )
            status = tr_marked("TaskModel", STATE_TITLES[state])
            if state is TaskState.ERROR:
                status += f": {t.get('status', '')}"
            duration = ""
            if started:
                end = float(ended) if ended else time.time()
                duration = fmt.duration_text(end - float(started))
            rows.append(
                (
                    fmt.clock_text(float(started), seconds=True) if started else "",
                    tr_marked("TaskModel", title) if title else kind,
                    t.get("user", ""),
                    duration,
                    status,
                )
            )
        fill_table(self.task_table, list(rows) or [[self.tr("No tasks.")]])

    def _load_notes(self) -> None:
        backend = self._backend()
        key = self.key
        if backend is None or key is None:
            return
        document = self.notes_edit.document()
        document.setModified(False)

        def show(text: str) -> None:
            if not document.isModified():  # never replace what the user typed meanwhile
                self.notes_edit.setPlainText(text)
                document.setModified(False)

        self.load(lambda: backend.note(key), show)

    def _save_notes(self) -> None:
        backend = self._backend()
        key = self.key
        if backend is None or key is None:
            return
        text = self.notes_edit.toPlainText()
        token = self._token

        def saved(_result: Any) -> None:
            # Announced even when the pane shows another guest by now: the note is stored,
            # so the search must know it.
            self.note_saved.emit(key, text)
            if token == self._token:
                self.notes_status.setText(self.tr("Saved."))
                if self.notes_edit.toPlainText() == text:
                    self.notes_edit.document().setModified(False)

        def failed(exc: BaseException) -> None:
            if token == self._token:
                self.notes_status.setText(error_text(exc))

        self.ctx.workers.submit(lambda: backend.set_note(key, text), saved, failed)

    def set_colors(self, colors: Colors) -> None:
        super().set_colors(colors)
        if self._charts is not None:
            self._charts.set_colors(colors)
        self.refresh()


def _short(value: Any, limit: int = 160) -> str:
    text = str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- node -----------------------------------------------------------------------------------
class NodePane(Pane):
    """A node's status and charts."""

    CHART_SPECS = "node"

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("nodePane")
        self.key: NodeKey | None = None
        body = QHBoxLayout()
        card = Card(self.tr("Status"))
        self.grid = KeyValueGrid()
        for key, title in (
            ("status", self.tr("Status")),
            ("uptime", self.tr("Uptime")),
            ("load", self.tr("Load average")),
            ("cpus", self.tr("CPUs")),
            ("kernel", self.tr("Kernel")),
            ("pve", self.tr("PVE version")),
            ("guests", self.tr("Guests")),
        ):
            self.grid.add_row(key, title)
        card.body.addWidget(self.grid)
        self.cpu_bar = UsageBar(self.tr("CPU"))
        self.mem_bar = UsageBar(self.tr("Memory"))
        self.swap_bar = UsageBar(self.tr("Swap"))
        self.disk_bar = UsageBar(self.tr("Root disk"))
        for bar in (self.cpu_bar, self.mem_bar, self.swap_bar, self.disk_bar):
            card.body.addWidget(bar)
        card.body.addStretch(1)
        card.setFixedWidth(340)
        body.addWidget(card)
        self._charts: Any = None
        self._charts_holder = QVBoxLayout()
        self._charts_holder.setContentsMargins(0, 0, 0, 0)
        body.addLayout(self._charts_holder, 1)
        self.outer.addLayout(body, 1)
        context.fleet.changeset_applied.connect(self._on_changeset)

    def show_node(self, key: NodeKey) -> None:
        self.key = key
        self.new_token()
        if self._charts is not None:
            self._charts.clear()
        for name in ("load", "kernel", "pve", "cpus"):
            self.grid.set(name, "")
        self.swap_bar.set_fraction(None, "")
        self.refresh()
        self._load_status()
        self._load_metrics()

    def node(self) -> Node | None:
        return self.ctx.fleet.nodes.get(self.key) if self.key else None

    def _on_changeset(self, changeset: Any) -> None:
        if (
            self.key
            and changeset.cluster == self.key.cluster
            and self.key in changeset.of("nodes").changed
        ):
            self.refresh()

    def refresh(self) -> None:
        if self.key is None:
            return
        colors = self.ctx.colors
        node = self.node()
        self.title.setText(self.key.node)
        self.subtitle.setText(self.tr("Node · {cluster}").format(cluster=self.key.cluster))
        status = node.status if node else NodeStatus.UNKNOWN
        online = status is NodeStatus.ONLINE
        color = (
            colors.ok if online else (colors.bad if status is NodeStatus.OFFLINE else colors.idle)
        )
        self.icon.setPixmap(dot_icon(color, 16).pixmap(16, 16))
        self.grid.set(
            "status",
            {NodeStatus.ONLINE: self.tr("online"), NodeStatus.OFFLINE: self.tr("offline")}.get(
                status, self.tr("unknown")
            ),
        )
        self.grid.set("uptime", fmt.duration_text(node.uptime) if node and online else "–")
        guests = [
            g
            for g in self.ctx.fleet.guests.values()
            if g.cluster == self.key.cluster and g.node == self.key.node
        ]
        running = sum(1 for g in guests if g.status is GuestStatus.RUNNING)
        self.grid.set(
            "guests",
            self.tr("{running} running of {total}").format(running=running, total=len(guests)),
        )
        if node is not None:
            self.cpu_bar.set_fraction(
                node.cpu,
                self.tr("{percent} of {cpus} CPUs").format(
                    percent=fmt.percent_text(node.cpu, 1), cpus=node.maxcpu or "?"
                ),
            )
            mem_fraction = node.mem / node.maxmem if node.mem is not None and node.maxmem else None
            self.mem_bar.set_fraction(mem_fraction, fmt.usage_text(node.mem, node.maxmem))
            disk_fraction = (
                node.disk / node.maxdisk if node.disk is not None and node.maxdisk else None
            )
            self.disk_bar.set_fraction(disk_fraction, fmt.usage_text(node.disk, node.maxdisk))
        for bar, i in (
            (self.cpu_bar, 0),
            (self.mem_bar, 1),
            (self.swap_bar, 2),
            (self.disk_bar, 3),
        ):
            bar.set_color(colors.chart[i])

    def _load_status(self) -> None:
        backend = self.ctx.backend
        key = self.key
        if backend is None or key is None or self.ctx.fleet.is_stale(key.cluster):
            return
        self.load(lambda: backend.node_status(key.cluster, key.node), self._show_status)

    def _show_status(self, status: Mapping[str, Any]) -> None:
        load = status.get("loadavg") or []
        self.grid.set("load", " ".join(str(x) for x in load))
        cpuinfo = status.get("cpuinfo") or {}
        self.grid.set("cpus", f"{cpuinfo.get('cpus', '?')} × {cpuinfo.get('model', '')}".strip())
        kernel = status.get("current-kernel") or {}
        kversion = " ".join(str(status.get("kversion") or "").split()[:2])  # "Linux 6.8.12-4-pve"
        self.grid.set("kernel", str(kernel.get("release") or kversion))
        self.grid.set("pve", str(status.get("pveversion", "")))
        swap = status.get("swap") or {}
        used, total = swap.get("used"), swap.get("total")
        fraction = float(used) / float(total) if used is not None and total else None
        self.swap_bar.set_fraction(fraction, fmt.usage_text(_num(used), _num(total)))

    def _load_metrics(self) -> None:
        backend = self.ctx.backend
        key = self.key
        if backend is None or key is None or not self.charts_ready():
            return
        timeframe, cf = self.charts.selection()
        self.load(
            lambda: backend.metrics(
                key.cluster, f"node/{key.node}", f"nodes/{key.node}", timeframe, cf
            ),
            self.charts.set_rows,
            self.charts.set_error,
        )

    def set_colors(self, colors: Colors) -> None:
        super().set_colors(colors)
        if self._charts is not None:
            self._charts.set_colors(colors)
        self.refresh()


def _num(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


# -- cluster --------------------------------------------------------------------------------
class ClusterPane(Pane):
    """A cluster's health, quorum, versions, nodes and HA summary.

    ``on_relogin(name)`` and ``on_edit(name)`` are called by its buttons.
    """

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("clusterPane")
        self.name: str | None = None
        self.on_edit: Callable[[str], object] | None = None
        self.on_relogin: Callable[[str], object] | None = None
        self.edit_button = QPushButton(self.tr("Connection…"))
        self.edit_button.clicked.connect(
            lambda: self.on_edit and self.name and self.on_edit(self.name)
        )
        self.relogin_button = QPushButton(self.tr("Log in again…"))
        self.relogin_button.clicked.connect(
            lambda: self.on_relogin and self.name and self.on_relogin(self.name)
        )
        self.tools.addWidget(self.relogin_button)
        self.tools.addWidget(self.edit_button)
        row = QHBoxLayout()
        card = Card(self.tr("Cluster"))
        self.grid = KeyValueGrid()
        for key, title in (
            ("health", self.tr("Connection")),
            ("endpoint", self.tr("Talking to")),
            ("seen", self.tr("Last sync")),
            ("pve_name", self.tr("PVE cluster name")),
            ("version", self.tr("PVE version")),
            ("quorum", self.tr("Quorum")),
            ("nodes", self.tr("Nodes")),
            ("guests", self.tr("Guests")),
            ("ha", self.tr("HA resources")),
        ):
            self.grid.add_row(key, title)
        card.body.addWidget(self.grid)
        card.body.addStretch(1)
        card.setFixedWidth(380)
        row.addWidget(card)
        nodes_card = Card(self.tr("Nodes"))
        self.nodes = make_table(
            [
                self.tr("Node"),
                self.tr("Status"),
                self.tr("CPU"),
                self.tr("Memory"),
                self.tr("Uptime"),
            ]
        )
        self.nodes.setObjectName("clusterNodes")
        nodes_card.body.addWidget(self.nodes)
        row.addWidget(nodes_card, 1)
        self.outer.addLayout(row, 1)
        context.fleet.cluster_changed.connect(self._on_cluster_changed)
        context.fleet.changeset_applied.connect(self._on_changeset)

    def _on_cluster_changed(self, name: str) -> None:
        if name == self.name:
            self.refresh()

    def _on_changeset(self, changeset: Any) -> None:
        if changeset.cluster == self.name:
            self.refresh()

    def show_cluster(self, name: str) -> None:
        self.name = name
        self.new_token()
        self.grid.set("version", "")
        self.grid.set("ha", "")
        self.refresh()
        backend = self.ctx.backend
        if backend is not None and not self.ctx.fleet.is_stale(name):
            self.load(lambda: backend.cluster_overview(name), self._show_overview)

    def _show_overview(self, overview: Mapping[str, Any]) -> None:
        version = overview.get("version")
        if version is not None:
            self.grid.set("version", getattr(version, "version", str(version)))
        ha = overview.get("ha") or []
        states: dict[str, int] = {}
        for resource in ha:
            state = getattr(resource, "state", None) or "?"
            states[state] = states.get(state, 0) + 1
        text = ", ".join(f"{count} {state}" for state, count in sorted(states.items()))
        self.grid.set("ha", text or self.tr("none"))

    def _endpoint_text(self, endpoint: EndpointStatus | None) -> str:
        if endpoint is None:
            return ""
        text = endpoint_node_text(endpoint)
        if endpoint.failed_over:
            text += "\n" + self.tr("Failed over: {reason}").format(reason=failover_text(endpoint))
        return text

    def refresh(self) -> None:
        if self.name is None:
            return
        fleet = self.ctx.fleet
        state = fleet.cluster_state(self.name)
        colors = self.ctx.colors
        self.icon.setPixmap(dot_icon(health_color(colors, state.health), 16).pixmap(16, 16))
        self.title.setText(self.name)
        self.subtitle.setText(self.tr("Cluster"))
        health = health_text(state.health)
        if state.message:
            health += f" — {state.message}"
        self.grid.set("health", health)
        self.grid.set("endpoint", self._endpoint_text(state.endpoint))
        self.grid.set("seen", fmt.age_text(state.last_seen))
        self.grid.set("pve_name", state.pve_name or "")
        self.grid.set(
            "quorum",
            {True: self.tr("quorate"), False: self.tr("NOT quorate"), None: "–"}[state.quorate],
        )
        nodes = sorted(
            (n for n in fleet.nodes.values() if n.cluster == self.name), key=lambda n: n.node
        )
        online = sum(1 for n in nodes if n.status is NodeStatus.ONLINE)
        self.grid.set(
            "nodes", self.tr("{online} of {total} online").format(online=online, total=len(nodes))
        )
        guests = [g for g in fleet.guests.values() if g.cluster == self.name]
        running = sum(1 for g in guests if g.status is GuestStatus.RUNNING)
        self.grid.set(
            "guests",
            self.tr("{running} running of {total}").format(running=running, total=len(guests)),
        )
        self.relogin_button.setVisible(state.health.value in ("needs_login",))
        fill_table(
            self.nodes,
            [
                (
                    n.node,
                    {
                        NodeStatus.ONLINE: self.tr("online"),
                        NodeStatus.OFFLINE: self.tr("offline"),
                    }.get(n.status, self.tr("unknown")),
                    fmt.percent_text(n.cpu, 1) if n.cpu is not None else "–",
                    fmt.usage_text(n.mem, n.maxmem),
                    fmt.duration_text(n.uptime) if n.uptime else "–",
                )
                for n in nodes
            ],
        )


# -- storage --------------------------------------------------------------------------------
class StoragePane(Pane):
    """A storage's usage and content."""

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("storagePane")
        self.key: StorageKey | None = None
        row = QHBoxLayout()
        card = Card(self.tr("Storage"))
        self.grid = KeyValueGrid()
        for key, title in (
            ("type", self.tr("Type")),
            ("status", self.tr("Status")),
            ("shared", self.tr("Shared")),
            ("content", self.tr("Content")),
        ):
            self.grid.add_row(key, title)
        card.body.addWidget(self.grid)
        self.usage = UsageBar(self.tr("Usage"))
        card.body.addWidget(self.usage)
        card.body.addStretch(1)
        card.setFixedWidth(340)
        row.addWidget(card)
        content_card = Card(self.tr("Content"))
        self.content = make_table(
            [self.tr("Name"), self.tr("Type"), self.tr("Format"), self.tr("Size"), self.tr("Date")]
        )
        self.content.setObjectName("storageContent")
        content_card.body.addWidget(self.content)
        row.addWidget(content_card, 1)
        self.outer.addLayout(row, 1)

    def show_storage(self, key: StorageKey) -> None:
        self.key = key
        self.new_token()
        self.content.setRowCount(0)
        storage: Storage | None = self.ctx.fleet.storage.get(key)
        self.title.setText(key.storage)
        self.subtitle.setText(
            self.tr("Storage on {node} · {cluster}").format(node=key.node, cluster=key.cluster)
        )
        self.icon.setPixmap(dot_icon(self.ctx.colors.accent, 16).pixmap(16, 16))
        if storage is not None:
            self.grid.set("type", storage.plugintype or "")
            self.grid.set("status", storage.status or "")
            self.grid.set("shared", self.tr("yes") if storage.shared else self.tr("no"))
            self.grid.set("content", ", ".join(storage.content))
            fraction = (
                storage.disk / storage.maxdisk
                if storage.disk is not None and storage.maxdisk
                else None
            )
            self.usage.set_fraction(fraction, fmt.usage_text(storage.disk, storage.maxdisk))
            self.usage.set_color(self.ctx.colors.chart[0])
        backend = self.ctx.backend
        if backend is not None and not self.ctx.fleet.is_stale(key.cluster):
            self.load(
                lambda: backend.storage_content(key.cluster, key.node, key.storage),
                self._show_content,
                lambda message: fill_table(self.content, [[message]]),
            )

    def _show_content(self, items: list[Mapping[str, Any]]) -> None:
        rows = [
            (
                str(i.get("volid", "")).split(":", 1)[-1],
                i.get("content", ""),
                i.get("format", ""),
                fmt.bytes_text(_num(i.get("size"))),
                fmt.time_text(float(i["ctime"])) if i.get("ctime") else "",
            )
            for i in items
        ]
        fill_table(self.content, list(rows) or [[self.tr("This storage is empty.")]])


def scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area
