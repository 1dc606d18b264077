"""A large simulated fleet in a separate process, for the stall test and the UI benchmarks.

The simulator runs as ``pvesphere sim`` in its own process, so its work does not compete
with the window for this process's interpreter lock (as with a real, remote PVE).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer


@contextmanager
def sim_process(
    clusters: int, guests: int, nodes: int = 3, timeout: float = 180.0, niceness: int = 0
) -> Iterator[list[dict[str, Any]]]:
    """Start ``pvesphere sim``; yield the JSON description of each cluster; stop it after.

    ``niceness`` lowers the simulator's OS priority: real PVE servers do not share the
    desktop's two cores, so a test of the window's responsiveness must not let them.
    """
    command = [
        sys.executable, "-m", "pvesphere_desktop.cli.main", "sim",
        "--clusters", str(clusters), "--nodes", str(nodes), "--guests", str(guests),
        "--time-scale", "0", "--no-stdin", "--seed", "5",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    if niceness and hasattr(os, "setpriority"):
        os.setpriority(os.PRIO_PROCESS, process.pid, niceness)
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
    """Measure how late a 10 ms timer fires: the longest time the event loop was blocked.

    Next to each gap it records the CPU time of the GUI thread and of the whole process in
    it: a long gap with little GUI CPU means the thread was waiting, for the interpreter lock
    (the process's other threads were busy) or for a core (they were not).
    """

    def __init__(self, interval_ms: int = 10) -> None:
        super().__init__()
        self.interval = interval_ms / 1000
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self._last_cpu = self._last_process = 0.0
        self.gaps: list[float] = []
        self.cpu: list[float] = []  # the GUI thread's CPU time in each gap
        self.process_cpu: list[float] = []  # every thread's

    def start(self) -> None:
        self.last = time.perf_counter()
        self._last_cpu, self._last_process = time.thread_time(), time.process_time()
        self.timer.start()

    def start_at_first(self, signal: Any) -> None:
        """Start measuring when ``signal`` is first emitted."""

        def begin(*_args: Any) -> None:
            signal.disconnect(begin)
            self.start()

        signal.connect(begin)

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now, cpu, process = time.perf_counter(), time.thread_time(), time.process_time()
        self.gaps.append(now - self.last)
        self.cpu.append(cpu - self._last_cpu)
        self.process_cpu.append(process - self._last_process)
        self.last, self._last_cpu, self._last_process = now, cpu, process

    @property
    def worst_stall_ms(self) -> float:
        """The longest gap beyond the timer's own interval, in milliseconds."""
        return max((g - self.interval for g in self.gaps), default=0.0) * 1000

    def describe(self) -> str:
        if not self.gaps:
            return "no turns measured"
        worst = max(range(len(self.gaps)), key=self.gaps.__getitem__)
        ordered = sorted(self.gaps)
        p99 = (ordered[int(len(ordered) * 0.99)] - self.interval) * 1000
        return (
            f"worst stall {self.worst_stall_ms:.1f} ms (CPU in it: GUI thread "
            f"{self.cpu[worst] * 1000:.0f} ms, other threads "
            f"{(self.process_cpu[worst] - self.cpu[worst]) * 1000:.0f} ms), p99 {p99:.1f} ms, "
            f"{len(self.gaps)} turns"
        )


@dataclass
class SyncWatch:
    """What :func:`watch_big_sync` saw."""

    meter: GapMeter
    guests: int
    resets_after_first_sync: int
    window_rss_mb: float  # peak, the window's process
    sync_rss_mb: float  # peak, the sync process (0 where /proc is missing)


def _peak_rss_mb(pid: int | None) -> float:
    """Peak resident memory of a process (Linux /proc), in MB; 0 when unknown."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (OSError, TypeError):
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def watch_big_sync(
    qtbot: Any, home: Path, clusters: int, guests: int, regular_changesets: int
) -> SyncWatch:
    """Open the real window over a simulated fleet and time its event loop while it syncs.

    Measured: from the first ChangeSet through the first sync (dashboard shown, tree
    filling), then, after the user opened the guest table and a guest's pane (a click, not
    measured), ``regular_changesets`` regular cycles changing rows under it. The sync runs
    in its child process as in the app; the simulator runs in another process at a lower
    priority, standing in for PVE servers that do not share this machine's cores.
    """
    from pvesphere_desktop.paths import AppPaths
    from pvesphere_desktop.store import ClusterRegistry, Database
    from pvesphere_desktop.sync.coordinator import SyncSettings
    from pvesphere_desktop.ui.backend import FleetBackend
    from pvesphere_desktop.ui.bridge import SyncBridge
    from pvesphere_desktop.ui.demo import MemorySecretStore
    from pvesphere_desktop.ui.main_window import MainWindow
    from pvesphere_desktop.ui.settings import Settings
    from pvesphere_desktop.ui.startup import DESKTOP_SYNC_WORKERS

    paths = AppPaths.resolve(home).ensure()
    meter = GapMeter()
    resets: list[int] = []
    with sim_process(clusters, guests, niceness=10) as infos:
        database = Database.for_data_dir(paths.data_dir)
        secrets = MemorySecretStore()
        register(infos, ClusterRegistry(database), secrets, interval_s=2.0)
        bridge = SyncBridge()
        settings = SyncSettings(stagger_s=1.0, workers=DESKTOP_SYNC_WORKERS)
        backend = FleetBackend(database, secrets, bridge.post, settings, sync_process=True)
        window = MainWindow(Settings(paths.settings_file), backend, bridge=bridge)
        bridge.setParent(window)
        window.resize(1440, 900)
        window.show()
        meter.start_at_first(bridge.changeset_ready)
        try:
            window.start()
            qtbot.waitUntil(lambda: window.first_sync_done, timeout=240_000)
            synced = len(window.fleet.guests)
            meter.stop()
            window.show_all_guests()
            pane = window.guest_pane
            qtbot.waitUntil(lambda: window._detail_is(pane) and pane.charts.complete)
            meter.start()
            window.guest_model.modelReset.connect(lambda: resets.append(1))
            after_first = bridge.delivered
            qtbot.waitUntil(
                lambda: bridge.delivered >= after_first + regular_changesets, timeout=120_000
            )
            host = backend.sync_process
            sync_rss = _peak_rss_mb(host.pid if host is not None else None)
        finally:
            meter.stop()
            window.close()
            window.shutdown(wait=True)
            window.deleteLater()
            database.close()
    window_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return SyncWatch(meter, synced, len(resets), window_rss, sync_rss)
