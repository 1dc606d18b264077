"""The main window."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget, QWidget

from pvesphere_desktop import APP_NAME, __version__
from pvesphere_desktop.resources import icon_path
from pvesphere_desktop.ui.empty_state import EmptyState
from pvesphere_desktop.ui.language_menu import LanguageMenu
from pvesphere_desktop.ui.settings import Settings


class MainWindow(QMainWindow):
    """Top-level window: menus, status bar and the central content stack."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(QIcon(str(icon_path())))
        self.resize(1280, 800)

        self.stack = QStackedWidget(self)
        self.empty_state = EmptyState(self.stack)
        self.stack.addWidget(self.empty_state)
        self.setCentralWidget(self.stack)
        self.empty_state.add_cluster_requested.connect(self._not_available_yet)
        self.empty_state.open_demo_requested.connect(self._not_available_yet)

        self._build_menus()
        self.statusBar().showMessage(self.tr("No cluster configured"))
        self._restore_geometry()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        self.language_menu = LanguageMenu(self._settings, settings_menu)
        self.language_menu.language_chosen.connect(self._language_chosen)
        settings_menu.addMenu(self.language_menu)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about_action = QAction(self.tr("&About PveSphere Desktop"), self)
        about_action.triggered.connect(self._show_about)
        help_menu.addAction(about_action)

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About PveSphere Desktop"),
            self.tr("PveSphere Desktop {version}\nManage fleets of Proxmox VE clusters.").format(
                version=__version__
            ),
        )

    def _language_chosen(self, code: str) -> None:
        del code
        self.statusBar().showMessage(
            self.tr("The new language applies the next time PveSphere Desktop starts.")
        )

    def _not_available_yet(self) -> None:
        self.statusBar().showMessage(self.tr("This part of the application is being built."))

    def _restore_geometry(self) -> None:
        geometry = self._settings.value(Settings.GEOMETRY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._settings.set_value(Settings.GEOMETRY, self.saveGeometry())
        self._settings.sync()
        super().closeEvent(event)
