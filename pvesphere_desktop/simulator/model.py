"""The simulated fleet's state: plain mutable records, no behaviour beyond small helpers.

Guest configuration is kept the way PVE keeps it in ``/etc/pve``: a flat mapping of config keys
to values (``memory`` as MiB integer, ``tags`` as ``a;b``), rendered per version on the way out.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

GIB = 1024**3
MIB = 1024**2

DISK_KEY_RE = re.compile(r"^(scsi|virtio|sata|ide|efidisk|tpmstate)\d+$")
LXC_DISK_KEY_RE = re.compile(r"^(rootfs|mp\d+)$")
SIZE_RE = re.compile(r"(?:^|,)size=(\d+(?:\.\d+)?)([KMGT]?)(?:,|$)")


def parse_size(text: str) -> int:
    """Parse PVE disk sizes such as ``32G`` or ``512M`` into bytes."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT]?)", text.strip())
    if not m:
        raise ValueError(text)
    factor = {"": 1, "K": 1024, "M": MIB, "G": GIB, "T": 1024**4}[m.group(2)]
    return int(float(m.group(1)) * factor)


def format_size(size: int) -> str:
    """Format bytes the way PVE writes disk sizes (``32G``, ``512M``)."""
    for unit, factor in (("T", 1024**4), ("G", GIB), ("M", MIB), ("K", 1024)):
        if size % factor == 0 and size >= factor:
            return f"{size // factor}{unit}"
    return str(size)


def disk_size(value: str) -> int:
    """Return the ``size=`` of a disk property string in bytes (0 when absent)."""
    m = SIZE_RE.search(value)
    if not m:
        return 0
    return parse_size(m.group(1) + m.group(2))


def split_tags(text: str) -> list[str]:
    """Split a PVE tag list (``;``, ``,`` or spaces) into tags."""
    return [t for t in re.split(r"[;,\s]+", text or "") if t]


@dataclass
class Snapshot:
    name: str
    description: str
    snaptime: int
    vmstate: bool
    parent: str | None
    config: dict[str, Any]


@dataclass
class Guest:
    """A qemu VM or an lxc container."""

    vmid: int
    kind: str  # "qemu" | "lxc"
    node: str
    config: dict[str, Any]
    status: str = "stopped"  # running | stopped
    qmpstatus: str = "stopped"  # running | paused | stopped | prelaunch (qemu)
    started_at: float | None = None
    stopped_at: float | None = None
    snapshots: dict[str, Snapshot] = field(default_factory=dict)
    pending: dict[str, Any] = field(default_factory=dict)
    pending_delete: list[str] = field(default_factory=list)
    agent_running: bool = False
    pid: int = 0
    seed: int = 0

    @property
    def name(self) -> str:
        key = "name" if self.kind == "qemu" else "hostname"
        return str(
            self.config.get(key) or (f"VM {self.vmid}" if self.kind == "qemu" else f"CT{self.vmid}")
        )

    @property
    def tags(self) -> str:
        return str(self.config.get("tags", ""))

    @property
    def template(self) -> bool:
        return bool(int(self.config.get("template", 0) or 0))

    @property
    def lock(self) -> str | None:
        value = self.config.get("lock")
        return str(value) if value else None

    @property
    def running(self) -> bool:
        return self.status == "running"

    @property
    def memory_mib(self) -> int:
        return int(self.config.get("memory", 512))

    @property
    def maxmem(self) -> int:
        return self.memory_mib * MIB

    @property
    def maxswap(self) -> int:
        return int(self.config.get("swap", 512)) * MIB

    @property
    def maxcpu(self) -> int:
        if self.kind == "qemu":
            vcpus = self.config.get("vcpus")
            if vcpus:
                return int(vcpus)
            return int(self.config.get("cores", 1)) * int(self.config.get("sockets", 1))
        return int(self.config.get("cores", 1))

    def disk_keys(self) -> list[str]:
        pattern = DISK_KEY_RE if self.kind == "qemu" else LXC_DISK_KEY_RE
        return sorted(k for k in self.config if pattern.match(k))

    @property
    def maxdisk(self) -> int:
        if self.kind == "lxc":
            return disk_size(str(self.config.get("rootfs", "")))
        for key in ("scsi0", "virtio0", "sata0", "ide0"):
            value = self.config.get(key)
            if value and "media=cdrom" not in str(value):
                return disk_size(str(value))
        return 0

    def digest(self) -> str:
        """Return the SHA1 of the config as PVE computes it over the config file text."""
        text = "".join(f"{k}: {v}\n" for k, v in sorted(self.config.items()))
        text += "".join(f"[pending] {k}: {v}\n" for k, v in sorted(self.pending.items()))
        if self.pending_delete:
            text += "delete: " + ",".join(self.pending_delete) + "\n"
        for snap in self.snapshots.values():
            text += f"[{snap.name}]\n" + "".join(
                f"{k}: {v}\n" for k, v in sorted(snap.config.items())
            )
        return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


@dataclass
class Volume:
    volid: str
    content: str  # images | rootdir | iso | vztmpl | backup | import
    format: str
    size: int
    ctime: int
    vmid: int | None = None
    notes: str | None = None
    protected: bool = False
    parent: str | None = None
    used: int | None = None


