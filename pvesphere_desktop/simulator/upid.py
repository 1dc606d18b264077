"""Unique process IDs (UPIDs) of PVE tasks."""

from __future__ import annotations

import logging
from typing import NamedTuple

log = logging.getLogger(__name__)


class UpidParts(NamedTuple):
    node: str
    pid: int
    pstart: int
    starttime: int
    type: str
    id: str
    user: str


def make_upid(
    node: str, *, pid: int, pstart: int, starttime: int, ttype: str, ident: str, user: str
) -> str:
    """Format a UPID exactly as pve-common does (upper-case hex, trailing colon)."""
    return f"UPID:{node}:{pid:08X}:{pstart:08X}:{starttime:08X}:{ttype}:{ident}:{user}:"


def parse_upid(upid: str) -> UpidParts | None:
    """Split a UPID into its parts; None when it is not one."""
    parts = upid.split(":")
    if len(parts) != 9 or parts[0] != "UPID" or parts[8] != "":
        return None
    try:
        return UpidParts(
            parts[1],
            int(parts[2], 16),
            int(parts[3], 16),
            int(parts[4], 16),
            parts[5],
            parts[6],
            parts[7],
        )
    except ValueError:
        return None
