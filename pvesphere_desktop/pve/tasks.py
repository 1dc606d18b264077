"""Follow PVE tasks: poll the status with backoff, stream log lines, cancel, time out.

Every mutating PVE call answers with a UPID; what really happened is only known once the task
stops: ``exitstatus`` is ``OK``, ``WARNINGS: n`` or PVE's error message, and the log ends with
``TASK OK`` / ``TASK WARNINGS: n`` / ``TASK ERROR: ...``. Blocking: run from a worker thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from pvesphere_desktop.core.enums import TaskState
from pvesphere_desktop.core.errors import MalformedResponseError, TaskTimeoutError
from pvesphere_desktop.core.models import Upid
from pvesphere_desktop.core.upid import parse_upid, task_outcome
from pvesphere_desktop.pve.normalize import as_int, as_str

log = logging.getLogger(__name__)

LOG_PAGE = 500


class TaskClient(Protocol):
    """What task following needs from a session (a :class:`PveSession` provides it)."""

    def get(self, path: str, **params: Any) -> Any: ...

    def delete(self, path: str, **params: Any) -> Any: ...


@dataclass(frozen=True, slots=True)
class TaskResult:
    """How a task ended."""

    upid: Upid
    state: TaskState  # OK, WARNINGS or ERROR
    exitstatus: str  # PVE's text: "OK", "WARNINGS: 2" or the error message
    warnings: int = 0
    log: tuple[str, ...] = ()
    cancelled: bool = False  # we asked PVE to stop it

    @property
    def ok(self) -> bool:
        """True for success, with or without warnings."""
        return self.state in (TaskState.OK, TaskState.WARNINGS)

    @property
    def message(self) -> str:
        """PVE's error message for a failed task; empty otherwise."""
        return self.exitstatus if self.state is TaskState.ERROR else ""


@dataclass(frozen=True, slots=True)
class Backoff:
    """Poll intervals: start short (most tasks are quick), grow to a ceiling."""

    initial: float = 0.2
    factor: float = 1.5
    maximum: float = 2.0

    def delays(self) -> Callable[[], float]:
        state = {"next": self.initial}

        def step() -> float:
            current = state["next"]
            state["next"] = min(current * self.factor, self.maximum)
            return current

        return step


class TaskFollower:
    """Follow one task to its end (see :func:`follow_task`)."""

    def __init__(
        self,
        client: TaskClient,
        upid: str | Upid,
        *,
        on_log: Callable[[str], None] | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        self.upid = upid if isinstance(upid, Upid) else parse_upid(upid)
        self._client = client
        self._on_log = on_log
        self._backoff = backoff or Backoff()
        self._base = f"/nodes/{self.upid.node}/tasks/{self.upid.text}"
        self._next_line = 0
        self._lines: list[str] = []

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(self._lines)

    def status(self) -> Mapping[str, Any]:
        data = self._client.get(f"{self._base}/status")
        if not isinstance(data, Mapping):
            raise MalformedResponseError("task status is not an object", host=self.upid.node)
        return data

    def read_log(self) -> list[str]:
        """Fetch log lines that arrived since the last call; report each to ``on_log``."""
        new: list[str] = []
        while True:
            rows = self._client.get(f"{self._base}/log", start=self._next_line, limit=LOG_PAGE)
            if not isinstance(rows, list):
                break
            if self._next_line == 0 and _placeholder(rows):
                break  # PVE's answer for a log that has no line yet
            page = 0
            for row in rows:
                if not isinstance(row, Mapping):
                    continue
                number = as_int(row.get("n"))
                text = as_str(row.get("t"))
                if number is None or text is None or number <= self._next_line:
                    continue
                self._next_line = number
                new.append(text)
                page += 1
            if page < LOG_PAGE:
                break
        for line in new:
            self._lines.append(line)
            if self._on_log is not None:
                self._on_log(line)
        return new

    def cancel(self) -> None:
        """Ask PVE to stop the task (``DELETE /nodes/{node}/tasks/{upid}``)."""
        log.info("stopping task %s", self.upid.text)
        self._client.delete(self._base)

    def follow(
        self,
        *,
        timeout: float | None = None,
        cancel: threading.Event | None = None,
        cancel_on_timeout: bool = False,
    ) -> TaskResult:
        """Poll until the task stops; return its result.

        ``cancel`` set by another thread stops the task on PVE and waits for it to end.
        On ``timeout`` raise :class:`TaskTimeoutError` (after stopping the task if asked).
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        waiter = cancel or threading.Event()
        pause = threading.Event()  # never set: an interruptible-free wait once cancelled
        next_delay = self._backoff.delays()
        cancelled = False
        while True:
            status = self.status()
            self.read_log()
            if as_str(status.get("status")) == "stopped":
                self.read_log()  # lines written between the two requests
                exitstatus = as_str(status.get("exitstatus")) or "unexpected status"
                state, warnings = task_outcome(exitstatus)
                return TaskResult(
                    upid=self.upid,
                    state=state,
                    exitstatus=exitstatus,
                    warnings=warnings,
                    log=self.lines,
                    cancelled=cancelled,
                )
            if cancel is not None and cancel.is_set() and not cancelled:
                self.cancel()
                cancelled = True
            if deadline is not None and time.monotonic() >= deadline:
                if cancel_on_timeout and not cancelled:
                    self.cancel()
                raise TaskTimeoutError(upid=self.upid.text, seconds=f"{timeout:g}")
            delay = next_delay()
            if deadline is not None:
                delay = max(0.0, min(delay, deadline - time.monotonic()))
            # Once cancelled the event stays set, so wait on one that never is.
            (pause if cancelled else waiter).wait(delay)


def _placeholder(rows: list[Any]) -> bool:
    return (
        len(rows) == 1
        and isinstance(rows[0], Mapping)
        and as_int(rows[0].get("n")) == 1
        and rows[0].get("t") == "no content"
    )


def follow_task(
    client: TaskClient,
    upid: str | Upid,
    *,
    timeout: float | None = None,
    on_log: Callable[[str], None] | None = None,
    cancel: threading.Event | None = None,
    cancel_on_timeout: bool = False,
    backoff: Backoff | None = None,
) -> TaskResult:
    """Follow the task ``upid`` until it stops and return OK / warnings / error."""
    follower = TaskFollower(client, upid, on_log=on_log, backoff=backoff)
    return follower.follow(timeout=timeout, cancel=cancel, cancel_on_timeout=cancel_on_timeout)


def read_task_log(client: TaskClient, upid: str | Upid) -> list[str]:
    """Return every log line of a task (PVE's "no content" placeholder is no line)."""
    return TaskFollower(client, upid).read_log()


def task_state_of(exitstatus: str | None) -> TaskState:
    """The state of a task with this ``exitstatus`` (RUNNING while None)."""
    return task_outcome(exitstatus)[0]
