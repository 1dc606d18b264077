"""The synced part of the cache: read the fleet, and write one sync cycle in one transaction.

Only the sync engine writes here (through :meth:`InventoryStore.apply`). Writes are upserts
keyed by the stable keys (cluster + VMID for guests), so a cache that is slightly behind (for
example because a second process synced the same cluster) never makes a cycle fail, and an
update never deletes the row it changes (which would cascade to tags and cached details).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import (
    JSON,
    Connection,
    Select,
    String,
    Table,
    and_,
    bindparam,
    delete,
    exists,
    func,
    select,
    type_coerce,
)
from sqlalchemy.dialects import postgresql, sqlite

from pvesphere_desktop.core.enums import GuestStatus, GuestType, Health, NodeStatus, TaskState
from pvesphere_desktop.core.events import Event, EventKind, ObjectType
from pvesphere_desktop.core.i18n import UserMessage
from pvesphere_desktop.core.models import Guest, Node, Pool, Storage, Task, record_factory
from pvesphere_desktop.core.search import SqlFilter
from pvesphere_desktop.core.status import ClusterStatus, HaResource
from pvesphere_desktop.store.db import Database
from pvesphere_desktop.store.errors import ClusterNotFoundError
from pvesphere_desktop.store.models import (
    ClusterRow,
    ClusterStateRow,
    EventRow,
    GuestRow,
    GuestTagRow,
    HaResourceRow,
    NodeRow,
    PoolRow,
    StorageRow,
    TaskRow,
)

log = logging.getLogger(__name__)

E = TypeVar("E")

GUESTS: Table = GuestRow.__table__  # type: ignore[assignment]
TAGS: Table = GuestTagRow.__table__  # type: ignore[assignment]
NODES: Table = NodeRow.__table__  # type: ignore[assignment]
STORAGE: Table = StorageRow.__table__  # type: ignore[assignment]
POOLS: Table = PoolRow.__table__  # type: ignore[assignment]
HA: Table = HaResourceRow.__table__  # type: ignore[assignment]
TASKS: Table = TaskRow.__table__  # type: ignore[assignment]
EVENTS: Table = EventRow.__table__  # type: ignore[assignment]
STATE: Table = ClusterStateRow.__table__  # type: ignore[assignment]
CLUSTERS: Table = ClusterRow.__table__  # type: ignore[assignment]

# How many recent tasks per cluster the cache keeps.
MAX_TASKS_PER_CLUSTER = 2000


def _enum(kind: type[E], value: Any, default: E) -> E:
    try:
        return kind(value)  # type: ignore[call-arg]
    except ValueError:
        return default


# -- conversions between core records and rows -----------------------------------------------


@cache
def _limits(table: Table) -> tuple[tuple[str, int], ...]:
    return tuple(
        (column.name, int(column.type.length))
        for column in table.columns
        if isinstance(column.type, String) and column.type.length
    )


def _fit(values: dict[str, Any], limits: tuple[tuple[str, int], ...]) -> dict[str, Any]:
    """Cut over-long text to its column's length (PostgreSQL enforces it; PVE never needs it)."""
    for name, length in limits:
        value = values.get(name)
        if value is not None and len(value) > length:
            values[name] = value[:length]
    return values


def guest_values(guest: Guest) -> dict[str, Any]:
    """Return the column values of ``guest`` (without the cluster id and first_seen)."""
    return _fit(_guest_values(guest), _GUEST_LIMITS)


def _guest_values(guest: Guest) -> dict[str, Any]:
    return {
        "vmid": guest.vmid,
        "type": guest.type.value,
        "node": guest.node,
        "name": guest.name,
        "status": guest.status.value,
        "tags": ";".join(guest.tags),
        "template": guest.template,
        "lock": guest.lock,
        "pool": guest.pool,
        "hastate": guest.hastate,
        "cpu": guest.cpu,
        "maxcpu": guest.maxcpu,
        "mem": guest.mem,
        "maxmem": guest.maxmem,
        "disk": guest.disk,
        "maxdisk": guest.maxdisk,
        "netin": guest.netin,
        "netout": guest.netout,
        "diskread": guest.diskread,
        "diskwrite": guest.diskwrite,
        "uptime": guest.uptime,
        "raw": dict(guest.raw),
    }


