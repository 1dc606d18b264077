"""The one object through which worker threads hand ChangeSets to the GUI thread."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from pvesphere_desktop.core.changeset import ChangeSet
from pvesphere_desktop.core.status import ClusterStatus, SyncFollowing

log = logging.getLogger(__name__)


class SyncBridge(QObject):
    """Receive ChangeSets from any thread; deliver them on the GUI thread, time-sliced.

    :meth:`post` may be called from any thread. It queues the ChangeSet and wakes the GUI
    thread through a queued signal; the GUI thread then applies queued ChangeSets for at most
    ``budget_ms`` per event-loop turn so that a burst (20 clusters finishing their first sync
    together) never freezes the window.

    Cluster statuses (:class:`ClusterStatus`, after every sync cycle) travel the same queue,
    so they never overtake the ChangeSet of their cycle.

    A large ChangeSet would still hold the GUI thread at once: with a ``splitter`` (the
    fleet's :meth:`FleetState.parts`), each ChangeSet is cut into parts when its turn comes,
    and the parts are delivered one by one, before anything queued after it.

    Signals:
        changeset_ready(object): emitted on the GUI thread for each ChangeSet, in order.
        status_ready(object): emitted on the GUI thread for each ClusterStatus.
        following_ready(object): a SyncFollowing (another process syncs the cache, or not).
        idle(): the queue was drained.
    """

    changeset_ready = Signal(object)
    status_ready = Signal(object)
    following_ready = Signal(object)
    idle = Signal()
    _wake = Signal()

    def __init__(self, budget_ms: float = 6.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: deque[ChangeSet | ClusterStatus | SyncFollowing] = deque()
        self._parts: deque[ChangeSet] = deque()  # GUI thread only
        self._splitter: Callable[[ChangeSet], list[ChangeSet]] | None = None
        self._lock = threading.Lock()
        self._scheduled = False
        self.budget_s = budget_ms / 1000
        self.delivered = 0
        # Queued even when posted from the GUI thread: delivery always happens in a later
        # event-loop turn, never inside the caller's stack.
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)

    def post(self, item: object) -> None:
        """Queue a ChangeSet or ClusterStatus for the GUI thread (thread-safe, never blocks)."""
        if not isinstance(item, ChangeSet | ClusterStatus | SyncFollowing):
            raise TypeError(f"cannot post {type(item).__name__}")
        with self._lock:
            self._queue.append(item)
            if self._scheduled:
                return
            self._scheduled = True
        self._wake.emit()

    def set_splitter(self, splitter: Callable[[ChangeSet], list[ChangeSet]] | None) -> None:
        """Cut each ChangeSet into parts delivered in turn (GUI thread; see the class doc)."""
        self._splitter = splitter

    def pending(self) -> int:
        with self._lock:
            return len(self._queue) + len(self._parts)

    def _next(self) -> ChangeSet | ClusterStatus | SyncFollowing | None:
        if self._parts:
            return self._parts.popleft()
        with self._lock:
            if not self._queue:
                self._scheduled = False
                return None
            item = self._queue.popleft()
        if isinstance(item, ChangeSet) and self._splitter is not None:
            first, *rest = self._splitter(item)
            self._parts.extend(rest)
            return first
        return item

    @Slot()
    def _drain(self) -> None:
        deadline = time.perf_counter() + self.budget_s
        while True:
            item = self._next()
            if item is None:
                break
            if isinstance(item, ChangeSet):
                self.changeset_ready.emit(item)
                self.delivered += 1
            elif isinstance(item, SyncFollowing):
                self.following_ready.emit(item)
            else:
                self.status_ready.emit(item)
            if time.perf_counter() >= deadline:
                # Yield to the event loop (paint, input), continue in the next turn.
                QTimer.singleShot(0, self._drain)
                return
        self.idle.emit()
