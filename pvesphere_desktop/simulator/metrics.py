"""Live metrics as pure functions of (object, time), so counters, current values and RRD rows
always agree and nothing needs a background ticker.

Values change every ``STEP`` seconds (pvestatd's update interval). Counters (net/disk bytes) are
integrals of the rates the RRD rows report, so they grow monotonically while a guest runs.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Any

from pvesphere_desktop.simulator.model import GIB, MIB, Cluster, Guest, Node, Storage

log = logging.getLogger(__name__)

STEP = 10
TWO_PI = 2 * math.pi
DAY = 86400.0
SHORT = 1700.0

# timeframe -> (resolution seconds, rows)
RRD_V8 = {
    "hour": (60, 70),
    "day": (1800, 70),
    "week": (10800, 70),
    "month": (43200, 70),
    "year": (604800, 70),
}
RRD_V9 = {
    "hour": (60, 60),
    "day": (60, 1440),
    "week": (1800, 336),
    "month": (1800, 1440),
    "year": (21600, 1440),
    "decade": (604800, 570),
}


def _frac(seed: int, salt: int) -> float:
    """Return a deterministic pseudo-random number in [0, 1)."""
    x = (seed * 2654435761 + salt * 40503 + 0x9E3779B9) & 0xFFFFFFFF
    x ^= x >> 15
    x = (x * 0x2C1B3C6D) & 0xFFFFFFFF
    x ^= x >> 12
    return x / 4294967296.0


@dataclass(frozen=True)
class GuestProfile:
    cpu_base: float
    mem_frac: float
    disk_frac: float
    net_in: float
    net_out: float
    disk_read: float
    disk_write: float
    phase1: float
    phase2: float

    @classmethod
    def of(cls, seed: int) -> GuestProfile:
        heavy = _frac(seed, 1) < 0.1
        return cls(
            cpu_base=0.01 + _frac(seed, 2) * (0.6 if heavy else 0.12),
            mem_frac=0.25 + _frac(seed, 3) * 0.6,
            disk_frac=0.1 + _frac(seed, 4) * 0.7,
            net_in=10 ** (2.5 + _frac(seed, 5) * 4),
            net_out=10 ** (2.5 + _frac(seed, 6) * 3.6),
            disk_read=10 ** (2 + _frac(seed, 7) * 4),
            disk_write=10 ** (2.5 + _frac(seed, 8) * 3.8),
            phase1=_frac(seed, 9) * TWO_PI,
            phase2=_frac(seed, 10) * TWO_PI,
        )


_profiles: dict[int, GuestProfile] = {}


def profile_of(seed: int) -> GuestProfile:
    prof = _profiles.get(seed)
    if prof is None:
        prof = _profiles[seed] = GuestProfile.of(seed)
    return prof


def _wave(t: float, phase1: float, phase2: float) -> float:
    return (
        1.0
        + 0.5 * math.sin(TWO_PI * t / DAY + phase1)
        + 0.3 * math.sin(TWO_PI * t / SHORT + phase2)
    )


def _integral(rate: float, t0: float, t1: float, phase: float) -> float:
    """Integral of rate * (1 + 0.5 sin(2 pi t / DAY + phase)) from t0 to t1."""
    w = TWO_PI / DAY
    return rate * ((t1 - t0) - 0.5 / w * (math.cos(w * t1 + phase) - math.cos(w * t0 + phase)))


def _rate_factor(t: float, phase: float) -> float:
    return 1.0 + 0.5 * math.sin(TWO_PI * t / DAY + phase)


def quantize(t: float) -> float:
    return math.floor(t / STEP) * STEP


def guest_cpu(guest: Guest, t: float) -> float:
    p = profile_of(guest.seed)
    noise = _frac(guest.seed, int(t // STEP)) * 0.01
    return min(1.0, max(0.0, p.cpu_base * _wave(t, p.phase1, p.phase2) + noise))


def guest_mem(guest: Guest, t: float) -> int:
    p = profile_of(guest.seed)
    frac = p.mem_frac * (1 + 0.04 * math.sin(TWO_PI * t / 3000 + p.phase2))
    return int(guest.maxmem * min(0.98, frac))


def guest_disk_used(guest: Guest) -> int:
    if guest.kind != "lxc":
        return 0
    return int(guest.maxdisk * profile_of(guest.seed).disk_frac)


def guest_counters(guest: Guest, t: float) -> dict[str, int]:
    """Return netin/netout/diskread/diskwrite byte counters since the guest started."""
    if not guest.running or guest.started_at is None:
        return {"netin": 0, "netout": 0, "diskread": 0, "diskwrite": 0}
    p = profile_of(guest.seed)
    t0 = guest.started_at
    t1 = max(t0, t)
    return {
        "netin": int(_integral(p.net_in, t0, t1, p.phase1)),
        "netout": int(_integral(p.net_out, t0, t1, p.phase1 + 0.3)),
        "diskread": int(_integral(p.disk_read, t0, t1, p.phase2)),
        "diskwrite": int(_integral(p.disk_write, t0, t1, p.phase2 + 0.7)),
    }


def guest_pressure(guest: Guest, t: float) -> dict[str, float]:
    cpu = guest_cpu(guest, t)
    return {
        "pressurecpusome": round(cpu * 8, 2),
        "pressurecpufull": round(cpu * 3, 2),
        "pressureiosome": round(_frac(guest.seed, 11) * 2, 2),
        "pressureiofull": round(_frac(guest.seed, 12) * 1, 2),
        "pressurememorysome": 0.0,
        "pressurememoryfull": 0.0,
    }


def guest_sample(guest: Guest, t: float) -> dict[str, Any]:
    """Return current cpu/mem/disk/counter values of a guest (zeros when stopped)."""
    t = quantize(t)
    if not guest.running:
        return {
            "cpu": 0,
            "mem": 0,
            "disk": guest_disk_used(guest) if guest.kind == "lxc" else 0,
            "netin": 0,
            "netout": 0,
            "diskread": 0,
            "diskwrite": 0,
            "uptime": 0,
        }
    started = guest.started_at or t
    sample: dict[str, Any] = {
        "cpu": guest_cpu(guest, t),
        "mem": guest_mem(guest, t),
        "disk": guest_disk_used(guest),
        "uptime": max(0, int(t - started)),
    }
    sample.update(guest_counters(guest, t))
    return sample


@dataclass
class NodeLoad:
    """Aggregate of a node's running guests, computed once per request."""

    cpu_weight: float = 0.0
    mem: int = 0
    net_in: float = 0.0
    net_out: float = 0.0
    running: int = 0


