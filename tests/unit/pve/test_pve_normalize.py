"""Wire-type normalisation on real PVE answers, and fuzzing: nothing a server sends may crash it."""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pve_shared import load_recording

from pvesphere_desktop.core.enums import GuestStatus, GuestType, NodeStatus, TaskState
from pvesphere_desktop.core.models import Guest
from pvesphere_desktop.core.upid import parse_upid
from pvesphere_desktop.pve import normalize as n

Recording = Callable[[str], Any]


def test_scalar_coercion() -> None:
    assert n.as_int("106") == 106
    assert n.as_int(" 744189952 ") == 744189952
    assert n.as_int(3.0) == 3
    assert n.as_int("1e3") == 1000
    assert n.as_int("abc") is None
    assert n.as_int(None) is None
    assert n.as_int(float("nan")) is None
    assert n.as_int("9" * 100) is None
    # Beyond 64 bits is a broken reply (and would not fit the cache's INTEGER columns).
    assert n.as_int(2**63 - 1) == 2**63 - 1
    assert n.as_int(2**63) is None
    assert n.as_int(-(2**63) - 1) is None
    assert n.as_int("9223372036854775808") is None
    assert n.as_int(1e19) is None
    assert n.as_float("0.25") == 0.25
    assert n.as_float("inf") is None
    assert n.as_bool(1) is True
    assert n.as_bool(0) is False
    assert n.as_bool("1") is True
    assert n.as_bool("") is False
    assert n.as_bool("maybe") is None
    assert n.as_bool(None) is None
    assert n.as_str(5) == "5"
    assert n.as_str({"a": 1}) is None


def test_tags_and_lists() -> None:
    assert n.parse_tags("prod;web") == ("prod", "web")
    assert n.parse_tags("one, two, three") == ("one", "two", "three")
    assert n.parse_tags("a a;b") == ("a", "b")
    assert n.parse_tags("") == ()
    assert n.parse_tags(None) == ()
    assert n.parse_tags(["x", 1, None]) == ("x", "1")
    assert n.parse_list("images,rootdir") == ("images", "rootdir")


def test_memory_integer_and_property_string() -> None:
    assert n.memory_mib(2048) == 2048  # 7.x
    assert n.memory_mib("16384") == 16384  # 8.1+ plain
    assert n.memory_mib("current=4096") == 4096  # 8.1+ property string
    assert n.memory_mib("4096,foo=bar") == 4096
    assert n.memory_mib("current=") is None
    assert n.memory_mib(None) is None
    assert n.parse_property_string("virtio=AA:BB,bridge=vmbr0,firewall=1", "model") == {
        "virtio": "AA:BB",
        "bridge": "vmbr0",
        "firewall": "1",
    }


def test_real_cluster_resources(recording: Recording) -> None:
    data = recording("go-proxmox/cluster_resources.json")["data"]
    inventory = n.normalize_resources("c1", data)
    assert inventory.skipped == 0
    types = [row["type"] for row in data]
    assert len(inventory.guests) == types.count("qemu") + types.count("lxc")
    assert len(inventory.nodes) == types.count("node")
    assert len(inventory.storage) == types.count("storage")
    vm = next(g for g in inventory.guests if g.vmid == 100)
    assert vm.type is GuestType.QEMU
    assert vm.node == "node2"
    assert vm.name == "server1"
    assert vm.status is GuestStatus.RUNNING
    assert vm.maxmem == 1073741824
    assert vm.cpu is not None
    assert 0 < vm.cpu < 1
    assert vm.template is False
    assert vm.uptime == 874350
    template = next(g for g in inventory.guests if g.vmid == 101)
    assert template.template is True
    assert template.status is GuestStatus.STOPPED
    tagged = next(g for g in inventory.guests if g.vmid == 102)
    assert tagged.tags == ("go-proxmox+cloud-init",)
    node = next(x for x in inventory.nodes if x.node == "node3")
    assert node.status is NodeStatus.ONLINE
    assert node.maxcpu == 4
    assert node.raw == {"cgroup-mode": 2}  # unknown fields are kept
    store = inventory.storage[0]
    assert store.content
    assert isinstance(store.shared, bool)
    assert store.key == ("c1", store.node, store.storage)


