"""Metric charts from PVE's rrddata: CPU, memory, network, disk I/O; every timeframe, avg/max.

Each chart keeps exactly one copy of its points (replaced on every load, at most ~1,500 per
series), so memory stays bounded however long the window is open.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP
from pvesphere_desktop.ui import format as fmt
from pvesphere_desktop.ui.i18n import translate as tr_marked
from pvesphere_desktop.ui.theme import LIGHT_COLORS, Colors

log = logging.getLogger(__name__)

pg.setConfigOptions(antialias=True, background=None)

TIMEFRAMES = (
    ("hour", QT_TRANSLATE_NOOP("Charts", "Hour")),
    ("day", QT_TRANSLATE_NOOP("Charts", "Day")),
    ("week", QT_TRANSLATE_NOOP("Charts", "Week")),
    ("month", QT_TRANSLATE_NOOP("Charts", "Month")),
    ("year", QT_TRANSLATE_NOOP("Charts", "Year")),
)
FUNCTIONS = (
    ("AVERAGE", QT_TRANSLATE_NOOP("Charts", "Average")),
    ("MAX", QT_TRANSLATE_NOOP("Charts", "Maximum")),
)
MAX_POINTS = 1500
PLOT_MIN_HEIGHT = 120


def _tr(text: str) -> str:
    """Translate a chart title or label marked with QT_TRANSLATE_NOOP("Charts", ...)."""
    return tr_marked("Charts", text)


@dataclass(frozen=True)
class Series:
    key: str  # rrd field
    label: str  # translatable source text
    scale: float = 1.0  # e.g. 100 for 0..1 fractions shown as percent
    dashed: bool = False


@dataclass(frozen=True)
class ChartSpec:
    title: str
    unit: str  # percent | bytes | rate | plain
    series: tuple[Series, ...]


GUEST_CHARTS = (
    ChartSpec(
        QT_TRANSLATE_NOOP("Charts", "CPU usage"),
        "percent",
        (Series("cpu", QT_TRANSLATE_NOOP("Charts", "CPU"), 100.0),),
    ),
    ChartSpec(
        QT_TRANSLATE_NOOP("Charts", "Memory"),
        "bytes",
        (
            Series("mem", QT_TRANSLATE_NOOP("Charts", "Used")),
            Series("maxmem", QT_TRANSLATE_NOOP("Charts", "Total"), dashed=True),
        ),
    ),
    ChartSpec(
        QT_TRANSLATE_NOOP("Charts", "Network"),
        "rate",
        (
            Series("netin", QT_TRANSLATE_NOOP("Charts", "In")),
            Series("netout", QT_TRANSLATE_NOOP("Charts", "Out")),
        ),
    ),
    ChartSpec(
        QT_TRANSLATE_NOOP("Charts", "Disk I/O"),
        "rate",
        (
            Series("diskread", QT_TRANSLATE_NOOP("Charts", "Read")),
            Series("diskwrite", QT_TRANSLATE_NOOP("Charts", "Write")),
        ),
    ),
)
NODE_CHARTS = (
    ChartSpec(
        QT_TRANSLATE_NOOP("Charts", "CPU usage"),
        "percent",
        (
            Series("cpu", QT_TRANSLATE_NOOP("Charts", "CPU"), 100.0),
            Series("iowait", QT_TRANSLATE_NOOP("Charts", "IO delay"), 100.0),
        ),
    ),
    ChartSpec(
        QT_TRANSLATE_NOOP("Charts", "Memory"),
        "bytes",
        (
            Series("memused", QT_TRANSLATE_NOOP("Charts", "Used")),
            Series("memtotal", QT_TRANSLATE_NOOP("Charts", "Total"), dashed=True),
        ),
    ),
    ChartSpec(
        QT_TRANSLATE_NOOP("Charts", "Network"),
        "rate",
        (
            Series("netin", QT_TRANSLATE_NOOP("Charts", "In")),
            Series("netout", QT_TRANSLATE_NOOP("Charts", "Out")),
        ),
    ),
    ChartSpec(
        QT_TRANSLATE_NOOP("Charts", "Server load"),
        "plain",
        (Series("loadavg", QT_TRANSLATE_NOOP("Charts", "Load average")),),
    ),
)
STORAGE_CHARTS = (
    ChartSpec(
        QT_TRANSLATE_NOOP("Charts", "Usage"),
        "bytes",
        (
            Series("used", QT_TRANSLATE_NOOP("Charts", "Used")),
            Series("total", QT_TRANSLATE_NOOP("Charts", "Total"), dashed=True),
        ),
    ),
)


# The y-axis reaches this much above the highest value, so a line at the top (a memory
# total) is drawn inside the frame rather than on it.
HEADROOM = 1.08
_BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


def binary_tick_text(value: float) -> str:
    """Return a tick label in binary units with no needless digits (``1.5 GiB``, ``8 GiB``)."""
    size = float(value)
    for unit in _BINARY_UNITS:
        if abs(size) < 1024 or unit == _BINARY_UNITS[-1]:
            break
        size /= 1024
    if unit == "B":
        return f"{size:.0f} B"
    return f"{size:.2f}".rstrip("0").rstrip(".") + f" {unit}"


def binary_step(limit: float) -> float:
    """Return the largest power of two (at least one byte) not above ``limit``."""
    if limit < 2:
        return 1.0
    _mantissa, exponent = math.frexp(limit)  # limit = m * 2**exponent with 0.5 <= m < 1
    return float(2 ** (exponent - 1))


def format_value(unit: str, value: float) -> str:
    if unit == "percent":
        return f"{value:.0f} %" if value >= 10 or value == 0 else f"{value:.1f} %"
    if unit == "bytes":
        return fmt.bytes_text(value, precision=1 if value < 10 * 1024**3 else 0)
    if unit == "rate":
        return fmt.rate_text(value)
    return f"{value:.2f}"


class UnitAxis(pg.AxisItem):  # type: ignore[misc]
    """A left axis whose tick labels are readable units (%, MiB, KiB/s)."""

    def __init__(self, unit: str) -> None:
        super().__init__("left")
        self.unit = unit
        self.enableAutoSIPrefix(False)

    def tickSpacing(  # noqa: N802 - pyqtgraph override
        self, low: float, high: float, size: float
    ) -> list[tuple[float, float]]:
        """Ticks at powers of two for sizes and rates: 512 MiB, 1 GiB, 1.5 GiB, not 953.7 MiB."""
        if self.unit not in ("bytes", "rate"):
            return super().tickSpacing(low, high, size)  # type: ignore[no-any-return]
        span = abs(high - low)
        if span == 0:
            return []
        # As many intervals as pyqtgraph's own spacing would allow at this length.
        intervals = max(2.25, 2.25 * self._tickDensity * math.sqrt(size / 300.0))
        major = binary_step(span / intervals)
        levels = [(major, 0.0)]
        if major >= 2:
            levels.append((major / 2, 0.0))
        return levels

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        if self.unit == "bytes":
            return [binary_tick_text(v * scale) if v >= 0 else "" for v in values]
        if self.unit == "rate":
            return [binary_tick_text(v * scale) + "/s" if v >= 0 else "" for v in values]
        return [format_value(self.unit, v * scale) if v >= 0 else "" for v in values]


class _Plot(pg.PlotWidget):  # type: ignore[misc]
    """A plot that asks for its minimum height only; it grows into whatever height is free.

    pyqtgraph asks for 600 x 480. Detail panes scroll, and a scroll area sizes a pane whose
    labels wrap by its preferred height: every chart was then 480 pixels tall whatever the
    pane's height, and in a short pane the lower part of a chart (a memory chart's "used"
    line) lay below the visible area.
    """

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(320, PLOT_MIN_HEIGHT)


class Chart(QWidget):
    """One titled chart of one or more series."""

    def __init__(self, spec: ChartSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        header = QHBoxLayout()
        self.title = QLabel(_tr(spec.title), self)
        self.title.setObjectName("cardTitle")
        header.addWidget(self.title)
        header.addStretch(1)
        self.current = QLabel(self)
        self.current.setObjectName("muted")
        self.current.setTextFormat(Qt.TextFormat.RichText)
        header.addWidget(self.current)
        layout.addLayout(header)
        self.axis = UnitAxis(spec.unit)
        self.plot = _Plot(
            axisItems={"bottom": pg.DateAxisItem(orientation="bottom"), "left": self.axis}
        )
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setMinimumHeight(PLOT_MIN_HEIGHT)
        self.plot.getPlotItem().showGrid(x=True, y=True, alpha=0.15)
        self.plot.getPlotItem().getViewBox().setLimits(yMin=0)
        self.curves: list[pg.PlotDataItem] = []
        for _series in spec.series:
            self.curves.append(self.plot.plot([], []))
        self._latest: list[str] = []
        layout.addWidget(self.plot, 1)
        self.point_count = 0

    def set_colors(self, colors: Colors) -> None:
        self.plot.setBackground(colors.card)
        for axis_name in ("left", "bottom"):
            axis = self.plot.getPlotItem().getAxis(axis_name)
            axis.setPen(pg.mkPen(colors.border))
            axis.setTextPen(pg.mkPen(colors.muted))
        self._colors = colors
        for i, (curve, series) in enumerate(zip(self.curves, self.spec.series, strict=True)):
            color = colors.chart[i % len(colors.chart)]
            style = Qt.PenStyle.DashLine if series.dashed else Qt.PenStyle.SolidLine
            curve.setPen(pg.mkPen(color, width=1.6, style=style))
            if not series.dashed:
                fill = pg.mkColor(color)
                fill.setAlpha(40)
                curve.setFillLevel(0)
                curve.setBrush(fill)

    def set_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Show ``rows`` (rrddata: dicts with ``time`` and the series' keys)."""
        rows = rows[-MAX_POINTS:]
        times = np.array([float(r.get("time") or 0) for r in rows], dtype=float)
        latest: list[str] = []
        top = 0.0
        for curve, series in zip(self.curves, self.spec.series, strict=True):
            values = np.array(
                [_number(r.get(series.key)) * series.scale for r in rows], dtype=float
            )
            # Missing values (a stopped guest) are gaps, not zeros.
            curve.setData(times, values, connect="finite")
            finite = values[np.isfinite(values)]
            latest.append(format_value(self.spec.unit, float(finite[-1])) if finite.size else "–")
            if finite.size:
                top = max(top, float(finite.max()))
        self.point_count = len(rows)
        self._latest = latest
        self._show_latest()
        if len(times):
            self.plot.setXRange(float(times[0]), float(times[-1]), padding=0.01)
        self.set_value_range(top)

    def set_value_range(self, top: float) -> None:
        """Show 0..``top`` (the highest value of every series, e.g. max(total, used)).

        Fixed rather than auto-ranged: pyqtgraph's auto range pads by a share of the plot's
        pixel height, so how much of a short plot the data got depended on the pane's size.
        """
        view = self.plot.getPlotItem().getViewBox()
        if top > 0 and math.isfinite(top):
            view.disableAutoRange(axis=view.YAxis)
            view.setYRange(0.0, top * HEADROOM, padding=0)
        else:
            view.enableAutoRange(axis=view.YAxis)

    def _show_latest(self) -> None:
        """Name each series in its colour with its latest value (the chart's legend)."""
        colors = getattr(self, "_colors", LIGHT_COLORS)
        parts = []
        for i, series in enumerate(self.spec.series):
            value = self._latest[i] if i < len(self._latest) else "–"
            color = colors.chart[i % len(colors.chart)]
            parts.append(f"<span style='color:{color}'>■</span> {_tr(series.label)} {value}")
        self.current.setText("&nbsp;&nbsp;".join(parts))

    def clear(self) -> None:
        for curve in self.curves:
            curve.setData([], [])
        self._latest = []
        self._show_latest()
        self.point_count = 0


