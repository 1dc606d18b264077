"""Run a simulated fleet: one event loop thread, one HTTPS listener per node address.

Typical use::

    with SimulatedFleet(FleetSpec(clusters=2, nodes=3, guests=20)) as fleet:
        info = fleet.info()[0]              # url, fingerprint, token, users, ...
        fleet["fra-prod"].node_down("fra-pve02")
        fleet["fra-prod"].outside.start_guest(101)
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import random
import shutil
import tempfile
import threading
from collections.abc import Coroutine, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from pvesphere_desktop.simulator import api_access, api_cluster, api_consoles, api_guests, api_nodes
from pvesphere_desktop.simulator.clock import SimClock
from pvesphere_desktop.simulator.generate import FleetSpec, generate_fleet
from pvesphere_desktop.simulator.model import Fleet
from pvesphere_desktop.simulator.outside import OutsideChanges
from pvesphere_desktop.simulator.routing import Router
from pvesphere_desktop.simulator.runtime import ClusterSim
from pvesphere_desktop.simulator.schema import OfficialSchema, find_schema_dir, load_official_schema
from pvesphere_desktop.simulator.versions import profile

log = logging.getLogger(__name__)

T = TypeVar("T")

ROUTES = [
    *api_access.ROUTES,
    *api_cluster.ROUTES,
    *api_nodes.ROUTES,
    *api_guests.ROUTES,
    *api_consoles.ROUTES,
]


def build_router() -> Router:
    return Router(ROUTES)


class SimulatedFleet:
    """A running simulated PVE fleet (context manager)."""

    def __init__(
        self,
        fleet: Fleet | FleetSpec | None = None,
        *,
        time_scale: float = 0.0,
        unauthorized_delay: float = 0.0,
        schema_dir: str | Path | None = None,
        use_official_schema: bool = True,
        use_gzip: bool = True,
        port: int = 0,
        address_block: int | None = None,
    ) -> None:
        if fleet is None:
            fleet = FleetSpec()
        self.model = generate_fleet(fleet) if isinstance(fleet, FleetSpec) else fleet
        self.clock = SimClock(time_scale)
        self.lock = threading.RLock()
        self.unauthorized_delay = unauthorized_delay
        self.use_gzip = use_gzip
        self.requested_port = port
        self.address_block = (
            address_block if address_block is not None else random.randrange(100, 250)
        )
        self.schema_dir = find_schema_dir(schema_dir) if use_official_schema else None
        self.router = build_router()
        self.clusters: dict[str, ClusterSim] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._workdir: Path | None = None

    # --- life cycle ---------------------------------------------------------------------------

    def start(self, timeout: float = 30.0) -> SimulatedFleet:
        """Start the loop thread and every listener; return once all clusters answer."""
        if self._thread is not None:
            return self
        self._workdir = Path(tempfile.mkdtemp(prefix="pvesphere-sim-"))
        self._workdir.chmod(0o700)
        ready = threading.Event()
        loop = asyncio.new_event_loop()
        self.loop = loop

        def run() -> None:
            asyncio.set_event_loop(loop)
            loop.call_soon(ready.set)
            loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._thread = threading.Thread(target=run, name="pve-simulator", daemon=True)
        self._thread.start()
        ready.wait(timeout)
        self._assign_addresses()
        for cluster in self.model.clusters.values():
            official = self._official_schema(cluster.version)
            sim = ClusterSim(
                cluster,
                router=self.router,
                clock=self.clock,
                lock=self.lock,
                official=official,
                workdir=self._workdir,
                unauthorized_delay=self.unauthorized_delay,
                use_gzip=self.use_gzip,
            )
            sim.fleet = self  # type: ignore[attr-defined]
            sim.outside = OutsideChanges(sim)  # type: ignore[attr-defined]
            sim.prepare_certificates()
            self.clusters[cluster.name] = sim
        try:
            self.run(self._start_all(), timeout=timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _official_schema(self, version: str) -> OfficialSchema | None:
        if self.schema_dir is None:
            return None
        return load_official_schema(self.schema_dir, profile(version).schema_file)

    def _assign_addresses(self) -> None:
        block = self.address_block
        for index, cluster in enumerate(self.model.clusters.values()):
            for n, node in enumerate(cluster.nodes.values()):
                node.ip = f"127.{block}.{(index + 1) % 256}.{n + 1}"

    async def _start_all(self) -> None:
        for sim in self.clusters.values():
            for attempt in range(20):
                port = self.requested_port or _free_port(sim.model.first_node.ip)
                try:
                    await sim.start(port)
                    break
                except OSError as exc:
                    await sim.stop()
                    if exc.errno != errno.EADDRINUSE or self.requested_port or attempt == 19:
                        raise
            log.info(
                "simulated cluster %s (PVE %s) listening on port %d",
                sim.name,
                sim.prof.version,
                sim.port,
            )

    def stop(self) -> None:
        """Stop listeners and the loop thread; remove certificates."""
        loop = self.loop
        if loop is not None and self._thread is not None and loop.is_running():
            try:
                self.run(self._stop_all(), timeout=10)
            except Exception:  # stopping must not fail the caller
                log.debug("stopping the simulator failed", exc_info=True)
            loop.call_soon_threadsafe(loop.stop)
            self._thread.join(timeout=10)
        self._thread = None
        self.loop = None
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    async def _stop_all(self) -> None:
        for sim in self.clusters.values():
            await sim.stop()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def __enter__(self) -> SimulatedFleet:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- helpers ------------------------------------------------------------------------------

    def run(self, coro: Coroutine[Any, Any, T], timeout: float | None = 30.0) -> T:
        """Run a coroutine on the simulator's loop from another thread and wait for it."""
        assert self.loop is not None
        if _on_loop(self.loop):
            raise RuntimeError("SimulatedFleet.run() called on the simulator's own loop")
        future: Future[T] = asyncio.run_coroutine_threadsafe(coro, self.loop)
        return future.result(timeout)

    def __getitem__(self, name: str) -> ClusterSim:
        return self.clusters[name]

    def __iter__(self) -> Iterator[ClusterSim]:
        return iter(self.clusters.values())

    @property
    def workdir(self) -> Path:
        assert self._workdir is not None
        return self._workdir

    @contextlib.contextmanager
    def mutate(self, cluster: str) -> Iterator[Any]:
        """Change a cluster's model directly (under the fleet lock); views refresh after."""
        sim = self.clusters[cluster]
        with self.lock:
            yield sim.model
            sim.bump()

    def cluster_by_address(self, address: str) -> ClusterSim | None:
        host = address.split(":", maxsplit=1)[0].strip("[]")
        for sim in self.clusters.values():
            if any(n.ip == host for n in sim.model.nodes.values()):
                return sim
        return None

    def info_for(self, name: str) -> dict[str, Any]:
        """Describe one cluster (see :meth:`info`)."""
        return cluster_info(self.clusters[name], self.workdir)

    def info(self) -> list[dict[str, Any]]:
        """Describe every cluster: URL, version, fingerprint, credentials (as the CLI prints)."""
        return [cluster_info(sim, self.workdir) for sim in self.clusters.values()]


