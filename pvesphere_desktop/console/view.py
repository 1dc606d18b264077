"""The console pane: a QtWebEngine view of one console page, its toolbar and its state.

The pane is a state machine (:mod:`console.state`) fed by the relay (upstream events, on the
relay thread, forwarded here through queued signals) and by the page (console messages with a
``pvesphere:`` prefix). Everything that goes wrong is shown inside the pane, over the view, with
a reconnect button; nothing here opens a dialog on its own.
"""

from __future__ import annotations

import base64
import concurrent.futures
import contextlib
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QGuiApplication, QImage, QImageWriter
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedLayout,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pvesphere_desktop.console import keys
from pvesphere_desktop.console.relay import RelayEvent
from pvesphere_desktop.console.service import (
    ConsoleLaunch,
    ConsoleLoginRequiredError,
    ConsoleOpener,
    ConsoleService,
)
from pvesphere_desktop.console.state import (
    ConsoleState,
    ConsoleStateMachine,
    ConsoleStatus,
    Reason,
)
from pvesphere_desktop.console.target import ConsoleKind, ConsoleTarget
from pvesphere_desktop.core.errors import PveSphereError
from pvesphere_desktop.core.i18n import UserMessage
from pvesphere_desktop.core.redact import redact

log = logging.getLogger(__name__)

MESSAGE_PREFIX = "pvesphere:"
_RELAY_TOKEN = re.compile(r"/relay/[A-Za-z0-9_-]+")
TYPE_DELAY_MS = 8
PICTURE_POLL_MS = 50
PICTURE_POLLS = 100


def _shows_something(image: QImage) -> bool:
    """Tell whether ``image`` has more than one colour (cheaply, on a small copy)."""
    if image.isNull():
        return False
    small = image.scaled(48, 32).convertToFormat(QImage.Format.Format_RGB32)
    first = small.pixel(0, 0)
    return any(
        small.pixel(x, y) != first for y in range(small.height()) for x in range(small.width())
    )


def qt_translate(context: str, text: str) -> str:
    """Translate a Qt-free message through Qt's installed translators."""
    return QCoreApplication.translate(context, text)


def render(message: UserMessage) -> str:
    return message.render(qt_translate)


_profile: QWebEngineProfile | None = None


def console_profile() -> QWebEngineProfile:
    """Return the off-the-record profile of console pages (nothing of them touches the disk)."""
    global _profile  # noqa: PLW0603 - one profile per application, created on first use
    if _profile is None:
        app = QCoreApplication.instance()
        _profile = QWebEngineProfile(app)  # no storage name: off the record
        _profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
        _profile.setPersistentCookiesPolicy(
            QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies
        )
        if app is not None:
            app.aboutToQuit.connect(_drop_profile)
    return _profile


def _drop_profile() -> None:
    global _profile  # noqa: PLW0603
    _profile = None


