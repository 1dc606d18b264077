"""Colleagues at work: another administrator acting on a running simulated fleet.

The demo uses this so that its fleet lives the way a real one does while it is being looked at:
guests are started and shut down, snapshots and backups are taken, by someone else. Every act
goes through the API handlers (``ClusterSim.act_as``), so it runs as a real task with the
guest locked, takes its simulated time and appears in ``/cluster/tasks`` under the colleague's
name.
"""

from __future__ import annotations

import logging
import random
import time
from collections import deque
from typing import TYPE_CHECKING

from pvesphere_desktop.simulator.model import Guest
from pvesphere_desktop.simulator.routing import ApiError

if TYPE_CHECKING:
    import asyncio

    from pvesphere_desktop.simulator.fleet import SimulatedFleet
    from pvesphere_desktop.simulator.runtime import ClusterSim

log = logging.getLogger(__name__)

# Ada Admin: an administrator of every generated cluster (see generate.py).
COLLEAGUE = "admin@pve"
# A guest keeps at most this many of the colleague's snapshots; then it gets a backup instead.
MAX_SNAPSHOTS = 3
SNAPSHOT_PREFIX = "auto"


class Colleagues:
    """Every ``every_s`` seconds (with jitter) one act on a random guest of a random cluster:
    start a stopped guest; shut down, snapshot or back up a running one."""

    def __init__(
        self,
        fleet: SimulatedFleet,
        every_s: float = 20.0,
        seed: int | None = None,
        user: str = COLLEAGUE,
    ) -> None:
        self.fleet = fleet
        self.every_s = every_s
        self.user = user
        self._rng = random.Random(seed)
        self._handle: asyncio.TimerHandle | None = None
        self._stopped = False
        # What was done, newest last: ("start", "muc-prod", 112).
        self.done: deque[tuple[str, str, int]] = deque(maxlen=100)

    # -- life cycle ---------------------------------------------------------------------------

    def start(self) -> Colleagues:
        loop = self._loop()
        self._stopped = False
        loop.call_soon_threadsafe(self._schedule)
        return self

    def stop(self) -> None:
        self._stopped = True
        loop = self.fleet.loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._cancel)

    def _loop(self) -> asyncio.AbstractEventLoop:
        if self.fleet.loop is None:
            raise RuntimeError("the simulated fleet is not running")
        return self.fleet.loop

    def _cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _schedule(self) -> None:
        if self._stopped:
            return
        delay = self.every_s * self._rng.uniform(0.5, 1.5)
        self._handle = self._loop().call_later(delay, self._tick)

    def _tick(self) -> None:
        try:
            self.act_once()
        except Exception:  # a colleague's mistake must not end the demo
            log.exception("simulated colleague failed")
        self._schedule()

    # -- acting ---------------------------------------------------------------------------------

    def act_once(self) -> tuple[str, str, int] | None:
        """Do one thing somewhere; return what (None when no cluster had anything to do)."""
        names = sorted(self.fleet.clusters)
        self._rng.shuffle(names)
        for name in names:
            sim = self.fleet[name]
            with sim.lock:
                done = self._act_on(sim)
            if done is not None:
                self.done.append(done)
                log.info("a colleague did %s on %s/%s", *done)
                return done
        return None

    def _act_on(self, sim: ClusterSim) -> tuple[str, str, int] | None:
        if sim.faults.unreachable or not sim.quorate():
            return None
        model = sim.model
        candidates = [
            g for g in model.guests.values()
            if not g.template and not g.lock and model.nodes[g.node].online
        ]  # fmt: skip
        if not candidates:
            return None
        guest = self._rng.choice(sorted(candidates, key=lambda g: g.vmid))
        action = self._choose(guest)
        try:
            self._run(sim, guest, action)
        except ApiError as exc:
            log.info("a colleague could not %s %s/%s: %s", action, sim.name, guest.vmid, exc)
            return None
        return (action, sim.name, guest.vmid)

    def _choose(self, guest: Guest) -> str:
        if not guest.running:
            return "start"
        roll = self._rng.random()
        if roll < 0.3:
            return "shutdown"
        ours = [s for s in guest.snapshots if s.startswith(SNAPSHOT_PREFIX)]
        if roll < 0.65 and len(ours) < MAX_SNAPSHOTS:
            return "snapshot"
        return "backup"

    def _run(self, sim: ClusterSim, guest: Guest, action: str) -> None:
        base = f"/nodes/{guest.node}/{guest.kind}/{guest.vmid}"
        if action in ("start", "shutdown"):
            sim.act_as(self.user, "POST", f"{base}/status/{action}")
        elif action == "snapshot":
            stamp = time.strftime("%Y%m%d_%H%M%S", time.gmtime(sim.clock.now()))
            sim.act_as(
                self.user,
                "POST",
                f"{base}/snapshot",
                {"snapname": f"{SNAPSHOT_PREFIX}_{stamp}", "description": "before changes"},
            )
        else:
            storage = next(
                (
                    s.storage
                    for s in sorted(sim.model.storages.values(), key=lambda s: s.storage)
                    if "backup" in s.content and s.available_on(guest.node)
                ),
                None,
            )
            if storage is None:
                raise ApiError(500, "no storage for backups")
            sim.act_as(
                self.user,
                "POST",
                f"/nodes/{guest.node}/vzdump",
                {"vmid": str(guest.vmid), "storage": storage, "mode": "snapshot"},
            )
