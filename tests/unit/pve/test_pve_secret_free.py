"""No message, exception text or repr ever carries a secret; WebAuthn-only accounts are told
what to do instead. Uses the real session against a loopback HTTPS server (pve_tls_helpers)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from pve_tls_helpers import Cert, TlsServer, make_cert, tls_server

from pvesphere_desktop.core.config import AuthMethod, ClusterConfig, TlsMode
from pvesphere_desktop.core.errors import PveSphereError, TfaRequiredError, TfaUnsupportedError
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.pve.errors import error_from_exception, error_from_response
from pvesphere_desktop.pve.session import PveSession, parse_tfa_challenge, parse_token
from pvesphere_desktop.pve.tls import fingerprint_of, host_port

PASSWORD = "Sup3r-Secret-Passw0rd"  # house-rules: allow-secret fake
TOKEN_SECRET = "9f1c7d52-3e0b-4c55-9a9e-72d1e0f4b8aa"  # house-rules: allow-secret fake
TICKET = "PVE:root@pam:6500AA00::Zm9vYmFyYmF6cXV4cXV1eA=="  # house-rules: allow-secret fake
CSRF = "6500AA00:c2VjcmV0Y3NyZnNpZ25hdHVyZQ"  # house-rules: allow-secret fake
SECRETS = (PASSWORD, TOKEN_SECRET, TICKET, TICKET.split("::")[1], CSRF.split(":")[1])


def _texts(error: BaseException) -> list[str]:
    texts = [str(error), repr(error), *map(str, error.args)]
    if isinstance(error, PveSphereError):
        texts += [error.message.render(), error.detail, json.dumps(error.args_map, default=str)]
    return texts


def _assert_secret_free(error: BaseException) -> None:
    for text in _texts(error):
        for secret in SECRETS:
            assert secret not in text, (secret, text)


@pytest.fixture
def cert() -> Cert:
    return make_cert("pve.test")


@pytest.fixture
def server(cert: Cert, tmp_path: Path) -> Iterator[TlsServer]:
    with tls_server(cert, tmp_path) as state:
        yield state


def _config(server: TlsServer, cert: Cert, **changes: object) -> ClusterConfig:
    return ClusterConfig(
        name="c",
        url=server.url,
        auth=AuthMethod.PASSWORD,
        user="alice@pve",
        tls=TlsMode.PINNED,
        fingerprints={host_port(server.url): fingerprint_of(cert.der)},
        timeout_s=5,
    ).with_changes(**changes)


def _challenge_ticket(challenge: dict[str, object]) -> str:
    return f"PVE:!tfa!{quote(json.dumps(challenge), safe='')}:6500AA00::c2lnbmF0dXJl"


def test_webauthn_only_account_gets_a_clear_message(server: TlsServer, cert: Cert) -> None:
    ticket = _challenge_ticket({"webauthn": {"challenge": "abc", "allowCredentials": []}})
    server.reply = {
        "data": {"username": "alice@pve", "ticket": ticket, "CSRFPreventionToken": CSRF,
                 "NeedTFA": 1}
    }  # fmt: skip
    session = PveSession(_config(server, cert), PASSWORD)
    with pytest.raises(TfaUnsupportedError) as caught:
        session.connect()
    assert not session.authenticated
    session.close()
    message = str(caught.value)
    assert "webauthn" in message
    assert "TOTP" in message
    assert "API token" in message
    _assert_secret_free(caught.value)
    sent = server.requests[0]
    assert sent.method == "POST"
    assert sent.path == "/api2/json/access/ticket"
    assert "Cookie" not in sent.headers


def test_totp_challenge_is_offered(server: TlsServer, cert: Cert) -> None:
    ticket = _challenge_ticket({"totp": True, "recovery": [0, 1, 2], "webauthn": {"x": 1}})
    server.reply = {"data": {"username": "a@pve", "ticket": ticket, "CSRFPreventionToken": CSRF,
                             "NeedTFA": 1}}  # fmt: skip
    with (
        PveSession(_config(server, cert), PASSWORD) as session,
        pytest.raises(TfaRequiredError) as caught,
    ):
        session.connect()
    assert caught.value.methods == ("totp", "recovery")
    _assert_secret_free(caught.value)
    assert parse_tfa_challenge(ticket) == {
        "totp": True,
        "recovery": [0, 1, 2],
        "webauthn": {"x": 1},
    }
    assert parse_tfa_challenge(TICKET) is None


def test_session_state_never_shows_secrets(server: TlsServer, cert: Cert) -> None:
    server.reply = {
        "data": {"username": "alice@pve", "ticket": TICKET, "CSRFPreventionToken": CSRF}
    }
    session = PveSession(_config(server, cert), PASSWORD)
    session.login()
    assert server.requests[0].body.decode().count(quote(PASSWORD, safe="")) == 1
    server.reply = {"data": {"version": "8.4.1", "release": "8.4"}}
    session.post("/nodes/pve/qemu/100/status/start")  # a write: cookie and CSRF token
    headers = server.requests[-1].headers
    assert headers["Cookie"] == f"PVEAuthCookie={TICKET}"
    assert headers["CSRFPreventionToken"] == CSRF
    for text in (repr(session), repr(vars(session)), repr(session.config)):
        for secret in SECRETS:
            assert secret not in text
    session.close()
    user, token_id, secret = parse_token(f"root@pam!api={TOKEN_SECRET}")
    assert (user, token_id) == ("root@pam", "api")
    assert isinstance(secret, Secret)
    assert TOKEN_SECRET not in repr(secret)
    assert TOKEN_SECRET not in f"{secret}"


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (401, f"invalid ticket {TICKET}"),
        (401, f"token 'root@pam!api={TOKEN_SECRET}' invalid"),
        (400, "Parameter verification failed."),
        (403, f"Permission check failed (/, Sys.Audit) password={PASSWORD}"),
        (500, f"cannot verify CSRFPreventionToken: {CSRF}"),
        (596, f"proxy failed for PVEAuthCookie={TICKET}"),
    ],
)
def test_mapped_errors_mask_secrets(status: int, reason: str) -> None:
    body = json.dumps(
        {"data": None, "message": reason + "\n", "errors": {"password": f"'{PASSWORD}' too weak"}}
    )
    _assert_secret_free(error_from_response(status, reason, body, host="h:8006", path="/x"))


def test_transport_errors_mask_urls_with_secrets() -> None:
    url = f"https://127.0.0.1:9/api2/json/nodes/x/vncwebsocket?vncticket={quote(TICKET)}"
    with pytest.raises(requests.exceptions.ConnectionError) as caught:
        requests.get(url, timeout=5)
    _assert_secret_free(error_from_exception(caught.value, host="127.0.0.1:9"))
