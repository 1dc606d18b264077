"""Run blocking work (network, large queries) off the GUI thread; get results back on it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot

from pvesphere_desktop.core.errors import PveSphereError

log = logging.getLogger(__name__)

T = TypeVar("T")
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class WorkerPool(QObject):
    """A small thread pool whose callbacks run on the GUI thread.

    ``submit(fn, on_done, on_error)`` runs ``fn`` in a worker; ``on_done(result)`` or
    ``on_error(exc)`` is then called on the GUI thread (through a queued signal). Expected
    errors (:class:`PveSphereError`) go to ``on_error``; a bug without ``on_error`` reaches the
    crash hook like any other exception.

    Signals:
        busy_changed(int): the number of jobs in flight changed.
    """

    busy_changed = Signal(int)
    _finished = Signal(object, object, object, object)

    def __init__(self, workers: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ui-worker")
        self._in_flight = 0
        self._lock = threading.Lock()
        self._closed = False
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def submit(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Failed | None = None,
    ) -> Future[T] | None:
        """Run ``fn()`` in a worker thread; call back on the GUI thread."""
        if self._closed:
            return None
        self._in_flight += 1
        self.busy_changed.emit(self._in_flight)
        future = self._executor.submit(fn)
        future.add_done_callback(lambda f: self._relay(f, on_done, on_error))
        return future

    def _relay(self, future: Future[Any], on_done: Done | None, on_error: Failed | None) -> None:
        # Runs in the worker thread: hand over to the GUI thread.
        try:
            result, error = future.result(), None
        except BaseException as exc:  # delivered to the GUI thread, never lost
            result, error = None, exc
        # Under the lock shutdown() takes: once it returned, no emit is under way, so the
        # pool can be deleted (an emit racing the deletion crashed the process).
        with self._lock:
            if self._closed:
                return
            try:
                self._finished.emit(result, error, on_done, on_error)
            except RuntimeError:  # the pool was deleted while the job ran (shutdown)
                log.debug("worker result dropped at shutdown")

    @Slot(object, object, object, object)
    def _deliver(
        self,
        result: Any,
        error: BaseException | None,
        on_done: Done | None,
        on_error: Failed | None,
    ) -> None:
        self._in_flight -= 1
        self.busy_changed.emit(self._in_flight)
        if error is None:
            if on_done is not None:
                on_done(result)
            return
        if on_error is not None:
            on_error(error)
            return
        if isinstance(error, PveSphereError):
            log.warning("background job failed: %s", error)
            return
        raise error

    def shutdown(self, wait: bool = True) -> None:
        """Stop accepting work and delivering results; wait for running jobs when ``wait``."""
        with self._lock:
            self._closed = True
        self._executor.shutdown(wait=wait, cancel_futures=True)
