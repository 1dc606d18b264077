"""How ChangeSets reach the models: cut into parts, delivered in turns, garbage kept frozen."""

from __future__ import annotations

import dataclasses
import gc
import weakref

import pytest

from pvesphere_desktop.core.changeset import ChangeSet, KindChanges
from pvesphere_desktop.core.enums import GuestStatus, Health
from pvesphere_desktop.core.ids import GuestKey
from pvesphere_desktop.ui.bridge import SyncBridge
from pvesphere_desktop.ui.collector import CollectorPolicy
from pvesphere_desktop.ui.fleet import FleetState
from pvesphere_desktop.ui.models import KEY_ROLE
from pvesphere_desktop.ui.models.guests import GuestFilterProxy, GuestTableModel
from pvesphere_desktop.ui.models.tree import FleetTreeModel
from tests.gui.test_guest_models import expected_keys, proxy_keys


@pytest.fixture
def fleet(qapp):
    state = FleetState()
    yield state
    state.deleteLater()


def _guest_keys(changeset: ChangeSet) -> set[GuestKey]:
    changes = changeset.of("guests")
    return {*changes.added, *changes.changed, *changes.removed}


def test_a_large_first_sync_becomes_parts_that_end_in_the_same_state(fleet, fleet_factory):
    fleet.apply(fleet_factory.first_sync("alpha", guests=40))
    held = {k: g for k, g in fleet.guests.items() if k.cluster == "alpha"}
    # The cluster now lists 1,000 guests: ten held ones are gone, two changed their state.
    listed = dict(fleet_factory.first_sync("alpha", guests=1000).of("guests").added)
    for vmid in range(130, 140):
        del listed[GuestKey("alpha", vmid)]
    for vmid in (100, 101):
        key = GuestKey("alpha", vmid)
        listed[key] = dataclasses.replace(listed[key], status=GuestStatus.STOPPED, cpu=None)
    template = fleet_factory.first_sync("alpha")
    changeset = dataclasses.replace(
        template, kinds={**template.kinds, "guests": KindChanges(added=listed)}
    )
    expected_delta = (
        (listed.keys() - held.keys())
        | (held.keys() - listed.keys())
        | {k for k in held.keys() & listed.keys() if held[k] != listed[k]}
    )

    parts = fleet.parts(changeset)

    assert len(parts) > 1
    assert all(len(_guest_keys(p)) <= FleetState.GUEST_PART for p in parts)
    assert not any(p.first_sync for p in parts)
    # Only the last part carries health, nodes and storage.
    assert all(set(p.kinds) == {"guests"} and p.health is Health.UNKNOWN for p in parts[:-1])
    assert parts[-1].health is Health.OK
    assert "nodes" in parts[-1].kinds
    seen = [key for p in parts for key in _guest_keys(p)]
    assert len(seen) == len(set(seen))
    assert set(seen) == expected_delta
    for part in parts:
        fleet.apply(part)
    assert {k: g for k, g in fleet.guests.items() if k.cluster == "alpha"} == listed
    assert fleet.guests[GuestKey("alpha", 100)].status is GuestStatus.STOPPED


def test_a_small_changeset_stays_whole(fleet, fleet_factory):
    changeset = fleet_factory.first_sync("alpha", guests=FleetState.GUEST_PART - 10)
    [part] = fleet.parts(changeset)
    assert part.of("guests").added == changeset.of("guests").added
    assert not part.first_sync  # completed against the mirror: a plain delta now