_GUEST_COLUMN_NAMES = (
    "vmid",
    "type",
    "node",
    "name",
    "status",
    "tags",
    "template",
    "lock",
    "pool",
    "hastate",
    "cpu",
    "maxcpu",
    "mem",
    "maxmem",
    "disk",
    "maxdisk",
    "netin",
    "netout",
    "diskread",
    "diskwrite",
    "uptime",
    "raw",
)
# ``raw`` is read as text and decoded when first used: nothing shows it, and decoding 20,000
# of them was a fifth of reading the cache at start-up.
_GUEST_COLUMNS = tuple(
    type_coerce(GUESTS.c[name], String).label(name) if name == "raw" else GUESTS.c[name]
    for name in _GUEST_COLUMN_NAMES
)
_GUEST_LIMITS = _limits(GUESTS)
_TAG_LENGTH = 200


class JsonText(Mapping[str, Any]):
    """A JSON object stored as text, decoded on first use (anything but an object reads as
    empty)."""

    __slots__ = ("_text", "_value")

    def __init__(self, text: str) -> None:
        self._text = text
        self._value: dict[str, Any] | None = None

    def _data(self) -> dict[str, Any]:
        if self._value is None:
            try:
                value = json.loads(self._text)
            except ValueError:
                value = None
            self._value = value if isinstance(value, dict) else {}
        return self._value

    def __getitem__(self, key: str) -> Any:
        return self._data()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())

    def __repr__(self) -> str:
        return repr(self._data())

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (self._data(),))


_new_guest = record_factory(Guest, positional=True)
_GUEST_TYPES = {t.value: t for t in GuestType}
_GUEST_STATUSES = {s.value: s for s in GuestStatus}
_TAGS: dict[str, tuple[str, ...]] = {}  # tag strings repeat across guests: split each once


def _tags(text: str) -> tuple[str, ...]:
    tags = _TAGS.get(text)
    if tags is None:
        tags = tuple(text.split(";"))
        if len(_TAGS) < 4096:
            _TAGS[text] = tags
    return tags


def guest_from_row(cluster: str, row: Sequence[Any]) -> Guest:
    """Build a Guest from a row selected with ``_GUEST_COLUMNS`` (in that order)."""
    (
        vmid,
        type_,
        node,
        name,
        status,
        tags,
        template,
        lock,
        pool,
        hastate,
        cpu,
        maxcpu,
        mem,
        maxmem,
        disk,
        maxdisk,
        netin,
        netout,
        diskread,
        diskwrite,
        uptime,
        raw,
    ) = row
    # Called for every cached guest at start-up: plain lookups, no enum calls, raw decoded
    # later, fields by position in Guest's order.
    return _new_guest(
        cluster,
        vmid,
        _GUEST_TYPES.get(type_, GuestType.QEMU),
        node,
        name,
        _GUEST_STATUSES.get(status, GuestStatus.UNKNOWN),
        _tags(tags) if tags else (),
        bool(template),
        lock,
        pool,
        hastate,
        cpu,
        maxcpu,
        mem,
        maxmem,
        disk,
        maxdisk,
        netin,
        netout,
        diskread,
        diskwrite,
        uptime,
        JsonText(raw) if raw.__class__ is str else raw or {},
    )


def node_values(node: Node) -> dict[str, Any]:
    return _fit(_node_values(node), _limits(NODES))


def _node_values(node: Node) -> dict[str, Any]:
    return {
        "node": node.node,
        "status": node.status.value,
        "ip": node.ip,
        "local": node.local,
        "cpu": node.cpu,
        "maxcpu": node.maxcpu,
        "mem": node.mem,
        "maxmem": node.maxmem,
        "disk": node.disk,
        "maxdisk": node.maxdisk,
        "uptime": node.uptime,
        "level": node.level,
        "raw": dict(node.raw),
    }


def node_from_row(cluster: str, row: Any) -> Node:
    return Node(
        cluster=cluster,
        node=row.node,
        status=_enum(NodeStatus, row.status, NodeStatus.UNKNOWN),
        ip=row.ip,
        local=bool(row.local),
        cpu=row.cpu,
        maxcpu=row.maxcpu,
        mem=row.mem,
        maxmem=row.maxmem,
        disk=row.disk,
        maxdisk=row.maxdisk,
        uptime=row.uptime,
        level=row.level,
        raw=row.raw or {},
    )


