"""Each error type from the simulator's real-shaped answers, on every emulated version."""

from __future__ import annotations

import pytest
from pve_conformance import validate
from pve_simhelpers import SimCluster

from pvesphere_desktop.core.errors import (
    ConflictError,
    MalformedResponseError,
    NotFoundError,
    ServerError,
    UnreachableError,
    ValidationError,
)
from pvesphere_desktop.pve.session import RequestRecord


def test_validation_error_lists_the_field(cluster: SimCluster) -> None:
    with cluster.session() as session:
        taken = session.resources("vm").guests[0].vmid
        with pytest.raises(ValidationError) as caught:
            session.get("/cluster/nextid", vmid=taken)
    assert set(caught.value.errors) == {"vmid"}
    assert str(taken) in caught.value.errors["vmid"]
    assert not caught.value.errors["vmid"].endswith("\n")


def test_missing_guest_is_not_found(cluster: SimCluster) -> None:
    with cluster.session() as session:
        node = cluster.node_names[0]
        with pytest.raises(NotFoundError) as caught:
            session.get(f"/nodes/{node}/qemu/999999/status/current")
    assert "999999" in caught.value.detail
    assert not caught.value.retryable


def test_digest_mismatch_is_a_conflict(cluster: SimCluster) -> None:
    with cluster.session() as session:
        guest = next(g for g in session.resources("vm").guests if g.lock is None)
        path = f"/nodes/{guest.node}/{guest.type.value}/{guest.vmid}/config"
        digest = session.get(path)["digest"]
        session.put(path, description="first writer", digest=digest)
        with pytest.raises(ConflictError) as caught:
            session.put(path, description="second writer", digest=digest)
    assert "modified" in caught.value.detail


def test_server_errors_and_malformed_answers(cluster: SimCluster) -> None:
    with cluster.session() as session:
        session.connect()
        cluster.sim.set_error_rate(1.0, "internal error - disk on fire")
        with pytest.raises(ServerError) as caught:
            session.get("/cluster/resources")
        assert caught.value.detail == "internal error - disk on fire"
        assert caught.value.retryable
        cluster.sim.set_error_rate(0.0)
        for kind in ("malformed", "truncated"):
            cluster.sim.set_body_fault(kind)
            with pytest.raises(MalformedResponseError):
                session.get("/cluster/resources")
        cluster.sim.set_body_fault(None)
        assert session.resources().guests


def test_proxy_error_for_a_node_that_is_down(cluster: SimCluster) -> None:
    down = cluster.node_names[-1]
    with cluster.session() as session:
        session.connect()
        cluster.sim.node_down(down)
        with pytest.raises(UnreachableError) as caught:
            session.get(f"/nodes/{down}/status")
        assert caught.value.args_map["host"] == down
        assert caught.value.args_map["status"] in (595, 596)
        # the entry node still answers for everything else: no failover happened
        assert session.active_endpoint.url == cluster.url
        assert session.get("/version")["release"] == cluster.version


def test_unreachable_cluster(cluster: SimCluster) -> None:
    with cluster.session(failover=False, timeout_s=1.0) as session:
        session.connect()
        cluster.sim.unreachable("refused")
        with pytest.raises(UnreachableError, match="connection refused"):
            session.get("/version")
        cluster.sim.reachable()
        cluster.sim.unreachable("hang")
        with pytest.raises(UnreachableError, match="timed out"):
            session.get("/version")
        cluster.sim.reachable()
        assert session.get("/version")["release"] == cluster.version


def test_the_validator_itself_can_fail(cluster: SimCluster) -> None:
    """The conformance plugin's checks reject what PVE's schema rejects."""
    from pve_conformance import schema_for_release

    version = schema_for_release(cluster.version)

    def record(method: str, path: str, **params: object) -> RequestRecord:
        return RequestRecord(
            cluster="x", endpoint=cluster.url, method=method, path=path, params=params
        )

    assert validate(record("GET", "/cluster/resources", type="vm"), version) == []
    assert validate(record("GET", "/cluster/resources", type="vms"), version)
    assert validate(record("GET", "/cluster/resources", kind="vm"), version)
    assert validate(record("GET", "/nodes/pve1/foo"), version)
    assert validate(record("PATCH", "/version"), version)
    assert validate(record("GET", "/cluster/nextid", vmid=99), version)  # minimum 100
    assert validate(record("GET", "/nodes/pve1/rrddata", timeframe="hour", cf=True), version)
    assert validate(record("GET", "/nodes/pve1/rrddata"), version)  # timeframe required
    assert validate(record("POST", "/nodes/pve1/qemu", vmid=100, net0="virtio"), version) == []
    assert validate(record("POST", "/nodes/pve1/qemu", vmid=100, nett0="virtio"), version)