def test_the_bridge_delivers_parts_in_separate_turns_in_order(fleet, fleet_factory, qtbot):
    source = GuestTableModel(fleet)
    proxy = GuestFilterProxy()
    proxy.setSourceModel(source)
    tree = FleetTreeModel(fleet)
    bridge = SyncBridge(budget_ms=0.0)  # one item per event-loop turn
    bridge.set_splitter(fleet.parts)
    seen: list[tuple[str, int, int]] = []  # cluster, still pending, rows in the table
    bridge.changeset_ready.connect(fleet.apply)
    bridge.changeset_ready.connect(
        lambda c: seen.append((c.cluster, bridge.pending(), source.rowCount()))
    )

    with qtbot.waitSignal(bridge.idle, timeout=5000):
        bridge.post(fleet_factory.first_sync("alpha", guests=1000))
        bridge.post(fleet_factory.first_sync("beta", guests=10))
        assert bridge.pending() == 2
    # The first part arrived alone; the rest came in later turns, all before "beta".
    assert seen[0] == ("alpha", len(seen) - 1, FleetState.GUEST_PART)
    assert [s[0] for s in seen] == ["alpha"] * (len(seen) - 1) + ["beta"]
    assert [s[2] for s in seen] == sorted(s[2] for s in seen)
    assert source.rowCount() == proxy.rowCount() == 1010
    assert bridge.pending() == 0
    clusters = tree.fleet_index()
    assert [tree.index(r, 0, clusters).data() for r in range(tree.rowCount(clusters))] == [
        "alpha",
        "beta",
    ]
    bridge.deleteLater()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_collector_freezes_and_a_sweep_finds_what_died_frozen(qapp):
    now = [100.0]
    policy = CollectorPolicy(freeze_every_s=5.0, clock=lambda: now[0])
    try:
        policy.settle()
        assert gc.get_freeze_count() > 0
        young = _Cycle()
        policy.quiet()  # a moment after the last freeze: nothing happens
        young_ref = weakref.ref(young)
        del young
        gc.collect()
        assert young_ref() is None  # not frozen: the collector found it

        cycle = _Cycle()
        now[0] += 6
        policy.quiet()  # the cycle is alive now: frozen with the rest
        cycle_ref = weakref.ref(cycle)
        del cycle
        gc.collect()
        assert cycle_ref() is not None  # frozen objects are out of the collector's sight
        assert policy.sweep() >= 1  # unfreeze, collect: the dead cycle is found
        assert cycle_ref() is None
        assert policy.sweeps == 1
    finally:
        policy.stop()
        policy.deleteLater()
    assert gc.get_freeze_count() == 0


def test_sweeps_wait_for_the_background_unless_long_overdue(qapp):
    now = [0.0]
    policy = CollectorPolicy(sweep_every_s=600, force_sweep_s=3600, clock=lambda: now[0])
    try:
        now[0] = 601
        background = qapp.applicationState() != qapp.applicationState().ApplicationActive
        assert policy.maybe_sweep() is background
        now[0] = 10_000
        assert policy.maybe_sweep() is True
    finally:
        policy.stop()
        policy.deleteLater()


def test_a_bulk_insert_is_sorted_into_place_once_soon_after(fleet, fleet_factory, qtbot):
    source = GuestTableModel(fleet)
    proxy = GuestFilterProxy()
    proxy.BULK_ROWS, proxy.BULK_TABLE = 20, 30  # the thresholds, at a test's size
    proxy.setSourceModel(source)
    fleet.apply(fleet_factory.first_sync("beta", guests=40))
    resets: list[int] = []
    proxy.modelReset.connect(lambda: resets.append(1))
    moved: list[int] = []
    proxy.layoutChanged.connect(lambda *_: moved.append(1))

    fleet.apply(fleet_factory.first_sync("alpha", guests=25))

    # Appended for now: the new rows are last, the old ones keep their order.
    keys = [proxy.index(r, 0).data(KEY_ROLE) for r in range(proxy.rowCount())]
    assert [k.cluster for k in keys] == ["beta"] * 40 + ["alpha"] * 25
    assert proxy.row_of(keys[-1]) == 64
    with qtbot.waitSignal(proxy.layoutChanged, timeout=2000):
        pass
    assert proxy_keys(proxy) == expected_keys(fleet)  # sorted by name, as before
    assert len(moved) == 1
    assert not resets
    for row in range(proxy.rowCount()):
        key = proxy.index(row, 0).data(KEY_ROLE)
        assert proxy.row_of(key) == row
