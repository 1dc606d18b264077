"""Fuzzing what PVE may send: wrong types, missing fields, huge strings, duplicates. No exception
may escape the snapshot builder (beyond "this whole answer is unusable") or a sync cycle, and
every bad row is skipped and counted."""

from __future__ import annotations

import copy
import dataclasses
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pvesphere_desktop.core.enums import GuestStatus, GuestType
from pvesphere_desktop.core.errors import MalformedResponseError
from pvesphere_desktop.core.models import ClusterInfo, Guest
from pvesphere_desktop.store.inventory import InventoryStore
from pvesphere_desktop.sync import diff
from pvesphere_desktop.sync.fetcher import InventoryFetch
from pvesphere_desktop.sync.snapshot import SnapshotBuilder
from tests.unit.sync.sync_helpers import RecordedFetcher, make_coordinator

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    # huge strings, cheap to generate (random text of that size would exhaust the entropy)
    st.integers(min_value=5000, max_value=100_000).map(lambda n: "é" * n),
    st.sampled_from(["", "0", "1", "100", "running", "stopped", "qemu", "lxc", "node1", "1e3"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = [
    "id", "type", "vmid", "node", "name", "status", "tags", "template", "lock", "pool", "cpu",
    "maxcpu", "mem", "maxmem", "disk", "maxdisk", "uptime", "storage", "content", "shared",
    "qmpstatus", "hastate", "netin",
]  # fmt: skip


@st.composite
def plausible_rows(draw: st.DrawFn) -> dict[str, Any]:
    """A row shaped like PVE's, with any field possibly missing or of the wrong type."""
    kind = draw(st.sampled_from(["qemu", "lxc", "node", "storage", "pool", "sdn", "other"]))
    vmid = draw(st.integers(min_value=100, max_value=110))
    row: dict[str, Any] = {
        "type": kind,
        "id": f"{kind}/{vmid}",
        "vmid": vmid,
        "node": draw(st.sampled_from(["node1", "node2"])),
        "name": f"vm{vmid}",
        "status": "running",
        "storage": "local",
        "pool": "p",
    }
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=5)):
        if draw(st.booleans()):
            row.pop(name, None)
        else:
            row[name] = draw(json_values)
    return row


rows_strategy = st.lists(
    st.one_of(plausible_rows(), json_values, st.dictionaries(st.text(max_size=6), json_values)),
    max_size=25,
)
NODE_ROW = {"type": "node", "id": "node/node1", "node": "node1", "status": "online"}


@settings(max_examples=100, deadline=None)
@given(rows=rows_strategy, with_node=st.booleans(), repeat=st.booleans())
def test_builder_never_raises_and_accounts_for_every_row(
    rows: list[Any], with_node: bool, repeat: bool
) -> None:
    if with_node:
        rows = [*rows, dict(NODE_ROW)]
    if repeat and rows:
        rows = [*rows, copy.deepcopy(rows[0])]
    builder = SnapshotBuilder("fuzz")
    fetch = InventoryFetch(rows, ClusterInfo("fuzz", "fuzz"), ())
    for _ in range(2):  # the second pass goes through the reuse cache
        try:
            snap = builder.build(fetch, {})
        except MalformedResponseError:
            assert not with_node
            continue
        placed = len(snap.guests) + len(snap.nodes) + len(snap.storage) + len(snap.pools)
        assert placed + snap.skipped + snap.duplicates + snap.ignored == len(rows)


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(extra=rows_strategy)
def test_cycles_survive_fuzzed_answers(
    store: InventoryStore, go_fetcher: RecordedFetcher, extra: list[Any]
) -> None:
    clock = itertools.count(1_800_000_000).__next__
    fetcher = RecordedFetcher("lab", [*go_fetcher.resources, *extra], go_fetcher.status)
    coordinator = make_coordinator(store, fetcher, None, clock=lambda: float(clock()))
    first = coordinator.cycle(tasks=False, ha=False)
    assert first.ok, first.detail
    fetcher.resources = list(reversed(fetcher.resources))
    second = coordinator.cycle(tasks=False, ha=False)
    assert second.ok, second.detail
    cached = {g.vmid for g in store.guests(["lab"])}
    assert {100, 101, 102, 200} <= cached or any(
        isinstance(r, dict) and r.get("type") in ("qemu", "lxc") for r in extra
    )
    with store.database.read_connection() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []


def _another(name: str, value: Any) -> Any:
    special = {"tags": ("x",), "status": GuestStatus.STOPPED, "template": True}
    if name in special:
        return special[name]
    if isinstance(value, str):
        return value + "-x"
    return 7 if value is None else value + 1


def test_guest_diff_compares_every_field_of_a_guest() -> None:
    compared = [f.name for f in dataclasses.fields(Guest) if f.compare]
    assert sorted(diff.STATE_FIELDS + diff.METRIC_FIELDS) == sorted(compared)
    base = Guest("lab", 100, GuestType.QEMU, "pve1", name="web", cpu=0.5, mem=1)
    for name in compared:
        if name in ("cluster", "vmid", "type"):
            continue
        other = dataclasses.replace(base, **{name: _another(name, getattr(base, name))})
        result = diff.diff_guests({100: base}, {100: other})
        assert set(result.changed) == {100}, name
        assert (100 in result.state_changed) is (name in diff.STATE_FIELDS), name
        assert (100 in result.retagged) is (name == "tags"), name
    same = dataclasses.replace(base, raw={"unknown": 1})  # raw is not compared
    assert not diff.diff_guests({100: base}, {100: same})
