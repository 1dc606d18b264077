"""Every way to log in, against each emulated PVE version over real HTTPS.

Token, password, TOTP, recovery key; CSRF on writes; ticket renewal before expiry; what happens
when the ticket ends anyway (server-side invalidation, a long sleep) with and without TFA.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from pve_simhelpers import SimCluster

from pvesphere_desktop.core.config import AuthMethod
from pvesphere_desktop.core.errors import (
    AuthenticationError,
    NeedsLoginError,
    PermissionDeniedError,
    TfaRequiredError,
)
from pvesphere_desktop.pve.session import (
    PveSession,
    RequestRecord,
    TfaMethod,
    add_request_observer,
    remove_request_observer,
)


@contextmanager
def recorded() -> Iterator[list[RequestRecord]]:
    records: list[RequestRecord] = []
    add_request_observer(records.append)
    try:
        yield records
    finally:
        remove_request_observer(records.append)


def _logins(records: list[RequestRecord]) -> list[RequestRecord]:
    return [r for r in records if r.method == "POST" and r.path == "/access/ticket"]


class FakeClock:
    """Our session's wall clock, moved together with the simulator's."""

    def __init__(self, cluster: SimCluster) -> None:
        self.offset = 0.0
        self.cluster = cluster

    def __call__(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds
        self.cluster.fleet.clock.shift(seconds)

    def reset(self) -> None:
        self.cluster.fleet.clock.shift(-self.offset)
        self.offset = 0.0


@pytest.fixture
def clock(cluster: SimCluster) -> Iterator[FakeClock]:
    fake = FakeClock(cluster)
    try:
        yield fake
    finally:
        fake.reset()


def _stopped_guest(session: PveSession) -> tuple[str, str, int]:
    inventory = session.resources("vm")
    guest = next(g for g in inventory.guests if not g.template and g.lock is None)
    return guest.node, guest.type.value, guest.vmid


def test_token(cluster: SimCluster) -> None:
    with cluster.session() as session:
        version = session.connect()
        assert version.version == cluster.info["pveversion"]
        assert version.release == cluster.version
        assert session.authenticated
        node, kind, vmid = _stopped_guest(session)
        # a write with a token needs no CSRF token
        session.put(f"/nodes/{node}/{kind}/{vmid}/config", description="set by token")
        config = session.get(f"/nodes/{node}/{kind}/{vmid}/config")
        assert config["description"].strip() == "set by token"


def test_password_login_and_csrf_on_writes(cluster: SimCluster) -> None:
    config, secret = cluster.password_config("root@pam")
    with recorded() as records, PveSession(config, secret) as session:
        session.connect()
        node, kind, vmid = _stopped_guest(session)
        # the simulator refuses ticket writes without the CSRF token, as PVE does
        session.put(f"/nodes/{node}/{kind}/{vmid}/config", description="set with a ticket")
        assert (
            "set with a ticket" in session.get(f"/nodes/{node}/{kind}/{vmid}/config")["description"]
        )
    logins = _logins(records)
    assert len(logins) == 1
    assert logins[0].data["password"] == "***"
    assert logins[0].data["username"] == "root@pam"


def test_wrong_password_is_an_authentication_error(cluster: SimCluster) -> None:
    config, _ = cluster.password_config("root@pam")
    with (
        PveSession(config, "not-the-password") as session,
        pytest.raises(AuthenticationError) as caught,
    ):
        session.connect()
    assert "authentication failure" in str(caught.value)
    assert "not-the-password" not in str(caught.value)
    assert not isinstance(caught.value, TfaRequiredError)


def test_wrong_token_secret(cluster: SimCluster) -> None:
    config, _ = cluster.token_config()
    secret = "00000000-0000-0000-0000-000000000000"
    with PveSession(config, secret) as session, pytest.raises(AuthenticationError) as caught:
        session.connect()
    assert secret not in str(caught.value)


def test_totp_two_step(cluster: SimCluster) -> None:
    userid = cluster.tfa_userid()
    config, secret = cluster.password_config(userid)
    with PveSession(config, secret) as session:
        with pytest.raises(TfaRequiredError) as caught:
            session.connect()
        assert caught.value.methods == ("totp", "recovery")
        assert session.pending_tfa_methods == (TfaMethod.TOTP, TfaMethod.RECOVERY)
        assert not session.authenticated
        session.complete_tfa(cluster.totp(userid))
        assert session.connect().release == cluster.version
        assert session.pending_tfa_methods == ()


def test_totp_in_one_call_and_wrong_code(cluster: SimCluster) -> None:
    userid = cluster.tfa_userid()
    config, secret = cluster.password_config(userid)
    with PveSession(config, secret) as session:
        assert session.connect(otp=cluster.totp(userid)).release == cluster.version
    with PveSession(config, secret) as session:
        wrong = f"{(int(cluster.totp(userid)) + 1) % 1_000_000:06d}"
        with pytest.raises(AuthenticationError) as caught:
            session.connect(otp=wrong)
        assert not isinstance(caught.value, TfaRequiredError)
        assert wrong not in str(caught.value)


def test_recovery_key(cluster: SimCluster) -> None:
    userid = cluster.tfa_userid()
    keys = cluster.recovery_keys(userid)
    assert keys, "the simulator gives TFA users recovery keys"
    config, secret = cluster.password_config(userid)
    with PveSession(config, secret) as session:
        with pytest.raises(TfaRequiredError):
            session.login()
        session.complete_tfa(keys[0])  # recognised as a recovery key (not digits)
        assert session.authenticated
        assert session.get("/version")["release"] == cluster.version
    assert keys[0] not in cluster.recovery_keys(userid)  # used up, as in PVE
    with PveSession(config, secret) as session:
        with pytest.raises(TfaRequiredError):
            session.login()
        with pytest.raises(AuthenticationError):
            session.complete_tfa(keys[0], TfaMethod.RECOVERY)


def test_ticket_is_renewed_before_it_expires(cluster: SimCluster, clock: FakeClock) -> None:
    """Renewal trades the ticket for a new one: a TFA account keeps working without a code."""
    userid = cluster.tfa_userid()
    config, secret = cluster.password_config(userid)
    with recorded() as records, PveSession(config, secret, clock=clock) as session:
        session.connect(otp=cluster.totp(userid))
        for _ in range(3):  # 3 x 61 min: the first ticket alone would have expired
            clock.advance(61 * 60)
            assert session.get("/version")["release"] == cluster.version
    logins = _logins(records)
    first, renewals = logins[:2], logins[2:]
    assert "new-format" in first[0].data
    assert "tfa-challenge" in first[1].data
    assert len(renewals) == 3
    assert all("new-format" not in r.data and "tfa-challenge" not in r.data for r in renewals)


def test_invalidated_ticket_means_a_new_login(cluster: SimCluster) -> None:
    config, secret = cluster.password_config("root@pam")
    with recorded() as records, PveSession(config, secret) as session:
        session.connect()
        cluster.sim.expire_tickets()  # e.g. the cluster's auth key was rotated
        assert session.get("/version")["release"] == cluster.version
    statuses = [r.status for r in records if r.path == "/version"]
    assert statuses == [200, 401, 200]
    assert len(_logins(records)) == 3  # login, refused renewal, new login


def test_invalidated_ticket_with_tfa_needs_the_user(cluster: SimCluster) -> None:
    userid = cluster.tfa_userid()
    config, secret = cluster.password_config(userid)
    with PveSession(config, secret) as session:
        session.connect(otp=cluster.totp(userid))
        cluster.sim.expire_tickets()
        with pytest.raises(NeedsLoginError) as caught:
            session.get("/version")
        assert str(caught.value).startswith("The session with")
        with pytest.raises(NeedsLoginError):
            session.get("/version")  # stays so until the user logs in again
        with pytest.raises(TfaRequiredError):
            session.login()
        session.complete_tfa(cluster.totp(userid))
        assert session.get("/version")["release"] == cluster.version


def test_after_a_long_sleep(cluster: SimCluster, clock: FakeClock) -> None:
    config, secret = cluster.password_config("root@pam")
    with recorded() as records, PveSession(config, secret, clock=clock) as session:
        session.connect()
        clock.advance(3 * 3600)  # the ticket is past its 2 h lifetime: no renewal attempt
        assert session.get("/version")["release"] == cluster.version
    logins = _logins(records)
    assert len(logins) == 2
    assert all("new-format" in r.data for r in logins)
    userid = cluster.tfa_userid()
    config, secret = cluster.password_config(userid)
    with PveSession(config, secret, clock=clock) as session:
        session.connect(otp=cluster.totp(userid))
        clock.advance(3 * 3600)
        with pytest.raises(NeedsLoginError):
            session.get("/version")


def test_concurrent_requests_share_one_renewal(cluster: SimCluster, clock: FakeClock) -> None:
    config, secret = cluster.password_config("root@pam")
    errors: list[BaseException] = []
    with recorded() as records, PveSession(config, secret, clock=clock) as session:
        session.connect()
        clock.advance(61 * 60)

        def work() -> None:
            try:
                for _ in range(3):
                    session.get("/cluster/status")
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert not errors
    assert len(_logins(records)) == 2  # one login, one renewal for all threads


def test_audit_account_gets_permission_details(cluster: SimCluster) -> None:
    userid = cluster.audit_userid()
    config, secret = cluster.password_config(userid)
    with PveSession(config, secret) as session:
        session.connect()
        node, kind, vmid = _stopped_guest(session)
        with pytest.raises(PermissionDeniedError) as caught:
            session.post(f"/nodes/{node}/{kind}/{vmid}/status/start")
    assert caught.value.path == f"/vms/{vmid}"
    assert caught.value.privilege == "VM.PowerMgmt"


def test_ticket_only_endpoint_refuses_tokens(cluster: SimCluster) -> None:
    config, secret = cluster.token_config()
    assert config.auth is AuthMethod.TOKEN
    same = cluster.user("root@pam")["password"]  # harmless even if it were accepted
    with PveSession(config, secret) as session, pytest.raises(PermissionDeniedError) as caught:
        session.put("/access/password", userid="root@pam", password=same)
    assert "API token" in caught.value.detail
    assert caught.value.path is None
    assert same not in str(caught.value)
    assert secret.reveal() not in str(caught.value)
