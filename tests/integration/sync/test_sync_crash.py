"""Crash safety: SIGKILL a syncing process at random moments, 50 times. After every kill the
SQLite file passes ``PRAGMA integrity_check`` and no half-written cycle is visible."""

from __future__ import annotations

import multiprocessing
import random
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.simulator import FleetSpec, SimulatedFleet
from pvesphere_desktop.store.db import DB_FILENAME, Database
from pvesphere_desktop.store.registry import ClusterRegistry
from pvesphere_desktop.sync.engine import SyncEngine
from tests.integration.sync import sync_crashworker
from tests.integration.sync.sync_simhelpers import config_for, token_parts

KILLS = 50


@pytest.fixture(scope="module")
def big_fleet() -> Iterator[SimulatedFleet]:
    spec = FleetSpec(clusters=2, nodes=3, guests=400, versions=("8.4", "9.1"), seed=11)
    with SimulatedFleet(spec, time_scale=0.0) as fleet:
        yield fleet


def name_key(guest: Any) -> str:
    return "hostname" if guest.kind == "lxc" else "name"


def check(path: Path, expected: dict[str, int]) -> int:
    """Check the cache after a crash; return how many clusters were fully written."""
    with sqlite3.connect(path, timeout=10) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        complete = 0
        for name, cid in conn.execute("SELECT name, id FROM clusters").fetchall():
            guests = conn.execute("SELECT count(*) FROM guests WHERE cluster_id=?", (cid,))
            nodes = conn.execute("SELECT count(*) FROM nodes WHERE cluster_id=?", (cid,))
            state = conn.execute(
                "SELECT last_ok_at FROM cluster_state WHERE cluster_id=?", (cid,)
            ).fetchone()
            count, node_count = guests.fetchone()[0], nodes.fetchone()[0]
            synced = state is not None and state[0] is not None
            # A cycle is all or nothing: either nothing of this cluster, or all of it.
            assert count in (0, expected[name]), (name, count)
            assert node_count in (0, 3)
            assert (count > 0) == synced == (node_count > 0)
            complete += synced
        # Tag rows always match the guests they belong to (written in the same transaction).
        tags: dict[tuple[int, int], set[str]] = {}
        for cid, vmid, tag in conn.execute("SELECT cluster_id, vmid, tag FROM guest_tags"):
            tags.setdefault((cid, vmid), set()).add(tag)
        for cid, vmid, text in conn.execute("SELECT cluster_id, vmid, tags FROM guests"):
            assert set(filter(None, text.split(";"))) == tags.get((cid, vmid), set()), vmid
    return complete


@pytest.mark.slow
def test_sigkill_at_random_points(tmp_path: Path, big_fleet: SimulatedFleet) -> None:
    data = tmp_path / "data"
    database = Database.for_data_dir(data)
    registry = ClusterRegistry(database)
    for info in big_fleet.info():
        registry.add(config_for(info, interval_s=0.05))
    database.close()
    secrets = {i["name"]: token_parts(i["token"])[2] for i in big_fleet.info()}
    expected = {sim.name: len(sim.model.guests) for sim in big_fleet}

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(sync_crashworker.PRELOAD)
    rng = random.Random(2024)
    synced_at_kill = 0
    for kill in range(KILLS):
        # Someone edits guests in PVE between runs, so every run has something to write.
        for sim in big_fleet:
            with big_fleet.mutate(sim.name) as model:
                for guest in rng.sample(sorted(model.guests.values(), key=lambda g: g.vmid), 25):
                    guest.config["tags"] = ";".join(rng.sample(["a", "b", "c", "d", "e"], 2))
                    guest.config[name_key(guest)] = f"g{guest.vmid}-{kill}"
        child = context.Process(target=sync_crashworker.run, args=(str(data), secrets))
        child.start()
        time.sleep(rng.uniform(0.05, 1.2))  # the random point of the crash
        assert child.pid is not None
        child.kill()  # SIGKILL
        child.join(10)
        assert child.exitcode == -signal.SIGKILL
        synced_at_kill += check(data / DB_FILENAME, expected)
    assert synced_at_kill > 0, "no run ever got a cycle written: kills came too early"

    # Afterwards a normal sync brings the cache exactly in line with PVE.
    database = Database.for_data_dir(data)
    try:
        engine = SyncEngine(database, secrets=lambda c: Secret(secrets[c.name]))
        assert all(r.ok for r in engine.run_once().values())
        for sim in big_fleet:
            cached = {g.vmid: g for g in engine.store.guests([sim.name])}
            for vmid, guest in sim.model.guests.items():
                assert cached[vmid].name == guest.config[name_key(guest)]
                assert ";".join(cached[vmid].tags) == guest.config.get("tags", "")
    finally:
        database.close()
