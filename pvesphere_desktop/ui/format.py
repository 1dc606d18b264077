"""Readable numbers for people: sizes, rates, percentages, durations and ages."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)

_CTX = "Format"
_BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def bytes_text(value: float | None, precision: int = 1) -> str:
    """Return ``value`` bytes in binary units (``1.5 GiB``); an en dash when unknown."""
    if value is None:
        return "–"
    size = float(value)
    for unit in _BINARY_UNITS:
        if abs(size) < 1024 or unit == _BINARY_UNITS[-1]:
            if unit == "B":
                return f"{int(size)} B"
            return f"{size:.{precision}f} {unit}"
        size /= 1024
    return f"{size:.{precision}f} PiB"  # pragma: no cover - loop always returns


def rate_text(value: float | None) -> str:
    """Return a per-second byte rate (``12.3 MiB/s``)."""
    if value is None:
        return "–"
    return bytes_text(value) + "/s"


def percent_text(fraction: float | None, precision: int = 0) -> str:
    """Return a 0..1 fraction as a percentage (``42 %``)."""
    if fraction is None:
        return "–"
    return f"{fraction * 100:.{precision}f} %"


def usage_text(used: float | None, total: float | None) -> str:
    """Return ``used of total`` in binary units."""
    if used is None and total is None:
        return "–"
    return _tr("{used} of {total}").format(used=bytes_text(used), total=bytes_text(total))


def duration_text(seconds: float | None) -> str:
    """Return a compact duration: ``45 s``, ``12 min``, ``3 h 5 min``, ``12 d 4 h``."""
    if seconds is None:
        return "–"
    total = max(0, int(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return _tr("{d} d {h} h").format(d=days, h=hours)
    if hours:
        return _tr("{h} h {m} min").format(h=hours, m=minutes)
    if minutes:
        return _tr("{m} min").format(m=minutes)
    return _tr("{s} s").format(s=secs)


def age_text(timestamp: float | None, now: float | None = None) -> str:
    """Return how long ago ``timestamp`` (epoch seconds) was: ``just now``, ``5 min ago``."""
    if timestamp is None:
        return _tr("never")
    delta = (time.time() if now is None else now) - timestamp
    if delta < 5:
        return _tr("just now")
    return _tr("{duration} ago").format(duration=duration_text(delta))


def time_text(timestamp: float | None) -> str:
    """Return a local wall-clock time for an epoch timestamp."""
    if timestamp is None:
        return "–"
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(timestamp))