def test_string_numbers_of_old_releases(recording: Recording) -> None:
    # community.proxmox (6.2): vmid as strings, template "" or 1
    data = recording("community-proxmox/inv_cluster_resources__type-vm.json")["data"]
    inventory = n.normalize_resources("c1", data)
    assert sorted(g.vmid for g in inventory.guests) == [100, 101, 102, 103, 9001]
    assert [g.template for g in sorted(inventory.guests, key=lambda g: g.vmid)] == [
        False,
        False,
        False,
        False,
        True,
    ]
    # go-proxmox 7.4 LXC list: "vmid": "106", no node/type in per-node lists
    row = recording("go-proxmox/lxc_list.json")["data"][0]
    guest = n.normalize_guest("c1", row, GuestType.LXC, node="node1")
    assert guest.vmid == 106
    assert guest.maxcpu == 1
    assert guest.node == "node1"
    assert guest.raw["maxswap"] == 536870912
    # 7.4-style strings everywhere: the simulator may send any number as text
    texty = {
        k: str(v) for k, v in recording("go-proxmox/cluster_resources.json")["data"][0].items()
    }
    vm = n.normalize_guest("c1", texty)
    assert vm.maxmem == 1073741824
    assert vm.netout == 545248946
    assert isinstance(vm.cpu, float)


def test_real_cluster_status_and_nodes(recording: Recording) -> None:
    info, nodes = n.normalize_cluster_status(
        "c1", recording("go-proxmox/cluster_status.json")["data"]
    )
    assert info.name == "clustername"
    assert info.quorate is True
    assert info.node_count == 4
    assert {x.node: x.ip for x in nodes}["node3"] == "192.168.1.3"
    assert [x.node for x in nodes if x.local] == ["node1"]
    assert all(x.status is NodeStatus.ONLINE for x in nodes)
    rows, skipped = n.normalize_many(
        "c1", recording("go-proxmox/nodes.json")["data"], "nodes", n.normalize_node
    )
    assert skipped == 0
    assert len(rows) == 4
    assert rows[0].raw["ssl_fingerprint"].count(":") == 31
    # standalone node: no cluster row
    single = [{"type": "node", "name": "pve", "ip": "10.0.0.1", "online": 1, "local": 1}]
    info, nodes = n.normalize_cluster_status("solo", single)
    assert info.name == "pve"
    assert info.quorate is None
    assert info.node_count == 1


def test_real_version_and_tasks(recording: Recording, recordings: list[dict[str, Any]]) -> None:
    version = n.normalize_version({"release": "6.2", "keyboard": "fr", "version": "6.2-4"})
    assert version.as_tuple == (6, 2, 4)
    assert version.major == 6
    assert n.normalize_version({"version": "9.1.1", "release": "9.1"}).as_tuple == (9, 1, 1)
    tasks, skipped = n.normalize_many(
        "c1", recording("community-proxmox/tasks_list.json")["data"], "tasks", n.normalize_task
    )
    assert skipped == 0
    assert tasks[0].state is TaskState.OK
    assert tasks[0].type == "srvreload"
    assert tasks[1].state is TaskState.ERROR
    assert tasks[1].status == "command 'ifreload -a' failed: exit code 1"
    running = n.normalize_task(
        "c1",
        {
            "status": "running",
            "upid": "UPID:pve:00000754:00009421:5FBE5DD2:vzcreate:100:root@pam:",
            "pid": 1876,
        },
    )
    assert running.running
    assert running.node == "pve"
    assert running.id == "100"
    stopped = n.normalize_task(
        "c1",
        {"status": "stopped", "exitstatus": "WARNINGS: 2", "upid": running.upid},
    )
    assert stopped.state is TaskState.WARNINGS
    # every UPID in the recordings parses (from request paths and answer bodies)
    upids: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str) and value.startswith("UPID:"):
            upids.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for entry in recordings:
        walk(entry["path"].split("/"))
        if entry["status"] == 200:
            walk(load_recording(entry)["json"])
    assert len(upids) > 20
    for text in upids:
        assert parse_upid(text).text == text


def test_real_guest_config(recording: Recording) -> None:
    data = recording("community-proxmox/inv_nodes_testnode_qemu_101_config.json")["data"]
    config = n.normalize_guest_config("c1", 101, GuestType.QEMU, data)
    assert config.name == "test-qemu"
    assert config.memory_mib == 1000
    assert config.tags == ("one", "two", "three")
    assert config.onboot is True
    assert config.digest == data["digest"]
    assert config.values["cores"] == "1"
    lxc = recording("go-proxmox/lxc_config.json")["data"]
    ct = n.normalize_guest_config("c1", 101, GuestType.LXC, lxc)
    assert ct.name == lxc.get("hostname", "")
    v81 = n.normalize_guest_config("c1", 1, GuestType.QEMU, {"memory": "current=4096"})
    assert v81.memory_mib == 4096


def test_guest_states() -> None:
    assert n.guest_status("running", "paused") is GuestStatus.PAUSED
    assert n.guest_status("stopped", None, "suspended") is GuestStatus.SUSPENDED
    assert n.guest_status("weird") is GuestStatus.UNKNOWN


