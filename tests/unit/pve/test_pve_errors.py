"""Error mapping from PVE's real answers (recordings) and its documented shapes per version."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from pve_shared import load_recording

from pvesphere_desktop.core.errors import (
    AuthenticationError,
    ConflictError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    PveSphereError,
    ServerError,
    TlsError,
    UnreachableError,
    ValidationError,
)
from pvesphere_desktop.pve.errors import (
    error_from_exception,
    error_from_response,
    is_connect_failure,
    is_dropped_connection,
    response_message,
)

HOST = "127.0.0.1:8006"


def _map(status: int, reason: str, body: Any = None, path: str = "/") -> PveSphereError:
    text = body if isinstance(body, str) or body is None else json.dumps(body)
    return error_from_response(status, reason, text, host=HOST, path=path)


def test_every_recorded_error_maps_to_its_type(recordings: list[dict[str, Any]]) -> None:
    errors = [e for e in recordings if e["status"] >= 400]
    assert len(errors) >= 10
    for entry in errors:
        shot = load_recording(entry)
        error = _map(shot["status"], shot["reason"], shot["body"], entry["path"])
        reason = shot["reason"]
        if shot["status"] == 400:
            assert isinstance(error, ValidationError), entry
            assert set(error.errors) == set(shot["json"]["errors"])
            assert all(not v.endswith("\n") for v in error.errors.values())
        elif shot["status"] == 401:
            assert isinstance(error, AuthenticationError), entry
            assert reason in str(error)
        elif "does not exist" in reason:
            assert isinstance(error, NotFoundError), entry
        elif "already exists" in reason:
            assert isinstance(error, ConflictError), entry
        else:
            pytest.fail(f"unexpected recorded error {entry}")
        assert error.detail


def test_400_lists_each_field() -> None:
    body = {
        "data": None,
        "errors": {
            "vmid": "invalid format - value does not look like a valid VM ID\n",
            "memory": "value must have a minimum value of 16\n",
        },
    }
    error = _map(400, "Parameter verification failed.", body)
    assert isinstance(error, ValidationError)
    assert error.errors == {
        "memory": "value must have a minimum value of 16",
        "vmid": "invalid format - value does not look like a valid VM ID",
    }
    assert "memory: value must have a minimum value of 16" in str(error)
    # 8.4+ adds "message" next to the errors; the fields still win.
    body["message"] = "Parameter verification failed.\n"
    error84 = _map(400, "Parameter verification failed.", body)
    assert isinstance(error84, ValidationError)
    assert error84.errors == error.errors


@pytest.mark.parametrize(
    ("reason", "body"),
    [
        # 7.4: the message only in the reason phrase, body {"data":null}
        ("VM 100 not running", {"data": None}),
        # 8.4 / 9.1: the same text also as "message" (with a trailing newline)
        ("VM 100 not running", {"data": None, "message": "VM 100 not running\n"}),
        # a reverse proxy shortening the reason phrase: the body keeps the full text
        ("Internal Server Error", {"data": None, "message": "VM 100 not running\n"}),
    ],
)
def test_message_from_reason_or_body(reason: str, body: dict[str, Any]) -> None:
    error = _map(500, reason, body)
    assert isinstance(error, ConflictError)
    assert error.detail == "VM 100 not running"
    assert response_message(reason, json.dumps(body)) == "VM 100 not running"


def test_permission_denied_names_path_and_privilege() -> None:
    error = _map(403, "Permission check failed (/vms/100, VM.PowerMgmt)", {"data": None})
    assert isinstance(error, PermissionDeniedError)
    assert error.path == "/vms/100"
    assert error.privilege == "VM.PowerMgmt"
    assert "VM.PowerMgmt" in str(error)
    error = _map(
        403,
        "Permission check failed (/, Sys.Audit|Sys.Modify)",
        {"data": None, "message": "Permission check failed (/, Sys.Audit|Sys.Modify)\n"},
    )
    assert isinstance(error, PermissionDeniedError)
    assert (error.path, error.privilege) == ("/", "Sys.Audit|Sys.Modify")
    token = (
        "Permission check failed (URI '/access/password' not available with API token, "
        "need proper ticket.)"
    )
    error = _map(403, token, {"data": None})
    assert isinstance(error, PermissionDeniedError)
    assert error.path is None
    assert "API token" in str(error)


@pytest.mark.parametrize(
    ("status", "reason", "expected"),
    [
        (401, "No ticket", AuthenticationError),
        (401, "Authentication failed!", AuthenticationError),
        (401, "invalid token value!", AuthenticationError),
        (401, "Permission denied - invalid csrf token", AuthenticationError),
        (401, "token 'api' access expired", AuthenticationError),
        (501, "Method 'GET /nodes/pve/foo' not implemented", NotFoundError),
        (500, "Configuration file 'nodes/pve/qemu-server/101.conf' does not exist", NotFoundError),
        (
            500,
            "hostname lookup 'nope' failed - failed to get address info for: nope",
            NotFoundError,
        ),
        (500, "no such task", NotFoundError),
        (
            500,
            "detected modified configuration - file changed by other user? Try again.",
            ConflictError,
        ),
        (
            500,
            "can't lock file '/var/lock/qemu-server/lock-100.conf' - got timeout",
            ConflictError,
        ),
        (500, "VM is locked (backup)", ConflictError),
        (500, "unable to create VM 100 - VM 100 already exists on node 'pve'", ConflictError),
        (500, "storage 'local' is not online", ServerError),
        (502, "Bad Gateway", UnreachableError),
        (599, "Internal Server Error", UnreachableError),
    ],
)
def test_status_and_text_classification(status: int, reason: str, expected: type) -> None:
    error = _map(status, reason, {"data": None})
    assert type(error) is expected
    assert reason.split(" - ", maxsplit=1)[0] in str(error)


@pytest.mark.parametrize("status", [595, 596, 597])
def test_proxy_errors_name_the_node_behind(status: int) -> None:
    error = _map(
        status, "Connection timed out", {"data": None}, "/nodes/pve2/qemu/100/status/current"
    )
    assert isinstance(error, UnreachableError)
    assert error.args_map["host"] == "pve2"
    assert error.retryable
    assert str(error) == "Cannot reach pve2: Connection timed out"


def test_secrets_in_server_texts_are_masked() -> None:
    ticket = "PVE:root@pam:5FBE5C9B::OzjZn1pIo+LVv/VUVQXxlfpbNLkg1GxXCnVdJV1UQuWi6b6SXD9v6g"
    error = _map(500, f"bad ticket {ticket} password=hunter2", {"data": None})
    text = str(error)
    assert "hunter2" not in text
    assert "OzjZn1pIo" not in text
    assert "PVE:root@pam:5FBE5C9B::***" in text


def test_transport_errors() -> None:
    refused = requests.exceptions.ConnectionError(ConnectionRefusedError(111, "Connection refused"))
    error = error_from_exception(refused, host=HOST)
    assert isinstance(error, UnreachableError)
    assert str(error) == f"Cannot reach {HOST}: connection refused"
    timeout = error_from_exception(requests.exceptions.ReadTimeout("read timed out"), host=HOST)
    assert isinstance(timeout, UnreachableError)
    assert "timed out" in str(timeout)
    assert is_connect_failure(requests.exceptions.ConnectTimeout("x"))
    assert not is_connect_failure(requests.exceptions.ReadTimeout("x"))
    tls = error_from_exception(requests.exceptions.SSLError("handshake"), host=HOST)
    assert isinstance(tls, TlsError)
    cut = error_from_exception(requests.exceptions.ChunkedEncodingError("cut"), host=HOST)
    assert isinstance(cut, MalformedResponseError)


def test_messages_are_translatable_templates() -> None:
    error = _map(403, "Permission check failed (/vms/100, VM.PowerMgmt)", {"data": None})
    german = {"Permission denied: {detail}": "Zugriff verweigert: {detail}"}
    rendered = error.message.render(lambda ctx, text: german.get(text, text))
    assert rendered == "Zugriff verweigert: Permission check failed (/vms/100, VM.PowerMgmt)"


def test_real_refused_connection_is_not_called_a_timeout() -> None:
    with pytest.raises(requests.exceptions.ConnectionError) as caught:
        requests.get("https://127.0.0.1:9/", timeout=5)  # the discard port: nothing listens
    assert is_connect_failure(caught.value)
    assert not is_dropped_connection(caught.value)
    error = error_from_exception(caught.value, host=HOST)
    assert str(error) == f"Cannot reach {HOST}: connection refused"
