"""Fixtures for the cluster/guest command tests: a simulated fleet and a private data directory.

The simulator helpers and the request-conformance plugin live with the connection-layer tests
(tests/integration/pve); this directory shares them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pve"))

from pve_conformance import install, register_fleet
from pve_simhelpers import SimCluster, make_fleet

from pvesphere_desktop.simulator import SimulatedFleet

VAULT_PASSWORD = "cli tests master password"


def pytest_configure(config: pytest.Config) -> None:
    install(config)


@pytest.fixture(scope="session")
def cli_fleet(pytestconfig: pytest.Config) -> Iterator[SimulatedFleet]:
    with make_fleet(seed=51, standalone=0) as running:
        register_fleet(pytestconfig, running.info())
        yield running


@pytest.fixture(autouse=True)
def _faults_off(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "cli_fleet" in request.fixturenames:
        running: SimulatedFleet = request.getfixturevalue("cli_fleet")
        for sim in running:
            sim.clear_faults()


@pytest.fixture(params=["7.4", "8.4", "9.1"])
def sim_cluster(request: pytest.FixtureRequest, cli_fleet: SimulatedFleet) -> SimCluster:
    info = next(i for i in cli_fleet.info() if i["version"] == request.param)
    return SimCluster(cli_fleet, info)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data directory; secrets in the real vault, unlocked from the environment.

    The vault is forced so that a developer's own OS keyring is never written by tests.
    """
    monkeypatch.setenv("PVESPHERE_VAULT_PASSWORD", VAULT_PASSWORD)
    monkeypatch.setenv("PVESPHERE_SECRETS", "vault")
    monkeypatch.delenv("PVESPHERE_HOME", raising=False)
    return tmp_path / "home"
