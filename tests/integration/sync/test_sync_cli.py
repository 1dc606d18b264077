"""``pvesphere sync`` and the inventory commands end to end: real processes, real client, the
simulated fleet, a real cache file; then the same commands with every cluster unreachable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pvesphere_desktop.cli.sync import secret_env_name
from pvesphere_desktop.simulator import SimulatedFleet
from pvesphere_desktop.store.db import Database
from pvesphere_desktop.store.registry import ClusterRegistry
from tests.integration.sync.sync_simhelpers import config_for, token_parts

GUEST_FIELDS = {
    "cluster", "vmid", "name", "type", "node", "status", "tags", "cpu", "maxcpu", "mem",
    "maxmem", "uptime", "template", "lock", "last_seen",
}  # fmt: skip


def pvesphere(
    home: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PVESPHERE_")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "pvesphere_desktop.cli.main", "--home", str(home), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


@pytest.fixture
def home(tmp_path: Path, sim_fleet: SimulatedFleet) -> Path:
    database = Database.for_data_dir(tmp_path / "data")
    registry = ClusterRegistry(database)
    for info in sim_fleet.info():
        registry.add(config_for(info))
    database.close()
    return tmp_path


def secrets_env(fleet: SimulatedFleet) -> dict[str, str]:
    return {secret_env_name(i["name"]): token_parts(i["token"])[2] for i in fleet.info()}


@pytest.mark.slow
def test_sync_once_then_read_offline(home: Path, sim_fleet: SimulatedFleet) -> None:
    env = secrets_env(sim_fleet)
    done = pvesphere(home, "sync", "--once", env=env)
    assert done.returncode == 0, done.stderr
    names = {i["name"] for i in sim_fleet.info()}
    assert {line.split(":")[0] for line in done.stdout.splitlines()} == names

    listed = pvesphere(home, "guests", "--json")
    assert listed.returncode == 0, listed.stderr
    guests = json.loads(listed.stdout)
    assert len(guests) == sum(len(sim.model.guests) for sim in sim_fleet)
    for guest in guests:
        assert set(guest) >= GUEST_FIELDS
        assert isinstance(guest["tags"], list)
        assert isinstance(guest["template"], bool)
        assert guest["cpu"] is None or 0.0 <= guest["cpu"] <= 1.0
        assert guest["last_seen"].endswith("+00:00")
    sim = next(iter(sim_fleet))
    sample = next(g for g in sim.model.guests.values() if g.status == "running")
    mine = next(g for g in guests if g["cluster"] == sim.name and g["vmid"] == sample.vmid)
    assert mine["node"] == sample.node
    assert mine["status"] == "running"
    assert mine["maxmem"] > 0

    query = pvesphere(home, "guests", "--query", f"cluster:{sim.name} status:running", "--json")
    running = json.loads(query.stdout)
    assert {g["vmid"] for g in running} == {
        g.vmid for g in sim.model.guests.values() if g.status == "running"
    }
    table = pvesphere(home, "guests", "-q", f"vmid:{sample.vmid} cluster:{sim.name}")
    assert table.returncode == 0
    assert table.stdout.splitlines()[0].split()[:3] == ["CLUSTER", "VMID", "NAME"]
    assert len(table.stdout.splitlines()) == 2

    for command in ("nodes", "storage", "tasks"):
        shown = pvesphere(home, command, "--json")
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout), command
    events = pvesphere(home, "events", "--since", "1h", "--json")
    assert events.returncode == 0
    assert all(e["kind"] == "health_changed" for e in json.loads(events.stdout))

    # Every cluster down: the cache still answers, and says how old it is.
    for each in sim_fleet:
        each.unreachable("refused")
    failed = pvesphere(home, "sync", "--once", env=env)
    assert failed.returncode == 1
    lines = [line for line in failed.stderr.splitlines() if line.startswith("pvesphere:")]
    assert len(lines) == len(names)
    assert all("unreachable" in line for line in lines)
    offline = pvesphere(home, "guests", "--json")
    assert offline.returncode == 0
    assert len(json.loads(offline.stdout)) == len(guests)
    assert "unreachable; data from" in offline.stderr


@pytest.mark.slow
def test_sync_once_one_cluster_failing(home: Path, sim_fleet: SimulatedFleet) -> None:
    env = secrets_env(sim_fleet)
    broken = next(iter(sim_fleet))
    broken.set_error_rate(1.0, "simulated outage")
    done = pvesphere(home, "sync", "--once", env=env)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("pvesphere:")]
    assert errors == [errors[0]]
    assert errors[0].startswith(f"pvesphere: {broken.name}: unreachable")
    assert "simulated outage" in errors[0]
    only = pvesphere(
        home,
        "sync",
        "--once",
        "--cluster",
        next(i["name"] for i in sim_fleet.info() if i["name"] != broken.name),
        env=env,
    )
    assert only.returncode == 0, only.stderr


def test_missing_secret_is_reported(home: Path, sim_fleet: SimulatedFleet) -> None:
    name = sim_fleet.info()[0]["name"]
    done = pvesphere(
        home, "sync", "--once", "--cluster", name, env={"PVESPHERE_SECRETS_BACKEND": "vault"}
    )
    assert done.returncode == 1
    assert f"pvesphere: {name}: needs_login" in done.stderr


def test_bad_query_is_a_usage_error(home: Path) -> None:
    done = pvesphere(home, "guests", "--query", "status:running colour:red")
    assert done.returncode == 2
    assert "column 16" in done.stderr
    assert done.stderr.splitlines()[-1].index("^") == 2 + 15


@pytest.mark.slow
def test_no_secret_in_cache_or_logs(home: Path, sim_fleet: SimulatedFleet) -> None:
    env = secrets_env(sim_fleet)
    assert pvesphere(home, "sync", "--once", env=env).returncode == 0
    secrets = [v.encode() for v in env.values()]
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(secret in data for secret in secrets), path


@pytest.mark.slow
def test_sync_does_not_run_beside_another_sync_of_the_cache(
    home: Path, sim_fleet: SimulatedFleet
) -> None:
    from pvesphere_desktop.store.db import DB_FILENAME
    from pvesphere_desktop.sync.lease import ROLE_APP, SyncLease

    app = SyncLease(home / "data" / DB_FILENAME, ROLE_APP)
    assert app.try_acquire()  # the desktop app's sync process, as far as the cache can tell
    try:
        refused = pvesphere(home, "sync", env=secrets_env(sim_fleet))
        assert refused.returncode == 1
        assert f"the desktop app (pid {os.getpid()}) already keeps this cache in sync" in (
            refused.stderr
        )
        assert "Traceback" not in refused.stderr
        # One extra cycle on request is fine.
        once = pvesphere(home, "sync", "--once", env=secrets_env(sim_fleet))
        assert once.returncode == 0, once.stderr
    finally:
        app.release()
