"""The welcome screen shown while no cluster is configured."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from pvesphere_desktop.resources import icon_path


class EmptyState(QWidget):
    """Friendly first screen with the two ways to get started.

    Signals:
        add_cluster_requested: the user wants to connect a real cluster.
        open_demo_requested: the user wants to explore the simulated demo fleet.
    """

    add_cluster_requested = Signal()
    open_demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.setSpacing(14)

        icon = QLabel()
        icon.setPixmap(QIcon(str(icon_path())).pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(icon)

        title = QLabel(self.tr("Welcome to PveSphere Desktop"))
        title.setObjectName("emptyStateTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)

        body = QLabel(
            self.tr(
                "No cluster is configured yet. Connect a Proxmox VE cluster or a standalone "
                "node with an API token or your login, or explore a simulated demo fleet first."
            )
        )
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.setMaximumWidth(520)
        layout.addWidget(body, 0, Qt.AlignmentFlag.AlignHCenter)

        self.add_button = QPushButton(self.tr("Add a cluster…"))
        self.add_button.setObjectName("addClusterButton")
        self.add_button.setDefault(True)
        self.add_button.setMinimumWidth(220)
        self.add_button.clicked.connect(self.add_cluster_requested)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignHCenter)

        self.demo_button = QPushButton(self.tr("Open the demo fleet"))
        self.demo_button.setObjectName("openDemoButton")
        self.demo_button.setMinimumWidth(220)
        self.demo_button.clicked.connect(self.open_demo_requested)
        layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignHCenter)