def node_loads(cluster: Cluster) -> dict[str, NodeLoad]:
    loads = {name: NodeLoad() for name in cluster.nodes}
    for guest in cluster.guests.values():
        if not guest.running:
            continue
        load = loads.get(guest.node)
        if load is None:
            continue
        p = profile_of(guest.seed)
        load.cpu_weight += p.cpu_base * guest.maxcpu
        load.mem += int(guest.maxmem * p.mem_frac)
        load.net_in += p.net_in
        load.net_out += p.net_out
        load.running += 1
    return loads


def node_sample(node: Node, load: NodeLoad, t: float) -> dict[str, Any]:
    """Return a node's current usage figures."""
    t = quantize(t)
    wave = _wave(t, node.seed % 7, node.seed % 5)
    cpu = min(1.0, 0.004 + load.cpu_weight / max(1, node.cpus) * wave)
    mem_used = min(int(node.memory_total * 0.95), int(3.5 * GIB + load.mem * 1.08))
    root_used = int(node.rootfs_total * (0.04 + _frac(node.seed, 1) * 0.15))
    swap_used = int(node.swap_total * _frac(node.seed, 2) * 0.05)
    return {
        "cpu": cpu,
        "wait": round(_frac(node.seed, int(t // STEP)) * 0.004, 6),
        "mem": mem_used,
        "swap_used": swap_used,
        "root_used": root_used,
        "uptime": max(0, int(t - node.boot_time)),
        "loadavg": (cpu * node.cpus * 1.1, cpu * node.cpus, cpu * node.cpus * 0.9),
        "netin": load.net_in * _rate_factor(t, 0.4) + 1200,
        "netout": load.net_out * _rate_factor(t, 0.9) + 900,
    }


def rrd_frames(v9: bool) -> dict[str, tuple[int, int]]:
    return RRD_V9 if v9 else RRD_V8


def _row_times(now: float, timeframe: str, v9: bool) -> list[int]:
    resolution, rows = rrd_frames(v9)[timeframe]
    last = int(now // resolution) * resolution
    return [last - (rows - 1 - i) * resolution for i in range(rows)]


def _peak(seed: int, t: int, cf: str) -> float:
    return 1.0 + 0.25 * _frac(seed, t // 60) if cf == "MAX" else 1.0


def guest_rrd(
    guest: Guest, now: float, timeframe: str, cf: str, *, v9: bool
) -> list[dict[str, Any]]:
    """Return guest RRD rows; rows while stopped carry only time and the max/disk values."""
    p = profile_of(guest.seed)
    rows: list[dict[str, Any]] = []
    maxmem, maxcpu, maxdisk = guest.maxmem, guest.maxcpu, guest.maxdisk
    disk = guest_disk_used(guest)
    for t in _row_times(now, timeframe, v9):
        row: dict[str, Any] = {
            "time": t,
            "maxcpu": maxcpu,
            "maxmem": maxmem,
            "maxdisk": maxdisk,
            "disk": disk,
        }
        if _was_running(guest, t):
            k = _peak(guest.seed, t, cf)
            row["cpu"] = min(1.0, guest_cpu(guest, t) * k)
            row["mem"] = guest_mem(guest, t) * k
            row["netin"] = p.net_in * _rate_factor(t, p.phase1) * k
            row["netout"] = p.net_out * _rate_factor(t, p.phase1 + 0.3) * k
            row["diskread"] = p.disk_read * _rate_factor(t, p.phase2) * k
            row["diskwrite"] = p.disk_write * _rate_factor(t, p.phase2 + 0.7) * k
            if v9:
                if guest.kind == "qemu":
                    row["memhost"] = row["mem"] * 1.04
                row.update(guest_pressure(guest, t))
        rows.append(row)
    return rows


def _was_running(guest: Guest, t: float) -> bool:
    if guest.running:
        return guest.started_at is not None and t >= guest.started_at
    # stopped: it ran until it stopped (history before the stop)
    return guest.stopped_at is not None and t < guest.stopped_at and not guest.template


def node_rrd(
    node: Node, load: NodeLoad, now: float, timeframe: str, cf: str, *, v9: bool
) -> list[dict[str, Any]]:
    """Return node RRD rows; rows before the node booted (or while down) carry only time."""
    rows: list[dict[str, Any]] = []
    for t in _row_times(now, timeframe, v9):
        if t < node.boot_time or (not node.online and t > now - 120):
            rows.append({"time": t})
            continue
        s = node_sample(node, load, t)
        k = _peak(node.seed, t, cf)
        row: dict[str, Any] = {
            "time": t,
            "maxcpu": node.cpus,
            "cpu": min(1.0, s["cpu"] * k),
            "iowait": s["wait"] * k,
            "loadavg": s["loadavg"][0] * k,
            "memtotal": node.memory_total,
            "memused": s["mem"] * k,
            "swaptotal": node.swap_total,
            "swapused": float(s["swap_used"]),
            "roottotal": node.rootfs_total,
            "rootused": float(s["root_used"]),
            "netin": s["netin"] * k,
            "netout": s["netout"] * k,
        }
        if v9:
            row["memavailable"] = float(node.memory_total - s["mem"])
            row["arcsize"] = float(2 * GIB + _frac(node.seed, 3) * 6 * GIB)
            row["pressurecpusome"] = round(s["cpu"] * 10, 2)
            row["pressureiosome"] = round(s["wait"] * 100, 2)
            row["pressureiofull"] = round(s["wait"] * 60, 2)
            row["pressurememorysome"] = 0.0
            row["pressurememoryfull"] = 0.0
        rows.append(row)
    if rows and len(rows[-1]) == 1:
        rows.pop()  # PVE drops a trailing row that only has a time
    return rows


def storage_rrd(
    storage: Storage, node: str, now: float, timeframe: str, cf: str, *, v9: bool
) -> list[dict[str, Any]]:
    used = storage.used(node)
    rows = []
    for t in _row_times(now, timeframe, v9):
        drift = 1.0 - 0.02 * (now - t) / (86400 * 30)
        rows.append({"time": t, "total": float(storage.total), "used": max(0.0, used * drift)})
    return rows


def node_memory_reserve() -> int:
    return 3 * GIB + 512 * MIB
