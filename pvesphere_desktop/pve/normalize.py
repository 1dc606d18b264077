"""Turn PVE's wire data into ``core`` records: pure functions, no I/O.

PVE's JSON is looser than its schema: numbers may arrive as strings (``"vmid": "106"`` on 6.x/7.x),
booleans as ``0``/``1`` (or ``""`` on old releases), tags as one ``"a;b"`` string, a qemu
``memory`` as an integer or (from 8.1) a property string ``"current=4096"``, and absent values
are simply missing. These functions coerce all of that, keep fields they do not know in ``raw``,
and never let one bad object break a whole list: the list functions skip it, count it and log it.

The sync engine calls :func:`normalize_resources` on every ``/cluster/resources`` answer.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pvesphere_desktop.core.enums import GuestStatus, GuestType, NodeStatus
from pvesphere_desktop.core.models import (
    ClusterInfo,
    Guest,
    GuestConfig,
    Node,
    Pool,
    PveVersion,
    Storage,
    Task,
)
from pvesphere_desktop.core.models import record_factory as _record_factory
from pvesphere_desktop.core.upid import parse_upid, task_outcome

log = logging.getLogger(__name__)

_MAX_TEXT = 4096  # longer strings in identifying fields are treated as garbage
_TAG_SPLIT = re.compile(r"[;,\s]+")


class NormalizeError(ValueError):
    """An object is missing what identifies it or has the wrong shape."""


# --------------------------------------------------------------------------------- scalars
# What any counter PVE reports fits in (and what the cache's INTEGER columns hold).
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


def as_int(value: object) -> int | None:
    """Return ``value`` as an int: ints, integral floats, numeric strings; else None.

    Values outside 64 bits are nonsense from a broken reply, and None like any other.
    """
    number = _as_any_int(value)
    if number is None or not INT_MIN <= number <= INT_MAX:
        return None
    return number


def _as_any_int(value: object) -> int | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else None
    if isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 40:
            return None
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if math.isfinite(number) else None
    return None


def as_float(value: object) -> float | None:
    """Return ``value`` as a finite float (numbers or numeric strings); else None."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 40:
            return None
        try:
            number = float(text)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


def as_bool(value: object) -> bool | None:
    """Return PVE's 0/1 (or ``"1"``, ``""``, true/false) as a bool; None when not a boolean."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    if isinstance(value, float):
        return value != 0 if math.isfinite(value) else None
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    return None


def as_str(value: object) -> str | None:
    """Return text values (and numbers written as text); None for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    return None


def parse_tags(value: object) -> tuple[str, ...]:
    """Split PVE's tag string (``;``, ``,`` or space separated) into unique tags, order kept."""
    if isinstance(value, list | tuple):
        parts: Iterable[object] = value
    else:
        text = as_str(value)
        if not text:
            return ()
        parts = _TAG_SPLIT.split(text)
    seen: dict[str, None] = {}
    for part in parts:
        tag = as_str(part)
        if tag is None:
            continue
        tag = tag.strip()
        if tag and tag not in seen:
            seen[tag] = None
    return tuple(seen)


def parse_list(value: object) -> tuple[str, ...]:
    """Split a comma-separated list such as storage ``content`` (``"images,rootdir"``)."""
    text = as_str(value)
    if not text:
        return ()
    return tuple(part.strip() for part in text.split(",") if part.strip())


def parse_property_string(value: object, default_key: str | None = None) -> dict[str, str]:
    """Parse ``"key=value,key2=value2"``; a bare leading value goes to ``default_key``."""
    text = as_str(value)
    result: dict[str, str] = {}
    if text is None:
        return result
    for index, part in enumerate(text.split(",")):
        item = part.strip()
        if not item:
            continue
        key, sep, val = item.partition("=")
        if sep:
            result[key.strip()] = val.strip()
        elif index == 0 and default_key is not None:
            result[default_key] = item
    return result


def memory_mib(value: object) -> int | None:
    """Return a qemu ``memory`` setting in MiB: ``2048``, ``"2048"`` or ``"current=2048"``."""
    number = as_int(value)
    if number is not None:
        return number
    return as_int(parse_property_string(value, default_key="current").get("current"))