def storage_values(storage: Storage) -> dict[str, Any]:
    return _fit(_storage_values(storage), _limits(STORAGE))


def _storage_values(storage: Storage) -> dict[str, Any]:
    return {
        "node": storage.node,
        "storage": storage.storage,
        "plugintype": storage.plugintype,
        "status": storage.status,
        "shared": storage.shared,
        "content": ",".join(storage.content),
        "disk": storage.disk,
        "maxdisk": storage.maxdisk,
        "raw": dict(storage.raw),
    }


def storage_from_row(cluster: str, row: Any) -> Storage:
    return Storage(
        cluster=cluster,
        node=row.node,
        storage=row.storage,
        plugintype=row.plugintype,
        status=row.status,
        shared=bool(row.shared),
        content=tuple(row.content.split(",")) if row.content else (),
        disk=row.disk,
        maxdisk=row.maxdisk,
        raw=row.raw or {},
    )


def task_values(task: Task) -> dict[str, Any]:
    return _fit(_task_values(task), _limits(TASKS))


def _task_values(task: Task) -> dict[str, Any]:
    return {
        "upid": task.upid,
        "node": task.node,
        "type": task.type,
        "obj_id": task.id,
        "user": task.user,
        "starttime": task.starttime,
        "endtime": task.endtime,
        "state": task.state.value,
        "status": task.status,
    }


def task_from_row(cluster: str, row: Any) -> Task:
    return Task(
        cluster=cluster,
        upid=row.upid,
        node=row.node,
        type=row.type,
        id=row.obj_id,
        user=row.user,
        starttime=row.starttime,
        endtime=row.endtime,
        state=_enum(TaskState, row.state, TaskState.RUNNING),
        status=row.status,
    )


def message_to_json(message: UserMessage | None) -> str | None:
    """The stored form of a translatable message (its values as text if JSON cannot hold them)."""
    if message is None:
        return None
    args = {
        str(k): v if isinstance(v, str | int | float | bool) or v is None else str(v)
        for k, v in message.args.items()
    }
    return json.dumps({"context": message.context, "template": message.template, "args": args})


def message_from_json(text: str | None) -> UserMessage | None:
    """Read a stored message back; None for nothing stored or anything malformed."""
    if not text:
        return None
    try:
        data = json.loads(text)
        context, template, args = data["context"], data["template"], data.get("args") or {}
    except (ValueError, TypeError, KeyError):
        return None
    if not (isinstance(context, str) and isinstance(template, str) and isinstance(args, dict)):
        return None
    return UserMessage(context, template, args)


def status_values(status: ClusterStatus) -> dict[str, Any]:
    return {
        "health": status.health.value,
        "health_detail": status.detail,
        "health_message": message_to_json(status.message),
        "pve_name": status.pve_name,
        "quorate": status.quorate,
        "node_count": status.node_count,
        "pve_version": status.pve_version,
        "first_synced_at": status.first_synced_at,
        "last_attempt_at": status.last_attempt_at,
        "last_ok_at": status.last_ok_at,
        "last_change_at": status.last_change_at,
        "failures": status.failures,
    }


def status_from_row(cluster: str, row: Any) -> ClusterStatus:
    return ClusterStatus(
        cluster=cluster,
        health=_enum(Health, row.health, Health.UNKNOWN),
        detail=row.health_detail or "",
        message=message_from_json(row.health_message),
        pve_name=row.pve_name,
        quorate=row.quorate,
        node_count=row.node_count or 0,
        pve_version=row.pve_version,
        first_synced_at=row.first_synced_at,
        last_attempt_at=row.last_attempt_at,
        last_ok_at=row.last_ok_at,
        last_change_at=row.last_change_at,
        failures=row.failures or 0,
    )


def event_values(cluster_id: int, event: Event) -> dict[str, Any]:
    return _fit(_event_values(cluster_id, event), _limits(EVENTS))


