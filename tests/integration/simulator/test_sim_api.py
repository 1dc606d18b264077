"""API behaviour: error shapes per version, parameter validation, configs, guests' life."""

from __future__ import annotations

import gzip
import json
from typing import Any

import httpx
import pytest

from pvesphere_desktop.simulator import SimulatedFleet
from tests.fixtures_sim import PveHttp, cluster_of, fleet_client

VERSIONS = ("7.4", "8.4", "9.1")


@pytest.fixture
def clients(sim_fleet: SimulatedFleet) -> Any:
    made: dict[str, PveHttp] = {}

    def get(version: str) -> PveHttp:
        if version not in made:
            made[version] = fleet_client(sim_fleet, version)
        return made[version]

    yield get
    for c in made.values():
        c.close()


def guest_where(fleet: SimulatedFleet, version: str, **want: Any) -> Any:
    model = cluster_of(fleet, version).model
    ha = {r.vmid for r in model.ha_resources.values()}
    for guest in sorted(model.guests.values(), key=lambda g: g.vmid):
        if guest.lock or guest.vmid in ha:
            continue
        if all(getattr(guest, k) == v for k, v in want.items()):
            return guest
    raise LookupError(want)


# --- error shapes -------------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_unknown_path_is_501_not_implemented(clients: Any, version: str) -> None:
    answer = clients(version).get("/nodes/x/nothing")
    assert answer.status == 501
    assert answer.reason == "Method 'GET /nodes/x/nothing' not implemented"
    expected: dict[str, Any] = {"data": None}
    if version != "7.4":
        expected["message"] = answer.reason + "\n"
    assert answer.json == expected
    assert answer.headers["connection"] == "close"
    assert clients(version).request("PATCH", "/version").status == 501
    assert clients(version).delete("/version").status == 501


