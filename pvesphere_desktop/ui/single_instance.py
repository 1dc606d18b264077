"""One running app per data directory: a second start brings the running window to the front.

Two windows on one profile would run two sync processes (every PVE request twice) and
overwrite each other's settings at exit. The first start holds a lock file in the data
directory (``QLockFile``: a crashed holder's lock is taken over, its PID is gone) and listens
on a local socket named after the directory; a second start finds the lock taken, asks the
first over that socket to raise its window, and ends.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QLockFile
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from pvesphere_desktop.paths import INSTANCE_LOCK

log = logging.getLogger(__name__)

ACTIVATE = b"activate\n"


def server_name(data_dir: Path) -> str:
    """The local socket of the app running on ``data_dir`` (one per directory and user)."""
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:20]
    return f"pvesphere-desktop-{digest}"


class InstanceGuard:
    """The lock and the activation socket of one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.name = server_name(self.data_dir)
        self._lock = QLockFile(str(self.data_dir / INSTANCE_LOCK))
        # Only a holder that is gone makes the lock stale, never its age: the app runs for weeks.
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another running app holds it."""
        return bool(self._lock.tryLock(0))

    def holder_pid(self) -> int | None:
        """The process that holds the lock (as written in the lock file), if known."""
        info = self._lock.getLockInfo()  # (pid, host, app); an empty tuple when unreadable
        pid = info[0] if info else 0
        return int(pid) if isinstance(pid, int) and pid > 0 else None

    def activate_running(self, timeout_s: float = 5.0) -> bool:
        """Ask the app holding the lock to raise its window; False when it does not answer.

        Retries while the other app is still starting (not listening yet).
        """
        deadline = QDeadlineTimer(int(timeout_s * 1000))
        while not deadline.hasExpired():
            socket = QLocalSocket()
            socket.connectToServer(self.name)
            if socket.waitForConnected(min(500, max(1, deadline.remainingTime()))):
                socket.write(ACTIVATE)
                written = socket.waitForBytesWritten(max(1, deadline.remainingTime()))
                socket.disconnectFromServer()
                return bool(written)
            socket.abort()
            # A second start runs this before it has a GUI (the self-test never gets here).
            time.sleep(0.1)  # house-rules: allow-sleep no GUI exists yet in a second start
        return False

    def listen(self, on_activate: Callable[[], None]) -> None:
        """Answer later starts: each one calls ``on_activate`` (on the GUI thread)."""
        server = QLocalServer()
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # We hold the lock, so a socket left by a crashed run is stale: remove it first.
        QLocalServer.removeServer(self.name)
        if not server.listen(self.name):
            log.warning("a second start cannot reach this window: %s", server.errorString())
            return
        self._server = server

        def on_connection() -> None:
            while server.hasPendingConnections():
                socket = server.nextPendingConnection()

                def read(socket: QLocalSocket = socket) -> None:
                    if bytes(socket.readAll().data()).startswith(ACTIVATE.strip()):
                        log.info("a second start asked for this window")
                        on_activate()
                    socket.disconnectFromServer()

                socket.readyRead.connect(read)
                socket.disconnected.connect(socket.deleteLater)

        server.newConnection.connect(on_connection)

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()
