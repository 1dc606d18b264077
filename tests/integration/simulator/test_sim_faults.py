"""Faults on demand and changes made outside our app, observed over real HTTPS."""

from __future__ import annotations

import hashlib
import json
import socket
import ssl
import time
from typing import Any

import httpx
import pytest

from pvesphere_desktop.simulator import SimulatedFleet
from tests.fixtures_sim import PveHttp, cluster_of, fleet_client


def node_client(info: dict[str, Any], index: int, *, timeout: float = 10.0) -> PveHttp:
    node = info["nodes"][index]
    return PveHttp({**info, "url": node["url"]}, timeout=timeout).use_token()


def served_fingerprint(address: str, port: int) -> str:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # only to read the certificate the server presents
    with socket.create_connection((address, port), timeout=5) as raw, ctx.wrap_socket(raw) as tls:
        der = tls.getpeercert(binary_form=True)
    assert der is not None
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


@pytest.fixture
def info84(sim_fleet: SimulatedFleet) -> dict[str, Any]:
    return next(i for i in sim_fleet.info() if i["version"] == "8.4")


def test_node_down_refuses_and_members_answer_595(
    sim_fleet: SimulatedFleet, info84: dict[str, Any]
) -> None:
    sim = cluster_of(sim_fleet, "8.4")
    down = info84["nodes"][1]["name"]
    guest = next(g for g in sim.model.guests.values() if g.node == down)
    sim.node_down(down)
    dead = node_client(info84, 1)
    alive = node_client(info84, 0)
    try:
        with pytest.raises(httpx.ConnectError):
            dead.get("/version")
        answer = alive.get(f"/nodes/{down}/qemu")
        assert (answer.status, answer.reason) == (595, "No route to host")
        status = {row["id"]: row for row in alive.ok("GET", "/cluster/status")}
        assert status[f"node/{down}"]["online"] == 0
        assert status["cluster"]["quorate"] == 1
        rows = {row["id"]: row for row in alive.ok("GET", "/cluster/resources")}
        assert rows[f"node/{down}"]["status"] == "offline"
        assert rows[f"{guest.kind}/{guest.vmid}"]["status"] == "unknown"
        nodes = {row["node"]: row for row in alive.ok("GET", "/nodes")}
        assert set(nodes[down]) == {"id", "node", "status", "type"}
        # RRD data is cluster-wide: still answered for the dead node
        assert alive.get(f"/nodes/{down}/rrddata", timeframe="hour").status == 200
        sim.node_up(down)
        assert dead.get("/version").status == 200
        assert alive.get(f"/nodes/{down}/qemu").status == 200
    finally:
        dead.close()
        alive.close()


def test_losing_quorum_blocks_writes(sim_fleet: SimulatedFleet, info84: dict[str, Any]) -> None:
    sim = cluster_of(sim_fleet, "8.4")
    names = [n["name"] for n in info84["nodes"]]
    sim.node_down(names[1])
    sim.node_down(names[2])
    c = node_client(info84, 0)
    try:
        assert c.ok("GET", "/cluster/status")[0]["quorate"] == 0
        guest = next(g for g in sim.model.guests.values() if g.node == names[0])
        answer = c.put(f"/nodes/{names[0]}/{guest.kind}/{guest.vmid}/config", description="x")
        assert (answer.status, answer.reason) == (500, "cluster not ready - no quorum?")
    finally:
        c.close()


def test_node_down_with_a_timeout_error(sim_fleet: SimulatedFleet, info84: dict[str, Any]) -> None:
    sim = cluster_of(sim_fleet, "8.4")
    down = info84["nodes"][2]["name"]
    sim.node_down(down, proxy_error=(596, "Connection timed out"))
    c = node_client(info84, 0)
    try:
        answer = c.get(f"/nodes/{down}/status")
        assert (answer.status, answer.reason) == (596, "Connection timed out")
    finally:
        c.close()


def test_cluster_unreachable_refused_then_back(
    sim_fleet: SimulatedFleet, info84: dict[str, Any]
) -> None:
    sim = cluster_of(sim_fleet, "8.4")
    sim.unreachable("refused")
    clients = [node_client(info84, i) for i in range(3)]
    try:
        for c in clients:
            with pytest.raises(httpx.ConnectError):
                c.get("/version")
        sim.reachable()
        assert all(c.get("/version").status == 200 for c in clients)
    finally:
        for c in clients:
            c.close()


def test_cluster_unreachable_hanging_until_the_client_gives_up(
    sim_fleet: SimulatedFleet, info84: dict[str, Any]
) -> None:
    sim = cluster_of(sim_fleet, "8.4")
    sim.unreachable("hang")
    c = node_client(info84, 0, timeout=0.5)
    try:
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            c.get("/version")
        assert time.monotonic() - started >= 0.45
        sim.reachable()
        fresh = node_client(info84, 0)
        try:
            assert fresh.get("/version").status == 200
        finally:
            fresh.close()
    finally:
        c.close()


