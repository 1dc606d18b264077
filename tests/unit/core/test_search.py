"""The search language: every qualifier, negation, quoting, OR, errors with positions, SQL hints."""

from __future__ import annotations

import pytest

from pvesphere_desktop.core.enums import GuestStatus, GuestType
from pvesphere_desktop.core.ids import GuestKey
from pvesphere_desktop.core.models import Guest
from pvesphere_desktop.core.search import (
    QueryError,
    SqlFilter,
    compile_query,
    parse,
    parse_duration,
    parse_size,
)

GIB = 1024**3


def g(vmid: int, **changes: object) -> Guest:
    values: dict[str, object] = {
        "cluster": "lab",
        "vmid": vmid,
        "type": GuestType.QEMU,
        "node": "pve1",
        "name": f"vm{vmid}",
        "status": GuestStatus.RUNNING,
    }
    values.update(changes)
    return Guest(**values)  # type: ignore[arg-type]


FLEET = [
    g(
        100,
        name="web-01",
        tags=("prod", "web"),
        mem=6 * GIB,
        maxmem=8 * GIB,
        cpu=0.7,
        uptime=9 * 86400,
    ),
    g(101, name="web-02", tags=("Prod",), node="pve2", mem=1 * GIB, maxmem=8 * GIB, cpu=0.1),
    g(102, name="db-main", tags=("prod", "db"), lock="backup", pool="databases", uptime=3600),
    g(200, name="ci runner", type=GuestType.LXC, status=GuestStatus.STOPPED, tags=("test",)),
    g(201, name="tmpl-debian", template=True, status=GuestStatus.STOPPED, cluster="edge"),
    g(300, name="paused-one", status=GuestStatus.PAUSED, cluster="edge", node="n1"),
]


def ids(query: str, notes: dict[GuestKey, str] | None = None) -> list[int]:
    return [guest.vmid for guest in parse(query).filter(FLEET, notes)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [100, 101, 102, 200, 201, 300]),
        ("web", [100, 101]),
        ("WEB", [100, 101]),
        ("10", [100, 101, 102]),
        ('"ci runner"', [200]),
        ("db", [102]),  # tag or name
        ("status:running", [100, 101, 102]),
        ("status:running tag:prod", [100, 101, 102]),  # tags are case-insensitive
        ("status:stopped,paused", [200, 201, 300]),
        ("type:lxc", [200]),
        ("type:ct", [200]),
        ("type:vm -template:yes", [100, 101, 102, 300]),
        ("cluster:edge", [201, 300]),
        ("cluster:EDGE node:n*", [300]),
        ("node:pve2", [101]),
        ("tag:prod -tag:db", [100, 101]),
        ("tag:te*", [200]),
        ("-tag:test", [100, 101, 102, 201, 300]),
        ("pool:databases", [102]),
        ("vmid:100-199", [100, 101, 102]),
        ("vmid:100,300", [100, 300]),
        ("vmid>200", [201, 300]),
        ("vmid:>=200", [200, 201, 300]),
        ("name~^web-0[12]$", [100, 101]),
        ("name~'ci run'", [200]),
        ("name:main", [102]),
        ("name:web-*", [100, 101]),
        ("lock:backup", [102]),
        ("lock:yes", [102]),
        ("lock:no", [100, 101, 200, 201, 300]),
        ("template:yes", [201]),
        ("template:no cluster:edge", [300]),
        ("mem>4G", [100]),
        ("mem>=1GiB", [100, 101]),
        ("mem>50%", [100]),
        ("mem<50%", [101]),
        ("cpu>50%", [100]),
        ("cpu>50", [100]),
        ("cpu<=10%", [101]),
        ("uptime>7d", [100]),
        ("uptime<2h", [102]),
        ("uptime>=1h", [100, 102]),
        ("-mem>4G", [101, 102, 200, 201, 300]),
        ("tag:db OR type:lxc", [102, 200]),
        ("status:paused OR cluster:lab template:no tag:web", [100, 300]),
        ("state:paused", [300]),
        ("id:101", [101]),
        ("status!=running", [200, 201, 300]),
    ],
)
def test_queries(query: str, expected: list[int]) -> None:
    assert ids(query) == expected


def test_free_text_searches_notes() -> None:
    notes = {GuestKey("lab", 200): "Owned by the Platform team"}
    assert ids("platform", notes) == [200]
    assert ids("platform") == []
    assert ids("-platform", notes) == [100, 101, 102, 201, 300]


def test_escaped_quote_in_phrase() -> None:
    guest = g(1, name='say "hi"')
    assert parse(r'"say \"hi\""').matches(guest)
    assert parse(r"name~'\"hi\"'").matches(guest)


def test_unknown_values_never_match_comparisons() -> None:
    unknown = g(1, mem=None, maxmem=None, cpu=None, uptime=None)
    for query in ("mem>0", "mem<1T", "mem>10%", "cpu<100%", "uptime<1d"):
        assert not parse(query).matches(unknown), query


def test_compile_query_returns_predicate() -> None:
    predicate = compile_query("tag:web")
    assert predicate(FLEET[0])
    assert not predicate(FLEET[2])


