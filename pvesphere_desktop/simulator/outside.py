"""Changes made "outside our app": another admin, the PVE GUI or HA acting on the fleet."""

from __future__ import annotations

import logging
import random
from typing import TYPE_CHECKING, Any

from pvesphere_desktop.simulator.model import Guest, Task, split_tags
from pvesphere_desktop.simulator.upid import make_upid

if TYPE_CHECKING:
    from pvesphere_desktop.simulator.runtime import ClusterSim

log = logging.getLogger(__name__)


class OutsideChanges:
    """Mutate a running cluster the way someone else would; each call is immediate."""

    def __init__(self, sim: ClusterSim) -> None:
        self.sim = sim

    def _guest(self, vmid: int) -> Guest:
        guest = self.sim.model.guests.get(vmid)
        if guest is None:
            raise KeyError(f"no guest {vmid} in {self.sim.name}")
        return guest

    def finished_task(
        self,
        node: str,
        ttype: str,
        ident: str = "",
        *,
        user: str = "root@pam",
        exitstatus: str = "OK",
        log: list[str] | None = None,
        duration: int = 0,
    ) -> str:
        """Add a task that someone ran and that has ended (``log`` defaults to PVE's last line
        for ``exitstatus``); return its UPID."""
        with self.sim.lock:
            now = self.sim.clock.now()
            node_obj = self.sim.model.nodes[node]
            pid = random.randrange(10_000, 4_000_000)
            pstart = int(max(0.0, now - node_obj.boot_time) * 100)
            upid = make_upid(
                node, pid=pid, pstart=pstart, starttime=int(now), ttype=ttype, ident=ident,
                user=user,
            )  # fmt: skip
            if log is None:
                log = ["TASK OK"] if exitstatus == "OK" else [f"TASK {exitstatus}"]
            self.sim.model.tasks[upid] = Task(
                upid=upid,
                node=node,
                pid=pid,
                pstart=pstart,
                starttime=int(now),
                type=ttype,
                id=ident,
                user=user,
                status="stopped",
                exitstatus=exitstatus,
                endtime=int(now) + duration,
                log=list(log),
            )
            self.sim.bump()
        return upid

    def start_guest(self, vmid: int) -> None:
        from pvesphere_desktop.simulator.api_guests import set_running

        with self.sim.lock:
            guest = self._guest(vmid)
            set_running(self.sim.clock.now(), guest)
            self.finished_task(
                guest.node, "qmstart" if guest.kind == "qemu" else "vzstart", str(vmid)
            )
            self.sim.bump()

    def stop_guest(self, vmid: int) -> None:
        from pvesphere_desktop.simulator.api_guests import set_stopped

        with self.sim.lock:
            guest = self._guest(vmid)
            set_stopped(self.sim.clock.now(), guest)
            self.finished_task(
                guest.node, "qmstop" if guest.kind == "qemu" else "vzstop", str(vmid)
            )
            self.sim.bump()

    def migrate_guest(self, vmid: int, node: str) -> None:
        with self.sim.lock:
            guest = self._guest(vmid)
            if node not in self.sim.model.nodes:
                raise KeyError(node)
            source = guest.node
            for key, value in guest.config.items():
                text = str(value)
                volid = text.split(",", maxsplit=1)[0]
                store = self.sim.model.storages.get(volid.split(":")[0])
                if store is not None and not store.shared and volid in store.volume_map(source):
                    store.volume_map(node)[volid] = store.volume_map(source).pop(volid)
                _ = key
            guest.node = node
            self.finished_task(
                source, "qmmigrate" if guest.kind == "qemu" else "vzmigrate", str(vmid)
            )
            self.sim.bump()

    def rename_guest(self, vmid: int, name: str) -> None:
        with self.sim.lock:
            guest = self._guest(vmid)
            guest.config["name" if guest.kind == "qemu" else "hostname"] = name
            self.sim.bump()

    def tag_guest(self, vmid: int, tags: str | list[str]) -> None:
        with self.sim.lock:
            guest = self._guest(vmid)
            items = split_tags(tags) if isinstance(tags, str) else list(tags)
            if items:
                guest.config["tags"] = ";".join(sorted(dict.fromkeys(items)))
            else:
                guest.config.pop("tags", None)
            self.sim.bump()

    def delete_guest(self, vmid: int) -> None:
        with self.sim.lock:
            guest = self._guest(vmid)
            model = self.sim.model
            del model.guests[vmid]
            for pool in model.pools.values():
                pool.vmids.discard(vmid)
            for sid in [s for s, r in model.ha_resources.items() if r.vmid == vmid]:
                del model.ha_resources[sid]
            self.finished_task(
                guest.node, "qmdestroy" if guest.kind == "qemu" else "vzdestroy", str(vmid)
            )
            self.sim.bump()

    def set_config(self, vmid: int, **values: Any) -> None:
        """Set (or with None remove) config keys, e.g. ``set_config(100, memory=8192)``."""
        with self.sim.lock:
            guest = self._guest(vmid)
            for key, value in values.items():
                if value is None:
                    guest.config.pop(key, None)
                else:
                    guest.config[key] = value
            self.sim.bump()
