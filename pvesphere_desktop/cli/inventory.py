"""``pvesphere guests|nodes|storage|tasks|events``: read the fleet from the local cache.

These commands never touch the network: they show what the last sync saw, with how old it is,
so they work just as well when every cluster is unreachable. ``--query`` takes the search
language of the app's search box (see ``core/search.py``); ``--json`` prints machine-readable
output with stable field names.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from pvesphere_desktop.cli.main import EXIT_OK, EXIT_USAGE, CliContext, CliError
from pvesphere_desktop.cli.sync import open_database
from pvesphere_desktop.core.events import Event
from pvesphere_desktop.core.models import Guest, Node, Storage, Task
from pvesphere_desktop.core.search import NODES, STORAGE, TASKS, Query, QueryError, parse
from pvesphere_desktop.core.status import ClusterStatus
from pvesphere_desktop.store.inventory import InventoryStore
from pvesphere_desktop.store.userdata import UserDataStore


def register(subparsers: Any) -> None:
    for name, help_text, handler in (
        ("guests", "list cached VMs and containers", run_guests),
        ("nodes", "list cached nodes", run_nodes),
        ("storage", "list cached storage", run_storage),
        ("tasks", "list cached recent tasks", run_tasks),
    ):
        parser = subparsers.add_parser(name, help=help_text, description=help_text.capitalize())
        parser.add_argument("-q", "--query", default="", help="search, e.g. 'tag:prod mem>4G'")
        parser.add_argument("--cluster", action="append", metavar="NAME", help="only NAME")
        parser.add_argument("--json", action="store_true", help="print JSON")
        if name == "tasks":
            parser.add_argument("--limit", type=int, default=50, help="at most N (default 50)")
        parser.set_defaults(handler=handler)
    parser = subparsers.add_parser(
        "events", help="show the change history", description="Show the change history."
    )
    parser.add_argument(
        "--since", default="1d", help="a duration back (30m, 1h, 7d) or an ISO 8601 time"
    )
    parser.add_argument("--cluster", action="append", metavar="NAME", help="only NAME")
    parser.add_argument("--limit", type=int, default=None, help="at most the newest N")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run_events)


# -- formatting helpers -------------------------------------------------------------------------


def iso(timestamp: float | None) -> str | None:
    """Return an ISO 8601 UTC time for a UNIX time (None stays None)."""
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, tz=UTC).isoformat(timespec="seconds")


def _size(value: int | None) -> str:
    if value is None:
        return "-"
    amount = float(value)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if amount < 1024 or unit == "TiB":
            return f"{amount:.0f} {unit}" if unit == "B" else f"{amount:.1f} {unit}"
        amount /= 1024
    return f"{amount:.1f} PiB"  # pragma: no cover - loop always returns


def _duration(seconds: float | None) -> str:
    if not seconds:
        return "-"
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m"


def _percent(fraction: float | None) -> str:
    return "-" if fraction is None else f"{fraction * 100:.0f}%"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _parse_query(text: str, schema: Any = None) -> Query | None:
    try:
        return parse(text) if schema is None else parse(text, schema)
    except QueryError as exc:
        print(f"pvesphere: {exc.message}", file=sys.stderr)
        print(f"  {text}", file=sys.stderr)
        print(f"  {' ' * exc.position}^", file=sys.stderr)
        return None


def _staleness(statuses: dict[str, ClusterStatus], clusters: set[str]) -> None:
    """Tell on stderr which clusters' data is not current (the output itself stays clean)."""
    now = time.time()
    for name in sorted(clusters):
        status = statuses.get(name)
        if status is None:
            continue
        if status.last_ok_at is None:
            print(f"note: {name} has never been synced", file=sys.stderr)
        elif not status.reachable:
            age = _duration(now - status.last_ok_at)
            print(f"note: {name} is {status.health.value}; data from {age} ago", file=sys.stderr)


