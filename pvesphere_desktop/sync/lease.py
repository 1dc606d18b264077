"""Who syncs a cache: one process at a time asks PVE; the others read what it writes.

Two sync engines on one cache (the desktop app and ``pvesphere sync``) would send every
request twice. The one that syncs holds an OS lock on ``<cache file>.sync-lock`` (``flock`` on
Unix, a byte lock on Windows) and writes its PID and role into it; the lock goes with the
process, so a crashed holder never blocks the next one. Databases that are not a file (the
shared server's PostgreSQL) have no lease.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

SUFFIX = ".sync-lock"
ROLE_APP = "the desktop app"
ROLE_CLI = "pvesphere sync"


def _lock(handle: IO[bytes]) -> None:
    """Take the lock without waiting; OSError when another process holds it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


class SyncLease:
    """The right to sync the cache at ``database_path`` (None: not a file, always granted)."""

    def __init__(self, database_path: Path | None, role: str) -> None:
        self.path = None if database_path is None else Path(f"{database_path}{SUFFIX}")
        self.role = role
        self._handle: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None or self.path is None

    def try_acquire(self) -> bool:
        """Take the lease if nobody holds it; True when this process holds it now."""
        if self.held:
            return True
        assert self.path is not None
        handle = open(self.path, "a+b")  # noqa: SIM115 - kept open while the lease is held
        try:
            _lock(handle)
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n{self.role}\n".encode())
        handle.flush()
        self._handle = handle
        return True

    def holder(self) -> str:
        """Who holds the lease, for people: "pvesphere sync (pid 4242)"; "" when unknown."""
        if self.path is None:
            return ""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except OSError:  # Windows keeps the locked byte unreadable
            return ""
        pid = lines[0].strip() if lines else ""
        role = lines[1].strip() if len(lines) > 1 else ""
        if not role:
            return ""
        return f"{role} (pid {pid})" if pid.isdigit() else role

    def release(self) -> None:
        """Give the lease up (the file stays: deleting it would race with the next holder)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
