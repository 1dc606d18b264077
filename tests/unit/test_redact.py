"""The redaction filter masks every kind of secret PVE and we handle, and nothing else.

Secrets are generated at random (never committed, see tools/house_rules.py) in the exact
shapes PVE uses (pve-api-notes.md section 3).
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
import string
import urllib.parse
import uuid

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pvesphere_desktop.core.redact import MASK, RedactingFilter, redact


def _b64(size: int) -> str:
    return base64.b64encode(secrets.token_bytes(size)).decode()


def _ticket(user: str = "root@pam") -> tuple[str, str]:
    """Return a PVE ticket and its secret part (the signature)."""
    signature = _b64(256)
    return f"PVE:{user}:{secrets.token_hex(4).upper()}::{signature}", signature


def _vnc_ticket() -> tuple[str, str]:
    signature = _b64(256)
    return f"PVEVNC:{secrets.token_hex(4).upper()}::{signature}", signature


def _csrf() -> tuple[str, str]:
    signature = _b64(32).rstrip("=")
    return f"{secrets.token_hex(4).upper()}:{signature}", signature


def _assert_hidden(secret: str, text: str) -> str:
    out = redact(text)
    assert secret not in out, out
    assert MASK in out
    return out


# --- PVE tickets -------------------------------------------------------------------------


def test_auth_ticket_keeps_kind_user_and_time() -> None:
    ticket, signature = _ticket("admin@pve")
    out = _assert_hidden(signature, f"logged in, ticket {ticket} valid")
    assert f"{ticket.removesuffix(signature)}{MASK} valid" in out


def test_vnc_ticket_in_json_and_in_a_websocket_url() -> None:
    ticket, signature = _vnc_ticket()
    _assert_hidden(signature, json.dumps({"ticket": ticket, "port": "5900"}))
    query = urllib.parse.urlencode({"port": 5900, "vncticket": ticket})
    _assert_hidden(
        urllib.parse.quote(signature, safe=""),
        f"wss://127.0.0.1:8006/api2/json/nodes/pve1/qemu/100/vncwebsocket?{query}",
    )


def test_url_encoded_ticket_without_a_key() -> None:
    ticket, signature = _ticket()
    encoded = urllib.parse.quote(ticket, safe="")
    out = _assert_hidden(urllib.parse.quote(signature, safe=""), f"path /x/{encoded} done")
    assert "PVE%3Aroot%40pam%3A" in out


def test_tfa_half_ticket_hides_challenge_and_signature() -> None:
    challenge = urllib.parse.quote(json.dumps({"totp": True, "recovery": [1, 2]}), safe="")
    signature = _b64(64)
    ticket = f"PVE:!tfa!{challenge}::{signature}"
    out = _assert_hidden(signature, json.dumps({"ticket": ticket, "NeedTFA": 1}))
    assert challenge not in out
    _assert_hidden(signature, f"half-ticket {ticket} pending")
    _assert_hidden(signature, f"old style PVE:tfa!u@pve::{signature}")


def test_ticket_renewal_sends_the_ticket_as_password() -> None:
    ticket, signature = _ticket()
    body = urllib.parse.urlencode({"username": "root@pam", "password": ticket})
    out = _assert_hidden(signature, body)
    assert "username=root%40pam" in out


# --- API tokens --------------------------------------------------------------------------


def test_token_header_in_a_headers_dict() -> None:
    secret = str(uuid.uuid4())
    headers = {"Authorization": f"PVEAPIToken=root@pam!monitor={secret}", "Accept": "*/*"}
    out = _assert_hidden(secret, f"headers={headers!r}")
    assert "'Accept': '*/*'" in out


@pytest.mark.parametrize("separator", ["=", " ", ":"])
def test_token_written_without_a_header(separator: str) -> None:
    secret = str(uuid.uuid4())
    out = _assert_hidden(secret, f"using PVEAPIToken=ops@pve!ci-runner{separator}{secret} now")
    assert "ci-runner" in out


def test_bare_token_id_and_secret() -> None:
    secret = str(uuid.uuid4())
    out = _assert_hidden(secret, f"token user.name@ldap-corp!bot_1={secret}, privsep=1")
    assert "user.name@ldap-corp!bot_1=" in out
    assert out.endswith(", privsep=1")


def test_token_created_value_is_hidden() -> None:
    secret = str(uuid.uuid4())
    reply = {"full-tokenid": "u@pve!t", "info": {"privsep": 1}, "value": secret}
    out = _assert_hidden(secret, json.dumps(reply))
    assert '"full-tokenid": "u@pve!t"' in out


# --- CSRF, cookies, headers --------------------------------------------------------------


def test_csrf_token_alone_and_as_header() -> None:
    token, signature = _csrf()
    _assert_hidden(signature, f"got {token}")
    _assert_hidden(signature, f"CSRFPreventionToken: {token}")
    _assert_hidden(signature, json.dumps({"CSRFPreventionToken": token}))


def test_cookie_header_hides_every_cookie() -> None:
    ticket, signature = _ticket()
    other = secrets.token_hex(12)
    cookie = f"PVEAuthCookie={urllib.parse.quote(ticket, safe='')}; session={other}"
    out = _assert_hidden(signature, f"Cookie: {cookie}")
    assert other not in out
    _assert_hidden(signature, f"Set-Cookie: PVEAuthCookie={ticket}; path=/; secure")


@pytest.mark.parametrize("scheme", ["Bearer", "Basic"])
def test_authorization_schemes(scheme: str) -> None:
    credential = _b64(24)
    _assert_hidden(credential, f"Authorization: {scheme} {credential}")
    _assert_hidden(credential, json.dumps({"authorization": f"{scheme} {credential}"}))
    _assert_hidden(credential, f"rejected {scheme.lower()} {credential}")


def test_password_in_url() -> None:
    password = secrets.token_urlsafe(10)
    out = _assert_hidden(password, f"GET https://root:{password}@127.0.0.1:8006/api2/json")
    assert "https://root:***@127.0.0.1:8006" in out


def test_private_key_block() -> None:
    body = _b64(120)
    pem = f"-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----"
    out = _assert_hidden(body, f"loaded {pem} ok")
    assert out.endswith("-----END PRIVATE KEY----- ok")


# --- secret-named keys -------------------------------------------------------------------

_KEYS = [
    "password",
    "new_password",
    "Password",
    "passwd",
    "secret",
    "client_secret",
    "otp",
    "totp_secret",
    "tfa-challenge",
    "vncticket",
    "ticket",
    "X-API-Key",
    "refresh_token",
    "master-password",
]


@pytest.mark.parametrize("key", _KEYS)
def test_secret_keys_in_every_notation(key: str) -> None:
    value = "S3cr3t" + secrets.token_hex(6)
    for text in (
        f"{key}={value}&next=1",
        f"{key}: {value}",
        json.dumps({key: value, "user": "root@pam"}),
        repr({key: value}),
        f"{key} = '{value}'",
    ):
        out = _assert_hidden(value, text)
        assert key in out  # the kind of secret stays readable


def test_quoted_values_are_masked_whole() -> None:
    password = "correct horse, battery; staple"
    out = _assert_hidden("battery", json.dumps({"password": password, "realm": "pve"}))
    assert '"realm": "pve"' in out
    _assert_hidden("staple", repr({"password": password}))
    escaped = 'pa"ss Qx9\\rd'
    out = _assert_hidden("Qx9", json.dumps({"password": escaped, "x": 1}))
    assert out.endswith('"x": 1}')


_PASSWORD = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=8
)


@settings(max_examples=150, deadline=None)
@given(password=_PASSWORD)
def test_any_password_is_hidden_in_json_form_and_repr(password: str) -> None:
    for text in (
        json.dumps({"username": "root@pam", "password": password}),
        json.dumps({"username": "root@pam", "password": password}, ensure_ascii=False),
        urllib.parse.urlencode({"username": "root@pam", "password": password}),
        repr({"username": "root@pam", "password": password}),
    ):
        visible = redact(text)
        for part in (password, json.dumps(password)[1:-1], urllib.parse.quote_plus(password)):
            assume(part not in text.replace(part, "", 1))  # the value occurs only once
            assert part not in visible, (text, visible)


@settings(max_examples=100, deadline=None)
@given(user=st.from_regex(r"[a-z][a-z0-9._-]{0,15}@(pam|pve|ldap-[a-z]{1,8})", fullmatch=True))
def test_any_ticket_signature_is_hidden(user: str) -> None:
    ticket, signature = _ticket(user)
    out = redact(f"ticket={ticket}") + redact(f"x {ticket} y") + redact(json.dumps([ticket]))
    assert signature not in out
    assert signature[:40] not in out


# --- what must stay untouched ------------------------------------------------------------

UNTOUCHED = [
    "UPID:pve1:0000A1B2:0012C3D4:5FBE5EB6:qmstart:100:root@pam:",
    "net0: virtio=BC:24:11:AA:BB:CC,bridge=vmbr0,firewall=1",
    "GET /api2/json/cluster/resources -> 200 in 0.12 s",
    "tokenid=root@pam!monitor privsep=1 expire=0",
    "token root@pam!monitor: 3 ACL entries",
    "fe80::1 and 2001:db8::42 are reachable; ::1 too",
    "smbios1: uuid=0f3c1a2b-1111-2222-3333-444455556666",
    "Fingerprint AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01",
    "compass: north; passthrough: yes; password_hint: ask the admin",
    "PVE: 8.2.4 running kernel 6.8.12-1-pve",
    "Synced 42 guests on cluster prod-eu (3 nodes) in 0.31 s",
    "scsi0: local-lvm:vm-100-disk-0,size=32G",
    "Task UPID:pve2:00003A7F:0A1B2C3D:65A1B2C3:vzdump:101:backup@pve!job: OK",
    "2024-05-01T12:00:00+02:00 node pve1 status online, uptime 123456",
    "sha256 3f2a9c0d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f",
    "The password was rejected. Check the realm.",
    "tags: prod;web;eu-west  description: Token usage dashboard",
    "",
]


@pytest.mark.parametrize("text", UNTOUCHED)
def test_normal_text_is_untouched(text: str) -> None:
    assert redact(text) == text


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=string.ascii_letters + string.digits + " .,/-_()[]\n", max_size=200))
def test_plain_prose_is_untouched(text: str) -> None:
    # No key separator, no @, no PVE: marker: nothing to recognise a secret by.
    assume(not any(w in text.lower() for w in ("bearer", "basic", "private key")))
    assert redact(text) == text


# --- the logging filter ------------------------------------------------------------------


def _record(msg: str, *args: object, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("pvesphere_desktop.t", logging.INFO, __file__, 1, msg, args, exc_info)


def test_filter_redacts_arguments_and_keeps_the_record() -> None:
    ticket, signature = _ticket()
    record = _record("login %s with %r", "root@pam", {"ticket": ticket})
    assert RedactingFilter().filter(record) is True
    assert record.args is None
    assert signature not in record.getMessage()
    assert "root@pam" in record.getMessage()


def test_filter_redacts_tracebacks_and_stacks() -> None:
    secret = str(uuid.uuid4())
    try:
        raise ValueError(f"bad header PVEAPIToken=root@pam!x={secret}")
    except ValueError:
        import sys

        record = _record("failed", exc_info=sys.exc_info())
    record.stack_info = f"Stack: password={secret}"
    RedactingFilter().filter(record)
    assert record.exc_text is not None
    assert "ValueError" in record.exc_text
    assert secret not in record.exc_text
    assert secret not in record.stack_info
    formatted = logging.Formatter().format(record)
    assert secret not in formatted


def test_filter_survives_a_bad_format_string() -> None:
    secret = str(uuid.uuid4())
    record = _record("broken %d %s", "not-a-number", f"password={secret}")
    assert RedactingFilter().filter(record) is True
    assert "broken" in record.getMessage()
    assert secret not in record.getMessage()
