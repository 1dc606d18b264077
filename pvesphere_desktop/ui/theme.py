"""Light and dark themes: follow the operating system, or the user's override.

We use the Fusion style with our own palettes on every platform, so light and dark look the
same everywhere (native styles ignore a dark palette on some platforms), and colours for
health badges and charts come from one place and follow the theme.
"""

from __future__ import annotations

import importlib.util
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QStyleFactory

from pvesphere_desktop.core.enums import GuestStatus, Health, NodeStatus, TaskState

log = logging.getLogger(__name__)

SYSTEM = "system"
LIGHT = "light"
DARK = "dark"
THEMES = (SYSTEM, LIGHT, DARK)


@dataclass(frozen=True)
class Colors:
    """Semantic colours of one theme."""

    dark: bool
    window: str
    base: str
    alt_base: str
    text: str
    muted: str
    accent: str
    ok: str
    warn: str
    bad: str
    info: str
    idle: str
    card: str
    border: str
    chart: tuple[str, ...]


LIGHT_COLORS = Colors(
    dark=False,
    window="#f3f4f6",
    base="#ffffff",
    alt_base="#f7f8fa",
    text="#1f2328",
    muted="#6b7280",
    accent="#2563eb",
    ok="#16a34a",
    warn="#d97706",
    bad="#dc2626",
    info="#2563eb",
    idle="#9ca3af",
    card="#ffffff",
    border="#d8dce2",
    chart=("#2563eb", "#e8590c", "#16a34a", "#9333ea", "#0891b2", "#db2777"),
)

DARK_COLORS = Colors(
    dark=True,
    window="#1e2126",
    base="#16181c",
    alt_base="#1b1e22",
    text="#e6e8eb",
    muted="#9aa3ad",
    accent="#4c8dff",
    ok="#3fb950",
    warn="#e3a008",
    bad="#f85149",
    info="#58a6ff",
    idle="#6e7681",
    card="#24282e",
    border="#363b42",
    chart=("#58a6ff", "#ff8c42", "#3fb950", "#bc8cff", "#39c5cf", "#f778ba"),
)


def _palette(colors: Colors) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    muted = QColor(colors.muted)
    settings = {
        role.Window: colors.window,
        role.WindowText: colors.text,
        role.Base: colors.base,
        role.AlternateBase: colors.alt_base,
        role.ToolTipBase: colors.card,
        role.ToolTipText: colors.text,
        role.PlaceholderText: colors.muted,
        role.Text: colors.text,
        role.Button: colors.card if colors.dark else "#f9fafb",
        role.ButtonText: colors.text,
        role.BrightText: "#ffffff",
        role.Light: "#3a3f46" if colors.dark else "#ffffff",
        role.Midlight: "#30353b" if colors.dark else "#e5e7eb",
        role.Mid: "#2a2e34" if colors.dark else "#c7ccd3",
        role.Dark: "#0f1114" if colors.dark else "#9ca3af",
        role.Shadow: "#000000",
        role.Highlight: colors.accent,
        role.HighlightedText: "#ffffff",
        role.Link: colors.accent,
        role.LinkVisited: colors.accent,
    }
    for key, value in settings.items():
        palette.setColor(key, QColor(value))
    for key in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, key, muted)
    palette.setColor(group.Disabled, role.Highlight, QColor(colors.idle))
    palette.setColor(group.Inactive, role.Highlight, QColor(colors.accent).darker(115))
    return palette


