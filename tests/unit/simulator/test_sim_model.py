"""Fleet generation, fleet files, metrics, UPIDs, tickets and permissions (no network)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pvesphere_desktop.simulator import FleetSpec, generate_fleet, load_fleet, metrics
from pvesphere_desktop.simulator.auth import (
    Identity,
    Permissions,
    TicketIssuer,
    parse_tfa_challenge,
    parse_token_header,
    tfa_challenge_data,
)
from pvesphere_desktop.simulator.fleetfile import FleetFileError, dump_fleet, fleet_from_dict
from pvesphere_desktop.simulator.model import AclEntry, ApiToken, User
from pvesphere_desktop.simulator.upid import make_upid, parse_upid

EPOCH = 1_780_000_000
SPEC = FleetSpec(clusters=4, nodes=3, guests=60, seed=42, standalone=1, epoch=EPOCH)


def test_generation_is_deterministic_per_seed() -> None:
    assert generate_fleet(SPEC) == generate_fleet(SPEC)
    other = generate_fleet(
        FleetSpec(clusters=4, nodes=3, guests=60, seed=43, standalone=1, epoch=EPOCH)
    )
    assert other != generate_fleet(SPEC)


def test_generated_fleet_shape() -> None:
    fleet = generate_fleet(SPEC)
    clusters = list(fleet.clusters.values())
    assert [c.version for c in clusters] == ["7.4", "8.4", "9.1", "7.4"]
    assert [c.standalone for c in clusters] == [False, False, False, True]
    assert len(clusters[-1].nodes) == 1
    for cluster in clusters:
        guests = list(cluster.guests.values())
        assert len(guests) == 60
        assert {g.kind for g in guests} == {"qemu", "lxc"}
        assert any(g.template for g in guests)
        assert sum(g.running for g in guests) > len(guests) // 2
        assert any(not g.running and not g.template for g in guests)
        assert any(g.lock for g in guests)
        names = [g.name for g in guests]
        assert len(set(names)) == len(names)
        assert all(g.node in cluster.nodes for g in guests)
        contents = {c for s in cluster.storages.values() for c in s.content}
        assert contents >= {"images", "rootdir", "iso", "vztmpl", "backup"}
        assert cluster.pools
        assert cluster.users["tfa@pve"].totp_secret
    multi = clusters[0]
    assert multi.ha_resources
    assert multi.ha_groups
    assert not multi.ha_rules
    assert clusters[2].ha_rules
    assert not clusters[2].ha_groups
    assert any(s.shared for s in multi.storages.values())


def test_fleet_files_round_trip_and_reject_bad_input(tmp_path: Path) -> None:
    fleet = generate_fleet(FleetSpec(clusters=1, nodes=2, guests=8, seed=3, epoch=EPOCH))
    path = tmp_path / "fleet.json"
    dump_fleet(fleet, path)
    assert load_fleet(path) == fleet
    data = json.loads(path.read_text())
    name = next(iter(data["fleet"]["clusters"]))
    data["fleet"]["clusters"][name]["version"] = "6.2"
    with pytest.raises(FleetFileError, match="unsupported PVE version"):
        fleet_from_dict(data)
    data["fleet"]["clusters"][name]["bogus"] = 1
    with pytest.raises(FleetFileError, match="unknown field"):
        fleet_from_dict(data)
    spec_file = {
        "format": "pvesphere-sim-fleet",
        "version": 1,
        "spec": {"clusters": 2, "guests": 3, "seed": 1},
    }
    assert len(fleet_from_dict(spec_file).clusters) == 2
    with pytest.raises(FleetFileError, match="spec"):
        fleet_from_dict({**spec_file, "spec": {"clusters": 0}})


def test_counters_grow_and_rrd_agrees_with_current_values() -> None:
    fleet = generate_fleet(SPEC)
    guest = next(g for g in next(iter(fleet.clusters.values())).guests.values() if g.running)
    t = EPOCH + 3600.0
    first = metrics.guest_counters(guest, t)
    later = metrics.guest_counters(guest, t + 600)
    assert all(later[k] > first[k] for k in first)
    rows = metrics.guest_rrd(guest, t, "hour", "AVERAGE", v9=False)
    assert len(rows) == 70
    assert rows[-1]["cpu"] == pytest.approx(metrics.guest_cpu(guest, rows[-1]["time"]))
    # the average network rate over ten minutes matches the counter growth
    rate = (later["netin"] - first["netin"]) / 600
    avg = (
        sum(
            r["netin"] for r in metrics.guest_rrd(guest, t + 600, "hour", "AVERAGE", v9=False)[-10:]
        )
        / 10
    )
    assert rate == pytest.approx(avg, rel=0.05)


@pytest.mark.parametrize(("v9", "frames"), [
    (False, {"hour": 70, "day": 70, "week": 70, "month": 70, "year": 70}),
    (True, {"hour": 60, "day": 1440, "week": 336, "month": 1440, "year": 1440, "decade": 570}),
])  # fmt: skip
def test_rrd_points_per_timeframe(v9: bool, frames: dict[str, int]) -> None:
    fleet = generate_fleet(SPEC)
    cluster = next(iter(fleet.clusters.values()))
    node = cluster.first_node
    loads = metrics.node_loads(cluster)
    for timeframe, count in frames.items():
        rows = metrics.node_rrd(node, loads[node.name], EPOCH, timeframe, "AVERAGE", v9=v9)
        assert len(rows) <= count
        assert len(rows) >= count - 1
        assert ("memavailable" in rows[-1]) == v9


def test_upids_round_trip() -> None:
    upid = make_upid("pve1", pid=0x1234, pstart=0xABCDEF, starttime=0x5FBE5C9B, ttype="qmstart",
                     ident="100", user="root@pam!api")  # fmt: skip
    assert upid == "UPID:pve1:00001234:00ABCDEF:5FBE5C9B:qmstart:100:root@pam!api:"
    parts = parse_upid(upid)
    assert parts is not None
    assert (parts.node, parts.pid, parts.type, parts.id, parts.user) == (
        "pve1",
        0x1234,
        "qmstart",
        "100",
        "root@pam!api",
    )
    assert parse_upid("UPID:broken") is None


def test_tickets_csrf_and_tfa_challenges() -> None:
    issuer = TicketIssuer()
    ticket = issuer.issue("root@pam", EPOCH)
    assert issuer.verify(ticket, EPOCH + 10) == ("root@pam", 10)
    assert issuer.verify(ticket, EPOCH + 7201) is None
    assert issuer.verify(ticket.replace("root@pam", "admin@pve"), EPOCH) is None
    assert issuer.verify(ticket[:-4] + "AAAA", EPOCH) is None
    csrf = issuer.csrf("root@pam", EPOCH)
    assert issuer.verify_csrf(csrf, "root@pam", EPOCH + 1)
    assert not issuer.verify_csrf(csrf, "admin@pve", EPOCH + 1)
    issuer.rotate()
    assert issuer.verify(ticket, EPOCH + 10) is None
    user = User("tfa@pve", totp_secret="JBSWY3DPEHPK3PXP", recovery_keys=["a", "b"])
    challenge = parse_tfa_challenge(tfa_challenge_data(user))
    assert challenge == {"totp": True, "recovery": [0, 1]}


def test_token_header_parsing() -> None:
    # the value is split on its last "=" (secrets are UUIDs)
    assert parse_token_header("PVEAPIToken=root@pam!ci=1-2=3") == ("root@pam", "ci=1-2", "3")
    assert parse_token_header("PVEAPIToken root@pam!ci=abc") == ("root@pam", "ci", "abc")
    assert parse_token_header("PVEAPIToken=root@pam=abc") is None
    assert parse_token_header("Bearer x") is None


def test_acl_evaluation() -> None:
    cluster = next(iter(generate_fleet(SPEC).clusters.values()))
    cluster.users["carl@pve"] = User("carl@pve", groups=["admins"])
    cluster.users["carl@pve"].tokens["t"] = ApiToken("t", "s", privsep=True)
    cluster.acl.append(AclEntry("/vms/100", "carl@pve", "user", "NoAccess"))
    cluster.acl.append(AclEntry("/vms", "carl@pve!t", "token", "PVEAuditor"))
    carl = Permissions(cluster, Identity("carl@pve"), 8)
    assert carl.has("/vms/101", "VM.PowerMgmt")  # group Administrator on /
    assert not carl.has("/vms/100", "VM.Audit")  # user entry deeper wins
    token = Permissions(cluster, Identity("carl@pve", "t"), 8)
    assert token.has("/vms/101", "VM.Audit")
    assert not token.has("/vms/101", "VM.PowerMgmt")  # privsep: intersection
    assert not token.has("/nodes/x", "Sys.Audit")
    ops = Permissions(cluster, Identity("ops@pve"), 8)
    dev_vm = next(iter(cluster.pools["dev"].vmids))
    assert ops.has(f"/vms/{dev_vm}", "VM.Config.Memory")  # PVEVMAdmin via its pool
    assert ops.has("/", "Sys.Audit")
    assert not ops.has("/nodes", "Sys.Audit")
    root = Permissions(cluster, Identity("root@pam"), 9)
    assert root.has("/anything", "VM.GuestAgent.Audit")
