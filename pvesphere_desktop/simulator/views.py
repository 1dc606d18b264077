"""Render the model the way PVE's status daemons report it (resource rows, guest status)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from pvesphere_desktop.simulator import metrics
from pvesphere_desktop.simulator.model import Cluster, Guest, Node, Storage

if TYPE_CHECKING:
    from pvesphere_desktop.simulator.runtime import ClusterSim

log = logging.getLogger(__name__)

PLUGIN_FORMATS = {
    "dir": ("qcow2", ["raw", "qcow2", "vmdk", "subvol"]),
    "nfs": ("qcow2", ["raw", "qcow2", "vmdk"]),
    "lvmthin": ("raw", ["raw"]),
    "zfspool": ("raw", ["raw", "subvol"]),
    "rbd": ("raw", ["raw"]),
    "cephfs": ("raw", ["raw"]),
}


def node_usage(sim: ClusterSim, node: Node) -> dict[str, Any]:
    """Return the current usage figures of a node (cached for one update interval)."""
    return cached_node_samples(sim)[node.name]


def cached_node_samples(sim: ClusterSim) -> dict[str, dict[str, Any]]:
    bucket = metrics.quantize(sim.clock.now())
    key = ("node-samples", sim.generation, bucket)
    samples = sim.cache.get(key)
    if samples is None:
        loads = metrics.node_loads(sim.model)
        samples = {
            name: metrics.node_sample(node, loads[name], bucket)
            for name, node in sim.model.nodes.items()
        }
        _store(sim, key, samples)
    return samples


def _store(sim: ClusterSim, key: Any, value: Any) -> None:
    if len(sim.cache) > 64:
        sim.cache.clear()
    sim.cache[key] = value


def node_row(sim: ClusterSim, node: Node, *, for_nodes_list: bool) -> dict[str, Any]:
    if not node.online:
        row: dict[str, Any] = {
            "id": f"node/{node.name}",
            "node": node.name,
            "status": "offline",
            "type": "node",
        }
        if not for_nodes_list:
            row["level"] = ""
        return row
    s = node_usage(sim, node)
    row = {
        "id": f"node/{node.name}",
        "type": "node",
        "node": node.name,
        "status": "online",
        "cpu": s["cpu"],
        "maxcpu": node.cpus,
        "mem": s["mem"],
        "maxmem": node.memory_total,
        "disk": s["root_used"],
        "maxdisk": node.rootfs_total,
        "uptime": s["uptime"],
        "level": "",
    }
    if for_nodes_list:
        row["ssl_fingerprint"] = node.fingerprint
    else:
        row["cgroup-mode"] = 2
    return row


def storage_row(storage: Storage, node: Node) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": f"storage/{node.name}/{storage.storage}",
        "type": "storage",
        "node": node.name,
        "storage": storage.storage,
        "status": "available" if node.online else "unknown",
        "plugintype": storage.type,
        "content": ",".join(storage.content),
        "shared": int(storage.shared),
    }
    if node.online:
        row["disk"] = storage.used(node.name)
        row["maxdisk"] = storage.total
    return row


def guest_row(
    cluster: Cluster,
    guest: Guest,
    now: float,
    *,
    v9: bool,
    pools: dict[int, str],
    ha: dict[int, str],
    online: bool,
) -> dict[str, Any]:
    """Return a ``/cluster/resources`` row for a guest."""
    row: dict[str, Any] = {
        "id": f"{guest.kind}/{guest.vmid}",
        "type": guest.kind,
        "vmid": guest.vmid,
        "node": guest.node,
        "name": guest.name,
        "template": int(guest.template),
    }
    if not online:
        row["status"] = "unknown"
    else:
        s = metrics.guest_sample(guest, now)
        row.update(
            status=guest.status,
            cpu=s["cpu"],
            maxcpu=guest.maxcpu,
            mem=s["mem"],
            maxmem=guest.maxmem,
            disk=s["disk"],
            maxdisk=guest.maxdisk,
            uptime=s["uptime"],
            netin=s["netin"],
            netout=s["netout"],
            diskread=s["diskread"],
            diskwrite=s["diskwrite"],
        )
        if v9 and guest.kind == "qemu":
            row["memhost"] = int(s["mem"] * 1.04) if guest.running else 0
    if guest.tags:
        row["tags"] = guest.tags
    if guest.lock:
        row["lock"] = guest.lock
    pool = pools.get(guest.vmid)
    if pool:
        row["pool"] = pool
    state = ha.get(guest.vmid)
    if state:
        row["hastate"] = state
    return row


def pool_map(cluster: Cluster) -> dict[int, str]:
    return {vmid: pool.poolid for pool in cluster.pools.values() for vmid in pool.vmids}


def ha_map(cluster: Cluster) -> dict[int, str]:
    return {res.vmid: res.state for res in cluster.ha_resources.values()}


def all_resources(sim: ClusterSim) -> list[dict[str, Any]]:
    """Return every resource row (cached per state generation and update interval)."""
    bucket = metrics.quantize(sim.clock.now())
    key = ("resources", sim.generation, bucket)
    rows = sim.cache.get(key)
    if rows is not None:
        return rows  # type: ignore[no-any-return]
    cluster = sim.model
    v9 = sim.prof.rrd_v9
    pools = pool_map(cluster)
    ha = ha_map(cluster)
    online = {n.name: n.online for n in cluster.nodes.values()}
    rows = []
    for guest in sorted(cluster.guests.values(), key=lambda g: g.vmid):
        rows.append(
            guest_row(
                cluster,
                guest,
                bucket,
                v9=v9,
                pools=pools,
                ha=ha,
                online=online.get(guest.node, False),
            )
        )
    for node in cluster.nodes.values():
        rows.append(node_row(sim, node, for_nodes_list=False))
    for node in cluster.nodes.values():
        for storage in cluster.storages.values():
            if storage.available_on(node.name):
                rows.append(storage_row(storage, node))
    for node in cluster.nodes.values():
        rows.append(
            {
                "id": f"sdn/{node.name}/localnetwork",
                "type": "sdn",
                "sdn": "localnetwork",
                "node": node.name,
                "status": "ok" if node.online else "unknown",
            }
        )
    for pool in cluster.pools.values():
        rows.append({"id": f"/pool/{pool.poolid}", "type": "pool", "pool": pool.poolid})
    _store(sim, key, rows)
    return rows


def guest_status(sim: ClusterSim, guest: Guest, now: float) -> dict[str, Any]:
    """Return ``status/current`` of a guest for the emulated version."""
    prof = sim.prof
    s = metrics.guest_sample(guest, now)
    res = sim.model.ha_of(guest.vmid)
    ha: dict[str, Any] = {"managed": 0}
    if res is not None:
        ha = {"managed": 1, "state": res.state}
        if res.group:
            ha["group"] = res.group
    data: dict[str, Any] = {
        "vmid": guest.vmid,
        "name": guest.name,
        "status": guest.status,
        "cpus": guest.maxcpu,
        "cpu": s["cpu"],
        "maxmem": guest.maxmem,
        "mem": s["mem"],
        "maxdisk": guest.maxdisk,
        "disk": s["disk"],
        "uptime": s["uptime"],
        "netin": s["netin"],
        "netout": s["netout"],
        "diskread": s["diskread"],
        "diskwrite": s["diskwrite"],
        "ha": ha,
    }
    if guest.tags:
        data["tags"] = guest.tags
    if guest.lock:
        data["lock"] = guest.lock
    if guest.template:
        data["template"] = 1
    if guest.kind == "qemu":
        data["qmpstatus"] = guest.qmpstatus if guest.running else "stopped"
        if guest.config.get("agent"):
            data["agent"] = 1
        data["serial"] = 0 if not any(k.startswith("serial") for k in guest.config) else 1
        if guest.running:
            data["pid"] = guest.pid
            data["running-machine"] = prof.machine
            data["running-qemu"] = prof.qemu_version
            data["spice"] = 0
            data["balloon"] = guest.maxmem
            data["freemem"] = guest.maxmem - s["mem"]
            data["nics"] = {f"tap{guest.vmid}i0": {"netin": s["netin"], "netout": s["netout"]}}
            data["ballooninfo"] = {
                "actual": guest.maxmem,
                "max_mem": guest.maxmem,
                "free_mem": guest.maxmem - s["mem"],
                "total_mem": guest.maxmem - 64 * 1024 * 1024,
                "last_update": int(now),
            }
            data["proxmox-support"] = {
                "pbs-dirty-bitmap": True,
                "query-bitmap-info": True,
                "pbs-library-version": "1.4.1 (UNKNOWN)",
            }
            if prof.node_status_v8:
                data["clipboard"] = None
            if prof.rrd_v9:
                data["memhost"] = int(s["mem"] * 1.04)
                data.update(metrics.guest_pressure(guest, now))
    else:
        data["type"] = "lxc"
        data["maxswap"] = guest.maxswap
        data["swap"] = 0
        if guest.running:
            data["pid"] = guest.pid
            if prof.rrd_v9:
                data.update(
                    {
                        k: v
                        for k, v in metrics.guest_pressure(guest, now).items()
                        if k != "pressurecpufull"
                    }
                )
    return data


def guest_list_row(
    sim: ClusterSim, guest: Guest, now: float, *, full: bool = False
) -> dict[str, Any]:
    """Return a row of ``GET /nodes/{node}/qemu`` or ``.../lxc``."""
    prof = sim.prof
    s = metrics.guest_sample(guest, now)
    row: dict[str, Any] = {
        "vmid": guest.vmid,
        "name": guest.name,
        "status": guest.status,
        "cpus": guest.maxcpu,
        "cpu": s["cpu"],
        "maxmem": guest.maxmem,
        "mem": s["mem"],
        "maxdisk": guest.maxdisk,
        "disk": s["disk"],
        "uptime": s["uptime"],
        "netin": s["netin"],
        "netout": s["netout"],
        "diskread": s["diskread"],
        "diskwrite": s["diskwrite"],
    }
    if guest.tags:
        row["tags"] = guest.tags
    if guest.lock:
        row["lock"] = guest.lock
    if guest.template:
        row["template"] = 1
    if guest.running:
        row["pid"] = guest.pid
    if guest.kind == "qemu":
        if full and guest.running:
            row["qmpstatus"] = guest.qmpstatus
            row["running-machine"] = prof.machine
            row["running-qemu"] = prof.qemu_version
        if prof.node_status_v8:
            row["serial"] = 0 if not any(k.startswith("serial") for k in guest.config) else 1
        if prof.rrd_v9:
            row["memhost"] = int(s["mem"] * 1.04) if guest.running else 0
            if guest.running:
                row.update(metrics.guest_pressure(guest, now))
    else:
        row["type"] = "lxc"
        row["maxswap"] = guest.maxswap
        row["swap"] = 0
        if prof.string_numbers:
            row["vmid"] = str(guest.vmid)
        if prof.rrd_v9 and guest.running:
            row.update(
                {
                    k: v
                    for k, v in metrics.guest_pressure(guest, now).items()
                    if k != "pressurecpufull"
                }
            )
    return row


def render_config(sim: ClusterSim, guest: Guest, config: dict[str, Any]) -> dict[str, Any]:
    """Render a stored config for the wire (memory as property string from 8.1)."""
    out: dict[str, Any] = {}
    for key, value in config.items():
        if guest.kind == "qemu" and key == "memory" and sim.prof.memory_propstring:
            out[key] = str(value)
        elif key in INT_KEYS.get(guest.kind, ()):
            try:
                out[key] = int(value)
            except (TypeError, ValueError):
                out[key] = value
        else:
            out[key] = value
    return out


INT_KEYS = {
    "qemu": (
        "memory",
        "cores",
        "sockets",
        "numa",
        "onboot",
        "template",
        "balloon",
        "cpuunits",
        "vcpus",
        "protection",
        "kvm",
        "acpi",
        "tablet",
        "localtime",
        "shares",
        "migrate_speed",
        "snaptime",
        "reboot",
        "freeze",
        "autostart",
        "smp",
    ),
    "lxc": (
        "memory",
        "swap",
        "cores",
        "onboot",
        "unprivileged",
        "template",
        "cpuunits",
        "tty",
        "console",
        "protection",
        "debug",
        "snaptime",
    ),
}