class ThemeManager(QObject):
    """Apply the chosen theme and follow the OS colour scheme while the choice is "system".

    Signals:
        theme_changed(): the effective light/dark colours changed.
    """

    theme_changed = Signal()

    def __init__(
        self, app: QApplication, choice: str = SYSTEM, *, stylesheet_later: bool = False
    ) -> None:
        super().__init__(app)
        self._app = app
        self._choice = choice if choice in THEMES else SYSTEM
        self._sheet_pending = stylesheet_later
        self.colors = LIGHT_COLORS
        fusion = QStyleFactory.create("Fusion")
        if fusion is not None:
            app.setStyle(fusion)
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._on_system_scheme)
        self.apply()

    @property
    def choice(self) -> str:
        return self._choice

    def set_choice(self, choice: str) -> None:
        """Use ``system``, ``light`` or ``dark``."""
        self._choice = choice if choice in THEMES else SYSTEM
        self.apply()

    def system_is_dark(self) -> bool:
        return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark

    def apply(self) -> None:
        dark = self.system_is_dark() if self._choice == SYSTEM else self._choice == DARK
        colors = DARK_COLORS if dark else LIGHT_COLORS
        self.colors = colors
        self._app.setPalette(_palette(colors))
        if not self._sheet_pending:
            self._app.setStyleSheet(_stylesheet(colors))
        log.debug("Theme %s (dark=%s)", self._choice, dark)
        self.theme_changed.emit()

    def install_stylesheet(self) -> None:
        """Set the style sheet put off by ``stylesheet_later``.

        Under an application style sheet every widget is polished again each time it is
        re-parented, which made building the main window three times slower; setting the
        sheet once the window is built polishes each widget once.
        """
        if self._sheet_pending:
            self._sheet_pending = False
            self._app.setStyleSheet(_stylesheet(self.colors))

    def _on_system_scheme(self, _scheme: Qt.ColorScheme) -> None:
        if self._choice == SYSTEM:
            self.apply()


def _stylesheet(c: Colors) -> str:
    # Only what a palette cannot express: cards, badges, the search error and the palette.
    return f"""
QFrame#card {{ background: {c.card}; border: 1px solid {c.border}; border-radius: 8px; }}
QLabel#cardTitle {{ color: {c.muted}; font-weight: 600; }}
QFrame#card QListWidget {{ background: transparent; }}
QFrame#card QScrollBar:vertical {{ background: transparent; width: 10px; margin: 0; }}
QFrame#card QScrollBar::handle:vertical {{ background: {c.border}; border-radius: 4px;
    min-height: 24px; margin: 0 2px; }}
QFrame#card QScrollBar::handle:vertical:hover {{ background: {c.muted}; }}
QFrame#card QScrollBar::add-line:vertical, QFrame#card QScrollBar::sub-line:vertical {{
    height: 0; }}
QFrame#card QScrollBar::add-page:vertical, QFrame#card QScrollBar::sub-page:vertical {{
    background: transparent; }}
QLabel#bigNumber {{ font-size: 22pt; font-weight: 600; }}
QLabel#muted, QLabel[muted="true"] {{ color: {c.muted}; }}
QLabel#paneTitle {{ font-size: 15pt; font-weight: 600; }}
QLabel#searchError {{ color: {c.bad}; }}
QLineEdit#searchBox[invalid="true"] {{ border: 1px solid {c.bad}; }}
QFrame#infoBar {{ background: {QColor(c.warn).lighter(170).name() if not c.dark else "#3a2f12"};
    border: 1px solid {c.warn}; border-radius: 6px; }}
QFrame#paletteFrame {{ background: {c.card}; border: 1px solid {c.border}; border-radius: 10px; }}
QLineEdit#paletteInput {{ font-size: 13pt; padding: 6px; border: none;
    border-bottom: 1px solid {c.border}; background: transparent; }}
QStatusBar QLabel {{ padding: 0 4px; }}
QTabWidget::pane {{ border-top: 1px solid {c.border}; }}
QToolBar {{ spacing: 4px; border: none; }}
"""


# -- status colours and icons -------------------------------------------------------------
def health_color(colors: Colors, health: Health) -> str:
    return {
        Health.OK: colors.ok,
        Health.DEGRADED: colors.warn,
        Health.UNREACHABLE: colors.bad,
        Health.NEEDS_LOGIN: colors.warn,
        Health.TLS_CHANGED: colors.bad,
        Health.UNKNOWN: colors.idle,
    }[health]


def guest_status_color(colors: Colors, status: GuestStatus) -> str:
    return {
        GuestStatus.RUNNING: colors.ok,
        GuestStatus.STOPPED: colors.idle,
        GuestStatus.PAUSED: colors.warn,
        GuestStatus.SUSPENDED: colors.info,
        GuestStatus.UNKNOWN: colors.idle,
    }[status]


