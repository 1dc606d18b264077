"""Consoles in the main window: a workspace tab, actions for guests and nodes, the palette.

The main window knows nothing about consoles; it offers a few extension points (a workspace
tab, context-menu extenders, extra palette actions, the detail panes' tool rows) and this
module uses them. It must not import ``ui`` (the layers forbid it), so the window is reached
through the small :class:`ConsoleHost` protocol.

Only the actions exist from the start: the relay, the pages (QtWebEngine) and the PVE client
stack are imported when the first console opens, which keeps them out of the window's start.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QToolButton, QWidget

from pvesphere_desktop.console import spice
from pvesphere_desktop.core.enums import GuestStatus, GuestType
from pvesphere_desktop.core.errors import PveSphereError
from pvesphere_desktop.core.i18n import UserMessage
from pvesphere_desktop.core.ids import NodeKey

if TYPE_CHECKING:
    from pvesphere_desktop.console.pve_opener import ConsoleLogins, PveConsoleOpener
    from pvesphere_desktop.console.service import ConsoleService
    from pvesphere_desktop.console.target import ConsoleTarget
    from pvesphere_desktop.console.workspace import ConsoleWorkspace
    from pvesphere_desktop.pve.session import PveSession

log = logging.getLogger(__name__)

MAX_CONSOLES_AT_ONCE = 8  # a multi-selection opens at most this many consoles


def render(message: UserMessage) -> str:
    """Render a Qt-free message through Qt's translators (as ``console.view.render``)."""
    return message.render(QCoreApplication.translate)


class ConsoleHost(Protocol):
    """What the main window offers consoles (see ``ui.main_window``)."""

    menu_extenders: list[Callable[[QMenu, str, Any], None]]
    extra_palette_actions: list[QAction]
    guest_pane: Any  # .tools (QHBoxLayout), .guest() -> Guest | None
    node_pane: Any  # .tools (QHBoxLayout), .key -> NodeKey | None
    workspace: Any  # the QTabWidget of the central area

    def add_workspace_tab(self, widget: QWidget, title: str, icon: Any = None) -> int: ...

    def action_targets(self) -> list[Any]: ...


SessionFor = Callable[[str], "PveSession"]  # cluster name -> its session (blocking)


class _Relay(QObject):
    """Signals:
    done(object, object): (callback, finished future), delivered on the GUI thread.
    """

    done = Signal(object, object)


