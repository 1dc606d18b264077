"""Plain, immutable domain records: what the rest of the app knows about a fleet.

The pve layer builds these from PVE's wire data (coercing its types); the store persists them;
the UI shows them. Fields PVE did not send are ``None`` (unknown), never a made-up zero.
Unknown wire fields are kept in ``raw`` so nothing PVE says is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from pvesphere_desktop.core.enums import GuestStatus, GuestType, NodeStatus, TaskState
from pvesphere_desktop.core.ids import GuestKey, NodeKey, StorageKey


@dataclass(frozen=True, slots=True)
class PveVersion:
    """What ``GET /version`` reports, e.g. release ``8.4``, version ``8.4.1``."""

    release: str
    version: str
    repoid: str = ""

    @property
    def major(self) -> int:
        return _version_tuple(self.version or self.release)[0]

    @property
    def as_tuple(self) -> tuple[int, int, int]:
        return _version_tuple(self.version or self.release)


def _version_tuple(text: str) -> tuple[int, int, int]:
    # "7.4-16" -> (7, 4, 16); "8.4.1" -> (8, 4, 1); "9.1" -> (9, 1, 0)
    parts = [p for p in text.replace("-", ".").split(".") if p]
    numbers = []
    for part in parts[:3]:
        digits = "".join(ch for ch in part if ch.isdigit())
        numbers.append(int(digits) if digits else 0)
    while len(numbers) < 3:
        numbers.append(0)
    return numbers[0], numbers[1], numbers[2]


@dataclass(frozen=True, slots=True)
class ClusterInfo:
    """A cluster (or a standalone node) as ``/cluster/status`` describes it."""

    cluster: str
    name: str  # PVE's cluster name; the node name for a standalone node
    quorate: bool | None = None
    node_count: int = 0
    version: int | None = None  # corosync config version


@dataclass(frozen=True, slots=True)
class Node:
    cluster: str
    node: str
    status: NodeStatus = NodeStatus.UNKNOWN
    ip: str | None = None  # from /cluster/status; used for failover
    local: bool = False  # the node that answered the request
    cpu: float | None = None  # 0..1
    maxcpu: int | None = None
    mem: int | None = None
    maxmem: int | None = None
    disk: int | None = None
    maxdisk: int | None = None
    uptime: int | None = None
    level: str | None = None  # subscription level
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def key(self) -> NodeKey:
        return NodeKey(self.cluster, self.node)


@dataclass(frozen=True, slots=True)
class Guest:
    """A qemu VM or an LXC container, identified by cluster + VMID."""

    cluster: str
    vmid: int
    type: GuestType
    node: str
    name: str = ""
    status: GuestStatus = GuestStatus.UNKNOWN
    tags: tuple[str, ...] = ()
    template: bool = False
    lock: str | None = None
    pool: str | None = None
    hastate: str | None = None
    cpu: float | None = None  # 0..1 of maxcpu
    maxcpu: float | None = None
    mem: int | None = None
    maxmem: int | None = None
    disk: int | None = None
    maxdisk: int | None = None
    netin: int | None = None
    netout: int | None = None
    diskread: int | None = None
    diskwrite: int | None = None
    uptime: int | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def key(self) -> GuestKey:
        return GuestKey(self.cluster, self.vmid)


@dataclass(frozen=True, slots=True)
class Storage:
    """A storage as seen from one node (``/cluster/resources`` type=storage)."""

    cluster: str
    node: str
    storage: str
    plugintype: str | None = None
    status: str | None = None  # available | unknown
    shared: bool = False
    content: tuple[str, ...] = ()
    disk: int | None = None  # used bytes
    maxdisk: int | None = None  # total bytes
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def key(self) -> StorageKey:
        return StorageKey(self.cluster, self.node, self.storage)


@dataclass(frozen=True, slots=True)
class Pool:
    cluster: str
    poolid: str
    comment: str = ""


@dataclass(frozen=True, slots=True)
class Upid:
    """A parsed task id: ``UPID:node:pid:pstart:starttime:type:id:user:``."""

    text: str
    node: str
    pid: int
    pstart: int
    starttime: int
    type: str
    id: str
    user: str


@dataclass(frozen=True, slots=True)
class Task:
    cluster: str
    upid: str
    node: str
    type: str
    id: str
    user: str
    starttime: int
    endtime: int | None = None
    state: TaskState = TaskState.RUNNING
    status: str | None = None  # PVE's text: "OK", "WARNINGS: 2" or the error message

    @property
    def running(self) -> bool:
        return self.state is TaskState.RUNNING


@dataclass(frozen=True, slots=True)
class GuestConfig:
    """A guest's configuration (``GET .../config``) with the fields most views need typed.

    ``values`` holds every key as PVE sent it, coerced to text; ``digest`` is what a later
    config write must send back so PVE can refuse it if someone else changed the config.
    """

    cluster: str
    vmid: int
    type: GuestType
    digest: str | None = None
    name: str = ""
    memory_mib: int | None = None  # "memory" (an integer, or "current=N" from PVE 8.1)
    cores: int | None = None
    sockets: int | None = None
    tags: tuple[str, ...] = ()
    description: str = ""
    onboot: bool | None = None
    template: bool = False
    lock: str | None = None
    values: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)


_R = TypeVar("_R")


def record_factory(cls: type[_R], *, positional: bool = False) -> Callable[..., _R]:
    """Return a constructor for a frozen slots dataclass, every field required: keyword-only,
    or ``positional`` (in field order; kwargs parsing was a third of reading a cached guest).

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``; writing
    the slots through their descriptors directly builds the same record in about half the
    time, which matters for the thousand records of every changed ``/cluster/resources`` and
    the 20,000 read from the cache at start-up.
    """
    if "__slots__" not in vars(cls) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} is not a plain slots dataclass")
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    star = "" if positional else "*, "
    lines = [f"def make({star}{', '.join(names)}):", "    record = _new(_cls)"]
    for name in names:
        scope[f"_set_{name}"] = getattr(cls, name).__set__
        lines.append(f"    _set_{name}(record, {name})")
    lines.append("    return record")
    exec("\n".join(lines), scope)  # noqa: S102 - built from the class's own field names
    make: Callable[..., _R] = scope["make"]
    return make
