"""The main window: navigation tree, content (dashboard, guest table, detail panes), task dock,
health badges; menus, toolbar, palette and every action, with persistent layout.

The central widget is a tab bar (:attr:`MainWindow.workspace`): the first tab is the inventory,
other packages (consoles) add their own tabs with :meth:`MainWindow.add_workspace_tab`.
"""

from __future__ import annotations

import importlib
import logging
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, QProcess, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from pvesphere_desktop import APP_NAME, __version__
from pvesphere_desktop.core.changeset import ChangeSet
from pvesphere_desktop.core.enums import Health, PowerAction, TaskState
from pvesphere_desktop.core.errors import PveSphereError
from pvesphere_desktop.core.ids import GuestKey, NodeKey, StorageKey
from pvesphere_desktop.core.models import Guest
from pvesphere_desktop.core.status import SyncFollowing
from pvesphere_desktop.resources import icon_path
from pvesphere_desktop.ui import format as fmt
from pvesphere_desktop.ui.actions import (
    ActionRunner,
    allowed_actions,
    make_power_actions,
    refresh_icons,
)
from pvesphere_desktop.ui.bridge import SyncBridge
from pvesphere_desktop.ui.collector import CollectorPolicy
from pvesphere_desktop.ui.empty_state import EmptyState
from pvesphere_desktop.ui.fleet import FleetState
from pvesphere_desktop.ui.i18n import translate as tr_marked
from pvesphere_desktop.ui.language_menu import LanguageMenu
from pvesphere_desktop.ui.models import KEY_ROLE, KIND_ROLE, OBJECT_ROLE
from pvesphere_desktop.ui.models.guests import GuestFilterProxy, GuestTableModel
from pvesphere_desktop.ui.models.tree import (
    GROUPING_TITLES,
    FleetTreeModel,
    Grouping,
    Kind,
    SmartFolder,
    scope_for,
)
from pvesphere_desktop.ui.notify import Notifier
from pvesphere_desktop.ui.palette import CommandPalette
from pvesphere_desktop.ui.settings import Settings
from pvesphere_desktop.ui.tasks import TaskCenter, TaskEntry, TaskRow, TaskTableModel
from pvesphere_desktop.ui.theme import (
    DARK,
    LIGHT,
    LIGHT_COLORS,
    SYSTEM,
    Colors,
    ThemeManager,
    symbol,
)
from pvesphere_desktop.ui.views.common import InfoBar, after_paint, placeholder
from pvesphere_desktop.ui.views.dashboard import Dashboard
from pvesphere_desktop.ui.views.details import (
    ClusterPane,
    GuestPane,
    NodePane,
    PaneContext,
    StoragePane,
    error_text,
    scroll,
)
from pvesphere_desktop.ui.views.guest_table import GuestTableView
from pvesphere_desktop.ui.views.search import SearchBar
from pvesphere_desktop.ui.views.statusbar import HealthBadges
from pvesphere_desktop.ui.views.taskdock import TaskDock
from pvesphere_desktop.ui.workers import WorkerPool

log = logging.getLogger(__name__)

# Settings keys owned by the window.
K_SPLIT_MAIN = "window/split_main"
K_SPLIT_BROWSER = "window/split_browser"
K_SPLIT_TASKS = "window/split_tasks"
K_TABLE = "window/guest_table"
K_TASK_COLUMNS = "window/task_columns"
K_GROUPING = "ui/grouping"
K_SELECTION = "ui/last_selection"
K_NOTIFY_AFTER = "ui/notify_after_s"

PAGE_DASHBOARD, PAGE_BROWSER, PAGE_EMPTY = 0, 1, 2


def key_to_text(kind: str, key: Any) -> str:
    """Serialise a tree selection for the settings file."""
    if kind == Kind.GUEST:
        return f"guest:{key}"
    if kind == Kind.NODE:
        return f"node:{key.cluster}/{key.node}"
    if kind == Kind.CLUSTER:
        return f"cluster:{key}"
    if kind == Kind.STORAGE:
        return f"storage:{key.cluster}/{key.node}/{key.storage}"
    return "fleet"


def text_to_key(text: str) -> Any:
    """Parse what :func:`key_to_text` wrote (None when unreadable)."""
    kind, _, rest = text.partition(":")
    try:
        if kind == "guest":
            return GuestKey.parse(rest)
        if kind == "node":
            cluster, _, node = rest.rpartition("/")
            return ("node", NodeKey(cluster, node)) if cluster and node else None
        if kind == "cluster" and rest:
            return ("cluster", rest)
        if kind == "storage":
            cluster, node, storage = rest.rsplit("/", 2)
            return ("storage", StorageKey(cluster, node, storage))
    except ValueError:
        return None
    return None


