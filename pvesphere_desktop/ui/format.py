"""Readable numbers for people: sizes, rates, percentages, durations and ages."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)

_CTX = "Format"
_BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


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
    return QCoreApplication.translate("Format", "{used} of {total}").format(
        used=bytes_text(used), total=bytes_text(total)
    )


def duration_text(seconds: float | None) -> str:
    """Return a compact duration: ``45 s``, ``12 min``, ``3 h 5 min``, ``12 d 4 h``."""
    if seconds is None:
        return "–"
    total = max(0, int(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return QCoreApplication.translate("Format", "{d} d {h} h").format(d=days, h=hours)
    if hours:
        return QCoreApplication.translate("Format", "{h} h {m} min").format(h=hours, m=minutes)
    if minutes:
        return QCoreApplication.translate("Format", "{m} min").format(m=minutes)
    return QCoreApplication.translate("Format", "{s} s").format(s=secs)


def age_text(timestamp: float | None, now: float | None = None) -> str:
    """Return how long ago ``timestamp`` (epoch seconds) was: ``just now``, ``5 min ago``."""
    if timestamp is None:
        return QCoreApplication.translate("Format", "never")
    delta = (time.time() if now is None else now) - timestamp
    if delta < 5:
        return QCoreApplication.translate("Format", "just now")
    return QCoreApplication.translate("Format", "{duration} ago").format(
        duration=duration_text(delta)
    )


def time_text(timestamp: float | None) -> str:
    """Return a local wall-clock time for an epoch timestamp."""
    if timestamp is None:
        return "–"
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(timestamp))


def clock_text(timestamp: float | None, now: float | None = None, seconds: bool = False) -> str:
    """Return a local time of day (``10:42``, ``10:42:07`` with ``seconds``), with the date
    instead of the seconds when it is not today."""
    if timestamp is None:
        return "–"
    when = time.localtime(timestamp)
    today = time.localtime(time.time() if now is None else now)
    if when[:3] == today[:3]:
        return time.strftime("%H:%M:%S" if seconds else "%H:%M", when)
    return time.strftime("%Y-%m-%d %H:%M", when)
