"""Fixtures for the connection-layer integration tests: a simulated fleet, one cluster per
emulated PVE version (7.4, 8.4, 9.1), reached by our real client over real HTTPS."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pve_conformance import install, register_fleet
from pve_simhelpers import SimCluster, make_fleet

from pvesphere_desktop.simulator import SimulatedFleet

VERSIONS = ("7.4", "8.4", "9.1")


def pytest_configure(config: pytest.Config) -> None:
    install(config)


@pytest.fixture(scope="session")
def fleet(pytestconfig: pytest.Config) -> Iterator[SimulatedFleet]:
    """Three clusters (7.4, 8.4, 9.1) of three nodes and one standalone node, shared."""
    with make_fleet(seed=41) as running:
        register_fleet(pytestconfig, running.info())
        yield running


@pytest.fixture(autouse=True)
def _faults_off(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "fleet" in request.fixturenames:
        running: SimulatedFleet = request.getfixturevalue("fleet")
        for sim in running:
            sim.clear_faults()


def _by_version(fleet: SimulatedFleet, version: str) -> SimCluster:
    for info in fleet.info():
        if info["version"] == version and not info["standalone"]:
            return SimCluster(fleet, info)
    raise LookupError(version)


@pytest.fixture(params=VERSIONS)
def cluster(request: pytest.FixtureRequest, fleet: SimulatedFleet) -> SimCluster:
    """The multi-node cluster of each emulated version in turn."""
    return _by_version(fleet, str(request.param))


@pytest.fixture
def standalone(fleet: SimulatedFleet) -> SimCluster:
    info: dict[str, Any] = next(i for i in fleet.info() if i["standalone"])
    return SimCluster(fleet, info)


@pytest.fixture
def fresh_fleet(pytestconfig: pytest.Config) -> Iterator[SimulatedFleet]:
    """A private fleet for tests that change what cannot be changed back (certificates, clock)."""
    with make_fleet(seed=43, standalone=0) as running:
        register_fleet(pytestconfig, running.info())
        yield running


@pytest.fixture(params=VERSIONS)
def fresh_cluster(request: pytest.FixtureRequest, fresh_fleet: SimulatedFleet) -> SimCluster:
    return _by_version(fresh_fleet, str(request.param))
