"""The guest table model and its proxy: row-by-row updates, filtering, sorting, validity."""

from __future__ import annotations

import dataclasses
import random

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from pvesphere_desktop.core.changeset import ChangeSet, KindChanges
from pvesphere_desktop.core.enums import GuestStatus, Health
from pvesphere_desktop.core.ids import GuestKey
from pvesphere_desktop.ui.fleet import FleetState
from pvesphere_desktop.ui.models import KEY_ROLE
from pvesphere_desktop.ui.models.guests import (
    GuestFilterProxy,
    GuestTableModel,
    column_index,
)


@pytest.fixture
def fleet(qapp):
    state = FleetState()
    yield state
    state.deleteLater()


@pytest.fixture
def models(fleet, qtmodeltester):
    source = GuestTableModel(fleet)
    proxy = GuestFilterProxy()
    proxy.setSourceModel(source)
    qtmodeltester.check(source)
    qtmodeltester.check(proxy)
    return source, proxy


@pytest.fixture
def plain_models(fleet):
    """The same models without the (slow, exhaustive) tester, for larger random runs."""
    source = GuestTableModel(fleet)
    proxy = GuestFilterProxy()
    proxy.setSourceModel(source)
    return source, proxy


def proxy_keys(proxy):
    return [proxy.index(r, 0).data(KEY_ROLE) for r in range(proxy.rowCount())]


def expected_keys(fleet, predicate=None, column="name", descending=False):
    from pvesphere_desktop.ui.models.guests import COLUMNS

    sort = COLUMNS[column_index(column)].sort
    guests = [g for g in fleet.guests.values() if predicate is None or predicate(g)]

    def key(g):
        value = sort(g)
        missing = value is None
        flag = (0 if missing else 1) if descending else (1 if missing else 0)
        return ((flag, 0 if missing else value), g.cluster, g.vmid)

    return [g.key for g in sorted(guests, key=key, reverse=descending)]


def test_first_load_resets_then_changes_are_row_by_row(fleet, models, fleet_factory, qtbot):
    source, proxy = models
    with qtbot.waitSignal(source.modelReset):
        fleet.apply(fleet_factory.first_sync("alpha", guests=50))
    assert source.rowCount() == 50
    assert proxy_keys(proxy) == expected_keys(fleet)

    # A second cluster arrives: inserted, not reset.
    resets = []
    source.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(source.rowsInserted) as inserted:
        fleet.apply(fleet_factory.first_sync("beta", guests=30))
    assert inserted.args[1:] == [50, 79]
    assert source.rowCount() == 80

    # A status change is a dataChanged on exactly that row.
    key = GuestKey("alpha", 110)
    row = source.row_of(key)
    guest = fleet.guests[key]
    changed = dataclasses.replace(guest, status=GuestStatus.STOPPED, cpu=0.0)
    with qtbot.waitSignal(source.dataChanged) as signal:
        fleet.apply(ChangeSet("alpha", {"guests": KindChanges(changed={key: changed})}, Health.OK))
    assert signal.args[0].row() == row
    assert signal.args[1].row() == row
    assert source.index(row, 0).data() == "stopped"

    # A removal removes one row and keeps identities.
    gone = GuestKey("alpha", 120)
    with qtbot.waitSignal(source.rowsRemoved):
        fleet.apply(ChangeSet("alpha", {"guests": KindChanges(removed=frozenset({gone}))}))
    assert source.row_of(gone) is None
    assert source.rowCount() == 79
    for r in range(source.rowCount()):
        assert source.row_of(source.guest_at(r).key) == r
    assert proxy_keys(proxy) == expected_keys(fleet)
    assert not resets


def test_migration_changes_the_node_of_the_same_row(fleet, models, fleet_factory):
    source, _proxy = models
    fleet.apply(fleet_factory.first_sync("alpha", guests=10))
    key = GuestKey("alpha", 103)
    row = source.row_of(key)
    moved = dataclasses.replace(fleet.guests[key], node="alpha-n9")
    fleet.apply(ChangeSet("alpha", {"guests": KindChanges(changed={key: moved})}, Health.OK))
    assert source.row_of(key) == row
    assert source.index(row, column_index("node")).data() == "alpha-n9"