# --------------------------------------------------------------------------------- helpers
def _mapping(row: object) -> Mapping[str, Any]:
    if row.__class__ is dict:  # the common case, without the ABC check
        return row
    if not isinstance(row, Mapping):
        raise NormalizeError(f"expected an object, got {type(row).__name__}")
    return row


def _name(value: object, what: str) -> str:
    text = as_str(value)
    if text is None or not text.strip() or len(text) > _MAX_TEXT:
        raise NormalizeError(f"missing or invalid {what}")
    return text.strip()


def _opt_text(value: object) -> str | None:
    if value is None:
        return None
    text = value if value.__class__ is str else as_str(value)
    if text is None or not text or len(text) > _MAX_TEXT:
        return None
    return text


def _raw(row: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    return {str(k): v for k, v in row.items() if k not in known}


def _id_parts(row: Mapping[str, Any]) -> list[str]:
    text = as_str(row.get("id"))
    return text.split("/") if text else []


def _vmid(row: Mapping[str, Any]) -> int:
    vmid = as_int(row.get("vmid"))
    if vmid is None:
        parts = _id_parts(row)
        if len(parts) == 2:
            vmid = as_int(parts[1])
    if vmid is None or vmid < 0:
        raise NormalizeError("missing or invalid vmid")
    return vmid


# --------------------------------------------------------------------------------- records


_GUEST_KNOWN = frozenset(
    {
        "id", "type", "vmid", "node", "name", "status", "qmpstatus", "tags", "template", "lock",
        "pool", "hastate", "cpu", "maxcpu", "cpus", "mem", "maxmem", "disk", "maxdisk", "netin",
        "netout", "diskread", "diskwrite", "uptime",
    }
)  # fmt: skip


def guest_status(status: object, qmpstatus: object = None, lock: object = None) -> GuestStatus:
    """Combine ``status``, ``qmpstatus`` and ``lock`` into one state (paused, hibernated...)."""
    text = as_str(status) or ""
    qmp = as_str(qmpstatus) or ""
    if text == "running":
        if qmp == "paused":
            return GuestStatus.PAUSED
        if qmp == "suspended":
            return GuestStatus.SUSPENDED
        return GuestStatus.RUNNING
    if text == "stopped":
        return GuestStatus.SUSPENDED if as_str(lock) == "suspended" else GuestStatus.STOPPED
    try:
        return GuestStatus(text)
    except ValueError:
        return GuestStatus.UNKNOWN


_GUEST_INT_FIELDS = (
    "mem", "maxmem", "disk", "maxdisk", "netin", "netout", "diskread", "diskwrite", "uptime",
)  # fmt: skip
_GUEST_TYPES = {"qemu": GuestType.QEMU, "lxc": GuestType.LXC}
_new_guest = _record_factory(Guest)
_PLAIN_STATUS = {"running": GuestStatus.RUNNING, "stopped": GuestStatus.STOPPED}


@lru_cache(maxsize=4096)
def _tags_of(text: str) -> tuple[str, ...]:
    return parse_tags(text)


def normalize_guest(
    cluster: str, row: object, guest_type: GuestType | None = None, node: str | None = None
) -> Guest:
    """Build a Guest from a ``/cluster/resources`` row or a per-node qemu/lxc list row.

    Per-node lists carry no ``type``/``node``: pass them. Raise NormalizeError when the row
    cannot identify a guest.
    """
    # Written for speed: the sync engine runs this on every guest of every cycle. Values of
    # the expected wire type take the fast path; everything else goes through the coercers.
    data = _mapping(row)
    get = data.get
    kind = guest_type
    if kind is None:
        type_text = get("type")
        kind = _GUEST_TYPES.get(type_text) if type_text.__class__ is str else None
        if kind is None:
            raise NormalizeError("not a qemu or lxc row")
    vmid = get("vmid")
    if vmid.__class__ is not int or vmid < 0:
        vmid = _vmid(data)
    node_name = get("node") if node is None else node
    if (
        node_name.__class__ is not str
        or len(node_name) > _MAX_TEXT
        or not node_name
        or node_name[0].isspace()
        or node_name[-1].isspace()
    ):
        node_name = _name(node_name, "node")
    numbers: dict[str, int | None] = {}
    for key in _GUEST_INT_FIELDS:
        value = get(key)
        numbers[key] = value if value.__class__ is int or value is None else as_int(value)
    cpu = get("cpu")
    if cpu.__class__ is not float and cpu is not None:
        cpu = as_float(cpu)
    maxcpu = get("maxcpu")
    if maxcpu is None:
        maxcpu = get("cpus")
    if maxcpu.__class__ is int:
        maxcpu = float(maxcpu)
    elif maxcpu is not None and maxcpu.__class__ is not float:
        maxcpu = as_float(maxcpu)
    status_text = get("status")
    status = _PLAIN_STATUS.get(status_text) if status_text.__class__ is str else None
    if status is None or get("qmpstatus") is not None or get("lock") is not None:
        status = guest_status(status_text, get("qmpstatus"), get("lock"))
    tags_value = get("tags")
    if tags_value is None or tags_value == "":
        tags: tuple[str, ...] = ()
    elif tags_value.__class__ is str and len(tags_value) <= _MAX_TEXT:
        tags = _tags_of(tags_value)
    else:
        tags = parse_tags(tags_value)
    template = get("template")
    name = get("name")
    unknown = None if _GUEST_KNOWN.issuperset(data) else data.keys() - _GUEST_KNOWN
    return _new_guest(
        cluster=cluster,
        vmid=vmid,
        type=kind,
        node=node_name,
        name=name if name.__class__ is str and len(name) <= _MAX_TEXT else _opt_text(name) or "",
        status=status,
        tags=tags,
        template=template == 1 if template.__class__ is int else bool(as_bool(template)),
        lock=_opt_text(get("lock")),
        pool=_opt_text(get("pool")),
        hastate=_opt_text(get("hastate")),
        cpu=cpu,
        maxcpu=maxcpu,
        raw={str(k): data[k] for k in unknown} if unknown else {},
        **numbers,
    )


_NODE_KNOWN = frozenset(
    {
        "id", "type", "node", "name", "status", "online", "ip", "local", "cpu", "maxcpu", "mem",
        "maxmem", "disk", "maxdisk", "uptime", "level",
    }
)  # fmt: skip


def _node_status(value: object, online: object) -> NodeStatus:
    text = as_str(value)
    if text:
        try:
            return NodeStatus(text)
        except ValueError:
            return NodeStatus.UNKNOWN
    flag = as_bool(online)
    if flag is None:
        return NodeStatus.UNKNOWN
    return NodeStatus.ONLINE if flag else NodeStatus.OFFLINE


def normalize_node(cluster: str, row: object) -> Node:
    """Build a Node from a ``/cluster/resources`` node row, a ``/nodes`` row or a
    ``/cluster/status`` node row."""
    data = _mapping(row)
    name = data.get("node")
    if name is None:
        name = data.get("name")
    if name is None:
        parts = _id_parts(data)
        name = parts[1] if len(parts) == 2 and parts[0] == "node" else None
    return Node(
        cluster=cluster,
        node=_name(name, "node name"),
        status=_node_status(data.get("status"), data.get("online")),
        ip=_opt_text(data.get("ip")),
        local=bool(as_bool(data.get("local"))),
        cpu=as_float(data.get("cpu")),
        maxcpu=as_int(data.get("maxcpu")),
        mem=as_int(data.get("mem")),
        maxmem=as_int(data.get("maxmem")),
        disk=as_int(data.get("disk")),
        maxdisk=as_int(data.get("maxdisk")),
        uptime=as_int(data.get("uptime")),
        level=_opt_text(data.get("level")),
        raw=_raw(data, _NODE_KNOWN),
    )


_STORAGE_KNOWN = frozenset(
    {"id", "type", "node", "storage", "plugintype", "status", "shared", "content", "disk",
     "maxdisk"}
)  # fmt: skip


def normalize_storage(cluster: str, row: object) -> Storage:
    """Build a Storage from a ``/cluster/resources`` storage row (``id`` storage/NODE/NAME)."""
    data = _mapping(row)
    parts = _id_parts(data)
    node = data.get("node")
    storage = data.get("storage")
    if len(parts) == 3 and parts[0] == "storage":
        node = parts[1] if node is None else node
        storage = parts[2] if storage is None else storage
    return Storage(
        cluster=cluster,
        node=_name(node, "node"),
        storage=_name(storage, "storage"),
        plugintype=_opt_text(data.get("plugintype")),
        status=_opt_text(data.get("status")),
        shared=bool(as_bool(data.get("shared"))),
        content=parse_list(data.get("content")),
        disk=as_int(data.get("disk")),
        maxdisk=as_int(data.get("maxdisk")),
        raw=_raw(data, _STORAGE_KNOWN),
    )


def normalize_pool(cluster: str, row: object) -> Pool:
    """Build a Pool from a ``/pools`` row or a ``/cluster/resources`` pool row."""
    data = _mapping(row)
    poolid = data.get("poolid")
    if poolid is None:
        poolid = data.get("pool")
    if poolid is None:
        parts = _id_parts(data)
        poolid = parts[1] if len(parts) == 2 and parts[0] == "pool" else None
    return Pool(
        cluster=cluster,
        poolid=_name(poolid, "pool id"),
        comment=_opt_text(data.get("comment")) or "",
    )


def normalize_version(data: object) -> PveVersion:
    """Build a PveVersion from ``GET /version``."""
    row = _mapping(data)
    version = _opt_text(row.get("version"))
    release = _opt_text(row.get("release"))
    if version is None and release is None:
        raise NormalizeError("missing version")
    if release is None:
        assert version is not None
        release = ".".join(version.replace("-", ".").split(".")[:2])
    return PveVersion(
        release=release, version=version or release, repoid=_opt_text(row.get("repoid")) or ""
    )


def normalize_task(cluster: str, row: object) -> Task:
    """Build a Task from a task list row (node or cluster tasks) or a task status answer."""
    data = _mapping(row)
    upid_text = _name(data.get("upid"), "upid")
    try:
        upid = parse_upid(upid_text)
    except ValueError as exc:
        raise NormalizeError("invalid upid") from exc
    status = as_str(data.get("status"))
    exitstatus = _opt_text(data.get("exitstatus"))
    text: str | None
    if status == "running":  # a task status answer for a running task
        text = None
    elif status == "stopped":  # a task status answer for a finished task
        text = exitstatus or "unexpected status"
    else:  # a task list row: "status" is the exit status, absent while running
        text = _opt_text(status) or exitstatus
    state = task_outcome(text)[0]
    starttime = as_int(data.get("starttime"))
    return Task(
        cluster=cluster,
        upid=upid.text,
        node=_opt_text(data.get("node")) or upid.node,
        type=_opt_text(data.get("type")) or upid.type,
        id=_opt_text(data.get("id")) or upid.id,
        user=_opt_text(data.get("user")) or upid.user,
        starttime=upid.starttime if starttime is None else starttime,
        endtime=as_int(data.get("endtime")),
        state=state,
        status=text,
    )


def normalize_guest_config(
    cluster: str, vmid: int, guest_type: GuestType, data: object
) -> GuestConfig:
    """Build a GuestConfig from ``GET /nodes/{node}/{qemu|lxc}/{vmid}/config``."""
    row = _mapping(data)
    values = {str(k): text for k, v in row.items() if (text := as_str(v)) is not None}
    return GuestConfig(
        cluster=cluster,
        vmid=vmid,
        type=guest_type,
        digest=_opt_text(row.get("digest")),
        name=_opt_text(row.get("name")) or _opt_text(row.get("hostname")) or "",
        memory_mib=memory_mib(row.get("memory")),
        cores=as_int(row.get("cores")),
        sockets=as_int(row.get("sockets")),
        tags=parse_tags(row.get("tags")),
        description=_opt_text(row.get("description")) or "",
        onboot=as_bool(row.get("onboot")),
        template=bool(as_bool(row.get("template"))),
        lock=_opt_text(row.get("lock")),
        values=values,
    )


# --------------------------------------------------------------------------------- lists
@dataclass(frozen=True, slots=True)
class Inventory:
    """One ``/cluster/resources`` answer as records, plus what could not be read."""

    guests: tuple[Guest, ...] = ()
    nodes: tuple[Node, ...] = ()
    storage: tuple[Storage, ...] = ()
    pools: tuple[Pool, ...] = ()
    skipped: int = 0  # rows that could not be parsed, or duplicates
    ignored: int = 0  # rows of kinds we do not track (sdn, network, openvz)


_IGNORED_TYPES = frozenset({"sdn", "network", "openvz"})


def _rows(data: object, what: str) -> list[object]:
    if isinstance(data, list):
        return data
    log.warning("%s: expected a list, got %s", what, type(data).__name__)
    return []


def normalize_resources(cluster: str, data: object) -> Inventory:
    """Split a ``/cluster/resources`` answer into records; never raises for bad rows.

    Duplicate keys keep the first row (PVE lists each object once; a duplicate is garbage).
    """
    guests: dict[int, Guest] = {}
    nodes: dict[str, Node] = {}
    storage: dict[tuple[str, str], Storage] = {}
    pools: dict[str, Pool] = {}
    skipped = ignored = 0
    problems: list[str] = []
    for row in _rows(data, "cluster/resources"):
        if row.__class__ is dict:
            kind = row.get("type")
        else:
            kind = as_str(row.get("type")) if isinstance(row, Mapping) else None
        try:
            if kind in ("qemu", "lxc"):
                guest = normalize_guest(cluster, row)
                if guest.vmid in guests:
                    raise NormalizeError(f"duplicate vmid {guest.vmid}")
                guests[guest.vmid] = guest
            elif kind == "node":
                node = normalize_node(cluster, row)
                if node.node in nodes:
                    raise NormalizeError(f"duplicate node {node.node}")
                nodes[node.node] = node
            elif kind == "storage":
                item = normalize_storage(cluster, row)
                if (item.node, item.storage) in storage:
                    raise NormalizeError(f"duplicate storage {item.node}/{item.storage}")
                storage[item.node, item.storage] = item
            elif kind == "pool":
                pool = normalize_pool(cluster, row)
                if pool.poolid in pools:
                    raise NormalizeError(f"duplicate pool {pool.poolid}")
                pools[pool.poolid] = pool
            elif kind in _IGNORED_TYPES:
                ignored += 1
            else:
                raise NormalizeError("unknown or missing type")
        except NormalizeError as exc:
            skipped += 1
            if len(problems) < 5:
                problems.append(str(exc))
    if skipped:
        log.warning(
            "cluster %s: skipped %d unreadable resource rows (%s)",
            cluster,
            skipped,
            "; ".join(problems),
        )
    return Inventory(
        guests=tuple(guests.values()),
        nodes=tuple(nodes.values()),
        storage=tuple(storage.values()),
        pools=tuple(pools.values()),
        skipped=skipped,
        ignored=ignored,
    )


def normalize_many(cluster: str, data: object, what: str, builder: Any) -> tuple[list[Any], int]:
    """Apply ``builder(cluster, row)`` to each row of a list answer; return (records, skipped)."""
    records: list[Any] = []
    skipped = 0
    for row in _rows(data, what):
        try:
            records.append(builder(cluster, row))
        except NormalizeError as exc:
            skipped += 1
            log.debug("%s: skipped a row (%s)", what, exc)
    if skipped:
        log.warning("cluster %s: skipped %d unreadable rows of %s", cluster, skipped, what)
    return records, skipped


def normalize_cluster_status(cluster: str, data: object) -> tuple[ClusterInfo, tuple[Node, ...]]:
    """Read ``/cluster/status``: the cluster row (absent on a standalone node) and node rows."""
    nodes: list[Node] = []
    cluster_row: Mapping[str, Any] | None = None
    for row in _rows(data, "cluster/status"):
        if not isinstance(row, Mapping):
            continue
        kind = as_str(row.get("type"))
        if kind == "cluster" and cluster_row is None:
            cluster_row = row
        elif kind == "node":
            try:
                nodes.append(normalize_node(cluster, row))
            except NormalizeError as exc:
                log.debug("cluster/status: skipped a node row (%s)", exc)
    if cluster_row is not None:
        info = ClusterInfo(
            cluster=cluster,
            name=_opt_text(cluster_row.get("name")) or cluster,
            quorate=as_bool(cluster_row.get("quorate")),
            node_count=as_int(cluster_row.get("nodes")) or len(nodes),
            version=as_int(cluster_row.get("version")),
        )
    else:
        info = ClusterInfo(
            cluster=cluster,
            name=nodes[0].node if nodes else cluster,
            quorate=None,
            node_count=len(nodes),
        )
    return info, tuple(nodes)
