"""Demo mode: an in-process simulated fleet in a throwaway profile, trusted and registered.

This is the only UI module that imports the simulator (an import-linter exception). The demo
never touches the user's keyring or data: secrets stay in memory, the profile is a temporary
directory removed at exit.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from pvesphere_desktop.core.config import AuthMethod, ClusterConfig, TlsMode
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.pve.tls import host_port
from pvesphere_desktop.simulator import FleetSpec, SimulatedFleet
from pvesphere_desktop.simulator.activity import Colleagues

log = logging.getLogger(__name__)

DEMO_VERSIONS = ("7.4", "8.4", "9.1")
# How often (on average, in seconds) the demo's colleague does something to the fleet.
DEMO_COLLEAGUE_EVERY_S = 20.0


class MemorySecretStore:
    """Secrets in memory only (the demo's fleet lives as long as the process)."""

    kind = "memory"

    def __init__(self) -> None:
        self._values: dict[str, Secret] = {}
        self._lock = threading.Lock()

    def describe(self) -> str:
        return "in-memory (demo)"

    def get(self, ref: str) -> Secret | None:
        with self._lock:
            return self._values.get(ref)

    def set(self, ref: str, value: str | Secret) -> None:
        with self._lock:
            self._values[ref] = Secret(value)

    def delete(self, ref: str) -> bool:
        with self._lock:
            return self._values.pop(ref, None) is not None


def config_from_info(info: dict[str, Any], interval_s: float = 5.0) -> tuple[ClusterConfig, Secret]:
    """Return the connection settings and token for one simulated cluster's description.

    ``info`` is what the simulator reports per cluster (``SimulatedFleet.info()`` or a line of
    ``pvesphere sim``): URL, token and every node's certificate fingerprint. We pin exactly
    those certificates, as a user would after comparing fingerprints.
    """
    ident, _, secret = str(info["token"]).rpartition("=")
    user, _, token_id = ident.partition("!")
    pins = {host_port(str(node["url"])): str(node["fingerprint"]) for node in info["nodes"]}
    pins.setdefault(host_port(str(info["url"])), str(info["fingerprint"]))
    config = ClusterConfig(
        name=str(info["name"]),
        url=str(info["url"]),
        auth=AuthMethod.TOKEN,
        user=user,
        token_id=token_id,
        tls=TlsMode.PINNED,
        fingerprints=pins,
        interval_s=interval_s,
    )
    return config, Secret(secret)


class DemoFleet:
    """A running demo: the simulator, its throwaway profile and the cluster configs."""

    def __init__(
        self,
        guests_per_cluster: int = 67,
        nodes: int = 3,
        time_scale: float = 0.4,
        seed: int = 7,
        versions: tuple[str, ...] = DEMO_VERSIONS,
        *,
        colleagues_every_s: float | None = None,
    ) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="pvesphere-demo-"))
        self.profile.chmod(0o700)
        spec = FleetSpec(
            clusters=len(versions), nodes=nodes, guests=guests_per_cluster, versions=versions,
            seed=seed,
        )  # fmt: skip
        # Tasks take seconds (time_scale real seconds per simulated second), like a real PVE.
        self.simulator = SimulatedFleet(spec, time_scale=time_scale)
        self.secrets = MemorySecretStore()
        self.configs: list[ClusterConfig] = []
        # Another administrator at work on the fleet (None: the fleet changes only when asked).
        self._colleagues_every_s = colleagues_every_s
        self.colleagues: Colleagues | None = None

    def start(self) -> DemoFleet:
        self.simulator.start()
        for info in self.simulator.info():
            self.configs.append(self._config(info))
        if self._colleagues_every_s is not None:
            self.colleagues = Colleagues(self.simulator, self._colleagues_every_s).start()
        log.info("demo fleet started: %s", ", ".join(c.name for c in self.configs))
        return self

    def _config(self, info: dict[str, Any]) -> ClusterConfig:
        config, secret = config_from_info(info)
        self.secrets.set(config.secret_ref, secret)
        return config

    def register(self, registry: Any) -> None:
        """Add the demo clusters to the (throwaway) registry."""
        for config in self.configs:
            if registry.find(config.name) is None:
                registry.add(config)

    def stop(self) -> None:
        if self.colleagues is not None:
            self.colleagues.stop()
        self.simulator.stop()
        shutil.rmtree(self.profile, ignore_errors=True)
