"""Fixtures for the sync integration tests: a simulated fleet (PVE 7.4, 8.4, 9.1 and a
standalone node), reached by our real client over real HTTPS, synced into a real SQLite file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pvesphere_desktop.simulator import FleetSpec, SimulatedFleet
from pvesphere_desktop.store.db import DB_FILENAME, Database
from pvesphere_desktop.store.registry import ClusterRegistry
from tests.integration.sync.sync_simhelpers import config_for


@pytest.fixture(scope="session")
def sim_fleet() -> Iterator[SimulatedFleet]:
    spec = FleetSpec(
        clusters=4, nodes=3, guests=40, versions=("7.4", "8.4", "9.1"), seed=5, standalone=1
    )
    with SimulatedFleet(spec, time_scale=0.0, unauthorized_delay=0.0) as fleet:
        yield fleet


@pytest.fixture(autouse=True)
def _faults_off(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "sim_fleet" in request.fixturenames:
        fleet: SimulatedFleet = request.getfixturevalue("sim_fleet")
        for sim in fleet:
            sim.clear_faults()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    Database.for_data_dir(folder).close()
    return folder / DB_FILENAME


@pytest.fixture
def database(tmp_path: Path, migrated_template: Path) -> Iterator[Database]:
    shutil.copyfile(migrated_template, tmp_path / DB_FILENAME)
    db = Database.for_data_dir(tmp_path)
    yield db
    db.close()


@pytest.fixture
def registered(database: Database, sim_fleet: SimulatedFleet) -> ClusterRegistry:
    """Every simulated cluster registered as ``pvesphere cluster add`` would."""
    registry = ClusterRegistry(database)
    for info in sim_fleet.info():
        registry.add(config_for(info))
    return registry