class ConsoleFeature(QObject):
    """Owns the console service, the workspace and the console actions of one main window."""

    def __init__(
        self,
        host: ConsoleHost,
        session_for: SessionFor,
        service: ConsoleService | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consoleFeature")
        self.host = host
        self._session_for = session_for
        self._service = service
        self._logins: ConsoleLogins | None = None
        self._openers: dict[str, PveConsoleOpener] = {}
        self._workspace: ConsoleWorkspace | None = None
        self._dialogs: list[QWidget] = []
        self._relay = _Relay(self)
        self._relay.done.connect(lambda callback, future: callback(future))
        self._build_actions()
        host.menu_extenders.append(self._extend_menu)
        host.extra_palette_actions.extend(self.actions())
        if isinstance(host, QWidget):
            host.addActions(self.actions())  # their shortcuts work in the main window
        self._add_pane_buttons()

    # -- actions ------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.console_action = QAction(self.tr("Open &console"), self)
        self.console_action.setObjectName("openConsoleAction")
        self.console_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.console_action.setToolTip(self.tr("Open the selected guests' consoles"))
        self.console_action.triggered.connect(lambda: self.open_for_guests(self._guests()))
        self.serial_action = QAction(self.tr("Open &serial console"), self)
        self.serial_action.setObjectName("openSerialAction")
        self.serial_action.triggered.connect(
            lambda: self.open_for_guests(self._guests(), serial=True)
        )
        self.shell_action = QAction(self.tr("Open node &shell"), self)
        self.shell_action.setObjectName("openShellAction")
        self.shell_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.shell_action.triggered.connect(self._shell_for_selection)
        self.spice_action = QAction(self.tr("Open in &remote-viewer (SPICE)"), self)
        self.spice_action.setObjectName("openSpiceAction")
        self.spice_action.triggered.connect(self._spice_for_selection)

    @property
    def service(self) -> ConsoleService:
        """The relay service (made on first use)."""
        if self._service is None:
            from pvesphere_desktop.console.service import ConsoleService

            self._service = ConsoleService()
        return self._service

    @property
    def logins(self) -> ConsoleLogins:
        """Console-only logins per cluster (made on first use)."""
        if self._logins is None:
            from pvesphere_desktop.console.pve_opener import ConsoleLogins

            self._logins = ConsoleLogins()
        return self._logins

    def actions(self) -> list[QAction]:
        return [self.console_action, self.serial_action, self.shell_action, self.spice_action]

    def _add_pane_buttons(self) -> None:
        for pane, action in (
            (self.host.guest_pane, self.console_action),
            (self.host.node_pane, self.shell_action),
        ):
            tools = getattr(pane, "tools", None)
            if tools is None:
                continue
            button = QToolButton(pane)
            button.setObjectName(f"{action.objectName()}Button")
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            tools.addWidget(button)

    def _extend_menu(self, menu: QMenu, kind: str, obj: Any) -> None:
        menu.addSeparator()
        if kind == "guest":
            running = getattr(obj, "status", None) is GuestStatus.RUNNING
            console = menu.addAction(self.console_action.text())
            console.setEnabled(running)
            console.triggered.connect(lambda: self.open_for_guests([obj]))
            if getattr(obj, "type", None) is GuestType.QEMU:
                serial = menu.addAction(self.serial_action.text())
                serial.setEnabled(running)
                serial.triggered.connect(lambda: self.open_for_guests([obj], serial=True))
                viewer = menu.addAction(self.spice_action.text())
                viewer.setEnabled(running)
                viewer.triggered.connect(lambda: self.open_spice(obj))
            shell = menu.addAction(self.tr("Open shell on node {node}").format(node=obj.node))
            shell.triggered.connect(lambda: self.open_shell(NodeKey(obj.cluster, obj.node)))
        elif kind == "node" and isinstance(obj, NodeKey):
            shell = menu.addAction(self.shell_action.text())
            shell.triggered.connect(lambda: self.open_shell(obj))

    def _guests(self) -> list[Any]:
        return list(self.host.action_targets())

    def _shell_for_selection(self) -> None:
        key = getattr(self.host.node_pane, "key", None)
        if isinstance(key, NodeKey) and self.host.workspace.currentIndex() == 0:
            pane_shown = self.host.node_pane.isVisible()
            if pane_shown:
                self.open_shell(key)
                return
        guests = self._guests()
        if guests:
            self.open_shell(NodeKey(guests[0].cluster, guests[0].node))

    def _spice_for_selection(self) -> None:
        guests = [g for g in self._guests() if g.type is GuestType.QEMU]
        if guests:
            self.open_spice(guests[0])

    # -- opening ------------------------------------------------------------------------------

    def opener_for(self, cluster: str) -> PveConsoleOpener:
        from pvesphere_desktop.console.pve_opener import PveConsoleOpener

        opener = self._openers.get(cluster)
        if opener is None:
            session_for = self._session_for
            opener = PveConsoleOpener(lambda: session_for(cluster), self.logins, host=cluster)
            self._openers[cluster] = opener
        return opener

    @property
    def workspace(self) -> ConsoleWorkspace:
        """The console workspace, shown as a tab of the main window (re-added if closed)."""
        if self._workspace is None:
            from pvesphere_desktop.console.workspace import ConsoleWorkspace

            self.service.start()
            workspace = ConsoleWorkspace(self.service, self.opener_for)
            workspace.setObjectName("consoleWorkspace")
            workspace.login_requested.connect(self.login)
            workspace.destroyed.connect(self._workspace_gone)
            self._workspace = workspace
        if self.host.workspace.indexOf(self._workspace) < 0:
            self.host.add_workspace_tab(self._workspace, self.tr("Consoles"))
        return self._workspace

    def _workspace_gone(self) -> None:
        self._workspace = None

    def show_workspace(self) -> ConsoleWorkspace:
        workspace = self.workspace
        self.host.workspace.setCurrentWidget(workspace)
        return workspace

    def open(self, target: ConsoleTarget) -> None:
        """Open (or bring forward) one console and show the workspace."""
        self.show_workspace().open_console(target)

    def open_for_guests(self, guests: list[Any], serial: bool = False) -> None:
        from pvesphere_desktop.console.target import ConsoleKind, ConsoleTarget

        for guest in guests[:MAX_CONSOLES_AT_ONCE]:
            if guest.type is GuestType.LXC:
                kind = ConsoleKind.LXC
            else:
                kind = ConsoleKind.SERIAL if serial else ConsoleKind.VNC
            self.open(ConsoleTarget(guest.cluster, guest.node, kind, guest.vmid, guest.name))

    def open_shell(self, node: NodeKey) -> None:
        from pvesphere_desktop.console.target import ConsoleKind, ConsoleTarget

        self.open(ConsoleTarget(node.cluster, node.node, ConsoleKind.SHELL))

    # -- SPICE -------------------------------------------------------------------------------

    def open_spice(self, guest: Any) -> None:
        """Ask PVE for SPICE settings and start remote-viewer (or say what to install)."""
        from pvesphere_desktop.console.pve_opener import spice_reply
        from pvesphere_desktop.console.target import ConsoleKind, ConsoleTarget

        if spice.find_viewer() is None:
            self._tell(render(spice.install_hint()))
            return
        target = ConsoleTarget(guest.cluster, guest.node, ConsoleKind.VNC, guest.vmid, guest.name)
        opener = self.opener_for(guest.cluster)
        self._in_worker(
            lambda: spice_reply(opener.session, target),
            lambda reply_host: spice.open_spice(
                reply_host[0], reply_host[1], render(target.title())
            ),
            self._spice_done,
        )

    def _spice_done(self, result: Any) -> None:
        if isinstance(result, spice.SpiceLaunch) and result.hint is not None:
            self._tell(render(result.hint))

    # -- logins -------------------------------------------------------------------------------

    def login(self, target: ConsoleTarget) -> None:
        """Ask for a console-only password login for ``target``'s cluster, then reconnect."""
        opener = self.opener_for(target.cluster)
        self._in_worker(
            lambda: opener.session.config, None, lambda config: self._ask(config, target)
        )

    def _ask(self, config: Any, target: ConsoleTarget) -> None:
        from pvesphere_desktop.console.login import ConsoleLoginDialog

        dialog = ConsoleLoginDialog(config, self.logins, self.service.run_blocking, None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.logged_in.connect(lambda _name: self._reconnect(target))
        self._dialogs.append(dialog)
        dialog.finished.connect(lambda _code: self._dialogs.remove(dialog))
        dialog.open()

    def _reconnect(self, target: ConsoleTarget) -> None:
        pane = self.workspace.find_console(target)
        if pane is not None:
            pane.reconnect()

    # -- helpers ------------------------------------------------------------------------------

    def _in_worker(
        self,
        work: Callable[[], Any],
        then_gui: Callable[[Any], Any] | None,
        done: Callable[[Any], None],
    ) -> None:
        """Run ``work`` off the GUI thread, then ``then_gui`` and ``done`` on it."""
        relay = self._relay

        def finish(future: concurrent.futures.Future[Any]) -> None:
            error = future.exception()
            if isinstance(error, PveSphereError):
                self._tell(render(error.message))
                return
            if error is not None:
                raise error
            result = future.result()
            done(then_gui(result) if then_gui is not None else result)

        self.service.run_blocking(work).add_done_callback(
            lambda future: relay.done.emit(finish, future)
        )

    def _tell(self, text: str) -> None:
        parent = self.host if isinstance(self.host, QWidget) else None
        QMessageBox.information(parent, self.tr("Consoles"), text)

    def shutdown(self) -> None:
        """End every console and stop the relay (the application is closing)."""
        workspace = self._workspace
        self._workspace = None
        if workspace is not None:
            with contextlib.suppress(RuntimeError):  # already deleted with the window
                workspace.close_all()
        if self._logins is not None:
            self._logins.close()
        if self._service is not None:
            self._service.stop()
