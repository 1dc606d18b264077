"""PVE-style parameter validation (messages as pve-common's JSONSchema words them)."""

from __future__ import annotations

import pytest

from pvesphere_desktop.simulator.routing import param
from pvesphere_desktop.simulator.schema import (
    FormatError,
    check_format,
    parse_boolean,
    parse_property_string,
    split_list,
    validate_params,
)

NET = {
    "model": param(enum=("e1000", "virtio"), opt=False, default_key=True),
    "macaddr": param(fmt="mac-addr"),
    "virtio": {"alias": "macaddr", "keyAlias": "model"},
    "bridge": param(fmt="pve-bridge-id"),
    "firewall": param("boolean"),
    "tag": param("integer", min=1, max=4094),
}
SPEC = {
    "additionalProperties": 0,
    "properties": {
        "vmid": param("integer", fmt="pve-vmid", min=100, max=999999999, opt=False),
        "node": param(fmt="pve-node"),
        "cores": param("integer", min=1),
        "cpulimit": param("number", min=0, max=128),
        "onboot": param("boolean"),
        "ostype": param(enum=("l26", "win11")),
        "name": param(fmt="dns-name", maxlen=15),
        "delete": param(fmt="pve-configid-list"),
        "net[n]": param(fmt=NET, description="Network device (n is 0 to 31)"),
        "command": param("array", items=param(opt=False)),
    },
}


def errors(**params: str | list[str]) -> dict[str, str]:
    return validate_params(SPEC, {"vmid": "100", **params})


def test_valid_parameters_pass() -> None:
    assert (
        errors(
            node="pve1",
            cores="4",
            cpulimit="1.5",
            onboot="yes",
            ostype="l26",
            name="web-01",
            delete="net1,ide2",
            net0="virtio=BC:24:11:00:00:01,bridge=vmbr0,tag=10",
        )
        == {}
    )


def test_missing_and_unknown_properties() -> None:
    assert validate_params(SPEC, {}) == {"vmid": "property is missing and it is not optional"}
    assert errors(bogus="1") == {
        "bogus": "property is not defined in schema and the schema does not allow additional"
        " properties"
    }


def test_type_range_enum_and_length_messages() -> None:
    assert errors(cores="four")["cores"] == "type check ('integer') failed - got 'four'"
    assert errors(cores="0")["cores"] == "value must have a minimum value of 1"
    assert errors(cpulimit="200")["cpulimit"] == "value must have a maximum value of 128"
    assert errors(cpulimit="x")["cpulimit"] == "type check ('number') failed - got 'x'"
    assert errors(onboot="2")["onboot"] == "type check ('boolean') failed - got '2'"
    assert (
        errors(ostype="dos")["ostype"]
        == "value 'dos' does not have a value in the enumeration 'l26, win11'"
    )
    assert errors(name="a-very-long-host-name")["name"] == "value may only be 15 characters long"


def test_named_formats() -> None:
    assert validate_params(SPEC, {"vmid": "99"})["vmid"] == (
        "invalid format - value does not look like a valid VM ID\n"
    )
    assert (
        errors(node="bad_node")["node"]
        == "invalid format - value does not look like a valid node name\n"
    )
    assert (
        errors(delete="net1,Bad")["delete"] == "invalid format - invalid configuration ID 'Bad'\n"
    )
    with pytest.raises(FormatError):
        check_format("pve-storage-id", "1bad", "storage")
    check_format("pve-unknown-format", "anything", "x")  # unknown formats are not checked


def test_property_strings() -> None:
    assert parse_property_string(NET, "virtio=BC:24:11:00:00:01,bridge=vmbr0", "net0") == {
        "model": "virtio", "macaddr": "BC:24:11:00:00:01", "bridge": "vmbr0"}  # fmt: skip
    assert parse_property_string(NET, "e1000,firewall=yes", "net0") == {
        "model": "e1000",
        "firewall": "1",
    }
    assert errors(net0="e1000,nobridge=1")["net0"] == (
        "invalid format - invalid key in comma-separated list property: nobridge\n"
    )
    assert errors(net0="e1000,tag=5000")["net0"] == (
        "invalid format - format error\nnet0.tag: value must have a maximum value of 4094\n"
    )
    assert errors(net0="bridge=vmbr0")["net0"] == (
        "invalid format - format error\nnet0.model: property is missing and it is not optional\n"
    )
    assert errors(net0="e1000,virtio")["net0"] == (
        "invalid format - duplicate key in comma-separated list property: model\n"
    )


def test_indexed_keys_respect_their_range() -> None:
    assert errors(net31="e1000") == {}
    assert "net32" in errors(net32="e1000")


def test_arrays_and_repeated_values() -> None:
    assert errors(command=["ls", "-l"]) == {}
    assert errors(cores=["1", "2"])["cores"].startswith("type check ('integer') failed")


def test_lenient_mode_accepts_undeclared_parameters() -> None:
    assert validate_params(SPEC, {"vmid": "100", "hotplug": "disk"}, strict=False) == {}
    assert validate_params(SPEC, {"vmid": "100", "cores": "0"}, strict=False) != {}


@pytest.mark.parametrize(
    ("text", "value"), [("1", 1), ("on", 1), ("Yes", 1), ("false", 0), ("0", 0), ("x", None)]
)
def test_boolean_spellings(text: str, value: int | None) -> None:
    assert parse_boolean(text) == value


def test_split_list() -> None:
    assert split_list("a,b; c\0d") == ["a", "b", "c", "d"]