def _event_values(cluster_id: int, event: Event) -> dict[str, Any]:
    return {
        "time": event.time,
        "cluster_id": cluster_id,
        "kind": event.kind.value,
        "object_type": event.object_type.value,
        "object_key": event.object_key,
        "name": event.name,
        "old": event.old,
        "new": event.new,
    }


def _sql_condition(condition: SqlFilter, names: dict[int, str]) -> Any:
    """Translate one search filter into a WHERE clause on the guests table."""
    op, values = condition.op, condition.values
    if condition.column == "cluster":
        wanted = {str(v).lower() for v in values}
        return GUESTS.c.cluster_id.in_([cid for cid, n in names.items() if n.lower() in wanted])
    if op == "tag":
        return exists(
            select(TAGS.c.vmid).where(
                TAGS.c.cluster_id == GUESTS.c.cluster_id,
                TAGS.c.vmid == GUESTS.c.vmid,
                func.lower(TAGS.c.tag).in_([str(v).lower() for v in values]),
            )
        )
    column = GUESTS.c[condition.column]
    if op == "in":
        if values and isinstance(values[0], bool):
            return column.in_(values)
        return func.lower(column).in_([str(v).lower() for v in values])
    if op == "between":
        return column.between(values[0], values[1])
    if op == "not_null":
        return and_(column.is_not(None), column != "")
    if op == "is_null":
        return column.is_(None)
    comparisons = {
        ">": column.__gt__,
        ">=": column.__ge__,
        "<": column.__lt__,
        "<=": column.__le__,
    }
    return comparisons[op](values[0])


# -- what one cycle writes ----------------------------------------------------------------------


@dataclass(slots=True)
class CachedInventory:
    """One cluster's synced objects as the cache holds them (the sync engine's starting point)."""

    cluster: str
    cluster_id: int
    guests: dict[int, Guest] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)
    storage: dict[tuple[str, str], Storage] = field(default_factory=dict)
    pools: dict[str, Pool] = field(default_factory=dict)
    status: ClusterStatus | None = None


@dataclass(slots=True)
class CycleWrite:
    """Everything one sync cycle of one cluster writes (applied in one transaction).

    ``*_upsert`` hold added and changed objects; ``*_removed`` their keys. ``retag`` lists the
    VMIDs whose tag rows must be rewritten (new guests and guests whose tags changed).
    ``tasks``/``ha`` are None when they were not fetched in this cycle.
    """

    cluster_id: int
    at: float
    status: ClusterStatus
    guests_upsert: list[Guest] = field(default_factory=list)
    guests_removed: list[int] = field(default_factory=list)
    retag: list[Guest] = field(default_factory=list)
    nodes_upsert: list[Node] = field(default_factory=list)
    nodes_removed: list[str] = field(default_factory=list)
    storage_upsert: list[Storage] = field(default_factory=list)
    storage_removed: list[tuple[str, str]] = field(default_factory=list)
    pools_upsert: list[Pool] = field(default_factory=list)
    pools_removed: list[str] = field(default_factory=list)
    tasks: list[Task] | None = None
    ha: list[HaResource] | None = None
    events: list[Event] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    order: tuple[str, ...]
    defaults: dict[str, Any]
    json: frozenset[str]


_compiled: dict[tuple[Any, ...], _Compiled] = {}


def _many(conn: Connection, stmt: Any, rows: list[dict[str, Any]], key: tuple[Any, ...]) -> None:
    """Execute ``stmt`` once per row, the fast way on SQLite.

    SQLAlchemy's per-row parameter processing costs more than SQLite's own work for thousands
    of rows; on SQLite the statement is compiled once and handed to the driver's
    ``executemany`` with plain tuples (JSON columns serialised here). Other databases take
    the normal path.
    """
    if conn.dialect.name != "sqlite":
        conn.execute(stmt, rows)
        return
    cache_key = (*key, tuple(rows[0]))
    entry = _compiled.get(cache_key)
    if entry is None:
        compiled = stmt.compile(dialect=conn.dialect, column_keys=list(rows[0]))
        table = stmt.table
        entry = _Compiled(
            sql=str(compiled),
            order=tuple(compiled.positiontup or ()),
            defaults=dict(compiled.params),
            json=frozenset(c.name for c in table.columns if isinstance(c.type, JSON)),
        )
        _compiled[cache_key] = entry
    order, defaults, json_columns = entry.order, entry.defaults, entry.json
    params = []
    for row in rows:
        values = []
        for name in order:
            value = row[name] if name in row else defaults[name]
            if name in json_columns and value is not None:
                value = json.dumps(value)
            values.append(value)
        params.append(tuple(values))
    conn.exec_driver_sql(entry.sql, params)