def _number(value: Any) -> float:
    if value is None:
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


class ChartPanel(QWidget):
    """Charts for one object with timeframe and consolidation choosers.

    Signals:
        request(str, str): the user chose a timeframe and function (``hour``, ``AVERAGE``).
    """

    request = Signal(str, str)

    def __init__(
        self, specs: Sequence[ChartSpec], columns: int = 2, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chartPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setObjectName("muted")
        bar.addWidget(self.status, 1)
        self.timeframe = QComboBox(self)
        self.timeframe.setObjectName("timeframe")
        for value, title in TIMEFRAMES:
            self.timeframe.addItem(_tr(title), value)
        self.function = QComboBox(self)
        self.function.setObjectName("consolidation")
        for value, title in FUNCTIONS:
            self.function.addItem(_tr(title), value)
        bar.addWidget(self.timeframe)
        bar.addWidget(self.function)
        layout.addLayout(bar)
        self._grid = QGridLayout()
        self._grid.setSpacing(10)
        self._columns = columns
        layout.addLayout(self._grid, 1)
        # A chart takes 20-30 ms to build: the first is built now, each other one in its
        # own event-loop turn, so opening a pane never holds the window for long.
        self.charts: list[Chart] = []
        self._to_build = list(specs)
        self._colors: Colors | None = None
        self._rows: Sequence[Mapping[str, Any]] | None = None
        self._build_next()
        self.timeframe.currentIndexChanged.connect(self._changed)
        self.function.currentIndexChanged.connect(self._changed)

    @property
    def complete(self) -> bool:
        """Every chart is built."""
        return not self._to_build

    def _build_next(self) -> None:
        if not self._to_build:
            return
        chart = Chart(self._to_build.pop(0), self)
        index = len(self.charts)
        self._grid.addWidget(chart, index // self._columns, index % self._columns)
        self.charts.append(chart)
        if self._colors is not None:
            chart.set_colors(self._colors)
        if self._rows is not None:
            chart.set_rows(self._rows)
        if self._to_build:
            QTimer.singleShot(0, self, self._build_next)

    def selection(self) -> tuple[str, str]:
        return str(self.timeframe.currentData()), str(self.function.currentData())

    def _changed(self, *_: Any) -> None:
        self.request.emit(*self.selection())

    def set_colors(self, colors: Colors) -> None:
        self._colors = colors
        for chart in self.charts:
            chart.set_colors(colors)

    def set_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self._rows = rows
        for chart in self.charts:
            chart.set_rows(rows)
        self.status.setText("" if rows else QCoreApplication.translate("Charts", "No metrics yet."))

    def set_error(self, message: str) -> None:
        self.status.setText(message)

    def clear(self) -> None:
        self._rows = None
        for chart in self.charts:
            chart.clear()


def make_panel(
    specs: Sequence[ChartSpec], colors: Colors = LIGHT_COLORS, columns: int = 2
) -> ChartPanel:
    panel = ChartPanel(specs, columns)
    panel.set_colors(colors)
    return panel


LoadRows = Callable[[str, str], None]
