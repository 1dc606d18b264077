"""Parse PVE task ids (UPIDs) and task exit statuses.

A UPID is ``UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>:`` with hex numbers, a
possibly empty ``id`` and a user that may be an API token (``root@pam!api``). The grammar follows
PVE's own decoder (pve-common ``PVE::Tools::upid_decode``).
"""

from __future__ import annotations

import re

from pvesphere_desktop.core.enums import TaskState
from pvesphere_desktop.core.models import Upid

_UPID_RE = re.compile(
    r"^UPID:(?P<node>[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?):"
    r"(?P<pid>[0-9A-Fa-f]{8}):(?P<pstart>[0-9A-Fa-f]{8,9}):(?P<starttime>[0-9A-Fa-f]{8}):"
    r"(?P<type>[^:\s]+):(?P<id>[^:\s]*):(?P<user>[^:\s]+):$"
)
_WARNINGS_RE = re.compile(r"^WARNINGS:\s*(\d+)\s*$")


def parse_upid(text: str) -> Upid:
    """Return the parts of ``text``; raise ValueError when it is not a UPID."""
    match = _UPID_RE.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"not a UPID: {text!r:.120}")
    return Upid(
        text=text.strip(),
        node=match["node"],
        pid=int(match["pid"], 16),
        pstart=int(match["pstart"], 16),
        starttime=int(match["starttime"], 16),
        type=match["type"],
        id=match["id"],
        user=match["user"],
    )


def is_upid(text: object) -> bool:
    """Return whether ``text`` is a well-formed UPID string."""
    return isinstance(text, str) and _UPID_RE.match(text.strip()) is not None


def task_outcome(exitstatus: str | None) -> tuple[TaskState, int]:
    """Classify a finished task's ``exitstatus``: (state, number of warnings).

    ``None`` means the task is still running. ``"OK"`` is success, ``"WARNINGS: n"`` success
    with warnings; any other text is PVE's error message.
    """
    if exitstatus is None:
        return TaskState.RUNNING, 0
    text = exitstatus.strip()
    if text == "OK":
        return TaskState.OK, 0
    match = _WARNINGS_RE.match(text)
    if match:
        return TaskState.WARNINGS, int(match.group(1))
    return TaskState.ERROR, 0