def _select(
    context: CliContext,
    args: argparse.Namespace,
    load: Callable[[InventoryStore, Query], list[Any]],
    schema: Any,
) -> tuple[list[Any], dict[str, ClusterStatus]] | None:
    query = _parse_query(args.query, schema)
    if query is None:
        return None
    with open_database(context) as database:
        store = InventoryStore(database)
        statuses = store.statuses()
        unknown = [name for name in args.cluster or () if name not in statuses]
        if unknown:
            raise CliError(f"there is no cluster named “{unknown[0]}”")
        records = load(store, query)
        if schema is None:  # guests: notes take part in free text
            notes = UserDataStore(database).guest_notes() if query.groups else None
            records = query.filter(records, notes)
        else:
            records = query.filter(records)
    return records, statuses


# -- commands -----------------------------------------------------------------------------------


def guest_json(guest: Guest, last_seen: float | None) -> dict[str, Any]:
    """Return the JSON object of one guest (the stable ``guests --json`` format)."""
    return {
        "cluster": guest.cluster,
        "vmid": guest.vmid,
        "name": guest.name,
        "type": guest.type.value,
        "node": guest.node,
        "status": guest.status.value,
        "tags": list(guest.tags),
        "cpu": guest.cpu,
        "maxcpu": guest.maxcpu,
        "mem": guest.mem,
        "maxmem": guest.maxmem,
        "disk": guest.disk,
        "maxdisk": guest.maxdisk,
        "uptime": guest.uptime,
        "template": guest.template,
        "lock": guest.lock,
        "pool": guest.pool,
        "hastate": guest.hastate,
        "last_seen": iso(last_seen),
    }


def run_guests(args: argparse.Namespace, context: CliContext) -> int:
    def load(store: InventoryStore, query: Query) -> list[Guest]:
        return store.guests(args.cluster, filters=query.sql_filters())

    selected = _select(context, args, load, None)
    if selected is None:
        return EXIT_USAGE
    guests, statuses = selected
    if args.json:
        print(json.dumps([guest_json(g, statuses[g.cluster].last_ok_at) for g in guests]))
    else:
        _table(
            ("CLUSTER", "VMID", "NAME", "TYPE", "NODE", "STATUS", "CPU", "MEM", "UPTIME", "TAGS"),
            [
                (
                    g.cluster,
                    str(g.vmid),
                    g.name,
                    g.type.value,
                    g.node,
                    g.status.value + (" (template)" if g.template else ""),
                    _percent(g.cpu),
                    f"{_size(g.mem)} / {_size(g.maxmem)}",
                    _duration(g.uptime),
                    ";".join(g.tags),
                )
                for g in guests
            ],
        )
    _staleness(statuses, {g.cluster for g in guests})
    return EXIT_OK


def run_nodes(args: argparse.Namespace, context: CliContext) -> int:
    def load(store: InventoryStore, query: Query) -> list[Node]:
        return store.nodes(args.cluster)

    selected = _select(context, args, load, NODES)
    if selected is None:
        return EXIT_USAGE
    nodes, statuses = selected
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "cluster": n.cluster,
                        "node": n.node,
                        "status": n.status.value,
                        "ip": n.ip,
                        "cpu": n.cpu,
                        "maxcpu": n.maxcpu,
                        "mem": n.mem,
                        "maxmem": n.maxmem,
                        "disk": n.disk,
                        "maxdisk": n.maxdisk,
                        "uptime": n.uptime,
                        "level": n.level,
                        "last_seen": iso(statuses[n.cluster].last_ok_at),
                    }
                    for n in nodes
                ]
            )
        )
    else:
        _table(
            ("CLUSTER", "NODE", "STATUS", "CPU", "MEM", "DISK", "UPTIME", "IP"),
            [
                (
                    n.cluster,
                    n.node,
                    n.status.value,
                    _percent(n.cpu),
                    f"{_size(n.mem)} / {_size(n.maxmem)}",
                    f"{_size(n.disk)} / {_size(n.maxdisk)}",
                    _duration(n.uptime),
                    n.ip or "-",
                )
                for n in nodes
            ],
        )
    _staleness(statuses, {n.cluster for n in nodes})
    return EXIT_OK