def test_bad_rows_are_skipped_and_counted() -> None:
    rows: list[Any] = [
        {"type": "qemu", "vmid": 100, "node": "a", "name": "ok"},
        {"type": "qemu", "vmid": 100, "node": "a", "name": "duplicate"},
        {"type": "qemu", "node": "a"},  # no vmid
        {"type": "lxc", "vmid": "x1", "node": "a"},
        {"type": "qemu", "vmid": 5},  # no node
        "garbage",
        None,
        {"type": "sdn", "id": "sdn/a/localnetwork"},
        {"type": "mystery"},
        {"id": "qemu/101", "type": "qemu", "node": "b"},  # vmid from the id
    ]
    inventory = n.normalize_resources("c1", rows)
    assert [g.vmid for g in inventory.guests] == [100, 101]
    assert inventory.guests[0].name == "ok"
    assert inventory.ignored == 1
    assert inventory.skipped == 7
    assert n.normalize_resources("c1", {"not": "a list"}).skipped == 0


# --------------------------------------------------------------------------------- fuzzing
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.text(alphabet="0123456789.-e ", max_size=12),
)
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=6,
)
_KEYS = [
    "type", "id", "vmid", "node", "name", "status", "tags", "template", "cpu", "maxcpu", "mem",
    "maxmem", "disk", "maxdisk", "uptime", "storage", "content", "shared", "pool", "poolid",
    "upid", "exitstatus", "endtime", "starttime", "ip", "online", "local", "memory", "lock",
]  # fmt: skip
_types = st.sampled_from(["qemu", "lxc", "node", "storage", "pool", "sdn", "", "x"])
_rows = st.dictionaries(st.sampled_from(_KEYS), _json, max_size=12).map(dict) | _json
_row_with_type = st.builds(
    lambda row, kind: {**row, "type": kind} if isinstance(row, dict) else row, _rows, _types
)


@settings(max_examples=100, deadline=None)
@given(st.lists(_row_with_type, max_size=12) | _json)
def test_fuzz_resources_never_raise(data: Any) -> None:
    inventory = n.normalize_resources("c1", data)
    total = len(data) if isinstance(data, list) else 0
    kept = (
        len(inventory.guests) + len(inventory.nodes) + len(inventory.storage) + len(inventory.pools)
    )
    assert kept + inventory.skipped + inventory.ignored == total
    for guest in inventory.guests:
        assert isinstance(guest.vmid, int)
        assert guest.vmid >= 0
        assert guest.node
        assert isinstance(guest.tags, tuple)
        json.dumps(guest.tags)


@settings(max_examples=100, deadline=None)
@given(_rows)
def test_fuzz_single_normalisers_raise_only_normalize_error(row: Any) -> None:
    builders: list[Callable[[str, Any], Any]] = [
        n.normalize_guest,
        n.normalize_node,
        n.normalize_storage,
        n.normalize_pool,
        n.normalize_task,
    ]
    for builder in builders:
        with contextlib.suppress(n.NormalizeError):
            builder("c1", row)
    n.normalize_cluster_status("c1", [row])
    n.normalize_guest_config("c1", 1, GuestType.QEMU, row if isinstance(row, dict) else {})
    with contextlib.suppress(n.NormalizeError):
        n.normalize_version(row)


@settings(max_examples=100, deadline=None)
@given(_scalars)
def test_fuzz_scalars(value: Any) -> None:
    for fn in (n.as_int, n.as_float, n.as_bool, n.as_str, n.parse_tags, n.memory_mib, n.parse_list):
        fn(value)


def test_fast_guest_records_are_ordinary_records() -> None:
    row = {
        "id": "qemu/100", "type": "qemu", "vmid": 100, "node": "pve1", "name": "web",
        "status": "running", "tags": "a;b", "cpu": 0.25, "maxcpu": 2, "mem": 5, "maxmem": 8,
        "uptime": 60, "extra": "kept",
    }  # fmt: skip
    guest = n.normalize_guest("lab", row)
    plain = Guest(**{f.name: getattr(guest, f.name) for f in dataclasses.fields(Guest)})
    assert guest == plain
    assert hash(guest) == hash(plain)
    assert repr(guest) == repr(plain)
    assert guest.raw == {"extra": "kept"}
    assert (guest.tags, guest.maxcpu, guest.disk) == (("a", "b"), 2.0, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        guest.name = "changed"  # type: ignore[misc]
    make = n._record_factory(Guest)
    with pytest.raises(TypeError):  # every field is required: none can be forgotten
        make(cluster="lab", vmid=1)
    # The positional form (reading the cache) takes the fields in declaration order.
    values = [getattr(guest, f.name) for f in dataclasses.fields(Guest)]
    by_position = n._record_factory(Guest, positional=True)(*values)
    assert by_position == guest
    assert [getattr(by_position, f.name) for f in dataclasses.fields(Guest)] == values
    with pytest.raises(TypeError):
        n._record_factory(Guest, positional=True)(*values[:-1])