def cluster_info(sim: ClusterSim, workdir: Path) -> dict[str, Any]:
    model = sim.model
    first = model.first_node
    root = model.users["root@pam"]
    token = next(iter(root.tokens.values()))
    ca_file = workdir / f"{model.name}-ca.pem"
    if sim.ca is not None and not ca_file.exists():
        ca_file.write_bytes(sim.ca.pem)
    users = []
    for user in model.users.values():
        entry: dict[str, Any] = {
            "userid": user.userid,
            "password": user.password,
            "totp_secret": user.totp_secret,
        }
        if user.comment:
            entry["comment"] = user.comment
        users.append(entry)
    tokens = [
        {
            "tokenid": f"{u.userid}!{t.tokenid}",
            "secret": t.secret,
            "privsep": int(t.privsep),
            "header": f"PVEAPIToken={u.userid}!{t.tokenid}={t.secret}",
        }
        for u in model.users.values()
        for t in u.tokens.values()
    ]
    return {
        "name": model.name,
        "url": f"https://{first.ip}:{sim.port}",
        "version": sim.prof.key,
        "pveversion": sim.prof.version,
        "standalone": model.standalone,
        "fingerprint": first.fingerprint,
        "ca_file": str(ca_file),
        "token": f"{root.userid}!{token.tokenid}={token.secret}",
        "users": users,
        "tokens": tokens,
        "nodes": [
            {
                "name": n.name,
                "address": n.ip,
                "url": f"https://{n.ip}:{sim.port}",
                "fingerprint": n.fingerprint,
                "online": n.online,
            }
            for n in model.nodes.values()
        ],
    }


def _free_port(address: str) -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((address, 0))
        return int(sock.getsockname()[1])


def _on_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


@contextlib.contextmanager
def start_fleet(spec: FleetSpec | Fleet | None = None, **kwargs: Any) -> Iterator[SimulatedFleet]:
    """Start a fleet for the duration of a ``with`` block."""
    fleet = SimulatedFleet(spec, **kwargs)
    fleet.start()
    try:
        yield fleet
    finally:
        fleet.stop()
