"""Map PVE's real answers and transport failures onto the ``core.errors`` taxonomy.

PVE puts its error text in the HTTP reason phrase on every version; pve-http-server 5.2
(PVE 8.3/8.4 and 9.x) also sends it as ``"message"`` in the JSON body, and 400s carry per-field
``"errors"``. 595/596/597 come from pveproxy when the node it proxies to is down. Everything
that reaches an exception text passes through :func:`core.redact.redact` as a last guard.
"""

from __future__ import annotations

import json
import re
import socket
import ssl
from collections.abc import Mapping
from http.client import RemoteDisconnected
from typing import Any

import requests
from urllib3.exceptions import (
    ConnectTimeoutError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)

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
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP
from pvesphere_desktop.core.redact import redact
from pvesphere_desktop.pve.tls import describe_os_error

_CTX = "PveErrors"
_MAX_DETAIL = 500

# "Permission check failed (/vms/100, VM.PowerMgmt)" / "(/, Sys.Audit|Sys.Modify)"
_PERM_RE = re.compile(r"Permission check failed \((?P<path>/[^,()]*),\s*(?P<priv>[^()]+)\)")
_NODE_PATH_RE = re.compile(r"^/?nodes/(?P<node>[^/]+)")

_NOT_FOUND = (
    re.compile(r"does not exist", re.I),
    re.compile(r"^no such ", re.I),
    re.compile(r"not found", re.I),
    re.compile(r"^hostname lookup '[^']*' failed", re.I),
    re.compile(r"^Method '[A-Z]+ [^']*' not implemented", re.I),
)
_CONFLICT = (
    re.compile(r"detected modified configuration", re.I),  # digest mismatch
    re.compile(r"can't lock file", re.I),
    re.compile(r"\bis locked\b", re.I),  # "VM is locked (backup)"
    re.compile(r"already exists", re.I),
    re.compile(r"already running", re.I),
    re.compile(r"\bnot running\b", re.I),
)


def clean_text(text: object) -> str:
    """PVE's message without trailing newlines, shortened, secrets masked."""
    value = str(text or "").strip()
    if len(value) > _MAX_DETAIL:
        value = value[: _MAX_DETAIL - 1] + "…"
    return redact(value)


def _body_json(body: bytes | str | None) -> Mapping[str, Any] | None:
    if not body:
        return None
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, Mapping) else None


def response_message(reason: str | None, body: bytes | str | None) -> str:
    """PVE's error text: the JSON ``message`` (8.4+) or else the reason phrase."""
    data = _body_json(body)
    message = data.get("message") if data else None
    if isinstance(message, str) and message.strip():
        return clean_text(message)
    return clean_text(reason or "")


def field_errors(body: bytes | str | None) -> dict[str, str]:
    """The per-parameter messages of a 400 ``Parameter verification failed.``."""
    data = _body_json(body)
    errors = data.get("errors") if data else None
    if not isinstance(errors, Mapping):
        return {}
    return {str(k): clean_text(v) for k, v in errors.items()}


def node_of_path(path: str) -> str | None:
    """The node a ``/nodes/{node}/...`` path addresses, if any."""
    match = _NODE_PATH_RE.match(path)
    return match.group("node") if match else None


def error_from_response(
    status: int,
    reason: str | None,
    body: bytes | str | None,
    *,
    host: str,
    path: str = "",
) -> PveSphereError:
    """Classify one non-2xx answer of PVE."""
    message = response_message(reason, body)
    if status == 400:
        errors = field_errors(body)
        detail = "; ".join(f"{k}: {v}" for k, v in sorted(errors.items())) or message
        return ValidationError(detail, errors=errors, host=host)
    if status == 401:
        return AuthenticationError(message or QT_TRANSLATE_NOOP(_CTX, "not logged in"), host=host)
    if status == 403:
        match = _PERM_RE.search(message)
        if match:
            return PermissionDeniedError(
                message,
                host=host,
                path=match.group("path").strip(),
                privilege=match.group("priv").strip(),
            )
        return PermissionDeniedError(message, host=host)
    if status in (404, 501):
        return NotFoundError(message or path, host=host)
    if 595 <= status <= 599 or status in (502, 503, 504):
        # pveproxy (or a reverse proxy) answered, but could not reach the node behind it.
        target = node_of_path(path) or host
        return UnreachableError(message or str(status), host=target, status=status)
    if status == 500:
        if any(p.search(message) for p in _NOT_FOUND):
            return NotFoundError(message, host=host)
        if any(p.search(message) for p in _CONFLICT):
            return ConflictError(message, host=host)
        return ServerError(message, host=host)
    return ServerError(message or f"HTTP {status}", host=host, status=status)


