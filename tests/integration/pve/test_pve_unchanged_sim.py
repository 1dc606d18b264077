"""Polling without decoding a repeated answer (``get_unless``), over real HTTPS to the simulator."""

from __future__ import annotations

import json

import pytest
from pve_simhelpers import SimCluster

from pvesphere_desktop.core.errors import NotFoundError
from pvesphere_desktop.pve.session import UNCHANGED


def test_a_repeated_body_is_not_decoded(cluster: SimCluster) -> None:
    with cluster.session() as session:
        body, data = session.get_unless("/version", None)
        assert data["version"] == cluster.info["pveversion"]
        assert json.loads(body)["data"] == data
        again, data = session.get_unless("/version", body)
        assert data is UNCHANGED
        assert again == body
        _, data = session.get_unless("/version", body + b" ")
        assert data["version"] == cluster.info["pveversion"]


def test_a_changed_body_is_decoded(cluster: SimCluster) -> None:
    with cluster.session() as session:
        body, rows = session.get_unless("/cluster/resources", None, type="vm")
        guest = next(r for r in rows if not r.get("template"))
        cluster.sim.outside.rename_guest(guest["vmid"], "renamed-between-polls")
        _, rows = session.get_unless("/cluster/resources", body, type="vm")
        assert rows is not UNCHANGED
        assert next(r for r in rows if r["vmid"] == guest["vmid"])["name"] == (
            "renamed-between-polls"
        )


def test_cluster_status_unless(cluster: SimCluster) -> None:
    with cluster.session() as session:
        body, status = session.cluster_status_unless(None, learn=False)
        assert status is not None
        assert {n.node for n in status[1]} == set(cluster.node_names)
        same, status = session.cluster_status_unless(body, learn=False)
        assert status is None
        assert same == body


def test_errors_are_raised_whatever_the_previous_body(cluster: SimCluster) -> None:
    with cluster.session() as session:
        with pytest.raises(NotFoundError):
            session.get_unless("/nodes/no-such-node/qemu/100/config", None)
        with pytest.raises(NotFoundError):
            session.get_unless("/nodes/no-such-node/qemu/100/config", b"")
