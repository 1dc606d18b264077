"""Task following on PVE's real task answers, replayed in order (no network here).

The end-to-end task tests against the simulator live in tests/integration/pve.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from pvesphere_desktop.core.enums import TaskState
from pvesphere_desktop.core.errors import TaskTimeoutError
from pvesphere_desktop.pve.tasks import Backoff, TaskFollower, follow_task

UPID = "UPID:pve:00000754:00009421:5FBE5DD2:vzcreate:100:root@pam:"
FAST = Backoff(initial=0.001, factor=2, maximum=0.005)


class ReplayedTask:
    """Answers status/log requests like PVE for a task whose log grows per status poll."""

    def __init__(self, log: list[str], exitstatus: str, polls_until_done: int = 2) -> None:
        self.log = log
        self.exitstatus = exitstatus
        self.polls_until_done = polls_until_done
        self.status_polls = 0
        self.deleted = False
        self.requests: list[tuple[str, str, dict[str, Any]]] = []

    def _visible(self) -> list[str]:
        if self.done:
            return self.log
        # a running task shows part of its log, never the final "TASK ..." line
        return self.log[: min(len(self.log) - 1, self.status_polls)]

    @property
    def done(self) -> bool:
        return self.deleted or self.status_polls >= self.polls_until_done

    def get(self, path: str, **params: Any) -> Any:
        self.requests.append(("GET", path, params))
        assert path.startswith(f"/nodes/pve/tasks/{UPID}/")
        if path.endswith("/status"):
            self.status_polls += 1
            answer: dict[str, Any] = {
                "upid": UPID, "node": "pve", "pid": 1876, "pstart": 37921,
                "starttime": 1606311378, "type": "vzcreate", "id": "100", "user": "root@pam",
                "status": "stopped" if self.done else "running",
            }  # fmt: skip
            if self.done:
                answer["exitstatus"] = "interrupted by signal" if self.deleted else self.exitstatus
            return answer
        start = int(params["start"])
        lines = self._visible()
        if self.deleted:
            lines = [*self.log[:-1], "TASK ERROR: interrupted by signal"]
        return [{"n": i + 1, "t": t} for i, t in enumerate(lines)][start : start + params["limit"]]

    def delete(self, path: str, **params: Any) -> Any:
        self.requests.append(("DELETE", path, params))
        self.deleted = True
        return None


def test_success_streams_every_line_once() -> None:
    task = ReplayedTask(["starting", "creating disk", "TASK OK"], "OK", polls_until_done=3)
    seen: list[str] = []
    result = follow_task(task, UPID, on_log=seen.append, backoff=FAST)
    assert result.ok
    assert result.state is TaskState.OK
    assert result.message == ""
    assert seen == ["starting", "creating disk", "TASK OK"] == list(result.log)
    assert result.upid.type == "vzcreate"


def test_warnings_and_errors_carry_pves_text() -> None:
    warn = follow_task(ReplayedTask(["x", "TASK WARNINGS: 2"], "WARNINGS: 2"), UPID, backoff=FAST)
    assert warn.ok
    assert warn.state is TaskState.WARNINGS
    assert warn.warnings == 2
    fail = follow_task(
        ReplayedTask(["x", "TASK ERROR: VM 100 already running"], "VM 100 already running"),
        UPID,
        backoff=FAST,
    )
    assert not fail.ok
    assert fail.state is TaskState.ERROR
    assert fail.message == "VM 100 already running"


def test_cancel_stops_the_task_on_pve() -> None:
    task = ReplayedTask(["a", "b", "TASK OK"], "OK", polls_until_done=10**6)
    cancel = threading.Event()
    cancel.set()
    result = follow_task(task, UPID, cancel=cancel, backoff=FAST, timeout=10)
    assert task.deleted
    assert result.cancelled
    assert result.state is TaskState.ERROR
    assert result.message == "interrupted by signal"
    assert ("DELETE", f"/nodes/pve/tasks/{UPID}", {}) in task.requests


def test_timeout_raises_and_can_stop_the_task() -> None:
    task = ReplayedTask(["a", "TASK OK"], "OK", polls_until_done=10**6)
    with pytest.raises(TaskTimeoutError) as caught:
        follow_task(task, UPID, timeout=0.05, backoff=FAST)
    assert UPID in str(caught.value)
    assert not task.deleted
    with pytest.raises(TaskTimeoutError):
        follow_task(task, UPID, timeout=0.05, backoff=FAST, cancel_on_timeout=True)
    assert task.deleted


def test_log_pages_are_followed() -> None:
    lines = [f"line {i}" for i in range(1234)] + ["TASK OK"]
    task = ReplayedTask(lines, "OK", polls_until_done=1)
    follower = TaskFollower(task, UPID, backoff=FAST)
    result = follower.follow()
    assert list(result.log) == lines
    starts = [p["start"] for m, path, p in task.requests if path.endswith("/log")]
    assert starts[:3] == [0, 500, 1000]


def test_backoff_grows_to_its_ceiling() -> None:
    step = Backoff(initial=0.2, factor=2, maximum=1.0).delays()
    assert [step() for _ in range(5)] == [0.2, 0.4, 0.8, 1.0, 1.0]