class InventoryStore:
    """Read the fleet from the cache; write sync cycles."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._dialect = database.engine.dialect.name
        self._upserts: dict[tuple[Any, ...], Any] = {}

    @property
    def database(self) -> Database:
        return self._db

    # -- cluster ids ------------------------------------------------------------------------------

    def cluster_ids(self) -> dict[str, int]:
        """Return cluster name -> row id for every registered cluster."""
        with self._db.read_connection() as conn:
            return {name: cid for cid, name in self._names(conn).items()}

    def _names(self, conn: Connection) -> dict[int, str]:
        rows = conn.execute(select(CLUSTERS.c.id, CLUSTERS.c.name))
        return {int(cid): str(name) for cid, name in rows}

    def _cluster_id(self, conn: Connection, cluster: str) -> int:
        found = conn.execute(select(CLUSTERS.c.id).where(CLUSTERS.c.name == cluster)).scalar()
        if found is None:
            raise ClusterNotFoundError(name=cluster)
        return int(found)

    # -- the sync engine's side -----------------------------------------------------------------

    def load(self, cluster: str) -> CachedInventory:
        """Return everything cached for ``cluster`` (one read transaction)."""
        with self._db.read_connection() as conn:
            cid = self._cluster_id(conn, cluster)
            cached = CachedInventory(cluster=cluster, cluster_id=cid)
            rows = conn.execute(select(*_GUEST_COLUMNS).where(GUESTS.c.cluster_id == cid)).all()
            guests = cached.guests
            for row in rows:  # fetched in one go: row by row costs a third more
                guest = guest_from_row(cluster, row)
                guests[guest.vmid] = guest
            for row in conn.execute(select(NODES).where(NODES.c.cluster_id == cid)):
                node = node_from_row(cluster, row)
                cached.nodes[node.node] = node
            for row in conn.execute(select(STORAGE).where(STORAGE.c.cluster_id == cid)):
                storage = storage_from_row(cluster, row)
                cached.storage[(storage.node, storage.storage)] = storage
            for row in conn.execute(select(POOLS).where(POOLS.c.cluster_id == cid)):
                cached.pools[row.poolid] = Pool(cluster, row.poolid, row.comment or "")
            state = conn.execute(select(STATE).where(STATE.c.cluster_id == cid)).first()
            if state is not None:
                cached.status = status_from_row(cluster, state)
        return cached

    def apply(self, cycle: CycleWrite) -> None:
        """Write one cycle in one transaction (all of it or, after a crash, none of it)."""
        with self._db.write_connection() as conn:
            self._apply(conn, cycle)

    def _apply(self, conn: Connection, cycle: CycleWrite) -> None:
        cid, at = cycle.cluster_id, cycle.at
        if cycle.guests_removed:
            conn.execute(
                delete(GUESTS).where(
                    and_(GUESTS.c.cluster_id == cid, GUESTS.c.vmid == bindparam("b_vmid"))
                ),
                [{"b_vmid": vmid} for vmid in cycle.guests_removed],
            )
        if cycle.guests_upsert:
            rows = []
            for guest in cycle.guests_upsert:
                values = guest_values(guest)
                values["cluster_id"] = cid
                values["first_seen"] = at
                rows.append(values)
            self._upsert(conn, GUESTS, rows, ("cluster_id", "vmid"), keep=("first_seen",))
        if cycle.retag:
            vmids = [guest.vmid for guest in cycle.retag]
            for start in range(0, len(vmids), 500):
                conn.execute(
                    delete(TAGS).where(
                        and_(TAGS.c.cluster_id == cid, TAGS.c.vmid.in_(vmids[start : start + 500]))
                    )
                )
            tag_rows = [
                {"cluster_id": cid, "vmid": guest.vmid, "tag": tag}
                for guest in cycle.retag
                for tag in dict.fromkeys(t[:_TAG_LENGTH] for t in guest.tags)
            ]
            if tag_rows:
                _many(conn, TAGS.insert(), tag_rows, ("insert", "guest_tags"))
        self._apply_simple(
            conn,
            table=NODES,
            cid=cid,
            at=at,
            upserts=[node_values(n) for n in cycle.nodes_upsert],
            removed=[{"b_node": n} for n in cycle.nodes_removed],
            key=("node",),
        )
        self._apply_simple(
            conn,
            table=STORAGE,
            cid=cid,
            at=at,
            upserts=[storage_values(s) for s in cycle.storage_upsert],
            removed=[{"b_node": n, "b_storage": s} for n, s in cycle.storage_removed],
            key=("node", "storage"),
        )
        self._apply_simple(
            conn,
            table=POOLS,
            cid=cid,
            at=at,
            upserts=[{"poolid": p.poolid, "comment": p.comment} for p in cycle.pools_upsert],
            removed=[{"b_poolid": p} for p in cycle.pools_removed],
            key=("poolid",),
        )
        if cycle.tasks is not None:
            self._write_tasks(conn, cid, cycle.tasks)
        if cycle.ha is not None:
            conn.execute(delete(HA).where(HA.c.cluster_id == cid))
            if cycle.ha:
                conn.execute(
                    HA.insert(),
                    [
                        {
                            "cluster_id": cid,
                            "sid": h.sid,
                            "type": h.type,
                            "state": h.state,
                            "node": h.node,
                            "status": h.status,
                            "request_state": h.request_state,
                            "crm_state": h.crm_state,
                            "raw": {},
                            "fetched_at": at,
                        }
                        for h in {h.sid: h for h in cycle.ha}.values()
                    ],
                )
        if cycle.events:
            _many(conn, EVENTS.insert(), [event_values(cid, e) for e in cycle.events], ("ev",))
        self._write_status(conn, cid, cycle.status)

    def _apply_simple(
        self,
        conn: Connection,
        *,
        table: Table,
        cid: int,
        at: float,
        upserts: list[dict[str, Any]],
        removed: list[dict[str, Any]],
        key: tuple[str, ...],
    ) -> None:
        if removed:
            clauses = [table.c.cluster_id == cid]
            clauses += [table.c[name] == bindparam(f"b_{name}") for name in key]
            conn.execute(delete(table).where(and_(*clauses)), removed)
        if upserts:
            for values in upserts:
                values["cluster_id"] = cid
                values["first_seen"] = at
            self._upsert(conn, table, upserts, ("cluster_id", *key), keep=("first_seen",))

    def _write_tasks(self, conn: Connection, cid: int, tasks: list[Task]) -> None:
        if tasks:
            rows = []
            for task in {t.upid: t for t in tasks}.values():
                values = task_values(task)
                values["cluster_id"] = cid
                rows.append(values)
            self._upsert(conn, TASKS, rows, ("cluster_id", "upid"))
        # Keep the newest MAX_TASKS_PER_CLUSTER tasks.
        cutoff = conn.execute(
            select(TASKS.c.starttime)
            .where(TASKS.c.cluster_id == cid)
            .order_by(TASKS.c.starttime.desc())
            .offset(MAX_TASKS_PER_CLUSTER)
            .limit(1)
        ).scalar()
        if cutoff is not None:
            conn.execute(
                delete(TASKS).where(and_(TASKS.c.cluster_id == cid, TASKS.c.starttime <= cutoff))
            )

    def _write_status(self, conn: Connection, cid: int, status: ClusterStatus) -> None:
        values = status_values(status)
        values["cluster_id"] = cid
        self._upsert(conn, STATE, [values], ("cluster_id",))

    def record_status(self, cluster_id: int, status: ClusterStatus, events: list[Event]) -> None:
        """Write only the cluster's state (a failed cycle) and its events."""
        with self._db.write_connection() as conn:
            if events:
                conn.execute(EVENTS.insert(), [event_values(cluster_id, e) for e in events])
            self._write_status(conn, cluster_id, status)

    def add_events(self, cluster_id: int, events: list[Event]) -> None:
        """Record events outside a sync cycle (e.g. a config digest change seen in details)."""
        if events:
            with self._db.write_connection() as conn:
                conn.execute(EVENTS.insert(), [event_values(cluster_id, e) for e in events])

    def _upsert(
        self,
        conn: Connection,
        table: Table,
        rows: list[dict[str, Any]],
        key: tuple[str, ...],
        keep: tuple[str, ...] = (),
    ) -> None:
        columns = tuple(name for name in rows[0] if name not in key and name not in keep)
        cache_key = (table.name, key, columns)
        stmt = self._upserts.get(cache_key)
        if stmt is None:
            insert: Any
            if self._dialect == "sqlite":
                insert = sqlite.insert
            elif self._dialect == "postgresql":
                insert = postgresql.insert
            else:  # pragma: no cover - other databases are not supported
                raise NotImplementedError(self._dialect)
            stmt = insert(table)
            stmt = stmt.on_conflict_do_update(
                index_elements=[table.c[name] for name in key],
                set_={name: stmt.excluded[name] for name in columns},
            )
            self._upserts[cache_key] = stmt
        _many(conn, stmt, rows, ("upsert", table.name, key, keep))

    # -- readers --------------------------------------------------------------------------------

    def _scoped(self, stmt: Select[Any], table: Table, cluster_ids: Iterable[int] | None) -> Any:
        if cluster_ids is None:
            return stmt
        return stmt.where(table.c.cluster_id.in_(list(cluster_ids)))

    def _ids_for(self, conn: Connection, clusters: Iterable[str] | None) -> list[int] | None:
        if clusters is None:
            return None
        wanted = set(clusters)
        return [cid for cid, name in self._names(conn).items() if name in wanted]

    def guests(
        self, clusters: Iterable[str] | None = None, filters: Sequence[SqlFilter] = ()
    ) -> list[Guest]:
        """Return the cached guests (of ``clusters``), ordered by cluster and VMID.

        ``filters`` (from ``core.search.Query.sql_filters``) narrow the rows in SQL; they are
        implied by the query, so callers still apply the query's predicate for exactness.
        """
        with self._db.read_connection() as conn:
            names = self._names(conn)
            stmt = select(GUESTS.c.cluster_id, *_GUEST_COLUMNS).order_by(
                GUESTS.c.cluster_id, GUESTS.c.vmid
            )
            stmt = self._scoped(stmt, GUESTS, self._ids_for(conn, clusters))
            for condition in filters:
                stmt = stmt.where(_sql_condition(condition, names))
            result = [guest_from_row(names[row[0]], row[1:]) for row in conn.execute(stmt).all()]
        result.sort(key=lambda g: (g.cluster, g.vmid))
        return result

    def nodes(self, clusters: Iterable[str] | None = None) -> list[Node]:
        """Return every cached node, ordered by cluster and name."""
        with self._db.read_connection() as conn:
            names = self._names(conn)
            stmt = self._scoped(select(NODES), NODES, self._ids_for(conn, clusters))
            result = [node_from_row(names[row.cluster_id], row) for row in conn.execute(stmt)]
        result.sort(key=lambda n: (n.cluster, n.node))
        return result

    def storage(self, clusters: Iterable[str] | None = None) -> list[Storage]:
        """Return every cached storage entry, ordered by cluster, node and name."""
        with self._db.read_connection() as conn:
            names = self._names(conn)
            stmt = self._scoped(select(STORAGE), STORAGE, self._ids_for(conn, clusters))
            result = [storage_from_row(names[row.cluster_id], row) for row in conn.execute(stmt)]
        result.sort(key=lambda s: (s.cluster, s.node, s.storage))
        return result

    def pools(self, clusters: Iterable[str] | None = None) -> list[Pool]:
        """Return every cached pool."""
        with self._db.read_connection() as conn:
            names = self._names(conn)
            stmt = self._scoped(select(POOLS), POOLS, self._ids_for(conn, clusters))
            result = [
                Pool(names[row.cluster_id], row.poolid, row.comment or "")
                for row in conn.execute(stmt)
            ]
        result.sort(key=lambda p: (p.cluster, p.poolid))
        return result

    def ha_resources(self, clusters: Iterable[str] | None = None) -> list[HaResource]:
        """Return the cached HA resources."""
        with self._db.read_connection() as conn:
            names = self._names(conn)
            stmt = self._scoped(select(HA), HA, self._ids_for(conn, clusters))
            return [
                HaResource(
                    cluster=names[row.cluster_id],
                    sid=row.sid,
                    type=row.type,
                    state=row.state,
                    node=row.node,
                    status=row.status,
                    request_state=row.request_state,
                    crm_state=row.crm_state,
                )
                for row in conn.execute(stmt.order_by(HA.c.cluster_id, HA.c.sid))
            ]

    def tasks(
        self, clusters: Iterable[str] | None = None, limit: int = 200, since: float | None = None
    ) -> list[Task]:
        """Return the newest cached tasks first."""
        with self._db.read_connection() as conn:
            names = self._names(conn)
            stmt = self._scoped(select(TASKS), TASKS, self._ids_for(conn, clusters))
            if since is not None:
                stmt = stmt.where(TASKS.c.starttime >= since)
            stmt = stmt.order_by(TASKS.c.starttime.desc(), TASKS.c.upid).limit(limit)
            return [task_from_row(names[row.cluster_id], row) for row in conn.execute(stmt)]

    def statuses(self) -> dict[str, ClusterStatus]:
        """Return the sync state of every registered cluster (UNKNOWN when never synced)."""
        with self._db.read_connection() as conn:
            names = self._names(conn)
            result = {name: ClusterStatus(cluster=name) for name in names.values()}
            for row in conn.execute(select(STATE)):
                name = names.get(row.cluster_id)
                if name is not None:
                    result[name] = status_from_row(name, row)
        return dict(sorted(result.items()))

    def events(
        self,
        since: float | None = None,
        clusters: Iterable[str] | None = None,
        limit: int | None = None,
        kinds: Iterable[EventKind] | None = None,
    ) -> list[Event]:
        """Return the events after ``since`` (all when None), oldest first: one query."""
        with self._db.read_connection() as conn:
            names = self._names(conn)
            stmt = self._scoped(select(EVENTS), EVENTS, self._ids_for(conn, clusters))
            if since is not None:
                stmt = stmt.where(EVENTS.c.time > since)
            if kinds is not None:
                stmt = stmt.where(EVENTS.c.kind.in_([k.value for k in kinds]))
            if limit is not None:
                # The newest ``limit`` events, still returned oldest first.
                stmt = stmt.order_by(EVENTS.c.time.desc(), EVENTS.c.id.desc()).limit(limit)
                rows = list(conn.execute(stmt))[::-1]
            else:
                rows = list(conn.execute(stmt.order_by(EVENTS.c.time, EVENTS.c.id)))
            return [
                Event(
                    time=row.time,
                    cluster=names[row.cluster_id],
                    kind=_enum(EventKind, row.kind, EventKind.STATUS_CHANGED),
                    object_type=_enum(ObjectType, row.object_type, ObjectType.GUEST),
                    object_key=row.object_key,
                    name=row.name or "",
                    old=row.old,
                    new=row.new,
                    id=row.id,
                )
                for row in rows
            ]

    def prune_events(self, before: float, keep_at_most: int = 200_000) -> int:
        """Delete events older than ``before`` and beyond the newest ``keep_at_most``."""
        with self._db.write_connection() as conn:
            deleted = conn.execute(delete(EVENTS).where(EVENTS.c.time < before)).rowcount or 0
            cutoff = conn.execute(
                select(EVENTS.c.id).order_by(EVENTS.c.id.desc()).offset(keep_at_most).limit(1)
            ).scalar()
            if cutoff is not None:
                deleted += conn.execute(delete(EVENTS).where(EVENTS.c.id <= cutoff)).rowcount or 0
        return int(deleted)

    def counts(self) -> dict[str, int]:
        """Return row counts of the synced tables (diagnostics, consistency checks)."""
        with self._db.read_connection() as conn:
            return {
                table.name: int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
                for table in (GUESTS, TAGS, NODES, STORAGE, POOLS, HA, TASKS, EVENTS, STATE)
            }


__all__ = [
    "CachedInventory",
    "CycleWrite",
    "InventoryStore",
    "guest_from_row",
    "guest_values",
]
