"""The composition root: builds the Qt application and every long-lived object explicitly."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pvesphere_desktop import APP_ID, APP_NAME, ORG_NAME, __version__
from pvesphere_desktop.core.logsetup import configure_logging
from pvesphere_desktop.paths import AppPaths

if TYPE_CHECKING:
    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QApplication

    from pvesphere_desktop.ui.main_window import MainWindow
    from pvesphere_desktop.ui.settings import Settings
    from pvesphere_desktop.ui.startup_timing import StartupTiming

log = logging.getLogger(__name__)


def prepare_environment() -> None:
    """Set process-wide switches that must exist before Qt starts."""
    # QtWebEngine's sandbox cannot run as root; elsewhere it stays on.
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    os.environ.setdefault("QT_API", "pyside6")  # qasync picks the binding from this


@dataclass
class Application:
    """Everything the running GUI owns; created by :func:`create_application`."""

    paths: AppPaths
    qapp: QApplication
    loop: asyncio.AbstractEventLoop
    settings: Settings
    window: MainWindow
    language: str
    translators: list[QTranslator] = field(default_factory=list)
    demo_if_empty: bool = False
    # Undo what create_application changed process-wide (hooks), last first.
    restore: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        """Tear down in reverse order of construction."""
        self.window.close()
        self.window.shutdown()
        self.window.deleteLater()
        self.settings.sync()
        for translator in self.translators:
            self.qapp.removeTranslator(translator)
        self.translators.clear()
        if not self.loop.is_closed():
            self.loop.close()
        while self.restore:
            self.restore.pop()()


def create_application(
    paths: AppPaths,
    language_override: str | None = None,
    install_hook: bool = True,
    demo_if_empty: bool = False,
    *,
    demo: Any | None = None,
    backend: bool = True,
    timing: StartupTiming | None = None,
) -> Application:
    """Build the QApplication, qasync loop, settings, translators and the main window.

    ``install_hook`` routes uncaught exceptions, asyncio task errors and Qt's own messages to
    the log (and exceptions to the crash dialog); tests that install their own switch it off.
    ``timing`` notes when each phase ends (the cold-start benchmark's hook).
    """
    mark = timing.mark if timing is not None else _no_mark
    prepare_environment()
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    # What QtWebEngine needs from before the QApplication exists; QtWebEngine itself loads
    # with the first console (its libraries cost a tenth of a second at every start).
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)

    from pvesphere_desktop.ui.crash import install_excepthook, install_qt_message_handler
    from pvesphere_desktop.ui.event_loop import AppEventLoop
    from pvesphere_desktop.ui.i18n import install_translators, pick_language
    from pvesphere_desktop.ui.main_window import MainWindow
    from pvesphere_desktop.ui.settings import Settings

    paths.ensure()
    configure_logging(paths.log_file)
    log.info("Starting %s %s (data in %s)", APP_NAME, __version__, paths.data_dir)

    mark("imports")
    existing = QApplication.instance()
    qapp = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    qapp.setApplicationName(APP_NAME)
    qapp.setApplicationVersion(__version__)
    qapp.setOrganizationName(ORG_NAME)
    qapp.setDesktopFileName(APP_ID)

    settings = Settings(paths.settings_file)
    language = pick_language(
        language_override if language_override is not None else settings.language
    )
    translators = install_translators(qapp, language)
    log.info("Language: %s", language)

    loop = AppEventLoop(qapp)
    asyncio.set_event_loop(loop)
    restore: list[Callable[[], None]] = [lambda: asyncio.set_event_loop(None)]
    if install_hook:
        restore.append(install_excepthook())
        restore.append(install_qt_message_handler())
        loop.set_exception_handler(_loop_exception_handler)

    from pvesphere_desktop.ui.bridge import SyncBridge
    from pvesphere_desktop.ui.startup import open_backend
    from pvesphere_desktop.ui.theme import ThemeManager

    theme = ThemeManager(qapp, settings.theme, stylesheet_later=True)
    mark("qapp")
    bridge = SyncBridge()
    fleet_backend = open_backend(paths, bridge.post, demo) if backend else None
    if fleet_backend is not None:
        fleet_backend.prefetch_cache()  # read while the window is being built
    mark("backend")
    window = MainWindow(settings, fleet_backend, theme=theme, bridge=bridge)
    bridge.setParent(window)
    if fleet_backend is not None:
        from pvesphere_desktop.console.wiring import ConsoleFeature

        consoles = ConsoleFeature(window, fleet_backend.session, parent=window)
        restore.append(consoles.shutdown)
    theme.install_stylesheet()
    mark("window")
    return Application(
        paths=paths,
        qapp=qapp,
        loop=loop,
        settings=settings,
        window=window,
        language=language,
        translators=translators,
        demo_if_empty=demo_if_empty,
        restore=restore,
    )


def _no_mark(_name: str) -> None:
    pass


def _loop_exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """Treat an exception nobody awaited like any uncaught one: log it, show the crash dialog."""
    exc = context.get("exception")
    if isinstance(exc, BaseException) and not isinstance(exc, asyncio.CancelledError):
        log.error("Unhandled error in an asyncio task: %s", context.get("message", ""))
        sys.excepthook(type(exc), exc, exc.__traceback__)
    else:
        log.error("asyncio: %s", context.get("message", context))
