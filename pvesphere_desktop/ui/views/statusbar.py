"""Per-cluster health badges and sync state for the status bar."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from pvesphere_desktop.core.enums import Health
from pvesphere_desktop.ui import format as fmt
from pvesphere_desktop.ui.fleet import FleetState, endpoint_text, health_text
from pvesphere_desktop.ui.theme import LIGHT_COLORS, Colors, dot_icon, health_color

log = logging.getLogger(__name__)


class HealthBadges(QWidget):
    """One small button per cluster: a coloured dot, its name and, when stale, its age.

    Signals:
        clicked(str): a cluster's badge was clicked (re-login, certificate, or open).
    """

    clicked = Signal(str)

    def __init__(self, fleet: FleetState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthBadges")
        self._fleet = fleet
        self.colors: Colors = LIGHT_COLORS
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.badges: dict[str, QToolButton] = {}
        fleet.clusters_reset.connect(self.rebuild)
        fleet.cluster_changed.connect(self.update_badge)
        self.rebuild()

    def set_colors(self, colors: Colors) -> None:
        self.colors = colors
        for name in self.badges:
            self.update_badge(name)

    def rebuild(self) -> None:
        for badge in self.badges.values():
            badge.deleteLater()
        self.badges.clear()
        for name in sorted(self._fleet.clusters, key=str.casefold):
            badge = QToolButton(self)
            badge.setObjectName(f"badge_{name}")
            badge.setAutoRaise(True)
            badge.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            badge.clicked.connect(lambda _=False, n=name: self.clicked.emit(n))
            self._layout.addWidget(badge)
            self.badges[name] = badge
            self.update_badge(name)

    def update_badge(self, name: str) -> None:
        badge = self.badges.get(name)
        if badge is None:
            if name in self._fleet.clusters:
                self.rebuild()
            return
        state = self._fleet.cluster_state(name)
        badge.setIcon(dot_icon(health_color(self.colors, state.health)))
        text = name
        if state.stale:
            text += f" · {fmt.age_text(state.last_seen)}"
        elif state.health is Health.DEGRADED:
            text += " !"
        badge.setText(text)
        tip = f"{name}: {health_text(state.health)}"
        if state.message:
            tip += f"\n{state.message}"
        if state.endpoint is not None:
            tip += "\n" + endpoint_text(state.endpoint)
        if state.last_seen:
            tip += "\n" + self.tr("Last sync: {age}").format(age=fmt.age_text(state.last_seen))
        if state.health is Health.NEEDS_LOGIN:
            tip += "\n" + self.tr("Click to log in again.")
        elif state.health is Health.TLS_CHANGED:
            tip += "\n" + self.tr("Click to review the new certificate.")
        badge.setToolTip(tip)