def run_storage(args: argparse.Namespace, context: CliContext) -> int:
    def load(store: InventoryStore, query: Query) -> list[Storage]:
        return store.storage(args.cluster)

    selected = _select(context, args, load, STORAGE)
    if selected is None:
        return EXIT_USAGE
    items, statuses = selected
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "cluster": s.cluster,
                        "node": s.node,
                        "storage": s.storage,
                        "type": s.plugintype,
                        "status": s.status,
                        "shared": s.shared,
                        "content": list(s.content),
                        "disk": s.disk,
                        "maxdisk": s.maxdisk,
                        "last_seen": iso(statuses[s.cluster].last_ok_at),
                    }
                    for s in items
                ]
            )
        )
    else:
        _table(
            ("CLUSTER", "NODE", "STORAGE", "TYPE", "STATUS", "USED", "SIZE", "SHARED", "CONTENT"),
            [
                (
                    s.cluster,
                    s.node,
                    s.storage,
                    s.plugintype or "-",
                    s.status or "-",
                    _size(s.disk),
                    _size(s.maxdisk),
                    "yes" if s.shared else "no",
                    ",".join(s.content),
                )
                for s in items
            ],
        )
    _staleness(statuses, {s.cluster for s in items})
    return EXIT_OK


def run_tasks(args: argparse.Namespace, context: CliContext) -> int:
    limit = max(1, args.limit)

    def load(store: InventoryStore, query: Query) -> list[Task]:
        # Query first, limit after: load generously, then cut.
        return store.tasks(args.cluster, limit=limit if query.empty else 100_000)

    selected = _select(context, args, load, TASKS)
    if selected is None:
        return EXIT_USAGE
    tasks, statuses = selected
    tasks = tasks[:limit]
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "cluster": t.cluster,
                        "upid": t.upid,
                        "node": t.node,
                        "type": t.type,
                        "id": t.id,
                        "user": t.user,
                        "starttime": iso(t.starttime),
                        "endtime": iso(t.endtime),
                        "state": t.state.value,
                        "status": t.status,
                    }
                    for t in tasks
                ]
            )
        )
    else:
        _table(
            ("START", "CLUSTER", "NODE", "TYPE", "ID", "USER", "STATE", "STATUS"),
            [
                (
                    iso(t.starttime) or "-",
                    t.cluster,
                    t.node,
                    t.type,
                    t.id or "-",
                    t.user,
                    t.state.value,
                    (t.status or "")[:60],
                )
                for t in tasks
            ],
        )
    _staleness(statuses, {t.cluster for t in tasks})
    return EXIT_OK


_AGO = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.IGNORECASE)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_since(text: str, now: float | None = None) -> float:
    """Return the UNIX time for ``1h``/``30m``/``7d`` ago or an ISO 8601 time (UTC if naive)."""
    now = time.time() if now is None else now
    match = _AGO.match(text)
    if match:
        return now - float(match.group(1)) * _UNITS[match.group(2).lower()]
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CliError(
            f"--since: “{text}” is neither a duration (30m, 1h, 7d) nor an ISO 8601 time"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "time": iso(event.time),
        "cluster": event.cluster,
        "kind": event.kind.value,
        "object_type": event.object_type.value,
        "object_key": event.object_key,
        "name": event.name,
        "old": event.old,
        "new": event.new,
        "description": event.describe(),
    }


def run_events(args: argparse.Namespace, context: CliContext) -> int:
    since = parse_since(args.since)
    with open_database(context) as database:
        store = InventoryStore(database)
        statuses = store.statuses()
        unknown = [name for name in args.cluster or () if name not in statuses]
        if unknown:
            raise CliError(f"there is no cluster named “{unknown[0]}”")
        events = store.events(since=since, clusters=args.cluster, limit=args.limit)
    if args.json:
        print(json.dumps([event_json(e) for e in events]))
    else:
        _table(
            ("TIME", "CLUSTER", "WHAT"),
            [(iso(e.time) or "-", e.cluster, e.describe()) for e in events],
        )
    return EXIT_OK