def node_status_color(colors: Colors, status: NodeStatus) -> str:
    return {
        NodeStatus.ONLINE: colors.ok,
        NodeStatus.OFFLINE: colors.bad,
        NodeStatus.UNKNOWN: colors.idle,
    }[status]


def task_state_color(colors: Colors, state: TaskState) -> str:
    return {
        TaskState.RUNNING: colors.info,
        TaskState.OK: colors.ok,
        TaskState.WARNINGS: colors.warn,
        TaskState.ERROR: colors.bad,
    }[state]


_DOT_CACHE: dict[tuple[str, int, bool], QIcon] = {}


def dot_icon(color: str, size: int = 12, hollow: bool = False) -> QIcon:
    """Return a round status dot (cached: views ask for it on every paint)."""
    key = (color, size, hollow)
    icon = _DOT_CACHE.get(key)
    if icon is None:
        icon = QIcon()
        for scale in (1, 2):
            pixmap = QPixmap(size * scale, size * scale)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            qcolor = QColor(color)
            inset = 2 * scale
            rect = pixmap.rect().adjusted(inset, inset, -inset, -inset)
            if hollow:
                pen = painter.pen()
                pen.setColor(qcolor)
                pen.setWidthF(1.6 * scale)
                painter.setPen(pen)
                painter.drawEllipse(rect)
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(qcolor)
                painter.drawEllipse(rect)
            painter.end()
            pixmap.setDevicePixelRatio(scale)
            icon.addPixmap(pixmap)
        _DOT_CACHE[key] = icon
    return icon


_SYMBOL_CACHE: dict[tuple[str, str], QIcon] = {}
_ICON_FONT: dict[str, Any] = {}


def _icon_font() -> tuple[str, dict[str, str]] | None:
    """Load the Material Design Icons font that ships with qtawesome (family, charmap).

    We read the font file directly instead of importing qtawesome, whose import (through
    qtpy) costs more than half a second of start-up.
    """
    if "family" in _ICON_FONT:
        return _ICON_FONT["family"], _ICON_FONT["charmap"]
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or spec.origin is None:
        log.warning("qtawesome is not installed: icons are missing")
        _ICON_FONT.update(family=None, charmap={})
        return None
    fonts = Path(spec.origin).parent / "fonts"
    ttf = sorted(fonts.glob("materialdesignicons6-webfont-*.ttf"))
    charmaps = sorted(fonts.glob("materialdesignicons6-webfont-charmap-*.json"))
    family = None
    charmap: dict[str, str] = {}
    if ttf and charmaps:
        font_id = QFontDatabase.addApplicationFont(str(ttf[-1]))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = families[0] if families else None
        charmap = json.loads(charmaps[-1].read_text(encoding="utf-8"))
    _ICON_FONT.update(family=family, charmap=charmap)
    return (family, charmap) if family else None


def symbol(name: str, color: str | None = None) -> QIcon:
    """Return a named icon (``mdi6.play``) from the Material Design Icons font, as pixmaps.

    Rendered once into pixmaps: an icon engine written in Python would run Python on every
    paint, which competes with background work for the interpreter lock.
    """
    key = (name, color or "")
    icon = _SYMBOL_CACHE.get(key)
    if icon is not None:
        return icon
    icon = QIcon()
    font_info = _icon_font()
    glyph = None
    if font_info is not None:
        _family, charmap = font_info
        code = charmap.get(name.partition(".")[2] or name)
        if code is None:
            log.error("Unknown icon %s", name)
        else:
            glyph = chr(int(code, 16))
    if glyph is not None and font_info is not None:
        for size in (16, 20, 24, 32, 48):
            for scale in (1, 2):
                pixmap = QPixmap(size * scale, size * scale)
                pixmap.fill(Qt.GlobalColor.transparent)
                painter = QPainter(pixmap)
                painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
                font = QFont(font_info[0])
                font.setPixelSize(int(size * scale * 0.9))
                painter.setFont(font)
                painter.setPen(QColor(color or "#444444"))
                painter.drawText(pixmap.rect(), int(Qt.AlignmentFlag.AlignCenter), glyph)
                painter.end()
                pixmap.setDevicePixelRatio(scale)
                icon.addPixmap(pixmap)
    _SYMBOL_CACHE[key] = icon
    return icon