@pytest.mark.parametrize(("checked", "size", "rounds"), [(True, 25, 8), (False, 150, 40)])
def test_filter_sort_and_random_changes_match_a_reference(
    fleet, request, fleet_factory, checked, size, rounds
):
    _source, proxy = request.getfixturevalue("models" if checked else "plain_models")
    rng = random.Random(7)
    fleet.apply(fleet_factory.first_sync("alpha", guests=size))
    fleet.apply(fleet_factory.first_sync("beta", guests=size // 2))

    def predicate(g):
        return g.status is GuestStatus.RUNNING and "prod" not in g.tags

    proxy.set_predicate(predicate)
    proxy.sort(column_index("cpu"), Qt.SortOrder.DescendingOrder)
    assert proxy_keys(proxy) == expected_keys(fleet, predicate, "cpu", descending=True)

    next_vmid = 1000
    for _ in range(rounds):
        cluster = rng.choice(("alpha", "beta"))
        keys = [k for k in fleet.guests if k.cluster == cluster]
        changed = {}
        for key in rng.sample(keys, min(len(keys), rng.randrange(0, size // 4))):
            g = fleet.guests[key]
            running = rng.random() < 0.6
            changed[key] = dataclasses.replace(
                g,
                status=GuestStatus.RUNNING if running else GuestStatus.STOPPED,
                cpu=rng.random() if running else 0.0,
                tags=("prod",) if rng.random() < 0.2 else (),
            )
        removed = frozenset(rng.sample(keys, rng.randrange(0, 4))) - changed.keys()
        added = fleet_factory.guests(cluster, rng.randrange(0, 5), start=next_vmid)
        next_vmid += 10
        fleet.apply(
            ChangeSet(
                cluster,
                {"guests": KindChanges(added=added, removed=removed, changed=changed)},
                Health.OK,
            )
        )
        assert proxy_keys(proxy) == expected_keys(fleet, predicate, "cpu", descending=True)
    proxy.set_predicate(None)
    proxy.sort(column_index("vmid"))
    assert proxy_keys(proxy) == expected_keys(fleet, None, "vmid")


def test_selection_survives_resort_and_refilter(fleet, models, fleet_factory):
    _source, proxy = models
    fleet.apply(fleet_factory.first_sync("alpha", guests=60))
    selection = QItemSelectionModel(proxy)
    key = proxy.index(5, 0).data(KEY_ROLE)
    selection.setCurrentIndex(
        proxy.index(5, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    proxy.sort(column_index("vmid"), Qt.SortOrder.DescendingOrder)
    assert selection.currentIndex().data(KEY_ROLE) == key
    proxy.set_predicate(lambda g: g.vmid % 2 == key.vmid % 2)
    assert selection.currentIndex().data(KEY_ROLE) == key
    assert all(k.vmid % 2 == key.vmid % 2 for k in proxy_keys(proxy))


def test_unreachable_cluster_greys_rows_with_age(fleet, models, fleet_factory):
    source, _proxy = models
    fleet.apply(fleet_factory.first_sync("alpha", guests=5))
    fleet.apply(ChangeSet("alpha", {}, Health.UNREACHABLE))
    text = source.index(0, 0).data()
    assert "seen" in text
    assert source.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    fleet.apply(ChangeSet("alpha", {}, Health.OK))
    assert "seen" not in source.index(0, 0).data()


def test_forgetting_a_cluster_removes_its_rows(fleet, models, fleet_factory):
    source, proxy = models
    fleet.apply(fleet_factory.first_sync("alpha", guests=10))
    fleet.apply(fleet_factory.first_sync("beta", guests=10))
    fleet.forget_cluster("alpha")
    assert source.rowCount() == 10
    assert {k.cluster for k in proxy_keys(proxy)} == {"beta"}
