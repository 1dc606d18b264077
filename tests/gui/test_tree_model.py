"""The navigation tree: structure per grouping, keyed updates, moves, pruning, smart folders."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from pvesphere_desktop.core.changeset import ChangeSet, KindChanges
from pvesphere_desktop.core.enums import GuestStatus, Health
from pvesphere_desktop.core.ids import GuestKey, NodeKey
from pvesphere_desktop.ui.fleet import FleetState
from pvesphere_desktop.ui.models import KEY_ROLE, KIND_ROLE
from pvesphere_desktop.ui.models.tree import (
    FleetTreeModel,
    Grouping,
    SmartFolder,
    scope_for,
)


@pytest.fixture
def fleet(qapp):
    state = FleetState()
    yield state
    state.deleteLater()


@pytest.fixture
def tree(fleet, qtmodeltester):
    model = FleetTreeModel(fleet)
    qtmodeltester.check(model)
    return model


def children(model, parent=None):
    parent = parent if parent is not None else QModelIndex()
    return [model.index(r, 0, parent) for r in range(model.rowCount(parent))]


def labels(model, parent=None):
    return [i.data() for i in children(model, parent)]


def test_cluster_grouping_builds_fleet_cluster_node_guest(fleet, tree, fleet_factory):
    fleet.set_clusters(["beta", "alpha"])
    fleet.apply(fleet_factory.first_sync("alpha", guests=12))
    fleet.apply(fleet_factory.first_sync("beta", guests=6))
    assert labels(tree)[0] == "Fleet"
    fleet_index = tree.fleet_index()
    assert labels(tree, fleet_index) == ["alpha", "beta"]
    alpha = children(tree, fleet_index)[0]
    assert labels(tree, alpha) == ["alpha-n1", "alpha-n2", "alpha-n3"]
    guest_count = 0
    for node in children(tree, alpha):
        kinds = [i.data(KIND_ROLE) for i in children(tree, node)]
        # guests first (by VMID), then storage
        assert kinds == sorted(kinds, key=lambda k: k != "guest")
        vmids = [
            i.data(KEY_ROLE)[1].vmid for i in children(tree, node) if i.data(KIND_ROLE) == "guest"
        ]
        assert vmids == sorted(vmids)
        guest_count += len(vmids)
    assert guest_count == 12


def test_migration_moves_the_item_and_keeps_selection(fleet, tree, fleet_factory):
    fleet.set_clusters(["alpha"])
    fleet.apply(fleet_factory.first_sync("alpha", guests=12))
    key = GuestKey("alpha", 105)
    index = tree.guest_index(key)
    held = QPersistentModelIndex(index)
    old_node = fleet.guests[key].node
    new_node = next(n for n in ("alpha-n1", "alpha-n2", "alpha-n3") if n != old_node)
    moved = dataclasses.replace(fleet.guests[key], node=new_node)
    fleet.apply(ChangeSet("alpha", {"guests": KindChanges(changed={key: moved})}, Health.OK))
    assert held.isValid()
    assert held.parent().data() == new_node
    assert held.data(KEY_ROLE)[1] == key


def test_tag_grouping_lists_a_guest_under_each_tag_and_prunes_empty_groups(
    fleet, tree, fleet_factory
):
    fleet.set_clusters(["alpha"])
    fleet.apply(fleet_factory.first_sync("alpha", guests=30))
    tree.set_grouping(Grouping.TAG)
    groups = {i.data(KEY_ROLE)[2]: i for i in children(tree, tree.fleet_index())}
    for key, guest in fleet.guests.items():
        for tag in guest.tags or (None,):
            member_keys = [i.data(KEY_ROLE)[1] for i in children(tree, groups[tag])]
            assert key in member_keys
    # Retag every guest to "solo": every other group disappears.
    changed = {k: dataclasses.replace(g, tags=("solo",)) for k, g in fleet.guests.items()}
    fleet.apply(ChangeSet("alpha", {"guests": KindChanges(changed=changed)}, Health.OK))
    assert [i.data(KEY_ROLE)[2] for i in children(tree, tree.fleet_index())] == ["solo"]
    assert tree.rowCount(children(tree, tree.fleet_index())[0]) == 30


def test_status_grouping_moves_guests_between_groups(fleet, tree, fleet_factory):
    fleet.set_clusters(["alpha"])
    fleet.apply(fleet_factory.first_sync("alpha", guests=10))
    tree.set_grouping(Grouping.STATUS)
    running = [k for k, g in fleet.guests.items() if g.status is GuestStatus.RUNNING]
    key = running[0]
    stopped = dataclasses.replace(fleet.guests[key], status=GuestStatus.STOPPED)
    fleet.apply(ChangeSet("alpha", {"guests": KindChanges(changed={key: stopped})}, Health.OK))
    group = tree.guest_index(key).parent()
    assert group.data(KEY_ROLE)[2] == "stopped"


def test_removals_and_forgetting_a_cluster(fleet, tree, fleet_factory):
    fleet.set_clusters(["alpha", "beta"])
    fleet.apply(fleet_factory.first_sync("alpha", guests=8))
    fleet.apply(fleet_factory.first_sync("beta", guests=8))
    key = GuestKey("alpha", 101)
    fleet.apply(ChangeSet("alpha", {"guests": KindChanges(removed=frozenset({key}))}))
    assert not tree.guest_index(key).isValid()
    fleet.set_clusters(["beta"])
    assert labels(tree, tree.fleet_index()) == ["beta"]


def test_smart_folders_and_scopes(fleet, tree, fleet_factory):
    tree.set_smart_folders([SmartFolder("Prod running", "tag:prod status:running")])
    root = tree.smart_root_index()
    assert labels(tree, root) == ["Prod running"]
    tree.set_smart_folders([])
    assert tree.rowCount(root) == 0
    fleet.set_clusters(["alpha"])
    fleet.apply(fleet_factory.first_sync("alpha", guests=10))
    node_index = tree.index_for_key(("node", NodeKey("alpha", "alpha-n1")))
    scope = scope_for("node", node_index.data(KEY_ROLE), None)
    assert scope is not None
    members = {k for k, g in fleet.guests.items() if scope(g)}
    assert members == {k for k, g in fleet.guests.items() if g.node == "alpha-n1"}


def test_unreachable_cluster_is_greyed(fleet, tree, fleet_factory):
    fleet.set_clusters(["alpha"])
    fleet.apply(fleet_factory.first_sync("alpha", guests=3))
    cluster = children(tree, tree.fleet_index())[0]
    assert cluster.data(Qt.ItemDataRole.ForegroundRole) is None
    fleet.apply(ChangeSet("alpha", {}, Health.UNREACHABLE))
    assert cluster.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "Last seen" in cluster.data(Qt.ItemDataRole.ToolTipRole)
