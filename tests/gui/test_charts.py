"""Metric charts: the value range always shows 0..max(total, used), in readable units."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QCoreApplication

GIB = 2**30
T0 = 1_700_000_000
UNITS = {"B": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}


def _rows(used, total, count=70):
    """rrddata rows as PVE sends them; None stands for a missing value (a stopped guest)."""
    rows = []
    for i in range(count):
        wobble = 1 + 0.05 * (i % 4)
        rows.append(
            {
                "time": T0 + 60 * i,
                "mem": None if used is None else used * wobble,
                "maxmem": total,
            }
        )
    return rows


def _parse(label: str) -> float:
    number, unit = label.replace("/s", "").split()
    return float(number) * UNITS[unit]


@pytest.fixture
def memory_chart(qtbot):
    from pvesphere_desktop.ui.theme import DARK_COLORS
    from pvesphere_desktop.ui.views import charts

    chart = charts.Chart(charts.GUEST_CHARTS[1])
    chart.set_colors(DARK_COLORS)
    qtbot.addWidget(chart)
    chart.show()
    return chart


@pytest.mark.parametrize(
    ("used", "total"),
    [
        (1.2 * GIB, 8 * GIB),  # the used line far below the total
        (7.9 * GIB, 8 * GIB),  # close to the total
        (9 * GIB, 8 * GIB),  # above the total (ballooning, hot-plugged memory)
        (10.5 * GIB, None),  # no total reported
        (None, 32 * GIB),  # stopped: only the total
        (40 * GIB, 64 * GIB),  # a node
        (300 * 2**20, 512 * 2**20),  # a small container
    ],
)
@pytest.mark.parametrize("height", [150, 600])
def test_value_range_spans_zero_to_the_highest_value(memory_chart, qtbot, used, total, height):
    chart = memory_chart
    chart.resize(420, height)
    rows = _rows(used, total)
    chart.set_rows(rows)
    qtbot.waitUntil(chart.plot.isVisible)
    values = [v for r in rows for v in (r["mem"], r["maxmem"]) if v is not None]
    top = max(values)
    low, high = chart.plot.getViewBox().viewRange()[1]
    assert low == 0
    assert top <= high <= top * 1.1  # everything visible, and most of the height used
    # Resizing the pane keeps it so (the range is about the data, not the pixels).
    chart.resize(420, 900 - height)
    QCoreApplication.processEvents()  # the layout follows
    assert chart.plot.getViewBox().viewRange()[1] == [low, high]


def test_memory_ticks_are_round_binary_sizes(memory_chart, qtbot):
    chart = memory_chart
    chart.resize(420, 150)
    chart.set_rows(_rows(1.2 * GIB, 8 * GIB))
    low, high = chart.plot.getViewBox().viewRange()[1]
    axis = chart.axis
    for length in (110, 300, 700):
        spacing, values = axis.tickValues(low, high, length)[0]
        assert math.log2(spacing).is_integer(), spacing  # 512 MiB, 1 GiB, 2 GiB ...
        labels = axis.tickStrings(values, 1, spacing)
        assert len(labels) >= 3
        for value, label in zip(values, labels, strict=True):
            assert _parse(label) == value, label  # "2 GiB", never "1.9 GiB" for 2e9 bytes
            assert not label.endswith(".0 GiB")
    spacing, values = axis.tickValues(low, high, 110)[0]
    assert axis.tickStrings(values, 1, spacing)[-1] == "8 GiB"


def test_rate_ticks_name_their_unit(qtbot):
    from pvesphere_desktop.ui.views import charts

    chart = charts.Chart(charts.GUEST_CHARTS[2])
    qtbot.addWidget(chart)
    chart.set_rows([{"time": T0 + 60 * i, "netin": 400_000 + 900 * i} for i in range(60)])
    low, high = chart.plot.getViewBox().viewRange()[1]
    assert low == 0
    assert high >= 400_000 + 900 * 59
    spacing, values = chart.axis.tickValues(low, high, 300)[0]
    labels = chart.axis.tickStrings(values, 1, spacing)
    assert all(label.endswith("/s") for label in labels)
    assert "128 KiB/s" in labels


def test_a_chart_without_values_keeps_an_automatic_range(memory_chart):
    chart = memory_chart
    chart.set_rows(_rows(None, None))
    assert chart.plot.getViewBox().autoRangeEnabled()[1]
