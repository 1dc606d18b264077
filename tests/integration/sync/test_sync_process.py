"""The sync engine in its child process, against the simulated fleet over real HTTPS.

What crosses the pipe (ChangeSets, statuses, questions for secrets, handed logins), a host
killed mid-sync and started again, a clean stop, and a host that follows ``pvesphere sync``.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pyotp
import pytest

from pvesphere_desktop.core.changeset import ChangeSet
from pvesphere_desktop.core.config import AuthMethod
from pvesphere_desktop.core.enums import Health
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.core.status import ClusterStatus
from pvesphere_desktop.pve.session import PveSession
from pvesphere_desktop.simulator import SimulatedFleet
from pvesphere_desktop.store.db import Database
from pvesphere_desktop.store.registry import ClusterRegistry
from pvesphere_desktop.sync.coordinator import SyncSettings
from pvesphere_desktop.sync.engine import SyncEngine
from pvesphere_desktop.sync.host import SyncProcess
from pvesphere_desktop.sync.lease import ROLE_CLI, SyncLease
from tests.integration.sync.sync_simhelpers import config_for, secrets_of, token_parts

pytestmark = pytest.mark.slow

SETTINGS = SyncSettings(
    stagger_s=0.1, backoff_min_s=0.1, backoff_max_s=0.5, registry_poll_s=0.1, workers=2
)


class Received:
    """What the window's side of the pipe got, with a way to wait for a condition."""

    def __init__(self) -> None:
        self.changes: list[ChangeSet] = []
        self.statuses: list[ClusterStatus] = []
        self.asked: list[str] = []
        self.following: list[str] = []  # who else syncs the cache ("": nobody any more)
        self._cond = threading.Condition()

    def on_changes(self, changes: ChangeSet) -> None:
        with self._cond:
            self.changes.append(changes)
            self._cond.notify_all()

    def on_status(self, status: ClusterStatus) -> None:
        with self._cond:
            self.statuses.append(status)
            self._cond.notify_all()

    def on_following(self, holder: str) -> None:
        with self._cond:
            self.following.append(holder)
            self._cond.notify_all()

    def wait_for(self, condition: Callable[[], bool], timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not condition():
                remaining = deadline - time.monotonic()
                assert remaining > 0, "timed out"
                self._cond.wait(remaining)

    def guests_of(self, cluster: str) -> set[int]:
        """The VMIDs the ChangeSets of ``cluster`` add up to."""
        held: set[int] = set()
        with self._cond:
            changes = list(self.changes)
        for changeset in changes:
            if changeset.cluster != cluster:
                continue
            delta = changeset.of("guests")
            held |= {k.vmid for k in delta.added}
            held -= {k.vmid for k in delta.removed}
        return held

    def health(self, cluster: str) -> Health | None:
        with self._cond:
            found = [s.health for s in self.statuses if s.cluster == cluster]
        return found[-1] if found else None


@pytest.fixture
def received() -> Received:
    return Received()


def _host(
    database: Database, received: Received, secrets: dict[str, Secret]
) -> Iterator[SyncProcess]:
    def lookup(ref: str) -> Secret | None:
        received.asked.append(ref)
        return secrets.get(ref)

    host = SyncProcess(
        database.url,
        SETTINGS,
        on_changes=received.on_changes,
        on_status=received.on_status,
        secrets=lookup,
        on_following=received.on_following,
        restart_delays=(0.2,),
    )
    try:
        yield host
    finally:
        host.stop(timeout=20)


@pytest.fixture
def token_host(
    registered: ClusterRegistry, database: Database, received: Received, sim_fleet: SimulatedFleet
) -> Iterator[SyncProcess]:
    secrets = {
        f"cluster:{info['name']}": Secret(token_parts(info["token"])[2])
        for info in sim_fleet.info()
    }
    yield from _host(database, received, secrets)


def test_the_host_syncs_every_cluster_and_survives_being_killed(
    token_host: SyncProcess, received: Received, sim_fleet: SimulatedFleet
) -> None:
    expected = {
        info["name"]: set(sim_fleet[info["name"]].model.guests) for info in sim_fleet.info()
    }
    token_host.start()
    received.wait_for(lambda: all(received.guests_of(n) == v for n, v in expected.items()))
    received.wait_for(lambda: all(received.health(n) is Health.OK for n in expected))
    assert sorted(set(received.asked)) == sorted(f"cluster:{n}" for n in expected)
    first_pid = token_host.pid
    assert first_pid is not None
    assert first_pid != os.getpid()

    # Ctrl+C in a terminal reaches the host too: it carries on (the window decides its end).
    seen = len(received.statuses)
    os.kill(first_pid, signal.SIGINT)
    received.wait_for(lambda: len(received.statuses) > seen + 4)
    assert token_host.pid == first_pid
    assert token_host.starts == 1

    # Killed in the middle of its work: started again, syncing from the cache it left.
    seen = len(received.statuses)
    os.kill(first_pid, signal.SIGKILL)
    received.wait_for(lambda: token_host.starts == 2 and len(received.statuses) > seen + 4)
    assert token_host.pid not in (None, first_pid)
    assert all(received.health(n) is Health.OK for n in expected)

    token_host.stop(timeout=20)
    assert not token_host.alive()


def _tfa_user(sim_fleet: SimulatedFleet, info: dict[str, Any]) -> dict[str, Any]:
    return next(u for u in info["users"] if u["totp_secret"])


def test_a_login_with_a_second_factor_is_handed_to_the_host(
    database: Database, received: Received, sim_fleet: SimulatedFleet
) -> None:
    info = next(i for i in sim_fleet.info() if not i["standalone"])
    user = _tfa_user(sim_fleet, info)
    config = config_for(info, auth=AuthMethod.PASSWORD, user=user["userid"], token_id="")
    ClusterRegistry(database).add(config)
    secrets = {config.secret_ref: Secret(user["password"])}
    for host in _host(database, received, secrets):
        host.start()
        # The host has the password but no second factor: only the user can help.
        received.wait_for(lambda: received.health(config.name) is Health.NEEDS_LOGIN)
        assert not received.guests_of(config.name)

        otp = pyotp.TOTP(user["totp_secret"]).at(time.time() + sim_fleet.clock.offset)
        with PveSession(config, Secret(user["password"])) as session:
            session.connect(otp=str(otp))
            host.hand_login(config.name, session.export_login())
            received.wait_for(lambda: received.health(config.name) is Health.OK)
        assert received.guests_of(config.name)


def test_the_app_follows_a_cli_sync_and_takes_over_when_it_ends(
    database: Database, token_host: SyncProcess, received: Received, sim_fleet: SimulatedFleet
) -> None:
    cli = SyncLease(database.path, ROLE_CLI)
    assert cli.try_acquire()
    expected = {
        info["name"]: set(sim_fleet[info["name"]].model.guests) for info in sim_fleet.info()
    }
    try:
        token_host.start()
        received.wait_for(lambda: received.following == [f"pvesphere sync (pid {os.getpid()})"])
        # What the CLI's sync writes reaches the window, and the app asked PVE nothing.
        SyncEngine(database, secrets=secrets_of(sim_fleet), settings=SETTINGS).run_once()
        received.wait_for(lambda: all(received.guests_of(n) == v for n, v in expected.items()))
        assert received.asked == []
        # The CLI ends: the app syncs the cache itself again.
        cli.release()
        received.wait_for(lambda: received.following[-1:] == [""])
        seen = len(received.statuses)
        received.wait_for(
            lambda: (
                len(received.statuses) > seen + len(expected)
                and all(received.health(n) is Health.OK for n in expected)
            )
        )
        assert sorted(set(received.asked)) == sorted(f"cluster:{n}" for n in expected)
        assert not SyncLease(database.path, ROLE_CLI).try_acquire()  # the app holds it now
    finally:
        cli.release()