def error_from_exception(exc: BaseException, *, host: str) -> PveSphereError:
    """Classify a transport failure raised by requests/urllib3 (never PVE's answer)."""
    if isinstance(exc, requests.exceptions.SSLError):
        return TlsError(_ssl_detail(exc), host=host)
    if isinstance(exc, requests.exceptions.ConnectTimeout | requests.exceptions.ReadTimeout):
        return UnreachableError(QT_TRANSLATE_NOOP(_CTX, "timed out"), host=host)
    if isinstance(exc, requests.exceptions.ConnectionError):
        return UnreachableError(_connection_detail(exc), host=host)
    if isinstance(
        exc, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError
    ):
        return MalformedResponseError(QT_TRANSLATE_NOOP(_CTX, "the reply was cut off"), host=host)
    if isinstance(exc, requests.exceptions.RequestException):
        return UnreachableError(type(exc).__name__, host=host)
    if isinstance(exc, OSError):
        return UnreachableError(describe_os_error(exc), host=host)
    return UnreachableError(type(exc).__name__, host=host)


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        chain.append(item)
        linked = [item.__cause__, item.__context__, getattr(item, "reason", None), *item.args]
        todo.extend(link for link in linked if isinstance(link, BaseException))
    return chain


def _connection_detail(exc: BaseException) -> str:
    for cause in _causes(exc):
        if isinstance(cause, NewConnectionError):  # a ConnectTimeoutError subclass in urllib3 2
            continue
        if isinstance(cause, ConnectTimeoutError | ReadTimeoutError | TimeoutError):
            return QT_TRANSLATE_NOOP(_CTX, "timed out")
        if isinstance(cause, OSError) and cause.errno is not None:
            return describe_os_error(cause)
        if isinstance(cause, ConnectionRefusedError | ConnectionResetError | socket.gaierror):
            return describe_os_error(cause)
    for cause in _causes(exc):
        if isinstance(cause, ProtocolError | requests.exceptions.ConnectionError):
            text = str(cause).lower()
            if "remote end closed" in text or "connection aborted" in text:
                return QT_TRANSLATE_NOOP(_CTX, "the connection was closed")
    return QT_TRANSLATE_NOOP(_CTX, "connection failed")


def _ssl_detail(exc: BaseException) -> str:
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return clean_text(cause.verify_message or "certificate verify failed")
        if isinstance(cause, ssl.SSLError) and cause.reason:
            return clean_text(cause.reason)
    return QT_TRANSLATE_NOOP(_CTX, "handshake failed")


def is_connect_failure(exc: BaseException) -> bool:
    """True when the request certainly never reached the server (safe to retry anywhere)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.SSLError):
        return False
    if isinstance(exc, requests.exceptions.ConnectionError):
        return any(
            isinstance(c, NewConnectionError | ConnectionRefusedError | ConnectTimeoutError)
            for c in _causes(exc)
        )
    return False


def is_dropped_connection(exc: BaseException) -> bool:
    """True when an established connection was closed or reset before any answer arrived."""
    if not isinstance(exc, requests.exceptions.ConnectionError) or is_connect_failure(exc):
        return False
    causes = _causes(exc)
    if any(isinstance(c, ConnectTimeoutError | ReadTimeoutError | TimeoutError) for c in causes):
        return False
    return any(
        isinstance(c, ProtocolError | ConnectionResetError | BrokenPipeError | RemoteDisconnected)
        for c in causes
    )


def is_fingerprint_mismatch(exc: BaseException) -> bool:
    """True when urllib3 refused a connection because the pinned fingerprint did not match."""
    return any("Fingerprints did not match" in str(c) for c in _causes(exc))