@pytest.mark.parametrize(
    ("query", "column", "fragment"),
    [
        ('"unterminated', 1, "never closed"),
        ("tag:prod 'open", 10, "never closed"),
        ("- tag:x", 1, "followed by a term"),
        ("tag:", 1, "needs a value"),
        ("status:running colour:red", 16, "unknown field"),
        ("type:vmware", 1, "not a valid type"),
        ("status:sleeping", 1, "not a valid status"),
        ("template:maybe", 1, "not a valid template"),
        ("mem>lots", 1, "not a valid size"),
        ("uptime>7days", 1, "not a valid duration"),
        ("vmid:200-100", 1, "range"),
        ("name~[unclosed", 1, "regular expression"),
        ("tag>3", 1, "cannot be compared"),
        ("mem~4G", 1, "cannot be compared"),
        ("maxmem>50%", 1, "not a valid size"),
        ("OR tag:x", 1, "OR needs"),
        ("tag:x OR", 7, "OR needs"),
        ("  -nope:1", 4, "unknown field"),
    ],
)
def test_errors_have_positions(query: str, column: int, fragment: str) -> None:
    with pytest.raises(QueryError) as info:
        parse(query)
    assert info.value.column == column
    assert fragment in str(info.value)
    assert f"column {column}" in str(info.value)


def test_error_message_is_translatable() -> None:
    with pytest.raises(QueryError) as info:
        parse("colour:red")
    message = info.value.message
    assert message.context == "Errors" or message.context == "Search"
    translated = message.render(lambda ctx, text: text.replace("Search error", "Suchfehler"))
    assert translated.startswith("Suchfehler at column 1")
    assert "known:" in info.value.problem_template or "{known}" in info.value.problem_template


def test_sizes_and_durations() -> None:
    assert parse_size("4G") == 4 * GIB
    assert parse_size("512MiB") == 512 * 1024**2
    assert parse_size("1.5t") == 1.5 * 1024**4
    assert parse_size("100") == 100
    assert parse_size("4 GB") == 4 * GIB
    assert parse_size("G") is None
    assert parse_duration("7d") == 7 * 86400
    assert parse_duration("1d12h") == 36 * 3600
    assert parse_duration("90") == 90
    assert parse_duration("2w") == 14 * 86400
    assert parse_duration("1x") is None
    assert parse_duration("") is None


def test_sql_filters_are_implied_by_the_query() -> None:
    filters = parse(
        "status:running tag:Prod cluster:lab vmid:100-199 mem>4G -node:x web"
    ).sql_filters()
    assert SqlFilter("status", "in", ("running",)) in filters
    assert SqlFilter("tag", "tag", ("prod",)) in filters
    assert SqlFilter("cluster", "in", ("lab",)) in filters
    assert SqlFilter("vmid", "between", (100.0, 199.0)) in filters
    assert SqlFilter("mem", ">", (4.0 * GIB,)) in filters
    assert all(f.column != "node" for f in filters)  # negations are never pushed down
    assert parse("tag:a OR tag:b").sql_filters() == []
    assert parse("node:pve*").sql_filters() == []
    assert parse("type:ct").sql_filters() == [SqlFilter("type", "in", ("lxc",))]
    assert parse("lock:yes").sql_filters() == [SqlFilter("lock", "not_null")]


def test_node_storage_and_task_schemas() -> None:
    from pvesphere_desktop.core.enums import NodeStatus, TaskState
    from pvesphere_desktop.core.models import Node, Storage, Task
    from pvesphere_desktop.core.search import NODES, STORAGE, TASKS

    nodes = [
        Node("lab", "pve1", NodeStatus.ONLINE, ip="10.0.0.1", mem=60 * GIB, maxmem=64 * GIB),
        Node("lab", "pve2", NodeStatus.OFFLINE, ip="10.0.0.2"),
    ]
    assert [n.node for n in parse("status:offline", NODES).filter(nodes)] == ["pve2"]
    assert [n.node for n in parse("mem>90%", NODES).filter(nodes)] == ["pve1"]
    assert [n.node for n in parse("10.0.0.2", NODES).filter(nodes)] == ["pve2"]
    storage = [
        Storage("lab", "pve1", "local", "dir", "available", False, ("iso", "backup")),
        Storage("lab", "pve1", "ceph", "rbd", "available", True, ("images",)),
    ]
    assert [s.storage for s in parse("content:iso", STORAGE).filter(storage)] == ["local"]
    assert [s.storage for s in parse("shared:yes type:rbd", STORAGE).filter(storage)] == ["ceph"]
    tasks = [
        Task("lab", "UPID:a", "pve1", "qmstart", "100", "root@pam", 1, None, TaskState.RUNNING),
        Task("lab", "UPID:b", "pve1", "vzdump", "", "backup@pve", 2, 3, TaskState.ERROR, "fail"),
    ]
    assert [t.upid for t in parse("state:error", TASKS).filter(tasks)] == ["UPID:b"]
    assert [t.upid for t in parse("qmstart", TASKS).filter(tasks)] == ["UPID:a"]
    assert [t.upid for t in parse("vmid:100", TASKS).filter(tasks)] == ["UPID:a"]
    with pytest.raises(QueryError):
        parse("template:yes", NODES)
