"""Node failover and TLS trust (TOFU, changed certificates, CA files) against the simulator."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from pve_simhelpers import SimCluster

from pvesphere_desktop.core.config import TlsMode
from pvesphere_desktop.core.errors import (
    FingerprintMismatchError,
    UnreachableError,
    UntrustedCertificateError,
)
from pvesphere_desktop.pve.session import (
    Endpoint,
    PveSession,
    RequestRecord,
    add_request_observer,
    remove_request_observer,
)
from pvesphere_desktop.pve.tls import host_port, probe_certificate


@contextmanager
def recorded() -> Iterator[list[RequestRecord]]:
    records: list[RequestRecord] = []
    add_request_observer(records.append)
    try:
        yield records
    finally:
        remove_request_observer(records.append)


def test_endpoints_and_pins_are_learnt_from_the_cluster(cluster: SimCluster) -> None:
    changes = []
    config, secret = cluster.token_config()
    with PveSession(config, secret, on_config_change=changes.append) as session:
        info, nodes = session.cluster_status()
        learnt = session.config
    assert info.node_count == 3
    assert info.quorate is True
    assert {n.node for n in nodes} == set(cluster.node_names)
    expected = {n["name"]: n["url"] for n in cluster.info["nodes"]}
    assert dict(learnt.known_endpoints) == expected
    # other nodes' certificates are pinned from /nodes over the trusted connection
    assert dict(learnt.fingerprints) == cluster.pins(all_nodes=True)
    assert changes[-1] == learnt
    assert session.entry_endpoint.node == cluster.node_names[0]


def test_failover_only_when_the_entry_node_stops_answering(cluster: SimCluster) -> None:
    switched: list[Endpoint] = []
    config, secret = cluster.token_config()
    entry = cluster.node_names[0]
    with (
        recorded() as records,
        PveSession(config, secret, on_endpoint_change=switched.append) as session,
    ):
        session.cluster_status()
        for _ in range(3):
            session.get("/cluster/resources")
        # nothing but the entry address was contacted while it answered
        assert {r.endpoint for r in records} == {cluster.url}
        cluster.sim.node_down(entry)
        inventory = session.resources()
        assert inventory.guests
        now = session.active_endpoint
        assert now.node in cluster.node_names[1:]
        assert now.url != cluster.url
        assert switched == [now]
        # it stays on the working node; the dead entry node is shown offline
        _, nodes = session.cluster_status()
        assert {n.node: n.status.value for n in nodes}[entry] == "offline"
        failed = [r for r in records if r.status is None]
        assert failed
        assert {r.endpoint for r in failed} == {cluster.url}
        assert len(switched) == 1


def test_the_session_tells_since_when_it_failed_over(cluster: SimCluster) -> None:
    config, secret = cluster.token_config()
    entry = cluster.node_names[0]
    clock = [1_000.0]
    with PveSession(config, secret, clock=lambda: clock[0]) as session:
        session.cluster_status()
        assert session.failed_over_at is None
        clock[0] = 2_000.0
        cluster.sim.node_down(entry)
        session.get("/version")
        first = session.active_endpoint
        assert first.node != entry
        assert session.failed_over_at == 2_000.0
        status = session.endpoint_status
        assert (status.node, status.entry_node) == (first.node, entry)
        assert status.address == first.key
        assert status.entry_address == session.entry_endpoint.key
        assert status.failed_over_at == 2_000.0
        # Moving on to a third node keeps the time the entry stopped answering.
        clock[0] = 3_000.0
        cluster.sim.node_down(first.node)
        session.get("/version")
        assert session.active_endpoint.node not in (entry, first.node)
        assert session.failed_over_at == 2_000.0
        # Back on the entry URL: no failover to report.
        cluster.sim.node_up(entry)
        session.use_entry_endpoint()
        assert session.failed_over_at is None


def test_failover_can_be_switched_off(cluster: SimCluster) -> None:
    config, secret = cluster.token_config()
    with PveSession(config, secret) as session:
        session.cluster_status()
    learnt = session.config.with_changes(failover=False)
    with PveSession(learnt, secret) as session:
        cluster.sim.node_down(cluster.node_names[0])
        with pytest.raises(UnreachableError):
            session.get("/version")
        assert session.active_endpoint.url == cluster.url


def test_failover_keeps_the_trust_rules(cluster: SimCluster) -> None:
    """A learnt node whose certificate is not pinned is never used."""
    config, secret = cluster.token_config()
    endpoints = {n["name"]: n["url"] for n in cluster.info["nodes"]}
    unpinned = config.with_changes(known_endpoints=endpoints)  # pins for the entry only
    with PveSession(unpinned, secret) as session:
        session.connect()
        cluster.sim.node_down(cluster.node_names[0])
        with pytest.raises(UntrustedCertificateError) as caught:
            session.get("/version")
        assert caught.value.args_map["fingerprint"] in {
            n["fingerprint"] for n in cluster.info["nodes"][1:]
        }
        assert session.active_endpoint.url == cluster.url


def test_standalone_node(standalone: SimCluster) -> None:
    with standalone.session() as session:
        info, nodes = session.cluster_status()
        assert len(nodes) == 1
        assert info.name == nodes[0].node
        assert info.quorate is None
        assert dict(session.config.known_endpoints) == {nodes[0].node: standalone.url}


def test_trust_on_first_use(cluster: SimCluster) -> None:
    presented = probe_certificate(cluster.url, timeout=5)
    assert presented.fingerprint == cluster.info["fingerprint"]
    assert presented.subject
    assert presented.host_port == host_port(cluster.url)
    config, secret = cluster.token_config(fingerprints={})
    with PveSession(config, secret) as session:
        with pytest.raises(UntrustedCertificateError) as caught:
            session.connect()
        assert caught.value.args_map["fingerprint"] == presented.fingerprint
        session.pin(presented.fingerprint)  # the user accepted it
        assert session.connect().release == cluster.version


def test_ca_file_trust(cluster: SimCluster) -> None:
    config, secret = cluster.token_config(
        tls=TlsMode.CA_FILE, ca_file=cluster.info["ca_file"], fingerprints={}
    )
    with PveSession(config, secret) as session:
        assert session.connect().release == cluster.version
    system = config.with_changes(tls=TlsMode.SYSTEM)
    with PveSession(system, secret) as session, pytest.raises(UntrustedCertificateError):
        session.connect()


def test_changed_certificate_is_refused_until_repinned(fresh_cluster: SimCluster) -> None:
    cluster = fresh_cluster
    config, secret = cluster.token_config()
    old = cluster.info["fingerprint"]
    with PveSession(config, secret) as session:
        session.connect()
        new = cluster.sim.change_certificate(cluster.node_names[0])
        assert new != old
        with pytest.raises(FingerprintMismatchError) as caught:
            session.get("/version")
        assert caught.value.args_map == {
            "host": host_port(cluster.url),
            "expected": old,
            "actual": new,
        }
        assert old in str(caught.value)
        assert new in str(caught.value)
        session.pin(new)
        assert session.get("/version")["release"] == cluster.version


def test_failover_refuses_a_node_whose_certificate_changed(fresh_cluster: SimCluster) -> None:
    cluster = fresh_cluster
    config, secret = cluster.token_config()
    entry, second, third = cluster.node_names
    with PveSession(config, secret) as session:
        session.cluster_status()
        cluster.sim.change_certificate(second)
        cluster.sim.node_down(entry)
        session.get("/version")
        assert session.active_endpoint.node == third  # not the node with the changed cert
        cluster.sim.node_down(third)
        with pytest.raises(FingerprintMismatchError):
            session.get("/version")