class ConsoleWebPage(QWebEnginePage):
    """A console page: reports its ``pvesphere:`` console lines, stays on our origin.

    Signals:
        page_event(dict): an event the page reported (``{"event": ..., ...}``).
    """

    page_event = Signal(dict)

    def __init__(self, origin: str, profile: QWebEngineProfile, parent: QObject | None = None):
        super().__init__(profile, parent)
        self._origin = origin
        settings = self.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalStorageEnabled, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.PluginsEnabled, False)

    def javaScriptConsoleMessage(  # noqa: N802 - Qt override
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line: int,
        source: str,
    ) -> None:
        if message.startswith(MESSAGE_PREFIX) and source.startswith(self._origin + "/"):
            try:
                event = json.loads(message[len(MESSAGE_PREFIX) :])
            except ValueError:
                log.warning("Unreadable console page message")
                return
            if isinstance(event, dict) and isinstance(event.get("event"), str):
                self.page_event.emit(event)
            return
        text = _RELAY_TOKEN.sub("/relay/***", redact(message))
        log.debug("console page [%s:%d] %s", source.rsplit("/", 1)[-1], line, text)

    def acceptNavigationRequest(  # noqa: N802 - Qt override
        self, url: QUrl | str, nav_type: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        text = url.toString() if isinstance(url, QUrl) else str(url)
        if text.startswith(f"{self._origin}/console/") or text == "about:blank":
            return True
        log.warning("Console page tried to navigate away; refused")
        return False


class _Bridge(QObject):
    """Carries results and events from the relay thread to the GUI thread (queued).

    Signals:
        relay_event(int, object): (generation, RelayEvent)
        launched(int, object): (generation, concurrent.futures.Future of ConsoleLaunch)
    """

    relay_event = Signal(int, object)
    launched = Signal(int, object)


class _Overlay(QFrame):
    """The pane's state card shown over the view whenever the console is not connected."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("consoleOverlay")
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "#consoleOverlay { background: #101828; }"
            "#consoleOverlay QLabel { color: #e8ecf3; }"
            "#consoleOverlayTitle { font-size: 16pt; font-weight: bold; }"
        )
        self.title = QLabel(self)
        self.title.setObjectName("consoleOverlayTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel(self)
        self.message.setObjectName("consoleOverlayMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.reconnect_button = QPushButton(self)
        self.reconnect_button.setObjectName("consoleReconnectButton")
        self.login_button = QPushButton(self)
        self.login_button.setObjectName("consoleLoginButton")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.login_button)
        buttons.addWidget(self.reconnect_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        # No alignment flag on the wrapped label: aligned, it would get one line's height.
        layout.setContentsMargins(48, 24, 48, 24)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addStretch(2)


class ConsolePane(QWidget):
    """One console: toolbar, web view, state overlay.

    Signals:
        status_changed(object): the new :class:`ConsoleStatus`.
        painted(): the first picture (VNC) or the login prompt (terminal) is on screen.
        detach_requested(): the user wants this console in its own window.
        dock_requested(): the user wants it back in the workspace's tabs.
        fullscreen_requested(bool): enter (True) or leave full screen.
        login_requested(object): the :class:`ConsoleTarget` needs a password login first.
        close_requested(): the user closed the console.
    """

    status_changed = Signal(object)
    painted = Signal()
    detach_requested = Signal()
    dock_requested = Signal()
    fullscreen_requested = Signal(bool)
    login_requested = Signal(object)
    close_requested = Signal()

    def __init__(
        self,
        service: ConsoleService,
        opener: ConsoleOpener,
        target: ConsoleTarget,
        profile: QWebEngineProfile | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consolePane")
        self.service = service
        self.opener = opener
        self.target = target
        self._generation = 0
        self._launch: ConsoleLaunch | None = None
        self._started = False
        self._painted = False
        self._docked = True
        self.state = ConsoleStateMachine(target.kind, opener.host, self._on_status)

        self._bridge = _Bridge(self)
        self._bridge.relay_event.connect(self._on_relay_event)
        self._bridge.launched.connect(self._on_launched)

        self.view = QWebEngineView(self)
        self.view.setObjectName("consoleView")
        self.page = ConsoleWebPage(service.origin, profile or console_profile(), self.view)
        self.page.page_event.connect(self._on_page_event)
        self.view.setPage(self.page)
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.overlay = _Overlay(self)
        self.overlay.reconnect_button.clicked.connect(self.reconnect)
        self.overlay.login_button.clicked.connect(lambda: self.login_requested.emit(self.target))

        self.toolbar = self._build_toolbar()
        content = QWidget(self)
        self._stack = QStackedLayout(content)
        self._stack.setStackingMode(QStackedLayout.StackingMode.StackAll)
        self._stack.addWidget(self.view)
        self._stack.addWidget(self.overlay)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(content, 1)
        self._retranslate()
        self._on_status(self.state.status)

    # -- toolbar ------------------------------------------------------------------------------

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(self)
        bar.setObjectName("consoleToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.setIconSize(bar.iconSize())
        vnc = self.target.kind is ConsoleKind.VNC

        self.ctrl_alt_del_action = QAction(self)
        self.ctrl_alt_del_action.triggered.connect(lambda: self.send_combo(keys.CTRL_ALT_DEL))
        self.keys_menu = QMenu(self)
        for combo in keys.COMBOS[1:]:
            action = self.keys_menu.addAction(qt_translate("Console", combo.label))
            action.triggered.connect(lambda _=False, c=combo: self.send_combo(c))
        self.keys_button = QToolButton(bar)
        self.keys_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.keys_button.setMenu(self.keys_menu)
        self.type_action = QAction(self)
        self.type_action.triggered.connect(self.type_clipboard)
        self.scale_action = QAction(self)
        self.scale_action.setCheckable(True)
        self.scale_action.setChecked(True)
        self.scale_action.toggled.connect(self.set_scaled)
        self.fullscreen_action = QAction(self)
        self.fullscreen_action.setCheckable(True)
        self.fullscreen_action.toggled.connect(self.fullscreen_requested.emit)
        self.screenshot_action = QAction(self)
        self.screenshot_action.triggered.connect(self._save_screenshot_interactively)
        self.reconnect_action = QAction(self)
        self.reconnect_action.triggered.connect(self.reconnect)
        self.detach_action = QAction(self)
        self.detach_action.triggered.connect(self._toggle_docked)

        if vnc:
            bar.addAction(self.ctrl_alt_del_action)
            bar.addWidget(self.keys_button)
        else:
            self.keys_button.hide()
        bar.addAction(self.type_action)
        if vnc:
            bar.addAction(self.scale_action)
        bar.addSeparator()
        bar.addAction(self.fullscreen_action)
        bar.addAction(self.screenshot_action)
        bar.addAction(self.reconnect_action)
        bar.addAction(self.detach_action)
        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.status_label = QLabel(bar)
        self.status_label.setObjectName("consoleStatusLabel")
        bar.addWidget(self.status_label)
        return bar

    def _retranslate(self) -> None:
        self.ctrl_alt_del_action.setText(self.tr("Ctrl+Alt+Del"))
        self.ctrl_alt_del_action.setToolTip(self.tr("Send Ctrl+Alt+Del to the guest"))
        self.keys_button.setText(self.tr("Keys"))
        self.keys_button.setToolTip(self.tr("Send another key combination"))
        if self.target.kind is ConsoleKind.VNC:
            self.type_action.setText(self.tr("Type clipboard"))
            self.type_action.setToolTip(self.tr("Type the clipboard's text as keystrokes"))
        else:
            self.type_action.setText(self.tr("Paste clipboard"))
            self.type_action.setToolTip(self.tr("Send the clipboard's text to the terminal"))
        self.scale_action.setText(self.tr("Scale to fit"))
        self.scale_action.setToolTip(self.tr("Scale the screen to the pane, or show native size"))
        self.fullscreen_action.setText(self.tr("Full screen"))
        self.screenshot_action.setText(self.tr("Screenshot"))
        self.screenshot_action.setToolTip(self.tr("Save a picture of the console"))
        self.reconnect_action.setText(self.tr("Reconnect"))
        self.overlay.reconnect_button.setText(self.tr("Reconnect"))
        self.overlay.login_button.setText(self.tr("Log in…"))
        self._update_dock_text()

    def _update_dock_text(self) -> None:
        if self._docked:
            self.detach_action.setText(self.tr("Detach"))
            self.detach_action.setToolTip(self.tr("Open this console in its own window"))
        else:
            self.detach_action.setText(self.tr("Dock"))
            self.detach_action.setToolTip(self.tr("Put this console back into the tabs"))

    def set_docked(self, docked: bool) -> None:
        """Tell the pane where it lives now (the workspace moves it)."""
        self._docked = docked
        self._update_dock_text()

    @property
    def docked(self) -> bool:
        return self._docked

    def _toggle_docked(self) -> None:
        if self._docked:
            self.detach_requested.emit()
        else:
            self.dock_requested.emit()

    def set_fullscreen_checked(self, on: bool) -> None:
        """Reflect the window's full-screen state without asking for a change."""
        blocked = self.fullscreen_action.blockSignals(True)
        self.fullscreen_action.setChecked(on)
        self.fullscreen_action.blockSignals(blocked)

    # -- connection ---------------------------------------------------------------------------

    def title(self) -> str:
        return render(self.target.title())

    @property
    def status(self) -> ConsoleStatus:
        return self.state.status

    @property
    def is_painted(self) -> bool:
        return self._painted

    def connect_console(self) -> None:
        """Ask PVE for a console session and show it (again); safe to call in any state."""
        self._end_session()
        self._generation += 1
        generation = self._generation
        self._started = False
        self._painted = False
        self.state.start()
        bridge = self._bridge

        def on_event(event: RelayEvent) -> None:  # relay thread
            with contextlib.suppress(RuntimeError):  # the pane is gone: nobody to tell
                bridge.relay_event.emit(generation, event)

        def on_done(done: concurrent.futures.Future[ConsoleLaunch]) -> None:  # relay thread
            try:
                bridge.launched.emit(generation, done)
            except RuntimeError:  # the pane is gone: end the session it asked for
                if not done.cancelled() and done.exception() is None:
                    self.service.end(done.result().token)

        future = self.service.open(self.target, self.opener, on_event)
        future.add_done_callback(on_done)

    def reconnect(self) -> None:
        """End the current session, if any, and connect again with fresh tickets."""
        log.info("Reconnecting console %s", self.target.key)
        self.connect_console()

    def shutdown(self) -> None:
        """End the upstream session and stop the page (the tab or window is closing)."""
        self._generation += 1
        self._end_session()
        self.state.ended_locally()
        self.page.runJavaScript("window.pvesphere && window.pvesphere.stop()")
        self.view.setUrl(QUrl("about:blank"))

    def _end_session(self) -> None:
        if self._launch is not None:
            self.service.end(self._launch.token)
            self._launch = None

    def _on_launched(self, generation: int, future: concurrent.futures.Future[Any]) -> None:
        if future.cancelled():
            return
        error = future.exception()
        if generation != self._generation:
            if error is None:  # a stale session nobody will use
                self.service.end(future.result().token)
            return
        if error is not None:
            if isinstance(error, ConsoleLoginRequiredError):
                self.state.open_failed(error, Reason.LOGIN_REQUIRED)
            elif isinstance(error, PveSphereError):
                log.warning("Console %s could not be opened: %s", self.target.key, error)
                self.state.open_failed(error)
            else:
                raise error  # a bug: let the crash reporter see it
            return
        launch: ConsoleLaunch = future.result()
        self._launch = launch
        # The attempt's number travels with the page so that its events can be told apart.
        self.view.setUrl(QUrl(f"{launch.page_url}?s={generation}"))

    def _on_relay_event(self, generation: int, event: RelayEvent) -> None:
        if generation == self._generation:
            self.state.relay_event(event)

    def _on_page_event(self, event: dict[str, Any]) -> None:
        if event.get("session") != str(self._generation):
            return  # from the page of an earlier attempt
        name = event.get("event")
        if name == "ready":
            self._start_page()
            return
        if name == "painted" or (name == "connected" and self.target.kind.is_terminal):
            self._wait_for_picture(self._generation, PICTURE_POLLS)
        self.state.page_event(event)

    def _wait_for_picture(self, generation: int, polls_left: int) -> None:
        # The page has drawn, but the view shows the frame a little later (the compositor is
        # asynchronous): grabbing earlier yields a blank image. Wait until the view shows more
        # than one colour, then announce the picture once.
        if generation != self._generation or self._painted:
            return
        if _shows_something(self.view.grab().toImage()) or polls_left <= 0:
            self._painted = True
            self.painted.emit()
            return
        QTimer.singleShot(
            PICTURE_POLL_MS, lambda: self._wait_for_picture(generation, polls_left - 1)
        )

    def _start_page(self) -> None:
        launch = self._launch
        if launch is None or self._started:
            return
        self._started = True
        options = dict(launch.start_options)
        if self.target.kind is ConsoleKind.VNC:
            options["scale"] = self.scale_action.isChecked()
        # The options carry the console password/ticket: they go straight into the page.
        self.page.runJavaScript(f"window.pvesphere.start({json.dumps(options)})")

    def _on_status(self, status: ConsoleStatus) -> None:
        connected = status.state is ConsoleState.CONNECTED
        self.overlay.setVisible(not connected)
        if not connected:
            self.overlay.raise_()
        self.overlay.title.setText(self._state_title(status.state))
        self.overlay.message.setText(render(status.message))
        busy = status.state in (ConsoleState.CONNECTING, ConsoleState.AUTHENTICATING)
        self.overlay.reconnect_button.setVisible(not busy and not status.needs_login)
        self.overlay.login_button.setVisible(status.needs_login)
        self.status_label.setText(self._state_title(status.state))
        for action in (self.ctrl_alt_del_action, self.type_action):
            action.setEnabled(connected)
        self.keys_button.setEnabled(connected)
        self.status_changed.emit(status)

    def _state_title(self, state: ConsoleState) -> str:
        return {
            ConsoleState.IDLE: self.tr("Not connected"),
            ConsoleState.CONNECTING: self.tr("Connecting"),
            ConsoleState.AUTHENTICATING: self.tr("Logging in"),
            ConsoleState.CONNECTED: self.tr("Connected"),
            ConsoleState.DISCONNECTED: self.tr("Disconnected"),
            ConsoleState.FAILED: self.tr("Connection failed"),
        }[state]

    # -- actions ------------------------------------------------------------------------------

    def run_js(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        """Run ``script`` in the page; pass its result to ``callback`` (on the GUI thread)."""
        if callback is None:
            self.page.runJavaScript(script)
        else:
            self.page.runJavaScript(script, 0, callback)

    def send_combo(self, combo: keys.KeyCombo) -> None:
        """Send a key combination to the guest (VNC consoles)."""
        if self.target.kind is not ConsoleKind.VNC:
            return
        events = json.dumps(keys.as_json_events(combo.events()))
        self.page.runJavaScript(f"window.pvesphere.sendKeys({events})")

    def type_text(self, text: str) -> bool:
        """Type ``text`` into the console (keystrokes for VNC, data for terminals)."""
        if self.state.state is not ConsoleState.CONNECTED or not text:
            return False
        clipped, cut = keys.clip_text(text)
        if cut:
            self.status_label.setText(
                self.tr("Only the first {count} characters were typed.").format(
                    count=keys.MAX_TYPED_CHARACTERS
                )
            )
        if self.target.kind is ConsoleKind.VNC:
            events = json.dumps(keys.as_json_events(keys.text_events(clipped)))
            self.page.runJavaScript(f"window.pvesphere.typeKeys({events}, {TYPE_DELAY_MS})")
        else:
            self.page.runJavaScript(f"window.pvesphere.typeText({json.dumps(clipped)})")
        return True

    def type_clipboard(self) -> None:
        """Type the clipboard's text into the console."""
        text = QGuiApplication.clipboard().text()
        if not text:
            self.status_label.setText(self.tr("The clipboard holds no text."))
            return
        self.type_text(text)

    def set_scaled(self, scaled: bool) -> None:
        """Scale the VNC screen to the pane (True) or show it at its native size."""
        self.page.runJavaScript(
            f"window.pvesphere && window.pvesphere.setScale({json.dumps(scaled)})"
        )

    def focus_console(self) -> None:
        self.view.setFocus()
        self.page.runJavaScript("window.pvesphere && window.pvesphere.focus()")

    def grab_image(self, callback: Callable[[QImage], None]) -> None:
        """Produce a picture of the console: the framebuffer at native size, or the view."""
        if self.target.kind is ConsoleKind.VNC and self._painted:

            def got(data_url: object) -> None:
                image = QImage()
                if isinstance(data_url, str) and data_url.startswith("data:image/png;base64,"):
                    image.loadFromData(base64.b64decode(data_url.split(",", 1)[1]), "PNG")
                callback(image if not image.isNull() else self.view.grab().toImage())

            self.page.runJavaScript("window.pvesphere.screenshot()", 0, got)
        else:
            callback(self.view.grab().toImage())

    def save_screenshot(self, path: Path, done: Callable[[bool], None] | None = None) -> None:
        """Save a picture of the console as PNG at ``path``; report success to ``done``."""

        def save(image: QImage) -> None:
            ok = not image.isNull() and QImageWriter(str(path), QByteArray(b"png")).write(image)
            if ok:
                self.status_label.setText(self.tr("Saved {name}").format(name=path.name))
            else:
                log.warning("Console screenshot could not be saved to %s", path)
                self.status_label.setText(self.tr("The screenshot could not be saved."))
            if done is not None:
                done(ok)

        self.grab_image(save)

    def _save_screenshot_interactively(self) -> None:
        from PySide6.QtCore import QDateTime, QStandardPaths
        from PySide6.QtWidgets import QFileDialog

        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.PicturesLocation
        ) or str(Path.home())
        stamp = QDateTime.currentDateTime().toString("yyyyMMdd-HHmmss")
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.title())
        suggested = str(Path(folder) / f"console-{safe}-{stamp}.png")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save screenshot"), suggested, self.tr("PNG images (*.png)")
        )
        if path:
            self.save_screenshot(Path(path))
