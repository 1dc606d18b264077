"""Tasks (workers) with UPIDs, logs and exit status, run over simulated time.

A task's work function runs when the task ends and may raise :class:`TaskError`; its effect on
the fleet (a guest started, a disk cloned) happens then, as PVE's worker does it. Guests hold a
config lock while their task runs.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pvesphere_desktop.simulator.model import Guest, Task
from pvesphere_desktop.simulator.upid import make_upid

if TYPE_CHECKING:
    from pvesphere_desktop.simulator.runtime import ClusterSim

log = logging.getLogger(__name__)

# simulated seconds each kind of task takes
DURATIONS: dict[str, float] = {
    "qmstart": 2,
    "qmstop": 1,
    "qmshutdown": 6,
    "qmreboot": 8,
    "qmreset": 1,
    "qmsuspend": 1,
    "qmpause": 1,
    "qmresume": 1,
    "qmcreate": 3,
    "qmclone": 12,
    "qmdestroy": 2,
    "qmmigrate": 20,
    "qmsnapshot": 3,
    "qmdelsnapshot": 2,
    "qmrollback": 4,
    "qmconfig": 1,
    "qmtemplate": 2,
    "qmmove": 10,
    "vzstart": 2,
    "vzstop": 1,
    "vzshutdown": 4,
    "vzreboot": 5,
    "vzsuspend": 1,
    "vzresume": 1,
    "vzcreate": 6,
    "vzclone": 10,
    "vzdestroy": 2,
    "vzmigrate": 15,
    "vzsnapshot": 2,
    "vzdelsnapshot": 2,
    "vzrollback": 3,
    "vztemplate": 2,
    "vzdump": 30,
    "imgdel": 1,
    "download": 12,
    "imgcopy": 4,
    "resize": 1,
    "hamigrate": 2,
    "harelocate": 2,
    "hastart": 1,
    "hastop": 1,
    "srvreload": 1,
    "aptupdate": 5,
    "vncproxy": 10,
    "vncshell": 10,
    "termproxy": 10,
    "spiceproxy": 10,
    "qmremotemigrate": 25,
    "startall": 3,
    "stopall": 3,
}

LOG_LINES: dict[str, list[str]] = {
    "qmstart": ["generating cloud-init ISO"],
    "qmclone": ["create full clone of drive scsi0", "transferred 32.0 GiB of 32.0 GiB (100.00%)"],
    "qmmigrate": [
        "starting migration of VM to node",
        "migration active, transferred 1.2 GiB",
        "migration finished successfully",
    ],
    "vzdump": [
        "INFO: starting new backup job",
        "INFO: creating vzdump archive",
        "INFO: transferred 4.0 GiB in 12 seconds",
        "INFO: Finished Backup",
    ],
    "qmsnapshot": ["snapshotting 'drive-scsi0' (local-lvm:vm-disk-0)"],
    "download": ["downloading file", "download of file finished"],
}


class TaskError(Exception):
    """Raised by a task's work to end it with ``TASK ERROR: <message>``."""


@dataclass
class TaskWarning:
    lines: list[str] = field(default_factory=list)


Work = Callable[[TaskWarning], None]


@dataclass
class _Pending:
    task: Task
    work: Work
    lock_guest: Guest | None
    lock_name: str | None
    handle: asyncio.TimerHandle | None = None


class TaskEngine:
    """Start, finish and stop tasks of one cluster."""

    def __init__(self, sim: ClusterSim) -> None:
        self.sim = sim
        self._pending: dict[str, _Pending] = {}
        self._next_pid: dict[str, int] = {}

    def _pid(self, node: str) -> int:
        pid = self._next_pid.get(node) or (100_000 + (self.sim.model.seed % 50_000))
        self._next_pid[node] = pid + 7 + (pid % 13)
        return pid

    def start(
        self,
        *,
        node: str,
        ttype: str,
        ident: str,
        user: str,
        work: Work | None = None,
        guest: Guest | None = None,
        lock: str | None = None,
        duration: float | None = None,
        lines: list[str] | None = None,
    ) -> Task:
        """Create a running task; finish it now (time-scale 0) or later on the loop."""
        now = self.sim.clock.now()
        node_obj = self.sim.model.nodes[node]
        pid = self._pid(node)
        pstart = int(max(0.0, now - node_obj.boot_time) * 100)
        upid = make_upid(
            node, pid=pid, pstart=pstart, starttime=int(now), ttype=ttype, ident=ident, user=user
        )
        task = Task(
            upid=upid,
            node=node,
            pid=pid,
            pstart=pstart,
            starttime=int(now),
            type=ttype,
            id=ident,
            user=user,
        )
        task.log.extend(lines if lines is not None else LOG_LINES.get(ttype, []))
        self.sim.model.tasks[upid] = task
        if guest is not None and lock:
            guest.config["lock"] = lock
        pending = _Pending(task, work or (lambda _w: None), guest, lock)
        self._pending[upid] = pending
        self.sim.bump()
        faults = self.sim.faults
        if faults.hold_tasks:
            return task
        sim_seconds = DURATIONS.get(ttype, 2.0) if duration is None else duration
        if faults.task_delay is not None:
            delay = faults.task_delay
        else:
            delay = self.sim.clock.real_delay(sim_seconds)
        if delay <= 0:
            self._finish(upid)
        else:
            pending.handle = self.sim.call_later(delay, self._finish_locked, upid)
        return task

    def _finish_locked(self, upid: str) -> None:
        with self.sim.lock:
            self._finish(upid)

    def _finish(self, upid: str, *, interrupted: bool = False) -> None:
        pending = self._pending.pop(upid, None)
        if pending is None:
            return
        task = pending.task
        if pending.handle is not None:
            pending.handle.cancel()
        if (
            pending.lock_guest is not None
            and pending.lock_guest.config.get("lock") == pending.lock_name
        ):
            pending.lock_guest.config.pop("lock", None)
        warnings = TaskWarning()
        status = "OK"
        if interrupted:
            status = "interrupted by signal"
        else:
            forced = self.sim.faults.task_failure(task.type)
            try:
                if forced is not None:
                    raise TaskError(forced)
                pending.work(warnings)
            except TaskError as exc:
                status = str(exc)
        task.log.extend(f"WARN: {w}" for w in warnings.lines)
        if status == "OK" and warnings.lines:
            status = f"WARNINGS: {len(warnings.lines)}"
        task.status = "stopped"
        task.exitstatus = status
        task.endtime = max(task.starttime, int(self.sim.clock.now()))
        if status == "OK":
            task.log.append("TASK OK")
        elif status.startswith("WARNINGS: "):
            task.log.append(f"TASK {status}")
        else:
            task.log.append(f"TASK ERROR: {status}")
        self.sim.bump()

    def stop(self, upid: str) -> bool:
        """Stop a running task (DELETE /nodes/{node}/tasks/{upid})."""
        if upid not in self._pending:
            return False
        self._finish(upid, interrupted=True)
        return True

    def release_all(self) -> None:
        """Finish every task held back by the hold-tasks fault."""
        for upid in list(self._pending):
            pending = self._pending.get(upid)
            if pending is not None and pending.handle is None:
                self._finish(upid)

    def running(self) -> list[Task]:
        return [p.task for p in self._pending.values()]

    def is_running(self, upid: str) -> bool:
        return upid in self._pending


def on_loop_thread(loop: asyncio.AbstractEventLoop) -> bool:
    return getattr(loop, "_thread_id", None) == threading.get_ident()