def test_latency_and_error_rate(sim_fleet: SimulatedFleet, info84: dict[str, Any]) -> None:
    sim = cluster_of(sim_fleet, "8.4")
    c = node_client(info84, 0)
    try:
        sim.set_latency(0.3)
        started = time.monotonic()
        assert c.get("/version").status == 200
        assert time.monotonic() - started >= 0.28
        sim.set_latency(0)
        sim.set_error_rate(1.0, "got timeout")
        answer = c.get("/cluster/resources")
        assert (answer.status, answer.reason) == (500, "got timeout")
        assert answer.json == {"data": None, "message": "got timeout\n"}
        sim.set_error_rate(0.5)
        statuses = [c.get("/version").status for _ in range(40)]
        assert 5 < statuses.count(500) < 35
        assert statuses.count(200) > 5
        sim.set_error_rate(0)
        assert all(c.get("/version").status == 200 for _ in range(5))
    finally:
        c.close()


@pytest.mark.parametrize("kind", ["malformed", "truncated"])
def test_damaged_json_bodies(sim_fleet: SimulatedFleet, info84: dict[str, Any], kind: str) -> None:
    sim = cluster_of(sim_fleet, "8.4")
    c = node_client(info84, 0)
    try:
        sim.set_body_fault(kind)
        answer = c.get("/cluster/resources")
        assert answer.status == 200
        with pytest.raises(json.JSONDecodeError):
            json.loads(answer.text)
        sim.set_body_fault(None)
        assert c.get("/cluster/resources").data
    finally:
        c.close()


def test_changed_certificate(sim_fleet: SimulatedFleet, info84: dict[str, Any]) -> None:
    sim = cluster_of(sim_fleet, "8.4")
    node = info84["nodes"][0]
    address, port = node["address"], int(node["url"].rsplit(":", 1)[1])
    before = served_fingerprint(address, port)
    assert before == node["fingerprint"]
    after = sim.change_certificate()
    assert after != before
    assert served_fingerprint(address, port) == after
    assert sim_fleet.info_for(sim.name)["fingerprint"] == after
    c = node_client(info84, 0)  # the cluster CA still signs it
    try:
        assert c.get("/version").status == 200
        nodes = {row["node"]: row for row in c.ok("GET", "/nodes")}
        assert nodes[node["name"]]["ssl_fingerprint"] == after
    finally:
        c.close()


def test_clear_faults_restores_everything(
    sim_fleet: SimulatedFleet, info84: dict[str, Any]
) -> None:
    sim = cluster_of(sim_fleet, "8.4")
    sim.node_down(info84["nodes"][1]["name"])
    sim.set_error_rate(1.0)
    sim.hold_tasks()
    sim.clear_faults()
    c = node_client(info84, 1)
    try:
        assert c.get("/version").status == 200
    finally:
        c.close()


def test_outside_changes_are_visible(sim_fleet: SimulatedFleet) -> None:
    sim = cluster_of(sim_fleet, "9.1")
    c = fleet_client(sim_fleet, "9.1")
    try:
        model = sim.model
        stopped = next(
            g
            for g in model.guests.values()
            if not g.running and not g.template and g.kind == "qemu"
        )
        running = next(g for g in model.guests.values() if g.running and g.kind == "lxc")
        sim.outside.start_guest(stopped.vmid)
        sim.outside.stop_guest(running.vmid)
        sim.outside.rename_guest(stopped.vmid, "renamed-outside")
        sim.outside.tag_guest(stopped.vmid, "ops;urgent")
        target = next(n for n in model.nodes if n != stopped.node)
        sim.outside.migrate_guest(stopped.vmid, target)
        rows = {r["vmid"]: r for r in c.ok("GET", "/cluster/resources", type="vm")}
        assert rows[stopped.vmid]["status"] == "running"
        assert rows[stopped.vmid]["name"] == "renamed-outside"
        assert rows[stopped.vmid]["tags"] == "ops;urgent"
        assert rows[stopped.vmid]["node"] == target
        assert rows[running.vmid]["status"] == "stopped"
        sim.outside.delete_guest(running.vmid)
        assert running.vmid not in {r["vmid"] for r in c.ok("GET", "/cluster/resources", type="vm")}
        types = {t["type"] for t in c.ok("GET", "/cluster/tasks")}
        assert {"qmstart", "vzstop", "qmmigrate", "vzdestroy"} <= types
    finally:
        c.close()
