"""One sync per cache: the lease, and the follower that reads another process's writes (the
sync process following ``pvesphere sync`` is in test_sync_process.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pvesphere_desktop.core.changeset import ChangeSet
from pvesphere_desktop.core.enums import GuestStatus
from pvesphere_desktop.core.ids import GuestKey
from pvesphere_desktop.simulator import SimulatedFleet
from pvesphere_desktop.store.db import Database
from pvesphere_desktop.store.registry import ClusterRegistry
from pvesphere_desktop.sync.engine import SyncEngine
from pvesphere_desktop.sync.follower import CacheFollower
from pvesphere_desktop.sync.lease import ROLE_APP, ROLE_CLI, SyncLease
from tests.integration.sync.sync_simhelpers import secrets_of
from tests.integration.sync.test_sync_process import SETTINGS

pytestmark = pytest.mark.slow


def test_one_holder_at_a_time(tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    app, cli = SyncLease(cache, ROLE_APP), SyncLease(cache, ROLE_CLI)
    assert app.try_acquire()
    assert app.try_acquire()  # again: already held
    assert not cli.try_acquire()
    assert cli.holder() == f"the desktop app (pid {os.getpid()})"
    app.release()
    assert cli.try_acquire()
    assert app.holder() == f"pvesphere sync (pid {os.getpid()})"
    assert not app.try_acquire()
    cli.release()
    # A database that is not a file (PostgreSQL) has no lease: everyone may sync it.
    assert SyncLease(None, ROLE_CLI).try_acquire()


_HOLD = textwrap.dedent(
    """
    import sys, time
    from pvesphere_desktop.sync.lease import SyncLease
    lease = SyncLease(sys.argv[1], "pvesphere sync")
    assert lease.try_acquire()
    print("held", flush=True)
    time.sleep(600)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_a_crashed_holder_blocks_nobody(tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(cache)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        lease = SyncLease(cache, ROLE_APP)
        assert not lease.try_acquire()
        assert lease.holder() == f"pvesphere sync (pid {holder.pid})"
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()
    assert lease.try_acquire()
    lease.release()


def _running_guest(sim_fleet: SimulatedFleet, name: str) -> int:
    sim = sim_fleet[name]
    return next(
        g.vmid for g in sorted(sim.model.guests.values(), key=lambda g: g.vmid)
        if g.running and not g.template and not g.lock
    )  # fmt: skip


def test_the_follower_reports_what_another_sync_writes(
    registered: ClusterRegistry, database: Database, sim_fleet: SimulatedFleet
) -> None:
    other = SyncEngine(database, secrets=secrets_of(sim_fleet), settings=SETTINGS)
    other.run_once(tasks=False)
    follower = CacheFollower(database)
    assert follower.poll() == []  # the baseline
    assert follower.poll() == []  # nothing written since

    name = sorted(registered.names())[0]
    vmid = _running_guest(sim_fleet, name)
    sim_fleet[name].outside.stop_guest(vmid)
    try:
        other.run_once([name], tasks=True)
        out = follower.poll()
    finally:
        sim_fleet[name].outside.start_guest(vmid)
    changes = [c for c in out if isinstance(c, ChangeSet)]
    assert [c.cluster for c in changes] == [name]
    guest = changes[0].of("guests").changed[GuestKey(name, vmid)]
    assert guest.status is GuestStatus.STOPPED
    assert "qmstop" in {t.type for t in changes[0].of("tasks").changed.values()}
