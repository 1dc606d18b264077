"""The navigation tree: structure per grouping, keyed updates, moves, pruning, smart folders."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from pvesphere_desktop.core.changeset import ChangeSet, KindChanges
from pvesphere_desktop.core.enums import GuestStatus, Health
from pvesphere_desktop.core.ids import GuestKey, NodeKey
from pvesphere_desktop.ui.fleet import FleetState
from pvesphere_desktop.ui.models import KEY_ROLE, KIND_ROLE, OBJECT_ROLE
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


# -- guest items built when first needed ------------------------------------------------------
def walk(model, parent=None, depth=0):
    """Every row below ``parent``, depth first: (depth, key, label)."""
    rows = []
    for index in children(model, parent):
        rows.append((depth, index.data(KEY_ROLE), index.data()))
        rows.extend(walk(model, index, depth + 1))
    return rows


def built_guest_items(model) -> int:
    return sum(len(items) for items in model._guest_items.values())


class RowCounts:
    """Checks that every folder's row count moves only by what the model signals."""

    def __init__(self, model) -> None:
        self.model = model
        self.expected: dict = {}
        model.rowsInserted.connect(
            lambda parent, first, last: self._moved(parent, last - first + 1)
        )
        model.rowsRemoved.connect(lambda parent, first, last: self._moved(parent, first - last - 1))
        model.rowsMoved.connect(self._rows_moved)
        model.modelReset.connect(self.take)

    def _folders(self):
        model = self.model
        folders = [model.fleet_index()]
        for cluster_or_group in children(model, model.fleet_index()):
            folders.append(cluster_or_group)
            if cluster_or_group.data(KIND_ROLE) == "cluster":
                folders.extend(children(model, cluster_or_group))
        return folders

    def take(self) -> None:
        self.expected = {f.data(KEY_ROLE): self.model.rowCount(f) for f in self._folders()}

    def _moved(self, parent, delta) -> None:
        key = parent.data(KEY_ROLE)
        if key in self.expected:
            self.expected[key] += delta

    def _rows_moved(self, source, first, last, target, _row) -> None:
        self._moved(source, first - last - 1)
        self._moved(target, last - first + 1)

    def check(self) -> None:
        for folder in self._folders():
            key = folder.data(KEY_ROLE)
            if key in self.expected:
                assert self.model.rowCount(folder) == self.expected[key], key
        self.take()


def _script(fleet):
    """ChangeSets as a sync sends them: metrics, a migration, removal, addition, retag, status,
    storage usage; each built from the fleet's current state."""
    alpha = sorted(k for k in fleet.guests if k.cluster == "alpha")

    def metrics():
        changed = {k: dataclasses.replace(fleet.guests[k], cpu=0.5) for k in alpha}
        return ChangeSet("alpha", {"guests": KindChanges(changed=changed)}, Health.OK)

    def migrate():
        guest = fleet.guests[alpha[3]]
        node = "alpha-n1" if guest.node != "alpha-n1" else "alpha-n2"
        changed = {guest.key: dataclasses.replace(guest, node=node)}
        return ChangeSet("alpha", {"guests": KindChanges(changed=changed)}, Health.OK)

    def remove():
        return ChangeSet("alpha", {"guests": KindChanges(removed=frozenset({alpha[5]}))}, Health.OK)

    def add():
        new = dataclasses.replace(fleet.guests[alpha[0]], vmid=999, name="fresh", tags=("new",))
        return ChangeSet("alpha", {"guests": KindChanges(added={new.key: new})}, Health.OK)

    def retag_and_stop():
        changed = {
            k: dataclasses.replace(fleet.guests[k], tags=("k8s",), status=GuestStatus.STOPPED)
            for k in alpha[10:14]
        }
        return ChangeSet("alpha", {"guests": KindChanges(changed=changed)}, Health.OK)

    def storage():
        changed = {
            k: dataclasses.replace(s, disk=(s.disk or 0) + 1)
            for k, s in fleet.storage.items()
            if k.cluster == "beta"
        }
        return ChangeSet("beta", {"storage": KindChanges(changed=changed)}, Health.OK)

    return [metrics, migrate, remove, add, retag_and_stop, storage]


@pytest.mark.parametrize("grouping", list(Grouping))
@pytest.mark.parametrize("exhaustive", [False, True], ids=["lazy", "tester"])
def test_a_loaded_tree_builds_guests_when_needed_and_matches_a_fresh_build(
    fleet, fleet_factory, qtmodeltester, grouping, exhaustive
):
    fleet.set_clusters(["alpha", "beta"])
    fleet.load([fleet_factory.first_sync(c, guests=40) for c in ("alpha", "beta")])
    model = FleetTreeModel(fleet)
    model.set_grouping(grouping)
    assert built_guest_items(model) == 0  # rows are counted, no guest item exists yet
    counts = RowCounts(model)
    counts.take()
    if exhaustive:
        qtmodeltester.check(model)  # walks (builds) everything, then checks every signal
    else:
        # A view opens one folder and holds an index under another one.
        first = children(model, model.fleet_index())[0]
        opened = children(model, first)[0] if grouping == Grouping.CLUSTER else first
        children(model, opened)
        if grouping == Grouping.CLUSTER:  # storage under a node whose guests are not built
            key = ("storage", next(k for k in fleet.storage if k.node == "beta-n2"))
            held = QPersistentModelIndex(model.index_for_key(key))
        else:
            guest = max(k for k in fleet.guests if k.cluster == "alpha")  # the script spares it
            held = QPersistentModelIndex(model.guest_index(guest))
            key = held.data(KEY_ROLE)
    for make in _script(fleet):
        fleet.apply(make())
        counts.check()
    if not exhaustive:
        assert held.isValid()
        assert held.data(KEY_ROLE) == key
        if grouping == Grouping.CLUSTER:
            # Only storage changed on beta's other nodes: their guests are still not built.
            beta = [k for k, built in model._guest_items.items() if built and k.cluster == "beta"]
            assert {fleet.guests[k].node for k in beta} <= {"beta-n2"}
    fresh = FleetTreeModel(fleet)
    fresh.set_grouping(grouping)
    assert walk(model) == walk(fresh)
    if not exhaustive:  # still right (row included) once everything is built
        assert held.data(KEY_ROLE) == key
        assert held == model.index_for_key(key)


def test_metrics_after_the_first_load_build_no_guest_items(fleet, fleet_factory):
    fleet.set_clusters(["alpha"])
    fleet.load([fleet_factory.first_sync("alpha", guests=60)])
    model = FleetTreeModel(fleet)
    repaints = []
    model.dataChanged.connect(lambda first, *_: repaints.append(first.data(KIND_ROLE)))
    metrics = {k: dataclasses.replace(g, cpu=0.9, mem=1) for k, g in fleet.guests.items()}
    fleet.apply(ChangeSet("alpha", {"guests": KindChanges(changed=metrics)}, Health.OK))
    assert built_guest_items(model) == 0
    assert "guest" not in repaints
    # Selecting a guest builds its folder only, with the newest record.
    key = next(iter(metrics))
    index = model.guest_index(key)
    assert index.data(KEY_ROLE)[1] == key
    assert index.data(OBJECT_ROLE) is metrics[key]
    node_count = sum(1 for g in fleet.guests.values() if g.node == metrics[key].node)
    assert built_guest_items(model) == node_count