@pytest.mark.parametrize("version", VERSIONS)
def test_500_error_shape_per_version(sim_fleet: SimulatedFleet, clients: Any, version: str) -> None:
    node = cluster_of(sim_fleet, version).model.first_node.name
    answer = clients(version).get(f"/nodes/{node}/qemu/99999/config")
    reason = f"Configuration file 'nodes/{node}/qemu-server/99999.conf' does not exist"
    assert (answer.status, answer.reason) == (500, reason)
    assert answer.json == (
        {"data": None} if version == "7.4" else {"data": None, "message": reason + "\n"}
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_parameter_validation_wording(
    sim_fleet: SimulatedFleet, clients: Any, version: str
) -> None:
    c = clients(version)
    guest = guest_where(sim_fleet, version, kind="qemu", running=False, template=False)
    base = f"/nodes/{guest.node}/qemu/{guest.vmid}"
    answer = c.get("/cluster/nextid", vmid="99")
    assert (answer.status, answer.reason) == (400, "Parameter verification failed.")
    assert answer.json["errors"] == {
        "vmid": "invalid format - value does not look like a valid VM ID\n"
    }
    if version == "7.4":
        assert set(answer.json) == {"data", "errors"}
    else:
        assert answer.json["message"] == "Parameter verification failed.\n"
    errors = c.put(f"{base}/config", cores="0", nosuchoption="1", onboot="maybe").json["errors"]
    assert errors == {
        "cores": "value must have a minimum value of 1",
        "nosuchoption": "property is not defined in schema and the schema does not allow"
        " additional properties",
        "onboot": "type check ('boolean') failed - got 'maybe'",
    }
    errors = c.put(f"{base}/config", net0="virtio=AA:BB,bridge=vmbr0").json["errors"]
    assert errors["net0"].startswith(
        "invalid format - format error\nnet0.macaddr: invalid format - "
    )
    errors = c.put(f"{base}/config", net0="e1000,nobridge=1").json["errors"]
    assert errors == {
        "net0": "invalid format - invalid key in comma-separated list property: nobridge\n"
    }
    errors = c.put(f"{base}/config", ostype="dos").json["errors"]
    assert errors["ostype"].startswith(
        "value 'dos' does not have a value in the enumeration 'other, wxp,"
    )
    errors = c.post(f"/nodes/{guest.node}/qemu/{guest.vmid}/clone").json["errors"]
    assert errors == {"newid": "property is missing and it is not optional"}


def test_validation_without_the_official_schema(sim_fleet_factory: Any) -> None:
    """The packaged demo has no schema files: our own spec still checks what we declared."""
    fleet = sim_fleet_factory(use_official_schema=False)
    assert all(sim.official is None for sim in fleet)
    c = fleet_client(fleet, "8.4")
    try:
        guest = guest_where(fleet, "8.4", kind="qemu", running=False, template=False)
        base = f"/nodes/{guest.node}/qemu/{guest.vmid}"
        errors = c.put(f"{base}/config", cores="0", net0="virtio=zz").json["errors"]
        assert errors["cores"] == "value must have a minimum value of 1"
        assert errors["net0"].startswith("invalid format - format error\nnet0.macaddr:")
        assert (
            c.get("/cluster/nextid", vmid="99").json["errors"]["vmid"].startswith("invalid format")
        )
        # undeclared parameters are accepted unchecked in this mode
        assert c.put(f"{base}/config", hotplug="network,disk").status == 200
    finally:
        c.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_memory_wire_format_per_version(
    sim_fleet: SimulatedFleet, clients: Any, version: str
) -> None:
    guest = guest_where(sim_fleet, version, kind="qemu", running=False, template=False)
    path = f"/nodes/{guest.node}/qemu/{guest.vmid}/config"
    value = "4096" if version == "7.4" else "current=4096"
    assert clients(version).put(path, memory=value).status == 200
    memory = clients(version).ok("GET", path)["memory"]
    assert memory == (4096 if version == "7.4" else "4096")


@pytest.mark.parametrize("version", VERSIONS)
def test_string_numbers_on_7x(sim_fleet: SimulatedFleet, clients: Any, version: str) -> None:
    c = clients(version)
    assert isinstance(c.ok("GET", "/cluster/nextid"), str)
    lxc = guest_where(sim_fleet, version, kind="lxc")
    rows = c.ok("GET", f"/nodes/{lxc.node}/lxc")
    assert isinstance(rows[0]["vmid"], str if version == "7.4" else int)
    qemu = guest_where(sim_fleet, version, kind="qemu", running=True)
    port = c.ok("POST", f"/nodes/{qemu.node}/qemu/{qemu.vmid}/vncproxy", websocket="1")["port"]
    assert isinstance(port, str if version == "7.4" else int)


def test_gzip_keep_alive_and_headers(sim_fleet: SimulatedFleet) -> None:
    info = sim_fleet.info()[0]
    c = PveHttp(info).use_token()
    try:
        raw = c.client.get(
            c.base + "/cluster/resources", headers={**c.auth, "Accept-Encoding": "gzip"}
        )
        assert raw.headers["content-encoding"] == "gzip"
        assert raw.headers["server"] == "pve-api-daemon/3.0"
        assert raw.headers["content-type"] == "application/json;charset=UTF-8"
        assert raw.headers["connection"] == "Keep-Alive"
        assert json.loads(raw.content)["data"]
        plain = httpx.get(
            c.base + "/cluster/resources",
            headers={**c.auth, "Accept-Encoding": "identity"},
            verify=c.ctx,
            trust_env=False,
        )
        assert "content-encoding" not in plain.headers
        assert json.loads(plain.content) == json.loads(
            gzip.decompress(gzip.compress(plain.content))
        )
    finally:
        c.close()


# --- configs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_digest_check_and_delete(sim_fleet: SimulatedFleet, clients: Any, version: str) -> None:
    c = clients(version)
    guest = guest_where(sim_fleet, version, kind="qemu", running=False, template=False)
    path = f"/nodes/{guest.node}/qemu/{guest.vmid}/config"
    config = c.ok("GET", path)
    assert c.put(path, description="first", digest=config["digest"]).status == 200
    stale = c.put(path, description="second", digest=config["digest"])
    assert (stale.status, stale.reason) == (
        500,
        "detected modified configuration - file changed by other user? Try again.",
    )
    assert c.put(path, delete="description,onboot").status == 200
    after = c.ok("GET", path)
    assert "description" not in after
    assert "onboot" not in after


def test_running_guest_changes_go_pending(sim_fleet: SimulatedFleet, clients: Any) -> None:
    c = clients("8.4")
    guest = guest_where(sim_fleet, "8.4", kind="qemu", running=True)
    base = f"/nodes/{guest.node}/qemu/{guest.vmid}"
    upid = c.ok("POST", f"{base}/config", cores="6", name="renamed-vm")
    assert upid.startswith("UPID:")
    assert ":qmconfig:" in upid
    current = c.ok("GET", f"{base}/config", current="1")
    assert current["name"] == "renamed-vm"
    assert current["cores"] != 6
    assert c.ok("GET", f"{base}/config")["cores"] == 6
    pending = {row["key"]: row for row in c.ok("GET", f"{base}/pending")}
    assert pending["cores"]["pending"] == "6"
    c.ok("POST", f"{base}/status/reboot")
    assert c.ok("GET", f"{base}/config", current="1")["cores"] == 6
    assert "pending" not in {row["key"]: row for row in c.ok("GET", f"{base}/pending")}["cores"]


def test_tags_are_normalised_and_visible_everywhere(
    sim_fleet: SimulatedFleet, clients: Any
) -> None:
    c = clients("9.1")
    guest = guest_where(sim_fleet, "9.1", kind="lxc")
    c.ok("PUT", f"/nodes/{guest.node}/lxc/{guest.vmid}/config", tags="web prod,web")
    assert c.ok("GET", f"/nodes/{guest.node}/lxc/{guest.vmid}/config")["tags"] == "prod;web"
    row = next(r for r in c.ok("GET", "/cluster/resources", type="vm") if r["vmid"] == guest.vmid)
    assert row["tags"] == "prod;web"


# --- guests ---------------------------------------------------------------------------------------


def test_create_clone_template_and_destroy(sim_fleet: SimulatedFleet, clients: Any) -> None:
    c = clients("8.4")
    model = cluster_of(sim_fleet, "8.4").model
    node = model.first_node.name
    vmid = int(c.ok("GET", "/cluster/nextid"))
    upid = c.ok(
        "POST",
        f"/nodes/{node}/qemu",
        vmid=str(vmid),
        name="new-vm",
        memory="2048",
        cores="2",
        scsi0="local-lvm:8",
        net0="virtio,bridge=vmbr0",
        tags="dev",
    )
    assert ":qmcreate:" in upid
    config = c.ok("GET", f"/nodes/{node}/qemu/{vmid}/config")
    assert config["scsi0"].startswith(f"local-lvm:vm-{vmid}-disk-0")
    assert "size=8G" in config["scsi0"]
    content = c.ok("GET", f"/nodes/{node}/storage/local-lvm/content", vmid=str(vmid))
    assert [v["volid"] for v in content] == [f"local-lvm:vm-{vmid}-disk-0"]
    exists = c.post(f"/nodes/{node}/qemu", vmid=str(vmid))
    assert (exists.status, exists.reason) == (
        500,
        f"unable to create VM {vmid} - VM {vmid} already exists on node '{node}'",
    )
    assert (
        c.post(f"/nodes/{node}/qemu/{vmid}/clone", newid=str(vmid + 1)).status == 200
    )  # full clone
    assert c.ok("POST", f"/nodes/{node}/qemu/{vmid}/template").startswith("UPID:")
    clone = c.ok("POST", f"/nodes/{node}/qemu/{vmid}/clone", newid=str(vmid + 2), name="linked")
    assert ":qmclone:" in clone
    assert c.ok("GET", f"/nodes/{node}/qemu/{vmid + 2}/config")["name"] == "linked"
    upid = c.ok("DELETE", f"/nodes/{node}/qemu/{vmid + 2}")
    assert ":qmdestroy:" in upid
    assert c.get(f"/nodes/{node}/qemu/{vmid + 2}/config").status == 500
    resources = {r["vmid"] for r in c.ok("GET", "/cluster/resources", type="vm")}
    assert vmid in resources
    assert vmid + 2 not in resources


def test_running_guest_cannot_be_destroyed(sim_fleet: SimulatedFleet, clients: Any) -> None:
    guest = guest_where(sim_fleet, "7.4", kind="qemu", running=True)
    answer = clients("7.4").delete(f"/nodes/{guest.node}/qemu/{guest.vmid}")
    assert (answer.status, answer.reason) == (500, f"VM {guest.vmid} is running - destroy failed")


def test_migration_moves_the_guest_and_keeps_its_id(
    sim_fleet: SimulatedFleet, clients: Any
) -> None:
    c = clients("8.4")
    model = cluster_of(sim_fleet, "8.4").model
    guest = guest_where(sim_fleet, "8.4", kind="qemu", running=True)
    source = guest.node
    target = next(n for n in model.nodes if n != source)
    pre = c.ok("GET", f"/nodes/{source}/qemu/{guest.vmid}/migrate", target=target)
    assert pre["running"] == 1
    assert target in pre["allowed_nodes"] + list(pre["not_allowed_nodes"])
    refused = c.post(f"/nodes/{source}/qemu/{guest.vmid}/migrate", target=target)
    assert (refused.status, refused.reason) == (500, "can't migrate running VM without --online")
    upid = c.ok(
        "POST",
        f"/nodes/{source}/qemu/{guest.vmid}/migrate",
        target=target,
        online="1",
        **{"with-local-disks": "1"},
    )
    assert ":qmmigrate:" in upid
    assert c.ok("GET", f"/nodes/{source}/tasks/{upid}/status")["exitstatus"] == "OK"
    row = next(r for r in c.ok("GET", "/cluster/resources", type="vm") if r["vmid"] == guest.vmid)
    assert row["node"] == target
    assert c.ok("GET", f"/nodes/{target}/qemu/{guest.vmid}/status/current")["status"] == "running"
    assert c.get(f"/nodes/{source}/qemu/{guest.vmid}/status/current").status == 500


def test_snapshot_tree_and_rollback(sim_fleet: SimulatedFleet, clients: Any) -> None:
    c = clients("9.1")
    guest = guest_where(sim_fleet, "9.1", kind="qemu", running=False, template=False, snapshots={})
    base = f"/nodes/{guest.node}/qemu/{guest.vmid}"
    c.ok("POST", f"{base}/snapshot", snapname="one", description="first")
    c.ok("PUT", f"{base}/config", description="changed after one")
    c.ok("POST", f"{base}/snapshot", snapname="two")
    tree = {s["name"]: s for s in c.ok("GET", f"{base}/snapshot")}
    assert tree["two"]["parent"] == "one"
    assert tree["current"]["parent"] == "two"
    assert tree["current"]["description"] == "You are here!"
    c.ok("POST", f"{base}/snapshot/one/rollback")
    assert c.ok("GET", f"{base}/config").get("description") != "changed after one"
    assert {s["name"]: s for s in c.ok("GET", f"{base}/snapshot")}["current"]["parent"] == "one"
    c.ok("DELETE", f"{base}/snapshot/one")
    tree = {s["name"]: s for s in c.ok("GET", f"{base}/snapshot")}
    assert "one" not in tree
    assert "parent" not in tree["two"]
    missing = c.post(f"{base}/snapshot/nope/rollback")
    assert (missing.status, missing.reason) == (500, "snapshot 'nope' does not exist")


def test_agent_network_and_errors(sim_fleet: SimulatedFleet, clients: Any) -> None:
    c = clients("8.4")
    guest = guest_where(sim_fleet, "8.4", kind="qemu", running=True, agent_running=True)
    result = c.ok("GET", f"/nodes/{guest.node}/qemu/{guest.vmid}/agent/network-get-interfaces")[
        "result"
    ]
    assert [i["name"] for i in result] == ["lo", "eth0"]
    stopped = guest_where(sim_fleet, "8.4", kind="qemu", running=False, template=False)
    answer = c.get(f"/nodes/{stopped.node}/qemu/{stopped.vmid}/agent/network-get-interfaces")
    assert (answer.status, answer.reason) == (500, f"VM {stopped.vmid} is not running")


@pytest.mark.parametrize("version", VERSIONS)
def test_rrd_points_and_keys_per_version(
    sim_fleet: SimulatedFleet, clients: Any, version: str
) -> None:
    c = clients(version)
    node = cluster_of(sim_fleet, version).model.first_node.name
    day = c.ok("GET", f"/nodes/{node}/rrddata", timeframe="day", cf="AVERAGE")
    assert len(day) in (70, 1440)
    assert (len(day) == 1440) == (version == "9.1")
    assert ("memavailable" in day[-1]) == (version == "9.1")
    assert {"time", "cpu", "memused", "netin"} <= set(day[-1])
    running = guest_where(sim_fleet, version, kind="qemu", running=True)
    rows = c.ok("GET", f"/nodes/{running.node}/qemu/{running.vmid}/rrddata", timeframe="hour")
    assert len(rows) == (60 if version == "9.1" else 70)
    assert 0 <= rows[-1]["cpu"] <= 1
    peak = c.ok(
        "GET", f"/nodes/{running.node}/qemu/{running.vmid}/rrddata", timeframe="hour", cf="MAX"
    )
    assert sum(r["cpu"] for r in peak) >= sum(r["cpu"] for r in rows)
    stopped = guest_where(sim_fleet, version, kind="qemu", running=False, template=False)
    cold = c.ok("GET", f"/nodes/{stopped.node}/qemu/{stopped.vmid}/rrddata", timeframe="hour")
    assert set(cold[-1]) == {"time", "maxcpu", "maxmem", "maxdisk", "disk"}
    if version == "9.1":
        assert len(c.ok("GET", f"/nodes/{node}/rrddata", timeframe="decade")) > 500
    else:
        assert c.get(f"/nodes/{node}/rrddata", timeframe="decade").status == 400


def test_counters_grow_and_resources_agree_with_status(
    sim_fleet: SimulatedFleet, clients: Any
) -> None:
    c = clients("8.4")
    guest = guest_where(sim_fleet, "8.4", kind="qemu", running=True)
    first = c.ok("GET", f"/nodes/{guest.node}/qemu/{guest.vmid}/status/current")
    sim_fleet.clock.shift(60)
    second = c.ok("GET", f"/nodes/{guest.node}/qemu/{guest.vmid}/status/current")
    assert second["netin"] > first["netin"]
    assert second["uptime"] >= first["uptime"] + 60
    row = next(r for r in c.ok("GET", "/cluster/resources", type="vm") if r["vmid"] == guest.vmid)
    assert row["netin"] == second["netin"]
    assert row["maxmem"] == second["maxmem"]


def test_ha_resources_groups_and_rules_per_version(sim_fleet: SimulatedFleet, clients: Any) -> None:
    assert clients("8.4").ok("GET", "/cluster/ha/groups")
    assert clients("8.4").get("/cluster/ha/rules").status == 501
    assert clients("9.1").ok("GET", "/cluster/ha/rules")
    resources = clients("9.1").ok("GET", "/cluster/ha/resources")
    assert resources
    assert "failback" in resources[0]
    assert "group" not in resources[0]
    status = clients("9.1").ok("GET", "/cluster/ha/status/current")
    assert {row["type"] for row in status} >= {"quorum", "master", "lrm", "service"}


def test_pools_members_and_8x_put(sim_fleet: SimulatedFleet, clients: Any) -> None:
    assert "members" not in clients("7.4").ok("GET", "/pools")[0]
    c = clients("8.4")
    guest = guest_where(sim_fleet, "8.4", kind="lxc")
    c.ok("POST", "/pools", poolid="team-x", comment="x")
    c.ok("PUT", "/pools", poolid="team-x", vms=str(guest.vmid), **{"allow-move": "1"})
    pool = c.ok("GET", "/pools", poolid="team-x")[0]
    assert [m["vmid"] for m in pool["members"]] == [guest.vmid]
    row = next(r for r in c.ok("GET", "/cluster/resources", type="vm") if r["vmid"] == guest.vmid)
    assert row["pool"] == "team-x"


def test_storage_upload_download_and_backup(sim_fleet: SimulatedFleet, clients: Any) -> None:
    c = clients("8.4")
    node = cluster_of(sim_fleet, "8.4").model.first_node.name
    files = {"filename": ("tiny.iso", b"ISO" * 100, "application/octet-stream")}
    raw = c.client.post(
        c.base + f"/nodes/{node}/storage/local/upload",
        headers=c.auth,
        data={"content": "iso"},
        files=files,
    )
    assert raw.status_code == 200, raw.text
    assert ":imgcopy:" in raw.json()["data"]
    isos = [v["volid"] for v in c.ok("GET", f"/nodes/{node}/storage/local/content", content="iso")]
    assert "local:iso/tiny.iso" in isos
    upid = c.ok(
        "POST",
        f"/nodes/{node}/storage/local/download-url",
        url="https://example.invalid/a.iso",
        content="iso",
        filename="a.iso",
    )
    assert ":download:" in upid
    guest = guest_where(sim_fleet, "8.4", kind="qemu", node=node, running=True)
    upid = c.ok("POST", f"/nodes/{node}/vzdump", vmid=str(guest.vmid), storage="nas-backup")
    assert ":vzdump:" in upid
    backups = c.ok(
        "GET", f"/nodes/{node}/storage/nas-backup/content", content="backup", vmid=str(guest.vmid)
    )
    assert backups
    assert backups[-1]["volid"].startswith(f"nas-backup:backup/vzdump-qemu-{guest.vmid}-")
    upid = c.ok("DELETE", f"/nodes/{node}/storage/nas-backup/content/{backups[-1]['volid']}")
    assert ":imgdel:" in upid


def test_spiceproxy_fields(sim_fleet: SimulatedFleet, clients: Any) -> None:
    guest = guest_where(sim_fleet, "7.4", kind="qemu", running=True)
    data = clients("7.4").ok("POST", f"/nodes/{guest.node}/qemu/{guest.vmid}/spiceproxy")
    assert data["type"] == "spice"
    assert data["host"].startswith("pvespiceproxy:")
    assert f":{guest.vmid}:{guest.node}::" in data["host"]
    assert data["tls-port"] == "61000"
    assert data["proxy"].endswith(":3128")
    assert "\\n" in data["ca"]
    assert "\n" not in data["ca"]
    raw = clients("7.4").client.post(
        clients("7.4").info["url"]
        + f"/api2/spiceconfig/nodes/{guest.node}/qemu/{guest.vmid}/spiceproxy",
        headers=clients("7.4").auth,
    )
    assert raw.text.startswith("[virt-viewer]\n")
    assert "type=spice" in raw.text


def test_remote_migration_between_simulated_clusters(
    sim_fleet: SimulatedFleet, clients: Any
) -> None:
    source = cluster_of(sim_fleet, "8.4")
    target_info = next(i for i in sim_fleet.info() if i["version"] == "9.1")
    guest = guest_where(sim_fleet, "8.4", kind="qemu", running=False, template=False)
    endpoint = (
        f"host={target_info['nodes'][0]['address']},apitoken=PVEAPIToken={target_info['token']}"
    )
    upid = clients("8.4").ok(
        "POST",
        f"/nodes/{guest.node}/qemu/{guest.vmid}/remote_migrate",
        **{
            "target-endpoint": endpoint,
            "target-storage": "local-lvm",
            "target-bridge": "vmbr0",
            "target-vmid": "4242",
            "delete": "1",
        },
    )
    node = guest.node
    assert clients("8.4").ok("GET", f"/nodes/{node}/tasks/{upid}/status")["exitstatus"] == "OK"
    assert guest.vmid not in source.model.guests
    rows = clients("9.1").ok("GET", "/cluster/resources", type="vm")
    assert 4242 in {r["vmid"] for r in rows}
    nowhere = "host=127.0.0.9,apitoken=PVEAPIToken=x@pve!y=z"
    other = guest_where(sim_fleet, "8.4", kind="qemu", running=True)
    upid = clients("8.4").ok(
        "POST",
        f"/nodes/{other.node}/qemu/{other.vmid}/remote_migrate",
        online="1",
        **{"target-endpoint": nowhere, "target-storage": "x", "target-bridge": "vmbr0"},
    )
    status = clients("8.4").ok("GET", f"/nodes/{other.node}/tasks/{upid}/status")["exitstatus"]
    assert status.startswith("failed to connect to remote host '127.0.0.9'")
