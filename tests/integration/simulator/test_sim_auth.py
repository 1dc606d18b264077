"""Every authentication path of the simulator, over real HTTPS, per emulated version."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import unquote

import pyotp
import pytest

from pvesphere_desktop.simulator import SimulatedFleet
from tests.fixtures_sim import PveHttp, cluster_of

VERSIONS = ("7.4", "8.4", "9.1")


def client(fleet: SimulatedFleet, version: str) -> PveHttp:
    return PveHttp(next(i for i in fleet.info() if i["version"] == version))


@pytest.fixture
def http(sim_fleet: SimulatedFleet, request: pytest.FixtureRequest) -> Any:
    clients: list[PveHttp] = []

    def make(version: str) -> PveHttp:
        c = client(sim_fleet, version)
        clients.append(c)
        return c

    yield make
    for c in clients:
        c.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_realms_are_listed_without_authentication(http: Any, version: str) -> None:
    answer = http(version).request("GET", "/access/domains", auth=False)
    assert answer.status == 200
    assert {r["realm"] for r in answer.data} >= {"pam", "pve"}


@pytest.mark.parametrize("version", VERSIONS)
def test_no_credentials_is_401_no_ticket_with_an_empty_body(http: Any, version: str) -> None:
    answer = http(version).request("GET", "/nodes", auth=False)
    assert (answer.status, answer.reason, answer.text) == (401, "No ticket", "")
    assert answer.headers["connection"] == "close"


@pytest.mark.parametrize("version", VERSIONS)
def test_ticket_login_cookie_csrf_and_cap(http: Any, version: str) -> None:
    c = http(version)
    login = c.login("root@pam", c.user("root@pam")["password"])
    assert login.status == 200
    data = login.data
    assert data["username"] == "root@pam"
    assert data["ticket"].startswith("PVE:root@pam:")
    stamp = data["ticket"].split(":")[2]
    assert data["CSRFPreventionToken"].startswith(stamp + ":")
    assert "VM.PowerMgmt" in data["cap"]["vms"]
    assert data["clustername"] == c.info["name"]
    assert c.get("/nodes").status == 200
    # the same ticket in the Authorization header works too
    alt = PveHttp(c.info)
    try:
        alt.auth = {"Authorization": f"PVEAuthCookie={data['ticket']}"}
        assert alt.get("/version").status == 200
    finally:
        alt.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_realm_can_be_passed_separately(http: Any, version: str) -> None:
    c = http(version)
    answer = c.login("admin", c.user("admin@pve")["password"], realm="pve")
    assert answer.status == 200
    assert answer.data["username"] == "admin@pve"


@pytest.mark.parametrize("version", VERSIONS)
def test_wrong_password_is_401_authentication_failure(http: Any, version: str) -> None:
    answer = http(version).login("root@pam", "not the password")
    assert (answer.status, answer.reason) == (401, "authentication failure")
    body = json.loads(answer.text)
    if version == "7.4":
        assert body == {"data": None}
    else:
        assert body == {"data": None, "message": "authentication failure\n"}


@pytest.mark.parametrize("version", VERSIONS)
def test_writes_with_a_ticket_need_the_csrf_token(
    sim_fleet: SimulatedFleet, http: Any, version: str
) -> None:
    c = http(version)
    assert c.login("root@pam", c.user("root@pam")["password"]).status == 200
    guest = next(g for g in cluster_of(sim_fleet, version).model.guests.values() if not g.lock)
    path = f"/nodes/{guest.node}/{guest.kind}/{guest.vmid}/config"
    csrf = c.csrf
    c.csrf = None
    answer = c.put(path, description="x")
    assert (answer.status, answer.reason) == (401, "Permission denied - invalid csrf token")
    c.csrf = "00000000:bogus"
    assert c.put(path, description="x").status == 401
    c.csrf = csrf
    assert c.put(path, description="x").status == 200


@pytest.mark.parametrize("version", VERSIONS)
def test_ticket_renewal_with_the_ticket_as_password(http: Any, version: str) -> None:
    c = http(version)
    first = c.login("admin@pve", c.user("admin@pve")["password"]).data["ticket"]
    renewed = c.login("admin@pve", first)
    assert renewed.status == 200
    assert renewed.data["ticket"].startswith("PVE:admin@pve:")
    # another user's ticket does not renew this one
    assert c.login("root@pam", first).status == 401


@pytest.mark.parametrize("version", VERSIONS)
def test_tickets_expire_after_two_hours(sim_fleet: SimulatedFleet, http: Any, version: str) -> None:
    c = http(version)
    assert c.login("root@pam", c.user("root@pam")["password"]).status == 200
    sim_fleet.clock.shift(7000)
    assert c.get("/version").status == 200
    sim_fleet.clock.shift(400)
    answer = c.get("/version")
    expected = (
        "permission denied - invalid PVE ticket" if version != "9.1" else "Authentication failed!"
    )
    assert (answer.status, answer.reason, answer.text) == (401, expected, "")


@pytest.mark.parametrize("version", VERSIONS)
def test_expired_tickets_fault_invalidates_issued_tickets(
    sim_fleet: SimulatedFleet, http: Any, version: str
) -> None:
    c = http(version)
    assert c.login("root@pam", c.user("root@pam")["password"]).status == 200
    cluster_of(sim_fleet, version).expire_tickets()
    assert c.get("/version").status == 401
    assert c.login("root@pam", c.user("root@pam")["password"]).status == 200
    assert c.get("/version").status == 200


@pytest.mark.parametrize("version", VERSIONS)
def test_api_token_full_privileges_and_bad_secret(http: Any, version: str) -> None:
    c = http(version).use_token()
    assert c.get("/cluster/resources").status == 200
    # a space instead of the first "=" is accepted as well
    c.auth = {"Authorization": "PVEAPIToken " + c.info["token"]}
    assert c.get("/version").status == 200
    c.use_token(c.info["token"].rsplit("=", 1)[0] + "=00000000-0000-0000-0000-000000000000")
    answer = c.get("/version")
    expected = "invalid token value!" if version != "9.1" else "Authentication failed!"
    assert (answer.status, answer.reason, answer.text) == (401, expected, "")


@pytest.mark.parametrize("version", VERSIONS)
def test_audit_only_token_reads_but_gets_403_on_writes(
    sim_fleet: SimulatedFleet, http: Any, version: str
) -> None:
    c = http(version)
    c.use_token(c.token_of("audit@pve!monitor"))
    guest = next(g for g in cluster_of(sim_fleet, version).model.guests.values() if g.running)
    assert c.get(f"/nodes/{guest.node}/{guest.kind}/{guest.vmid}/status/current").status == 200
    answer = c.post(f"/nodes/{guest.node}/{guest.kind}/{guest.vmid}/status/stop")
    assert answer.status == 403
    assert answer.reason == f"Permission check failed (/vms/{guest.vmid}, VM.PowerMgmt)"
    expected: dict[str, Any] = {"data": None}
    if version != "7.4":
        expected["message"] = answer.reason + "\n"
    assert answer.json == expected


@pytest.mark.parametrize("version", VERSIONS)
def test_audit_only_user_gets_403_on_writes(
    sim_fleet: SimulatedFleet, http: Any, version: str
) -> None:
    c = http(version)
    assert c.login("audit@pve", c.user("audit@pve")["password"]).status == 200
    guest = next(g for g in cluster_of(sim_fleet, version).model.guests.values() if g.running)
    answer = c.post(f"/nodes/{guest.node}/{guest.kind}/{guest.vmid}/status/stop")
    assert (answer.status, answer.reason) == (
        403,
        f"Permission check failed (/vms/{guest.vmid}, VM.PowerMgmt)",
    )
    assert len(c.get("/cluster/resources", type="vm").data) == len(
        cluster_of(sim_fleet, version).model.guests
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_privilege_separated_token_is_limited_to_its_acl(
    sim_fleet: SimulatedFleet, http: Any, version: str
) -> None:
    """ops@pve may administer pool "dev"; its token only has PVEVMUser there."""
    c = http(version)
    c.use_token(c.token_of("ops@pve!automation"))
    model = cluster_of(sim_fleet, version).model
    visible = {row["vmid"] for row in c.get("/cluster/resources", type="vm").data}
    assert visible == model.pools["dev"].vmids
    dev_guest = next(
        model.guests[v] for v in sorted(model.pools["dev"].vmids) if not model.guests[v].lock
    )
    path = f"/nodes/{dev_guest.node}/{dev_guest.kind}/{dev_guest.vmid}"
    # PVEVMUser: power yes, config no (the user itself could: privsep intersects)
    assert c.post(f"{path}/status/{'stop' if dev_guest.running else 'start'}").status == 200
    answer = c.put(f"{path}/config", description="x")
    assert answer.status == 403
    other = next(g for g in model.guests.values() if g.vmid not in model.pools["dev"].vmids)
    assert c.get(f"/nodes/{other.node}/{other.kind}/{other.vmid}/status/current").status == 403


@pytest.mark.parametrize("version", VERSIONS)
def test_ticket_only_endpoint_refuses_api_tokens(http: Any, version: str) -> None:
    c = http(version).use_token()
    answer = c.put("/access/password", userid="ops@pve", password="a new password here")
    assert answer.status == 403
    assert answer.reason == (
        "Permission check failed (URI '/access/password' not available with API token,"
        " need proper ticket.)"
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_totp_user_needs_the_second_factor(
    sim_fleet: SimulatedFleet, http: Any, version: str
) -> None:
    c = http(version)
    user = c.user("tfa@pve")
    first = c.login("tfa@pve", user["password"])
    assert first.status == 200
    assert first.data["NeedTFA"] == 1
    assert "cap" not in first.data
    challenge_ticket = first.data["ticket"]
    challenge = json.loads(unquote(challenge_ticket.split(":")[1][5:]))
    assert challenge["totp"] is True
    # the challenge ticket is no API ticket
    probe = PveHttp(c.info)
    try:
        probe.use_ticket(challenge_ticket, None)
        assert probe.get("/version").status == 401
    finally:
        probe.close()
    wrong = c.login("tfa@pve", "totp:000000", **{"tfa-challenge": challenge_ticket})
    assert wrong.status == 401
    code = pyotp.TOTP(user["totp_secret"]).at(int(sim_fleet.clock.now()))
    second = c.login("tfa@pve", f"totp:{code}", **{"tfa-challenge": challenge_ticket})
    assert second.status == 200
    assert "NeedTFA" not in second.data
    assert c.get("/nodes").status == 200


@pytest.mark.parametrize("version", VERSIONS)
def test_totp_old_style_otp_parameter(sim_fleet: SimulatedFleet, http: Any, version: str) -> None:
    c = http(version)
    user = c.user("tfa@pve")
    code = pyotp.TOTP(user["totp_secret"]).at(int(sim_fleet.clock.now()))
    answer = c.login("tfa@pve", user["password"], otp=code)
    assert answer.status == 200
    assert answer.data["ticket"].startswith("PVE:tfa@pve:")


def test_recovery_key_works_once(sim_fleet: SimulatedFleet, http: Any) -> None:
    c = http("9.1")
    user = c.user("tfa@pve")
    key = cluster_of(sim_fleet, "9.1").model.users["tfa@pve"].recovery_keys[0]
    challenge = c.login("tfa@pve", user["password"]).data["ticket"]
    assert c.login("tfa@pve", f"recovery:{key}", **{"tfa-challenge": challenge}).status == 200
    challenge = c.login("tfa@pve", user["password"]).data["ticket"]
    assert c.login("tfa@pve", f"recovery:{key}", **{"tfa-challenge": challenge}).status == 401


def test_unauthorized_answers_are_delayed_as_configured(sim_fleet_factory: Any) -> None:
    fleet = sim_fleet_factory(unauthorized_delay=0.4)
    c = PveHttp(fleet.info()[0])
    try:
        started = time.monotonic()
        assert c.request("GET", "/nodes", auth=False).status == 401
        assert time.monotonic() - started >= 0.35
        started = time.monotonic()
        assert c.login("root@pam", "wrong").status == 401
        assert time.monotonic() - started >= 0.35
        started = time.monotonic()
        assert c.request("GET", "/access/domains", auth=False).status == 200
        assert time.monotonic() - started < 0.35
    finally:
        c.close()


def test_tokens_can_be_created_used_and_deleted(http: Any) -> None:
    c = http("8.4").use_token()
    created = c.ok("POST", "/access/users/ops@pve/token/ci", privsep="0", comment="ci runs")
    assert created["full-tokenid"] == "ops@pve!ci"
    assert created["info"]["privsep"] == 0
    t = PveHttp(c.info).use_token(f"ops@pve!ci={created['value']}")
    try:
        assert t.get("/version").status == 200
        assert c.ok("PUT", "/access/users/ops@pve/token/ci", privsep="1")["privsep"] == 1
        assert c.ok("DELETE", "/access/users/ops@pve/token/ci") is None
        assert t.get("/version").status == 401
    finally:
        t.close()
