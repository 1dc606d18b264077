"""The spiceproxy answer has the shape of a real capture."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pvesphere_desktop.simulator.consoles import spice_fields

CA = "-----BEGIN CERTIFICATE-----\nMIIB\nAAAA\n-----END CERTIFICATE-----\n"
RECORDING = (
    Path(__file__).resolve().parents[4]
    / "shared/pve-recordings/fog-proxmox/cassettes-json/compute__servers.json"
)


def make(**extra: object) -> dict:
    args: dict = {"host": "pve1.example.com", "node": "pve1", "vmid": 100, "proxy": "10.0.0.5"}
    args.update(extra)
    return spice_fields(ca_pem=CA, key=b"k", now=1606311542, **args)


def test_fields() -> None:
    fields = make()
    assert fields["type"] == "spice"
    assert re.fullmatch(r"pvespiceproxy:5fbe5e76:100:pve1::[0-9a-f]{40}", fields["host"])
    assert re.fullmatch(r"[0-9a-f]{40}", fields["password"])
    assert fields["proxy"] == "http://10.0.0.5:3128"
    assert fields["tls-port"] == 61000
    assert fields["ca"] == CA.replace("\n", "\\n")
    assert "\n" not in fields["ca"]
    assert fields["host-subject"] == (
        "OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=pve1.example.com"
    )
    assert fields["title"] == "VM 100"
    assert fields["delete-this-file"] == 1
    assert make(kind="lxc")["title"] == "CT 100"
    assert make(proxy="http://proxy:3128")["proxy"] == "http://proxy:3128"
    assert make(user="alice@pve")["password"] != fields["password"]


@pytest.mark.skipif(not RECORDING.exists(), reason="needs ../shared/pve-recordings")
def test_same_keys_as_the_real_capture() -> None:
    interactions = json.loads(RECORDING.read_text())
    items = interactions if isinstance(interactions, list) else interactions["interactions"]
    real = next(
        item["body_json"]["data"]
        for item in items
        if item.get("path", "").endswith("/spiceproxy") and item.get("body_json")
    )
    ours = make()
    assert set(ours) == set(real)
    # Same layout of the host field (only time, vmid, node and signature differ).
    pattern = r"pvespiceproxy:[0-9a-f]{8}:\d+:[^:]+::[0-9a-f]{40}"
    assert re.fullmatch(pattern, real["host"])
    assert re.fullmatch(pattern, ours["host"])
    assert real["ca"].count("\\n") > 5
    assert "\n" not in real["ca"]
