"""The console workspace: consoles as tabs, detachable into their own windows and back.

Consoles from any number of clusters live side by side: each tab and window is titled with
its cluster. Closing a tab or a console window ends that console's upstream session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWebEngineCore import QWebEngineProfile
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pvesphere_desktop.console.service import ConsoleOpener, ConsoleService
from pvesphere_desktop.console.state import ConsoleState, ConsoleStatus
from pvesphere_desktop.console.target import ConsoleTarget
from pvesphere_desktop.console.view import ConsolePane, console_profile

log = logging.getLogger(__name__)

OpenerFor = Callable[[str], ConsoleOpener]  # cluster name -> opener


class ConsoleWindow(QMainWindow):
    """A detached console: the pane in a top-level window of its own.

    Signals:
        closing(ConsolePane): the user closed the window (the console ends).
    """

    closing = Signal(object)

    def __init__(self, pane: ConsolePane, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("consoleWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.pane = pane
        self._releasing = False
        self.setCentralWidget(pane)
        self.setWindowTitle(pane.title())
        self.resize(1024, 720)
        leave = QShortcut(QKeySequence("Ctrl+Alt+Return"), self)
        leave.setContext(Qt.ShortcutContext.WindowShortcut)
        leave.activated.connect(lambda: self.set_fullscreen(not self.isFullScreen()))

    def set_fullscreen(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()
        self.pane.set_fullscreen_checked(on)

    def release(self) -> ConsolePane:
        """Take the pane out (to dock it) and close the window without ending the console."""
        self._releasing = True
        pane = self.pane
        pane.setParent(None)
        self.takeCentralWidget()
        self.close()
        return pane

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self._releasing:
            self.closing.emit(self.pane)
        super().closeEvent(event)


class ConsoleWorkspace(QWidget):
    """Tabs of consoles plus their detached windows.

    Signals:
        count_changed(int): how many consoles are open (tabs and windows).
        login_requested(object): a console's :class:`ConsoleTarget` needs a password login.
    """

    count_changed = Signal(int)
    login_requested = Signal(object)

    def __init__(
        self,
        service: ConsoleService,
        opener_for: OpenerFor,
        profile: QWebEngineProfile | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consoleWorkspace")
        self._service = service
        self._opener_for = opener_for
        self._profile = profile
        self._panes: list[ConsolePane] = []
        self._windows: dict[ConsolePane, ConsoleWindow] = {}

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("consoleTabs")
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.placeholder = QLabel(self)
        self.placeholder.setObjectName("consolePlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setText(
            self.tr(
                "No console is open in the tabs. Open one from a guest's or a node's context "
                "menu, the detail pane or the command palette."
            )
        )
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(self.tabs)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self._update_stack()

    # -- queries --------------------------------------------------------------------------------

    def panes(self) -> list[ConsolePane]:
        """Every open console, docked or detached, in opening order."""
        return list(self._panes)

    def windows(self) -> list[ConsoleWindow]:
        return list(self._windows.values())

    def window_of(self, pane: ConsolePane) -> ConsoleWindow | None:
        return self._windows.get(pane)

    def find_console(self, target: ConsoleTarget) -> ConsolePane | None:
        for pane in self._panes:
            if pane.target.key == target.key:
                return pane
        return None

    # -- opening and closing --------------------------------------------------------------------

    def open_console(self, target: ConsoleTarget) -> ConsolePane:
        """Show the console of ``target``: bring an open one forward, or open a new one."""
        existing = self.find_console(target)
        if existing is not None:
            self.activate(existing)
            if existing.status.state in (ConsoleState.FAILED, ConsoleState.DISCONNECTED):
                existing.reconnect()
            return existing
        pane = ConsolePane(
            self._service,
            self._opener_for(target.cluster),
            target,
            self._profile or console_profile(),
        )
        pane.detach_requested.connect(lambda: self.detach(pane))
        pane.dock_requested.connect(lambda: self.dock(pane))
        pane.fullscreen_requested.connect(lambda on: self._fullscreen(pane, on))
        pane.login_requested.connect(self.login_requested.emit)
        pane.status_changed.connect(lambda status: self._on_status(pane, status))
        self._panes.append(pane)
        index = self.tabs.addTab(pane, pane.title())
        self.tabs.setTabToolTip(index, pane.title())
        self.tabs.setCurrentIndex(index)
        self._update_stack()
        log.info("Opening console %s", target.key)
        pane.connect_console()
        self.count_changed.emit(len(self._panes))
        return pane

    def activate(self, pane: ConsolePane) -> None:
        """Bring ``pane`` to the front (its tab, or its window)."""
        window = self._windows.get(pane)
        if window is not None:
            window.show()
            window.raise_()
            window.activateWindow()
        else:
            self.tabs.setCurrentWidget(pane)
        pane.focus_console()

    def close_console(self, pane: ConsolePane) -> None:
        """End ``pane``'s session and remove it, wherever it is."""
        if pane not in self._panes:
            return
        self._panes.remove(pane)
        pane.shutdown()
        window = self._windows.pop(pane, None)
        if window is not None:
            window.release()
            window.deleteLater()
        else:
            index = self.tabs.indexOf(pane)
            if index >= 0:
                self.tabs.removeTab(index)
        pane.setParent(None)
        pane.deleteLater()
        self._update_stack()
        self.count_changed.emit(len(self._panes))

    def close_all(self) -> None:
        """End every console (the main window is closing)."""
        for pane in list(self._panes):
            self.close_console(pane)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        # The main window closes its workspace tab with close(): end the sessions with it.
        self.close_all()
        super().closeEvent(event)

    def _close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if isinstance(widget, ConsolePane):
            self.close_console(widget)

    # -- detaching ------------------------------------------------------------------------------

    def detach(self, pane: ConsolePane) -> ConsoleWindow:
        """Move ``pane`` from its tab into a window of its own (the session continues)."""
        existing = self._windows.get(pane)
        if existing is not None:
            return existing
        index = self.tabs.indexOf(pane)
        if index >= 0:
            self.tabs.removeTab(index)
        window = ConsoleWindow(pane)
        window.closing.connect(self.close_console)
        self._windows[pane] = window
        pane.set_docked(False)
        pane.show()
        window.show()
        self._update_stack()
        log.info("Console %s detached", pane.target.key)
        return window

    def dock(self, pane: ConsolePane) -> None:
        """Move a detached ``pane`` back into the tabs."""
        window = self._windows.pop(pane, None)
        if window is None:
            return
        window.release()
        window.deleteLater()
        pane.set_docked(True)
        pane.set_fullscreen_checked(False)
        index = self.tabs.addTab(pane, pane.title())
        self.tabs.setTabToolTip(index, pane.title())
        self.tabs.setCurrentIndex(index)
        pane.show()
        self._update_stack()
        log.info("Console %s docked", pane.target.key)

    def _fullscreen(self, pane: ConsolePane, on: bool) -> None:
        # Full screen is a window state: a docked console goes to its own window first.
        if on and pane.docked:
            self.detach(pane)
        window = self._windows.get(pane)
        if window is not None:
            window.set_fullscreen(on)

    def _on_status(self, pane: ConsolePane, status: ConsoleStatus) -> None:
        index = self.tabs.indexOf(pane)
        if index < 0:
            return
        marker = {
            ConsoleState.FAILED: "⚠ ",
            ConsoleState.DISCONNECTED: "○ ",
        }.get(status.state, "")
        self.tabs.setTabText(index, marker + pane.title())

    def _update_stack(self) -> None:
        self._stack.setCurrentWidget(self.tabs if self.tabs.count() else self.placeholder)