@dataclass
class Storage:
    storage: str
    type: str  # dir | lvmthin | zfspool | nfs | rbd | cephfs
    content: list[str]
    shared: bool
    total: int
    base_used: int = 0
    path: str | None = None
    nodes: list[str] | None = None  # None: every node
    enabled: bool = True
    # shared storages keep one volume map under "", local ones one per node
    volumes: dict[str, dict[str, Volume]] = field(default_factory=dict)

    def volume_map(self, node: str) -> dict[str, Volume]:
        return self.volumes.setdefault("" if self.shared else node, {})

    def used(self, node: str) -> int:
        return self.base_used + sum(v.size for v in self.volume_map(node).values())

    def available_on(self, node: str) -> bool:
        return self.enabled and (self.nodes is None or node in self.nodes)


@dataclass
class Node:
    name: str
    nodeid: int
    ip: str
    cpus: int
    sockets: int
    cpu_model: str
    mhz: str
    memory_total: int
    swap_total: int
    rootfs_total: int
    boot_time: float
    seed: int
    online: bool = True
    interfaces: list[dict[str, Any]] = field(default_factory=list)
    services: dict[str, str] = field(default_factory=dict)
    disks: list[dict[str, Any]] = field(default_factory=list)
    fingerprint: str = ""


@dataclass
class Pool:
    poolid: str
    comment: str = ""
    vmids: set[int] = field(default_factory=set)
    storages: set[str] = field(default_factory=set)


@dataclass
class HAResource:
    sid: str  # vm:100 / ct:101
    state: str = "started"
    group: str | None = None
    max_restart: int = 1
    max_relocate: int = 1
    comment: str | None = None
    failback: bool = True

    @property
    def vmid(self) -> int:
        return int(self.sid.split(":", 1)[1])


@dataclass
class HAGroup:
    group: str
    nodes: str  # "pve1:2,pve2:1"
    restricted: bool = False
    nofailback: bool = False
    comment: str | None = None


@dataclass
class HARule:
    rule: str
    type: str  # node-affinity | resource-affinity
    resources: str
    nodes: str | None = None
    affinity: str | None = None  # positive | negative (resource-affinity)
    strict: bool = False
    disable: bool = False
    comment: str | None = None


@dataclass
class BackupJob:
    id: str
    schedule: str
    storage: str
    mode: str = "snapshot"
    vmid: str | None = None
    all: bool = False
    pool: str | None = None
    enabled: bool = True
    compress: str = "zstd"
    comment: str | None = None
    notes_template: str = "{{guestname}}"
    prune_backups: str = "keep-daily=7,keep-weekly=4"


@dataclass
class ApiToken:
    tokenid: str
    secret: str
    privsep: bool = True
    expire: int = 0
    comment: str | None = None


@dataclass
class User:
    userid: str
    password: str | None = None
    enable: bool = True
    expire: int = 0
    firstname: str | None = None
    lastname: str | None = None
    email: str | None = None
    comment: str | None = None
    groups: list[str] = field(default_factory=list)
    totp_secret: str | None = None
    recovery_keys: list[str] = field(default_factory=list)
    tokens: dict[str, ApiToken] = field(default_factory=dict)

    @property
    def realm(self) -> str:
        return self.userid.rsplit("@", 1)[1]


@dataclass
class AclEntry:
    path: str
    ugid: str
    type: str  # user | group | token
    roleid: str
    propagate: bool = True


@dataclass
class Group:
    groupid: str
    comment: str | None = None


@dataclass
class Task:
    upid: str
    node: str
    pid: int
    pstart: int
    starttime: int
    type: str
    id: str
    user: str
    status: str = "running"  # running | stopped
    exitstatus: str | None = None
    endtime: int | None = None
    log: list[str] = field(default_factory=list)


@dataclass
class Cluster:
    name: str
    version: str
    standalone: bool
    nodes: dict[str, Node] = field(default_factory=dict)
    guests: dict[int, Guest] = field(default_factory=dict)
    storages: dict[str, Storage] = field(default_factory=dict)
    pools: dict[str, Pool] = field(default_factory=dict)
    ha_resources: dict[str, HAResource] = field(default_factory=dict)
    ha_groups: dict[str, HAGroup] = field(default_factory=dict)
    ha_rules: dict[str, HARule] = field(default_factory=dict)
    backup_jobs: dict[str, BackupJob] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    acl: list[AclEntry] = field(default_factory=list)
    custom_roles: dict[str, list[str]] = field(default_factory=dict)
    realms: list[dict[str, Any]] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    tasks: dict[str, Task] = field(default_factory=dict)
    seed: int = 0
    cluster_config_version: int = 1

    def pool_of(self, vmid: int) -> str | None:
        for pool in self.pools.values():
            if vmid in pool.vmids:
                return pool.poolid
        return None

    def ha_of(self, vmid: int) -> HAResource | None:
        for res in self.ha_resources.values():
            if res.vmid == vmid:
                return res
        return None

    @property
    def first_node(self) -> Node:
        return next(iter(self.nodes.values()))


@dataclass
class Fleet:
    clusters: dict[str, Cluster] = field(default_factory=dict)
    seed: int = 0
