"""The welcome screen shown while no cluster is configured."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pvesphere_desktop.resources import icon_path


class EmptyState(QWidget):
    """Friendly first screen with the two ways to get started.

    Signals:
        add_cluster_requested: the user wants to connect a real cluster.
        open_demo_requested: the user wants to explore the simulated demo fleet.
    """

    add_cluster_requested = Signal()
    open_demo_requested = Signal()

    # Wide enough for three or four lines of the introduction in every language.
    COLUMN_WIDTH = 560

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        # A fixed-width column centred by stretches: word-wrapped labels get their full
        # height only when the layout gives them a definite width (no alignment flags).
        column = QWidget(self)
        column.setFixedWidth(self.COLUMN_WIDTH)
        layout = QVBoxLayout(column)
        layout.setSpacing(14)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)

        icon = QLabel()
        icon.setPixmap(QIcon(str(icon_path())).pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(icon)

        self.title = QLabel(self.tr("Welcome to PveSphere Desktop"))
        self.title.setObjectName("emptyStateTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)

        self.body = QLabel(
            self.tr(
                "No cluster is configured yet. Connect a Proxmox VE cluster or a standalone "
                "node with an API token or your login, or explore a simulated demo fleet first."
            )
        )
        self.body.setObjectName("emptyStateBody")
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.body)
        layout.addSpacing(6)

        self.add_button = QPushButton(self.tr("Add a cluster…"))
        self.add_button.setObjectName("addClusterButton")
        self.add_button.setDefault(True)
        self.add_button.setMinimumWidth(240)
        self.add_button.clicked.connect(self.add_cluster_requested)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignHCenter)

        self.demo_button = QPushButton(self.tr("Open the demo fleet"))
        self.demo_button.setObjectName("openDemoButton")
        self.demo_button.setMinimumWidth(240)
        self.demo_button.clicked.connect(self.open_demo_requested)
        layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignHCenter)
