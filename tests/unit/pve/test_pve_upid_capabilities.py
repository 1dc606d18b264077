"""UPID parsing and version capabilities (checked against the official schema of each version)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pve_shared import SHARED

from pvesphere_desktop.core.capabilities import Capabilities
from pvesphere_desktop.core.enums import TaskState
from pvesphere_desktop.core.models import PveVersion
from pvesphere_desktop.core.upid import is_upid, parse_upid, task_outcome


def test_parse_upid_real_examples() -> None:
    upid = parse_upid("UPID:pve:00000754:00009421:5FBE5DD2:vzcreate:100:root@pam:")
    assert (upid.node, upid.pid, upid.pstart, upid.starttime) == ("pve", 0x754, 0x9421, 0x5FBE5DD2)
    assert (upid.type, upid.id, upid.user) == ("vzcreate", "100", "root@pam")
    # empty id, 9-digit pstart, token user, dotted node name
    upid = parse_upid("UPID:pve-2.lab:0001A2B3:1234567AB:6500AA00:vzdump::root@pam!backup:")
    assert upid.id == ""
    assert upid.user == "root@pam!backup"
    assert upid.pstart == 0x1234567AB
    upid = parse_upid("UPID:n1:0001028C:001E8624:645CDD37:imgdel:101@local:root@pam:")
    assert upid.id == "101@local"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "UPID:pve:754:9421:5FBE5DD2:qmstart:100:root@pam:",  # short hex
        "UPID:pve:00000754:00009421:5FBE5DD2:qmstart:100:root@pam",  # no trailing colon
        "UPID:pve:00000754:00009421:5FBE5DD2::100:root@pam:",  # no type
        "PVE:pve:00000754:00009421:5FBE5DD2:qmstart:100:root@pam:",
        "UPID:-bad:00000754:00009421:5FBE5DD2:qmstart:100:root@pam:",
    ],
)
def test_parse_upid_rejects(bad: str) -> None:
    assert not is_upid(bad)
    with pytest.raises(ValueError, match="not a UPID"):
        parse_upid(bad)


@given(
    node=st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9]", fullmatch=True),
    pid=st.integers(0, 2**32 - 1),
    pstart=st.integers(0, 2**36 - 1),
    start=st.integers(0, 2**32 - 1),
    kind=st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
    ident=st.from_regex(r"[a-z0-9@.-]{0,8}", fullmatch=True),
)
def test_upid_round_trip(
    node: str, pid: int, pstart: int, start: int, kind: str, ident: str
) -> None:
    pstart_hex = f"{pstart:08X}" if pstart < 2**32 else f"{pstart:09X}"
    text = f"UPID:{node}:{pid:08X}:{pstart_hex}:{start:08X}:{kind}:{ident}:root@pam:"
    upid = parse_upid(text)
    assert (upid.node, upid.pid, upid.pstart, upid.starttime) == (node, pid, pstart, start)
    assert (upid.type, upid.id, upid.text) == (kind, ident, text)


def test_task_outcome() -> None:
    assert task_outcome(None) == (TaskState.RUNNING, 0)
    assert task_outcome("OK") == (TaskState.OK, 0)
    assert task_outcome("WARNINGS: 3") == (TaskState.WARNINGS, 3)
    assert task_outcome("VM 100 already running") == (TaskState.ERROR, 0)


# ------------------------------------------------------------------------------ capabilities
SCHEMAS = {"7.4-2": "7.4-2", "8.4.0": "8.4.0", "9.1.3": "9.1.3"}


@cache
def _schema(version: str) -> dict[tuple[str, str], Any]:
    tree = json.loads((SHARED / "pve-api" / f"pve-api-schema-{version}.json").read_text())
    flat: dict[tuple[str, str], Any] = {}

    def walk(node: dict[str, Any]) -> None:
        for method, info in (node.get("info") or {}).items():
            flat[node["path"], method] = info
        for child in node.get("children") or []:
            walk(child)

    for top in tree:
        walk(top)
    return flat


def _params(schema: dict[tuple[str, str], Any], path: str, method: str) -> dict[str, Any]:
    info = schema.get((path, method)) or {}
    return dict((info.get("parameters") or {}).get("properties") or {})


def _returns(schema: dict[tuple[str, str], Any], path: str, method: str) -> dict[str, Any]:
    returns = (schema.get((path, method)) or {}).get("returns") or {}
    if returns.get("type") == "array":
        returns = returns.get("items") or {}
    return dict(returns.get("properties") or {})


@pytest.mark.parametrize("schema_version", list(SCHEMAS))
def test_capabilities_match_the_official_schema(schema_version: str) -> None:
    schema = _schema(schema_version)
    release = ".".join(schema_version.replace("-", ".").split(".")[:2])
    caps = Capabilities(PveVersion(release=release, version=schema_version))
    expected = {
        "ha_rules": ("/cluster/ha/rules", "GET") in schema,
        "ha_groups": ("/cluster/ha/groups", "GET") in schema and not caps.ha_rules,
        "ha_arm": ("/cluster/ha/status/arm-ha", "POST") in schema,
        "pool_query": ("/pools", "PUT") in schema and "poolid" in _params(schema, "/pools", "GET"),
        "stop_overrule_shutdown": "overrule-shutdown"
        in _params(schema, "/nodes/{node}/qemu/{vmid}/status/stop", "POST"),
        "rrd_decade": "decade"
        in _params(schema, "/nodes/{node}/rrddata", "GET")["timeframe"].get("enum", []),
        "backup_fleecing": "fleecing" in _params(schema, "/nodes/{node}/vzdump", "POST"),
        "node_boot_info": "boot-info" in _returns(schema, "/nodes/{node}/status", "GET"),
        "pressure_metrics": "pressurecpusome" in _returns(schema, "/nodes/{node}/qemu", "GET"),
        "sdn_resources": "network" in _returns(schema, "/cluster/resources", "GET"),
        "tfa_challenge": "tfa-challenge" in _params(schema, "/access/ticket", "POST"),
    }
    for name, value in expected.items():
        assert caps.supports(name) is value, (schema_version, name)
    assert caps.as_dict()["ha_rules"] is expected["ha_rules"]
    assert caps.rrd_timeframes[-1] == ("decade" if expected["rrd_decade"] else "year")


def test_capabilities_by_version() -> None:
    v74 = Capabilities(PveVersion("7.4", "7.4-16"))
    v81 = Capabilities(PveVersion("8.1", "8.1.4"))
    v84 = Capabilities(PveVersion("8.4", "8.4.1"))
    v90 = Capabilities(PveVersion("9.0", "9.0.12"))
    v9013 = Capabilities(PveVersion("9.0", "9.0.13"))
    assert not v74.memory_property_string
    assert v81.memory_property_string
    assert not v74.error_message_in_body
    assert v84.error_message_in_body
    assert not v90.token_shells
    assert v9013.token_shells
    assert v74.tags
    assert v74.ha_groups
    assert not v74.ha_rules
    assert not v74.supports("no-such-capability")
    assert set(Capabilities.names()) == set(v84.as_dict())