class MainWindow(QMainWindow):
    """Top-level window (see the module docstring).

    ``backend`` is the :class:`~pvesphere_desktop.ui.backend.FleetBackend` (None: nothing
    configured; the window shows the welcome page and works on whatever the mirror holds).

    Signals:
        first_sync_complete(): every configured cluster answered at least once (or failed).
        cache_shown(object): the cached fleet (a CacheLoad) is in the models, before the sync.
        demo_requested(): the welcome page asked for the demo fleet.
    """

    first_sync_complete = Signal()
    cache_shown = Signal(object)
    demo_requested = Signal()

    def __init__(
        self,
        settings: Settings,
        backend: Any | None = None,
        *,
        theme: ThemeManager | None = None,
        fleet: FleetState | None = None,
        bridge: SyncBridge | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self.backend = backend
        self.theme = theme
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(QIcon(str(icon_path())))
        self.resize(1440, 900)
        self.colors: Colors = theme.colors if theme else LIGHT_COLORS

        self.fleet = fleet or FleetState(self)
        self.bridge = bridge or SyncBridge(parent=self)
        self.bridge.changeset_ready.connect(self.fleet.apply)
        self.bridge.status_ready.connect(self.fleet.apply_status)
        self.bridge.following_ready.connect(self._on_following)
        self.bridge.set_splitter(self.fleet.parts)
        self.collector = CollectorPolicy(self)
        self.bridge.idle.connect(self.collector.quiet)
        self.workers = WorkerPool(parent=self)
        self.tasks = TaskCenter(self)
        self.task_model = TaskTableModel(self.fleet, self.tasks, self)
        self.guest_model = GuestTableModel(self.fleet, self)
        self.proxy = GuestFilterProxy(self)
        self.proxy.setSourceModel(self.guest_model)
        self.tree_model = FleetTreeModel(self.fleet, self)
        self.notifier = Notifier(self.windowIcon(), self)
        self.notifier.activated.connect(self.show_task)
        self.runner = ActionRunner(self.fleet, self.tasks, self.workers, backend, self)
        self.runner.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.tasks.finished.connect(self._task_finished)
        self._loaded = False
        self._first_sync_done = False
        self._scope = None
        self._scope_text = ""
        self._search_predicate = None
        self._dialogs: list[QWidget] = []
        self._version_asked: set[str] = set()
        self._sync_started = False
        # How the welcome page's "Open the demo fleet" starts it (a separate process).
        self.launch_demo: Any = self._launch_demo_process
        # Other packages (consoles) extend context menus and the palette through these.
        self.menu_extenders: list[Callable[[QMenu, str, Any], None]] = []
        self.extra_palette_actions: list[QAction] = []

        self.power_actions = make_power_actions(self, self._run_power)
        self._build_actions()
        self._build_ui()
        self._build_menus()
        self._build_toolbar()
        self._build_statusbar()
        self.palette_dialog = CommandPalette(
            self.fleet, self._palette_actions, self.open_key, self, colors=lambda: self.colors
        )
        self.fleet.changeset_applied.connect(self._on_changeset)
        self.fleet.cluster_changed.connect(self._on_cluster_changed)
        self.fleet.clusters_reset.connect(self._on_clusters_reset)
        self.fleet.reloaded.connect(lambda: self._on_changeset(None))
        self._update_timer = QTimer(self)
        self._update_timer.setSingleShot(True)
        self._update_timer.setInterval(150)
        self._update_timer.timeout.connect(self._deferred_updates)
        self._events_timer = QTimer(self)
        self._events_timer.setSingleShot(True)
        self._events_timer.setInterval(1000)
        self._events_timer.timeout.connect(self._load_events)
        self._last_event_time: float | None = None
        if theme is not None:
            theme.theme_changed.connect(self._apply_theme)
        self._apply_theme()
        self._restore_state()
        self._update_actions()
        self._show_page()

    # ------------------------------------------------------------------------------ building
    def _build_actions(self) -> None:
        self.add_cluster_action = QAction(self.tr("&Add cluster…"), self)
        self.add_cluster_action.setObjectName("addClusterAction")
        self.add_cluster_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.add_cluster_action.triggered.connect(self.add_cluster)
        self.edit_cluster_action = QAction(self.tr("&Cluster connection…"), self)
        self.edit_cluster_action.setObjectName("editClusterAction")
        self.edit_cluster_action.triggered.connect(
            lambda: self.edit_cluster(self._current_cluster())
        )
        self.refresh_action = QAction(self.tr("&Refresh now"), self)
        self.refresh_action.setObjectName("refreshAction")
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.refresh_now)
        self.palette_action = QAction(self.tr("Command &palette…"), self)
        self.palette_action.setObjectName("paletteAction")
        self.palette_action.setShortcut(QKeySequence("Ctrl+K"))
        self.palette_action.triggered.connect(self.show_palette)
        self.dashboard_action = QAction(self.tr("Fleet &dashboard"), self)
        self.dashboard_action.setShortcut(QKeySequence("Ctrl+1"))
        self.dashboard_action.triggered.connect(self.show_dashboard)
        self.guests_action = QAction(self.tr("All &guests"), self)
        self.guests_action.setShortcut(QKeySequence("Ctrl+2"))
        self.guests_action.triggered.connect(self.show_all_guests)
        self.focus_tree_action = QAction(self.tr("Focus the &navigation tree"), self)
        self.focus_tree_action.setShortcut(QKeySequence("Ctrl+L"))
        self.focus_tree_action.triggered.connect(lambda: self.tree.setFocus())  # noqa: PLW0108 - built later
        self.focus_table_action = QAction(self.tr("Focus the guest &table"), self)
        self.focus_table_action.setShortcut(QKeySequence("Ctrl+T"))
        self.focus_table_action.triggered.connect(lambda: self.table.setFocus())  # noqa: PLW0108 - built later
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.save_search_action = QAction(self.tr("&Save search as smart folder…"), self)
        self.save_search_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.save_search_action.triggered.connect(lambda: self.save_search(self.search.text()))
        self.delete_smart_action = QAction(self.tr("&Delete smart folder"), self)
        self.delete_smart_action.triggered.connect(self._delete_current_smart)
        for action in (
            self.add_cluster_action, self.edit_cluster_action, self.refresh_action,
            self.palette_action, self.dashboard_action, self.guests_action,
            self.focus_tree_action, self.focus_table_action, self.quit_action,
            self.save_search_action,
        ):  # fmt: skip
            self.addAction(action)
        for action in self.power_actions.values():
            self.addAction(action)

    def _build_ui(self) -> None:
        # Navigation: grouping chooser + tree.
        nav = QWidget()
        nav.setObjectName("navigation")
        nav.setMinimumWidth(150)
        nav_layout = QVBoxLayout(nav)
        nav_layout.setContentsMargins(6, 6, 0, 6)
        nav_layout.setSpacing(4)
        self.grouping_combo = QComboBox()
        self.grouping_combo.setObjectName("groupingCombo")
        self.grouping_combo.setMinimumContentsLength(8)
        self.grouping_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        for grouping in Grouping:
            self.grouping_combo.addItem(
                self.tr("Group by: {title}").format(
                    title=tr_marked("FleetTreeModel", GROUPING_TITLES[grouping])
                ),
                grouping.value,
            )
        self.grouping_combo.currentIndexChanged.connect(self._grouping_changed)
        nav_layout.addWidget(self.grouping_combo)
        self.tree = QTreeView()
        self.tree.setObjectName("fleetTree")
        self.tree.setModel(self.tree_model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAnimated(False)
        self.tree.setExpandsOnDoubleClick(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        self.tree.selectionModel().currentChanged.connect(self._tree_current)
        self.tree_model.modelReset.connect(self._expand_defaults)
        self.tree_model.rowsInserted.connect(self._expand_inserted)
        nav_layout.addWidget(self.tree, 1)

        # Browser: scope line + table over detail panes.
        self.search = SearchBar()
        self.search.values_provider = self._update_known_values
        self.search.predicate_changed.connect(self._search_changed)
        self.search.save_requested.connect(self.save_search)
        self.search.setMinimumWidth(420)
        browser = QSplitter(Qt.Orientation.Vertical)
        browser.setObjectName("browserSplitter")
        self.browser_splitter = browser
        list_panel = QWidget()
        list_layout = QVBoxLayout(list_panel)
        list_layout.setContentsMargins(8, 6, 8, 0)
        list_layout.setSpacing(4)
        self.scope_label = QLabel()
        self.scope_label.setObjectName("scopeLabel")
        list_layout.addWidget(self.scope_label)
        self.table = GuestTableView(self.proxy)
        self.table.current_guest_changed.connect(self._table_current)
        self.table.selection_count_changed.connect(lambda _n: self._update_actions())
        self.table.activated_guest.connect(lambda g: self.open_key(g.key))
        self.table.customContextMenuRequested.connect(self._table_menu)
        list_layout.addWidget(self.table, 1)
        browser.addWidget(list_panel)
        context = PaneContext(
            self.fleet, self.workers, self.backend, self.colors, self.power_actions
        )
        self.pane_context = context
        self.detail_stack = QStackedWidget()
        self.detail_stack.setObjectName("detailStack")
        self.no_detail = placeholder(self.tr("Select a guest to see its details."))
        self.guest_pane = GuestPane(context)
        self.guest_pane.note_saved.connect(self.search.set_note)
        self.node_pane = NodePane(context)
        self.cluster_pane = ClusterPane(context)
        self.cluster_pane.on_edit = self.edit_cluster
        self.cluster_pane.on_relogin = self.relogin
        self.storage_pane = StoragePane(context)
        # Each pane scrolls when the window is small (no pane forces a large minimum size).
        self._detail_pages: dict[QWidget, QWidget] = {}
        for widget in (
            self.no_detail,
            self.guest_pane,
            self.node_pane,
            self.cluster_pane,
            self.storage_pane,
        ):
            page = scroll(widget)
            self._detail_pages[widget] = page
            self.detail_stack.addWidget(page)
        browser.addWidget(self.detail_stack)
        browser.setStretchFactor(0, 2)
        browser.setStretchFactor(1, 3)
        browser.setSizes([330, 450])

        self.dashboard = Dashboard(self.fleet, self.task_model)
        self.dashboard.open_requested.connect(self.open_key)
        self.empty_state = EmptyState()
        self.empty_state.add_cluster_requested.connect(self.add_cluster)
        self.empty_state.open_demo_requested.connect(self._open_demo)
        self.content = QStackedWidget()
        self.content.setObjectName("content")
        self.content.addWidget(self.dashboard)
        self.content.addWidget(browser)
        self.content.addWidget(self.empty_state)

        inventory = QWidget()
        inventory_layout = QVBoxLayout(inventory)
        inventory_layout.setContentsMargins(0, 0, 0, 0)
        inventory_layout.setSpacing(0)
        self.info_bar = InfoBar()
        self.info_bar.action_clicked.connect(self._info_bar_action)
        self._info_cluster: str | None = None
        bar_holder = QHBoxLayout()
        bar_holder.setContentsMargins(8, 6, 8, 0)
        bar_holder.addWidget(self.info_bar)
        inventory_layout.addLayout(bar_holder)
        inventory_layout.addWidget(self.content, 1)

        self.workspace = QTabWidget()
        self.workspace.setObjectName("workspace")
        self.workspace.setDocumentMode(True)
        self.workspace.setTabsClosable(True)
        self.workspace.tabCloseRequested.connect(self._close_workspace_tab)
        self.workspace.addTab(inventory, self.tr("Inventory"))
        self.workspace.tabBar().setTabButton(
            0, self.workspace.tabBar().ButtonPosition.RightSide, None
        )
        self.workspace.tabBar().setTabButton(
            0, self.workspace.tabBar().ButtonPosition.LeftSide, None
        )
        self.workspace.tabBar().setVisible(False)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(nav)
        splitter.addWidget(self.workspace)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 1160])
        self.main_splitter = splitter
        self.setCentralWidget(splitter)

        self.task_dock_widget = TaskDock(self.fleet, self.tasks, self.task_model)
        self.task_dock_widget.open_requested.connect(self.open_key)
        self.task_dock_widget.stop_task = self._stop_task
        self.task_dock_widget.load_log = self._load_task_log
        self.task_dock = QDockWidget(self.tr("Tasks and events"), self)
        self.task_dock.setObjectName("taskDock")
        self.task_dock.setWidget(self.task_dock_widget)
        self.task_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.task_dock)
        self.resizeDocks([self.task_dock], [190], Qt.Orientation.Vertical)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.add_cluster_action)
        file_menu.addAction(self.edit_cluster_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.search.focus_action)
        edit_menu.addAction(self.save_search_action)
        edit_menu.addAction(self.palette_action)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addAction(self.dashboard_action)
        view_menu.addAction(self.guests_action)
        view_menu.addAction(self.focus_tree_action)
        view_menu.addAction(self.focus_table_action)
        view_menu.addSeparator()
        group_menu = view_menu.addMenu(self.tr("Group the tree by"))
        self.grouping_actions = QActionGroup(self)
        for grouping in Grouping:
            action = QAction(tr_marked("FleetTreeModel", GROUPING_TITLES[grouping]), self)
            action.setCheckable(True)
            action.setData(grouping.value)
            action.triggered.connect(lambda _=False, g=grouping: self.set_grouping(g))
            self.grouping_actions.addAction(action)
            group_menu.addAction(action)
        theme_menu = view_menu.addMenu(self.tr("Theme"))
        self.theme_actions = QActionGroup(self)
        for value, title in (
            (SYSTEM, self.tr("Follow the system")),
            (LIGHT, self.tr("Light")),
            (DARK, self.tr("Dark")),
        ):
            action = QAction(title, self)
            action.setCheckable(True)
            action.setData(value)
            action.triggered.connect(lambda _=False, v=value: self.set_theme(v))
            self.theme_actions.addAction(action)
            theme_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.task_dock.toggleViewAction())
        view_menu.addAction(self.refresh_action)
        guest_menu = bar.addMenu(self.tr("&Guest"))
        for action in self.power_actions.values():
            guest_menu.addAction(action)
        settings_menu = bar.addMenu(self.tr("&Settings"))
        self.language_menu = LanguageMenu(self._settings, settings_menu)
        self.language_menu.language_chosen.connect(self._language_chosen)
        settings_menu.addMenu(self.language_menu)
        settings_menu.addMenu(theme_menu)
        help_menu = bar.addMenu(self.tr("&Help"))
        shortcuts = QAction(self.tr("&Keyboard shortcuts"), self)
        shortcuts.setShortcut(QKeySequence.StandardKey.HelpContents)
        shortcuts.triggered.connect(self._show_shortcuts)
        help_menu.addAction(shortcuts)
        about = QAction(self.tr("&About PveSphere Desktop"), self)
        about.triggered.connect(self._show_about)
        help_menu.addAction(about)
        self.help_menu = help_menu

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Main toolbar"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.add_cluster_action)
        toolbar.addSeparator()
        for action in (
            PowerAction.START,
            PowerAction.SHUTDOWN,
            PowerAction.REBOOT,
            PowerAction.STOP,
        ):
            toolbar.addAction(self.power_actions[action])
        more = QMenu(self.tr("More"), self)
        for action in (PowerAction.RESET, PowerAction.SUSPEND, PowerAction.RESUME):
            more.addAction(self.power_actions[action])
        self.more_action = more.menuAction()
        self.more_action.setText(self.tr("More"))
        toolbar.addAction(self.more_action)
        toolbar.addSeparator()
        toolbar.addAction(self.refresh_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.search)
        toolbar.addAction(self.palette_action)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    def _build_statusbar(self) -> None:
        status = self.statusBar()
        self.sync_label = QLabel()
        self.sync_label.setObjectName("syncLabel")
        self.badges = HealthBadges(self.fleet)
        self.badges.clicked.connect(self._badge_clicked)
        # Shown while another process (``pvesphere sync``) syncs this cache for us.
        self.following_label = QLabel()
        self.following_label.setObjectName("followingLabel")
        self.following_label.hide()
        status.addPermanentWidget(self.following_label)
        status.addPermanentWidget(self.sync_label)
        status.addPermanentWidget(self.badges)

    def _on_following(self, following: SyncFollowing) -> None:
        if not following.holder:
            self.following_label.hide()
            self.statusBar().showMessage(self.tr("This app syncs the cache again."), 8000)
            return
        holder = following.holder if following.holder != "?" else self.tr("another process")
        self.following_label.setText(self.tr("Synced by {holder}").format(holder=holder))
        self.following_label.setToolTip(
            self.tr(
                "{holder} keeps this cache in sync, so this window shows what it writes and "
                "sends PVE no requests of its own. It takes over when that process ends."
            ).format(holder=holder)
        )
        self.following_label.show()
        self.statusBar().showMessage(
            self.tr("Showing what {holder} writes to the cache.").format(holder=holder)
        )

    # ------------------------------------------------------------------------------ theme
    def _apply_theme(self) -> None:
        colors = self.theme.colors if self.theme else LIGHT_COLORS
        self.colors = colors
        self.pane_context.colors = colors
        self.guest_model.set_colors(colors)
        self.tree_model.set_colors(colors)
        self.task_model.colors = colors
        self.table.set_colors(colors)
        self.dashboard.set_colors(colors)
        self.badges.set_colors(colors)
        for pane in (self.guest_pane, self.node_pane, self.storage_pane):
            pane.set_colors(colors)
        self.cluster_pane.set_colors(colors)
        refresh_icons(self.power_actions, colors.text)
        self.search.set_icons(colors.muted)
        self.add_cluster_action.setIcon(symbol("mdi6.server-plus", colors.text))
        self.refresh_action.setIcon(symbol("mdi6.refresh", colors.text))
        self.palette_action.setIcon(symbol("mdi6.console-line", colors.text))
        self.more_action.setIcon(symbol("mdi6.dots-horizontal", colors.text))
        if self.theme is not None:
            for action in self.theme_actions.actions():
                action.setChecked(action.data() == self.theme.choice)

    def set_theme(self, choice: str) -> None:
        """Use ``system``, ``light`` or ``dark`` (saved in the settings)."""
        self._settings.theme = choice
        if self.theme is not None:
            self.theme.set_choice(choice)

    # ------------------------------------------------------------------------------ start-up
    def start(self) -> None:
        """Load the cache (worker), show it, then start background sync."""
        if self.backend is None:
            self._loaded = True
            self._show_page()
            return
        backend = self.backend
        self.statusBar().showMessage(self.tr("Loading the cache…"))
        self.workers.submit(backend.load_cache, self._cache_loaded, self._cache_failed)

    def _cache_loaded(self, load: Any) -> None:
        started = time.perf_counter()
        self.fleet.set_clusters(load.clusters)
        # Health first, while the models are empty: greying 20,000 rows cluster by cluster
        # afterwards cost more than the load itself.
        for status in load.statuses.values():
            self.fleet.apply_status(status)
        self.fleet.load(load.changesets)
        self.task_model.load(load.tasks)
        self.fleet.add_events(load.events)
        if load.events:
            self._last_event_time = max(e.time for e in load.events)
        self.tree_model.set_smart_folders(SmartFolder(s.name, s.query) for s in load.searches)
        self.search.set_notes(dict(load.notes))
        self._loaded = True
        self.search.invalidate_values()
        self._show_page()
        self.collector.settle()  # the cached fleet lives as long as the window
        # Restoring the last selection may load a detail pane (charts): after the first paint.
        QTimer.singleShot(0, self, self._restore_selection)
        log.info(
            "cache shown: %d clusters, %d guests in %.0f ms",
            len(load.clusters), len(self.fleet.guests), (time.perf_counter() - started) * 1000,
        )  # fmt: skip
        self.statusBar().showMessage(
            self.tr("Connecting to {count} cluster(s)…").format(count=len(load.clusters)), 5000
        )
        # Starting the sync opens the secret store and imports the PVE client stack (in a
        # worker, still the interpreter's time): once the cache is on screen.
        after_paint([self.tree.viewport(), self.content], self._start_sync)
        self._check_first_sync()
        self.cache_shown.emit(load)

    def _start_sync(self) -> None:
        if self.backend is not None:
            self._sync_started = True
            self.workers.submit(self.backend.start)
            # The chart library takes a third of a second to import, on the GUI thread (it
            # defines Qt classes). Now, while the sync process starts, nothing waits for the
            # window; later, a ChangeSet or a click would.
            QTimer.singleShot(0, self, _import_charts)

    def _cache_failed(self, exc: BaseException) -> None:
        message = error_text(exc)
        QMessageBox.warning(self, self.tr("The local cache could not be read"), message)

    def _check_first_sync(self) -> None:
        if self._first_sync_done or not self._loaded:
            return
        clusters = self.fleet.clusters.values()
        if all(
            (c.synced_once and c.health in (Health.OK, Health.DEGRADED))
            or c.health in (Health.UNREACHABLE, Health.NEEDS_LOGIN, Health.TLS_CHANGED)
            for c in clusters
        ) and (self.backend is None or not self.bridge.pending()):
            self._first_sync_done = True
            self.statusBar().showMessage(self.tr("Every cluster answered."), 5000)
            self.first_sync_complete.emit()

    @property
    def first_sync_done(self) -> bool:
        return self._first_sync_done

    # ------------------------------------------------------------------------------ updates
    def _on_changeset(self, changeset: ChangeSet | None) -> None:
        if not self._update_timer.isActive():
            self._update_timer.start()
        if not self._events_timer.isActive() and self.backend is not None:
            self._events_timer.start()
        self._check_first_sync()

    def _deferred_updates(self) -> None:
        self._update_actions()
        self._update_scope_label()
        self.search.invalidate_values()
        self._update_sync_label()

    def _on_cluster_changed(self, name: str) -> None:
        self._fetch_version(name)
        self._update_info_bar()
        self._update_sync_label()
        self._check_first_sync()
        if not self._update_timer.isActive():
            self._update_timer.start()

    def _on_clusters_reset(self) -> None:
        self._show_page()
        self._update_info_bar()

    def _fetch_version(self, name: str) -> None:
        """Learn a live cluster's PVE version once (shown on the dashboard and cluster pane)."""
        state = self.fleet.cluster_state(name)
        backend = self.backend
        if backend is None or state.version is not None or state.stale or not state.synced_once:
            return
        if not self._sync_started:  # asked once the sync reports it live (PVE client stack)
            return
        if name in self._version_asked:
            return
        self._version_asked.add(name)

        def done(version: Any) -> None:
            self.fleet.update_cluster(name, version=version)

        def failed(_exc: BaseException) -> None:
            self._version_asked.discard(name)

        self.workers.submit(lambda: backend.version(name), done, failed)

    def _update_sync_label(self) -> None:
        states = list(self.fleet.clusters.values())
        if not states:
            self.sync_label.setText("")
            return
        newest = max((s.last_seen or 0 for s in states), default=0)
        live = sum(1 for s in states if s.health in (Health.OK, Health.DEGRADED))
        text = self.tr("{live}/{total} clusters live · {guests} guests").format(
            live=live, total=len(states), guests=len(self.fleet.guests)
        )
        if newest:
            text += " · " + self.tr("synced {age}").format(age=fmt.age_text(newest))
        self.sync_label.setText(text)

    def _update_known_values(self) -> None:
        fleet = self.fleet
        tags: set[str] = set()
        pools: set[str] = set()
        for guest in fleet.guests.values():
            tags.update(guest.tags)
            if guest.pool:
                pools.add(guest.pool)
        self.search.set_known_values(fleet.clusters, (k.node for k in fleet.nodes), tags, pools)

    def _load_events(self) -> None:
        backend = self.backend
        if backend is None:
            return
        since = self._last_event_time

        def done(events: list[Any]) -> None:
            if events:
                self._last_event_time = max(e.time for e in events)
                self.fleet.add_events(events)

        self.workers.submit(lambda: backend.events_since(since), done, lambda _e: None)

    def _update_info_bar(self) -> None:
        for state in sorted(self.fleet.clusters.values(), key=lambda s: s.name):
            if state.health is Health.NEEDS_LOGIN:
                self._info_cluster = state.name
                self.info_bar.show_message(
                    self.tr(
                        "{name} needs you to log in again; it shows cached data until then."
                    ).format(name=state.name),
                    self.tr("Log in…"),
                )
                return
            if state.health is Health.TLS_CHANGED:
                self._info_cluster = state.name
                self.info_bar.show_message(
                    self.tr(
                        "The certificate of {name} changed; syncing stopped until you decide."
                    ).format(name=state.name),
                    self.tr("Review certificate…"),
                )
                return
        self._info_cluster = None
        self.info_bar.hide()

    def _info_bar_action(self) -> None:
        if self._info_cluster:
            self._badge_clicked(self._info_cluster)

    def _badge_clicked(self, name: str) -> None:
        state = self.fleet.cluster_state(name)
        if state.health is Health.NEEDS_LOGIN:
            self.relogin(name)
        elif state.health is Health.TLS_CHANGED:
            self.review_certificate(name)
        else:
            self.open_key(("cluster", name))

    # ------------------------------------------------------------------------------ pages
    def _show_page(self) -> None:
        if self._loaded and not self.fleet.clusters:
            self.content.setCurrentIndex(PAGE_EMPTY)
            return
        if self.content.currentIndex() == PAGE_EMPTY:
            self.content.setCurrentIndex(PAGE_DASHBOARD)

    def show_dashboard(self) -> None:
        self.tree.setCurrentIndex(self.tree_model.fleet_index())
        self.search.set_text("")
        self.content.setCurrentIndex(PAGE_DASHBOARD if self.fleet.clusters else PAGE_EMPTY)

    def show_all_guests(self) -> None:
        self._set_scope(None, self.tr("All guests"))
        self.content.setCurrentIndex(PAGE_BROWSER)
        self._show_detail(self.no_detail)
        self.table.setFocus()

    def _set_scope(self, scope: Any, text: str) -> None:
        self._scope = scope
        self._scope_text = text
        self.proxy.set_filter(scope, self._search_predicate)
        self._update_scope_label()

    def _update_scope_label(self) -> None:
        shown = self.proxy.rowCount()
        total = len(self.fleet.guests)
        text = self._scope_text or self.tr("All guests")
        if self.search.text():
            text += " · " + self.tr("matching “{query}”").format(query=self.search.text())
        self.scope_label.setText(
            self.tr("{scope} — {shown} of {total} guests").format(
                scope=text, shown=shown, total=total
            )
        )

    def _search_changed(self, predicate: Any) -> None:
        self._search_predicate = predicate
        self.proxy.set_predicate(predicate)
        if predicate is not None and self.content.currentIndex() == PAGE_DASHBOARD:
            self.content.setCurrentIndex(PAGE_BROWSER)
            if not self._detail_is(self.guest_pane):
                self._show_detail(self.no_detail)
        self._update_scope_label()

    # ------------------------------------------------------------------------------ navigation
    def _tree_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        kind = current.data(KIND_ROLE)
        key = current.data(KEY_ROLE)
        obj = current.data(OBJECT_ROLE)
        label = current.data()
        if kind == Kind.FLEET:
            self._set_scope(None, self.tr("All guests"))
            if not self.search.text():
                self.content.setCurrentIndex(PAGE_DASHBOARD if self.fleet.clusters else PAGE_EMPTY)
            return
        if kind == Kind.SMART_ROOT:
            return
        self.content.setCurrentIndex(PAGE_BROWSER)
        if kind == Kind.SMART:
            self._set_scope(None, self.tr("Smart folder {name}").format(name=obj.name))
            self.search.set_text(obj.query)
            self._show_detail(self.no_detail)
            return
        if kind == Kind.GUEST:
            guest: Guest = obj
            parent = current.parent()
            parent_kind = parent.data(KIND_ROLE)
            self._set_scope(
                scope_for(parent_kind, parent.data(KEY_ROLE), parent.data(OBJECT_ROLE)),
                self._scope_title(parent_kind, parent.data(KEY_ROLE), parent.data()),
            )
            if not self.table.select_key(guest.key):
                self.search.set_text("")
                self.table.select_key(guest.key)
            self._show_detail(self.guest_pane)
            self.guest_pane.show_guest(guest.key)
        else:
            self._set_scope(scope_for(kind, key, obj), self._scope_title(kind, key, label))
            if kind == Kind.CLUSTER:
                self.cluster_pane.show_cluster(obj)
                self._show_detail(self.cluster_pane)
            elif kind == Kind.NODE:
                self.node_pane.show_node(key[1])
                self._show_detail(self.node_pane)
            elif kind == Kind.STORAGE:
                self.storage_pane.show_storage(key[1])
                self._show_detail(self.storage_pane)
            else:
                self._show_detail(self.no_detail)
        self._settings.set_value(
            K_SELECTION,
            key_to_text(
                kind,
                key[1] if kind != Kind.CLUSTER and isinstance(key, tuple) and len(key) > 1 else obj,
            ),
        )
        self._update_actions()

    def _show_detail(self, pane: QWidget) -> None:
        self.detail_stack.setCurrentWidget(self._detail_pages[pane])

    def _detail_is(self, pane: QWidget) -> bool:
        return self.detail_stack.currentWidget() is self._detail_pages.get(pane)

    def _scope_title(self, kind: str, key: Any, label: str) -> str:
        if kind == Kind.CLUSTER:
            return self.tr("Cluster {name}").format(name=label)
        if kind == Kind.NODE:
            return self.tr("Node {node} ({cluster})").format(
                node=key[1].node, cluster=key[1].cluster
            )
        if kind == Kind.STORAGE:
            return self.tr("Node {node} ({cluster})").format(
                node=key[1].node, cluster=key[1].cluster
            )
        if kind == Kind.GROUP:
            return self.tr("Group {name}").format(name=label)
        return self.tr("All guests")

    def _table_current(self, guest: Guest | None) -> None:
        if guest is None:
            return
        self._show_detail(self.guest_pane)
        self.guest_pane.show_guest(guest.key)
        self._settings.set_value(K_SELECTION, key_to_text(Kind.GUEST, guest.key))
        self._update_actions()

    def open_key(self, key: Any) -> None:
        """Show an object: a GuestKey or ("cluster"|"node"|"storage", key)."""
        if isinstance(key, GuestKey):
            index = self.tree_model.guest_index(key)
        elif isinstance(key, NodeKey):
            index = self.tree_model.index_for_key(("node", key))
        elif isinstance(key, tuple) and len(key) == 2 and key[0] in ("cluster", "node", "storage"):
            index = self.tree_model.index_for_key(key)
        else:
            return
        if not index.isValid() and isinstance(key, GuestKey):
            # Not in the tree under this grouping (e.g. filtered): show it in the table.
            self.show_all_guests()
            self.search.set_text("")
            self.table.select_key(key)
            return
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def _restore_selection(self) -> None:
        text = self._settings.value(K_SELECTION)
        key = text_to_key(str(text)) if text else None
        if key is not None:
            self.open_key(key)
        else:
            self.tree.setCurrentIndex(self.tree_model.fleet_index())

    def _expand_defaults(self) -> None:
        self.tree.expand(self.tree_model.fleet_index())
        self.tree.expand(self.tree_model.smart_root_index())
        if self.tree_model.grouping == Grouping.CLUSTER:
            fleet = self.tree_model.fleet_index()
            for row in range(self.tree_model.rowCount(fleet)):
                self.tree.expand(self.tree_model.index(row, 0, fleet))

    def _expand_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        # New clusters and the top-level folders open by themselves; nodes stay closed.
        if not parent.isValid() or parent.data(KIND_ROLE) in (Kind.FLEET, Kind.SMART_ROOT):
            if not parent.isValid():
                self.tree.expand(self.tree_model.fleet_index())
                self.tree.expand(self.tree_model.smart_root_index())
            else:
                self.tree.expand(parent)
                if (
                    self.tree_model.grouping == Grouping.CLUSTER
                    and parent.data(KIND_ROLE) == Kind.FLEET
                ):
                    for row in range(first, last + 1):
                        self.tree.expand(self.tree_model.index(row, 0, parent))

    def set_grouping(self, grouping: Grouping | str) -> None:
        grouping = Grouping(grouping)
        self.grouping_combo.setCurrentIndex(self.grouping_combo.findData(grouping.value))

    def _grouping_changed(self) -> None:
        grouping = Grouping(self.grouping_combo.currentData())
        self.tree_model.set_grouping(grouping)
        self._settings.set_value(K_GROUPING, grouping.value)
        for action in self.grouping_actions.actions():
            action.setChecked(action.data() == grouping.value)
        self._expand_defaults()

    # ------------------------------------------------------------------------------ actions
    def action_targets(self) -> list[Guest]:
        """The guests an action applies to: the table's selection, else the shown guest."""
        if self.content.currentIndex() == PAGE_BROWSER:
            selected = self.table.selected_guests()
            if selected:
                return selected
        if self._detail_is(self.guest_pane):
            guest = self.guest_pane.guest()
            if guest is not None:
                return [guest]
        return []

    def _update_actions(self) -> None:
        targets = self.action_targets()
        live = [g for g in targets if not self.fleet.is_stale(g.cluster)]
        possible: set[PowerAction] = set()
        for guest in live:
            possible |= allowed_actions(guest)
        for action, qaction in self.power_actions.items():
            qaction.setEnabled(self.backend is not None and action in possible)
        self.edit_cluster_action.setEnabled(
            self.backend is not None and self._current_cluster() is not None
        )

    def _run_power(self, action: PowerAction) -> None:
        self.runner.run(action, self.action_targets(), self)

    def _task_finished(self, entry: TaskEntry) -> None:
        try:
            seconds = float(self._settings.value(K_NOTIFY_AFTER, 10))
        except (TypeError, ValueError):
            seconds = 10.0
        ended = entry.ended or time.time()
        if entry.state is TaskState.ERROR:
            self.statusBar().showMessage(
                self.tr("{task} failed: {message}").format(task=entry.title, message=entry.message),
                15000,
            )
        else:
            self.statusBar().showMessage(self.tr("{task}: done").format(task=entry.title), 8000)
        if ended - entry.started >= seconds and not self.isActiveWindow():
            if entry.state is TaskState.ERROR:
                self.notifier.notify(
                    self.tr("Task failed"),
                    f"{entry.title}: {entry.message}",
                    error=True,
                    target=entry,
                )
            else:
                self.notifier.notify(self.tr("Task finished"), entry.title, target=entry)

    def bring_to_front(self) -> None:
        """Show the window in front (restored if minimised): a second start of the app."""
        if self.isMinimized():
            self.showNormal()
        if not self.isVisible():
            self.show()
        if not self.isActiveWindow():  # else the user already brought it forward
            self.raise_()
            self.activateWindow()

    def show_task(self, entry: TaskEntry | None) -> None:
        """Come to the front with ``entry`` selected in the task dock (a notification's click)."""
        self.bring_to_front()
        if entry is not None:
            self.task_dock.show()
            self.task_dock.raise_()
            self.task_dock_widget.show_entry(entry)

    def _stop_task(self, row: TaskRow) -> None:
        backend = self.backend
        if backend is None:
            return
        if row.entry is not None:
            row.entry.cancel.set()
            return
        task = row.task
        assert task is not None
        self.workers.submit(
            lambda: backend.stop_task(task.cluster, task),
            lambda _: self.statusBar().showMessage(self.tr("Asked PVE to stop the task."), 5000),
            lambda exc: self.statusBar().showMessage(error_text(exc), 10000),
        )

    def _load_task_log(self, row: TaskRow, show: Any) -> None:
        backend = self.backend
        task = row.task
        if backend is None or task is None:
            return
        self.workers.submit(
            lambda: backend.task_log(task.cluster, task), show, lambda exc: show([error_text(exc)])
        )

    def refresh_now(self) -> None:
        if self.backend is not None:
            cluster = self._current_cluster()
            backend = self.backend
            self.workers.submit(lambda: backend.refresh(cluster))
            self.statusBar().showMessage(self.tr("Refreshing…"), 3000)

    def _current_cluster(self) -> str | None:
        index = self.tree.currentIndex()
        kind = index.data(KIND_ROLE) if index.isValid() else None
        if kind == Kind.CLUSTER:
            return str(index.data(OBJECT_ROLE))
        if kind in (Kind.NODE, Kind.STORAGE):
            return str(index.data(KEY_ROLE)[1].cluster)
        if kind == Kind.GUEST:
            return str(index.data(OBJECT_ROLE).cluster)
        guest = self.guest_pane.guest() if self._detail_is(self.guest_pane) else None
        return guest.cluster if guest else None

    # ------------------------------------------------------------------------------ menus
    def _power_menu(self, menu: QMenu) -> None:
        for action in self.power_actions.values():
            menu.addAction(action)

    def _table_menu(self, position: Any) -> None:
        self._update_actions()
        menu = QMenu(self)
        self._power_menu(menu)
        menu.addSeparator()
        guest = self.table.current_guest()
        if guest is not None:
            reveal = menu.addAction(self.tr("Show in the tree"))
            reveal.triggered.connect(lambda: self.open_key(guest.key))
            self._extend_menu(menu, "guest", guest)
        menu.exec(self.table.viewport().mapToGlobal(position))

    def _extend_menu(self, menu: QMenu, kind: str, obj: Any) -> None:
        for extend in self.menu_extenders:
            extend(menu, kind, obj)

    def _tree_menu(self, position: Any) -> None:
        index = self.tree.indexAt(position)
        if not index.isValid():
            return
        kind = index.data(KIND_ROLE)
        menu = QMenu(self)
        if kind == Kind.GUEST:
            self.tree.setCurrentIndex(index)
            self._update_actions()
            self._power_menu(menu)
            self._extend_menu(menu, "guest", index.data(OBJECT_ROLE))
        elif kind == Kind.NODE:
            self._extend_menu(menu, "node", index.data(KEY_ROLE)[1])
        elif kind == Kind.CLUSTER:
            name = str(index.data(OBJECT_ROLE))
            menu.addAction(self.tr("Cluster connection…"), lambda: self.edit_cluster(name))
            menu.addAction(
                self.tr("Refresh now"),
                lambda: self._refresh_cluster(name),
            )
            if self.fleet.cluster_state(name).health is Health.NEEDS_LOGIN:
                menu.addAction(self.tr("Log in again…"), lambda: self.relogin(name))
        elif kind == Kind.SMART:
            self.tree.setCurrentIndex(index)
            menu.addAction(self.delete_smart_action)
        elif kind in (Kind.FLEET, Kind.SMART_ROOT):
            menu.addAction(self.add_cluster_action)
        if not menu.isEmpty():
            menu.exec(self.tree.viewport().mapToGlobal(position))

    def _refresh_cluster(self, name: str) -> None:
        backend = self.backend
        if backend is not None:
            self.workers.submit(lambda: backend.refresh(name))

    def _palette_actions(self) -> list[QAction]:
        self._update_actions()
        return [
            *self.power_actions.values(),
            self.refresh_action,
            self.add_cluster_action,
            self.edit_cluster_action,
            self.dashboard_action,
            self.guests_action,
            self.save_search_action,
            self.search.focus_action,
            self.task_dock.toggleViewAction(),
            *self.theme_actions.actions(),
            *self.grouping_actions.actions(),
            *self.extra_palette_actions,
        ]

    def show_palette(self) -> None:
        self.palette_dialog.popup()

    def _show_shortcuts(self) -> None:
        lines = []
        for action in [
            *self._palette_actions(),
            self.focus_tree_action,
            self.focus_table_action,
            self.quit_action,
        ]:
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if shortcut:
                lines.append(
                    f"<tr><td>{action.text().replace('&', '')}</td><td><b>{shortcut}</b></td></tr>"
                )
        QMessageBox.information(
            self,
            self.tr("Keyboard shortcuts"),
            "<table cellspacing=6>" + "".join(lines) + "</table>",
        )

    def _language_chosen(self, code: str) -> None:
        del code
        self.statusBar().showMessage(
            self.tr("The new language applies the next time PveSphere Desktop starts.")
        )

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About PveSphere Desktop"),
            self.tr("PveSphere Desktop {version}\nManage fleets of Proxmox VE clusters.").format(
                version=__version__
            ),
        )

    # ------------------------------------------------------------------------------ dialogs
    def _keep(self, dialog: QWidget) -> None:
        self._dialogs.append(dialog)
        dialog.destroyed.connect(
            lambda *_: self._dialogs.remove(dialog) if dialog in self._dialogs else None
        )

    def add_cluster(self) -> QWidget | None:
        """Open the add-cluster dialog (non-blocking); return it."""
        if self.backend is None:
            QMessageBox.information(
                self,
                self.tr("Add a cluster"),
                self.tr("Clusters can be added once the local cache is open."),
            )
            return None
        from pvesphere_desktop.ui.dialogs.add_cluster import AddClusterDialog

        dialog = AddClusterDialog(self.workers, self.backend, None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._cluster_saved)
        self._keep(dialog)
        dialog.open()
        return dialog

    def edit_cluster(self, name: str | None) -> QWidget | None:
        if self.backend is None or not name:
            return None
        from pvesphere_desktop.ui.dialogs.add_cluster import AddClusterDialog

        try:
            config = self.backend.cluster_config(name)
        except PveSphereError as exc:
            QMessageBox.warning(self, self.tr("Cluster connection"), error_text(exc))
            return None
        dialog = AddClusterDialog(self.workers, self.backend, config, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._cluster_saved)
        dialog.removed.connect(self._cluster_removed)
        self._keep(dialog)
        dialog.open()
        return dialog

    def _cluster_saved(self, config: Any) -> None:
        names = list(self.fleet.clusters)
        if config.name not in names:
            names.append(config.name)
        self.fleet.set_clusters(names)
        self.statusBar().showMessage(
            self.tr("{name} saved; syncing…").format(name=config.name), 6000
        )
        if self.content.currentIndex() == PAGE_EMPTY:
            self.content.setCurrentIndex(PAGE_DASHBOARD)

    def _cluster_removed(self, name: str) -> None:
        self.fleet.set_clusters([n for n in self.fleet.clusters if n != name])
        self.statusBar().showMessage(self.tr("{name} removed.").format(name=name), 6000)

    def relogin(self, name: str) -> QWidget | None:
        if self.backend is None:
            return None
        from pvesphere_desktop.ui.dialogs.relogin import ReloginDialog

        config = self.backend.cluster_config(name)
        dialog = ReloginDialog(self.workers, self.backend, config, self)
        dialog.logged_in.connect(
            lambda n: self.statusBar().showMessage(
                self.tr("Logged in to {name}.").format(name=n), 6000
            )
        )
        self._keep(dialog)
        dialog.show()
        return dialog

    def review_certificate(self, name: str) -> None:
        backend = self.backend
        if backend is None:
            return
        from pvesphere_desktop.ui.dialogs.relogin import CertificateChangedDialog

        config = backend.cluster_config(name)

        def show(info: Any) -> None:
            dialog = CertificateChangedDialog(self.workers, backend, config, info, self)
            dialog.repinned.connect(backend.refresh)
            self._keep(dialog)
            dialog.show()

        self.workers.submit(
            lambda: backend.probe(config.url),
            show,
            lambda exc: self.statusBar().showMessage(error_text(exc), 10000),
        )

    def save_search(self, query: str) -> None:
        """Save ``query`` as a smart folder (asks for a name)."""
        from PySide6.QtWidgets import QInputDialog

        query = query.strip()
        if not query or self.backend is None:
            return
        name, ok = QInputDialog.getText(
            self,
            self.tr("Save as smart folder"),
            self.tr("Name of the smart folder:"),
            text=query[:40],
        )
        if not ok or not name.strip():
            return
        backend = self.backend
        self.workers.submit(
            lambda: backend.save_search(name.strip(), query),
            self._searches_changed,
            self._save_search_failed,
        )

    def _save_search_failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self, self.tr("Save as smart folder"), error_text(exc))

    def _delete_current_smart(self) -> None:
        index = self.tree.currentIndex()
        if index.data(KIND_ROLE) != Kind.SMART or self.backend is None:
            return
        name = index.data(OBJECT_ROLE).name
        backend = self.backend
        self.workers.submit(lambda: backend.delete_search(name), self._searches_changed)

    def _searches_changed(self, searches: Iterable[Any]) -> None:
        self.tree_model.set_smart_folders(SmartFolder(s.name, s.query) for s in searches)

    def _open_demo(self) -> None:
        self.demo_requested.emit()
        if self.launch_demo is not None:
            self.launch_demo()
            self.statusBar().showMessage(self.tr("Starting the demo fleet in a new window…"), 8000)

    @staticmethod
    def _launch_demo_process() -> None:
        QProcess.startDetached(sys.executable, ["-m", "pvesphere_desktop.ui.main", "--demo"])

    # ------------------------------------------------------------------------------ workspace
    def add_workspace_tab(self, widget: QWidget, title: str, icon: QIcon | None = None) -> int:
        """Add a closable tab next to the inventory (consoles use this); return its index."""
        index = self.workspace.addTab(widget, icon or QIcon(), title)
        self.workspace.tabBar().setVisible(True)
        self.workspace.setCurrentIndex(index)
        return index

    def _close_workspace_tab(self, index: int) -> None:
        if index == 0:
            return
        widget = self.workspace.widget(index)
        self.workspace.removeTab(index)
        if widget is not None:
            widget.close()
            widget.deleteLater()
        self.workspace.tabBar().setVisible(self.workspace.count() > 1)

    # ------------------------------------------------------------------------------ state
    def _restore_state(self) -> None:
        settings = self._settings
        geometry = settings.value(Settings.GEOMETRY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value(Settings.WINDOW_STATE)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        for key, splitter in (
            (K_SPLIT_MAIN, self.main_splitter),
            (K_SPLIT_BROWSER, self.browser_splitter),
            (K_SPLIT_TASKS, self.task_dock_widget.splitter),
        ):
            value = settings.value(key)
            if isinstance(value, QByteArray):
                splitter.restoreState(value)
        self.table.restore_state(settings.value(K_TABLE))
        columns = settings.value(K_TASK_COLUMNS)
        if isinstance(columns, QByteArray):
            self.task_dock_widget.table.horizontalHeader().restoreState(columns)
        grouping = str(settings.value(K_GROUPING) or Grouping.CLUSTER.value)
        if grouping in {g.value for g in Grouping}:
            self.set_grouping(grouping)
        for action in self.grouping_actions.actions():
            action.setChecked(action.data() == self.tree_model.grouping.value)
        self._expand_defaults()

    def save_state(self) -> None:
        settings = self._settings
        settings.set_value(Settings.GEOMETRY, self.saveGeometry())
        settings.set_value(Settings.WINDOW_STATE, self.saveState())
        settings.set_value(K_SPLIT_MAIN, self.main_splitter.saveState())
        settings.set_value(K_SPLIT_BROWSER, self.browser_splitter.saveState())
        settings.set_value(K_SPLIT_TASKS, self.task_dock_widget.splitter.saveState())
        settings.set_value(K_TABLE, self.table.save_state())
        settings.set_value(
            K_TASK_COLUMNS, self.task_dock_widget.table.horizontalHeader().saveState()
        )
        settings.sync()

    def shutdown(self, wait: bool = False) -> None:
        """Stop sync (bounded wait) and the workers (waiting for running jobs when ``wait``)."""
        if self.backend is not None:
            self.backend.stop()
        self.workers.shutdown(wait=wait)
        self.notifier.close()
        self.collector.stop()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.save_state()
        super().closeEvent(event)


def _import_charts() -> None:
    importlib.import_module("pvesphere_desktop.ui.views.charts")


__all__ = ["MainWindow", "key_to_text", "text_to_key"]
