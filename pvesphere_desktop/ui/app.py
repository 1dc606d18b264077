"""The composition root: builds the Qt application and every long-lived object explicitly."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from dataclasses import dataclass, field

from pvesphere_desktop import APP_ID, APP_NAME, ORG_NAME, __version__
from pvesphere_desktop.core.logsetup import configure_logging
from pvesphere_desktop.paths import AppPaths

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
    qapp: object
    loop: asyncio.AbstractEventLoop
    settings: object
    window: object
    translators: list[object] = field(default_factory=list)

    def close(self) -> None:
        """Tear down in reverse order of construction."""
        self.window.close()  # type: ignore[attr-defined]
        self.window.deleteLater()  # type: ignore[attr-defined]
        self.settings.sync()  # type: ignore[attr-defined]
        if not self.loop.is_closed():
            self.loop.close()


def create_application(
    paths: AppPaths, language_override: str | None = None, install_hook: bool = True
) -> Application:
    """Build the QApplication, qasync loop, settings, translators and the main window."""
    prepare_environment()
    # QtWebEngine must be imported before the QApplication exists.
    import PySide6.QtWebEngineWidgets  # noqa: F401
    import qasync
    from PySide6.QtWidgets import QApplication

    from pvesphere_desktop.ui.crash import install_excepthook
    from pvesphere_desktop.ui.i18n import install_translators, pick_language
    from pvesphere_desktop.ui.main_window import MainWindow
    from pvesphere_desktop.ui.settings import Settings

    paths.ensure()
    configure_logging(paths.log_file)
    log.info("Starting %s %s (data in %s)", APP_NAME, __version__, paths.data_dir)

    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    qapp.setApplicationName(APP_NAME)
    qapp.setApplicationVersion(__version__)
    qapp.setOrganizationName(ORG_NAME)
    qapp.setDesktopFileName(APP_ID)

    settings = Settings(paths.settings_file)
    language = pick_language(
        language_override if language_override is not None else settings.language
    )
    translators = install_translators(qapp, language)
    if install_hook:
        install_excepthook()

    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    window = MainWindow(settings)
    return Application(paths, qapp, loop, settings, window, list(translators))
