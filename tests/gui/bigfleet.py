"""A large simulated fleet in a separate process, for the stall test and the UI benchmarks.

The simulator runs as ``pvesphere sim`` in its own process, so its work does not compete
with the window for this process's interpreter lock (as with a real, remote PVE).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer


@contextmanager
def sim_process(
    clusters: int, guests: int, nodes: int = 3, timeout: float = 180.0
) -> Iterator[list[dict[str, Any]]]:
    """Start ``pvesphere sim``; yield the JSON description of each cluster; stop it after."""
    command = [
        sys.executable, "-m", "pvesphere_desktop.cli.main", "sim",
        "--clusters", str(clusters), "--nodes", str(nodes), "--guests", str(guests),
        "--time-scale", "0", "--no-stdin", "--seed", "5",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        infos: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        assert process.stdout is not None
        while len(infos) < clusters:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"the simulator did not start ({len(infos)} clusters up)")
            line = process.stdout.readline()
            if line.startswith("{"):
                infos.append(json.loads(line))
        yield infos
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def register(
    infos: list[dict[str, Any]], registry: Any, secrets: Any, interval_s: float = 5.0
) -> None:
    """Add the simulated clusters (token auth, pinned certificates) to a registry."""
    from pvesphere_desktop.ui.demo import config_from_info

    for info in infos:
        config, secret = config_from_info(info, interval_s=interval_s)
        secrets.set(config.secret_ref, secret)
        registry.add(config)


def fill_cache(home: Path, clusters: int, guests: int) -> Path:
    """Fill the cache of the data directory ``home`` by one real sync of a simulated fleet.

    The clusters stay registered, their secrets are not kept: a window started on ``home``
    afterwards shows the cache offline (the simulator is gone too).
    """
    from pvesphere_desktop.paths import AppPaths
    from pvesphere_desktop.store import ClusterRegistry, Database
    from pvesphere_desktop.sync.coordinator import SyncSettings
    from pvesphere_desktop.ui.backend import FleetBackend
    from pvesphere_desktop.ui.demo import MemorySecretStore

    paths = AppPaths.resolve(home).ensure()
    with sim_process(clusters, guests) as infos:
        database = Database.for_data_dir(paths.data_dir)
        secrets = MemorySecretStore()
        register(infos, ClusterRegistry(database), secrets)
        backend = FleetBackend(database, secrets, lambda item: None, SyncSettings(workers=2))
        try:
            results = backend.engine.run_once(tasks=False)
            assert all(r.ok for r in results.values()), results
        finally:
            backend.stop()
            database.close()
    return home


class GapMeter(QObject):
    """Measure how late a 10 ms timer fires: the longest time the event loop was blocked."""

    def __init__(self, interval_ms: int = 10) -> None:
        super().__init__()
        self.interval = interval_ms / 1000
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.gaps: list[float] = []

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now

    @property
    def worst_stall_ms(self) -> float:
        """The longest gap beyond the timer's own interval, in milliseconds."""
        return max((g - self.interval for g in self.gaps), default=0.0) * 1000
