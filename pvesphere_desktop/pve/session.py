"""One authenticated connection to one PVE cluster: the only way the app talks to PVE.

A :class:`PveSession` owns a requests session (``trust_env = False``, TLS trust from
:mod:`pve.tls`) that proxmoxer's resource API sends through, so callers may write
``session.api.nodes("pve1").qemu(100).status.current.get()`` or ``session.get(...)``.
Every call blocks: call it from worker threads, never from the GUI thread. A session may be
shared by threads; logins, renewals and endpoint switches are serialised inside.

Responsibilities:
- authentication: API token, or user + password (+ TOTP / recovery key through PVE's
  ``NeedTFA``/``tfa-challenge`` flow); tickets renewed well before their 2 h lifetime, a CSRF
  token on every write, and on a rejected ticket a renewal, a fresh login, or
  :class:`NeedsLoginError` when only the user can help (a second factor is needed);
- trust: pinned fingerprints, a CA file or the system CAs, never the environment;
- failover: node addresses learnt from ``/cluster/status`` are used only when the endpoint in
  use stops answering, and only with the same trust rules;
- errors: every failure becomes a ``core.errors`` type with a translatable, secret-free message.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import unquote, urlsplit

import requests
from proxmoxer.backends.https import ProxmoxHTTPAuthBase, ProxmoxHttpSession
from proxmoxer.core import ProxmoxResource

from pvesphere_desktop import __version__
from pvesphere_desktop.core.capabilities import Capabilities
from pvesphere_desktop.core.config import AuthMethod, ClusterConfig, TlsMode
from pvesphere_desktop.core.errors import (
    AuthenticationError,
    FingerprintMismatchError,
    MalformedResponseError,
    NeedsLoginError,
    PveSphereError,
    TfaRequiredError,
    TfaUnsupportedError,
    TlsError,
    UnreachableError,
    UntrustedCertificateError,
)
from pvesphere_desktop.core.models import ClusterInfo, Node, PveVersion
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.core.status import EndpointStatus
from pvesphere_desktop.pve import normalize
from pvesphere_desktop.pve.errors import (
    error_from_exception,
    error_from_response,
    is_connect_failure,
    is_dropped_connection,
    is_fingerprint_mismatch,
)
from pvesphere_desktop.pve.exceptions import (
    InvalidFingerprintError,
    InvalidTokenError,
    InvalidUrlError,
    InvalidUserError,
    NoTfaPendingError,
    TfaRejectedError,
)
from pvesphere_desktop.pve.tls import (
    MissingPinError,
    TrustAdapter,
    TrustPolicy,
    host_port,
    normalize_fingerprint,
    probe_certificate,
)

log = logging.getLogger(__name__)

API_PREFIX = "/api2/json"
TICKET_LIFETIME_S = 7200.0  # PVE's $ticket_lifetime
DEFAULT_RENEW_AFTER_S = 3600.0  # renew at half-life: well before expiry, rarely enough
USER_AGENT = f"pvesphere-desktop/{__version__}"
_SECRET_FIELDS = frozenset({"password", "tfa-challenge", "otp", "new-password", "vncticket"})


class TfaMethod(StrEnum):
    TOTP = "totp"
    RECOVERY = "recovery"
    YUBICO = "yubico"
    WEBAUTHN = "webauthn"
    U2F = "u2f"


USABLE_TFA = (TfaMethod.TOTP, TfaMethod.RECOVERY, TfaMethod.YUBICO)


class _Unchanged:
    """The type of :data:`UNCHANGED`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()
"""Returned instead of data when a body repeats the previous one byte for byte."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A base URL of the cluster's API and, once known, the node that answers there."""

    url: str  # https://host:port
    node: str | None = None

    @property
    def key(self) -> str:
        return host_port(self.url)


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request as sent (secret values masked), for diagnostics and conformance checks."""

    cluster: str
    endpoint: str
    method: str
    path: str
    params: Mapping[str, Any] = field(default_factory=dict)
    data: Mapping[str, Any] = field(default_factory=dict)
    status: int | None = None  # None: no answer (connection failed)
    version: PveVersion | None = None  # the cluster's version when known


RequestObserver = Callable[[RequestRecord], None]
_observers: list[RequestObserver] = []
_observers_lock = threading.Lock()


def add_request_observer(observer: RequestObserver) -> None:
    """Call ``observer`` after every request any session sends (diagnostics, tests)."""
    with _observers_lock:
        _observers.append(observer)


def remove_request_observer(observer: RequestObserver) -> None:
    with _observers_lock, suppress(ValueError):
        _observers.remove(observer)


def _notify(record: RequestRecord) -> None:
    with _observers_lock:
        observers = list(_observers)
    for observer in observers:
        try:
            observer(record)
        except Exception:  # an observer must never break a request
            log.exception("request observer failed")


def _masked(values: Mapping[str, Any] | None) -> dict[str, Any]:
    return {k: ("***" if k in _SECRET_FIELDS else v) for k, v in (values or {}).items()}


def _wire_values(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """PVE wants booleans as 0/1 and no None values."""
    if values is None:
        return None
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        out[key] = int(value) if isinstance(value, bool) else value
    return out


def normalize_url(url: str) -> str:
    """Return ``https://host:port`` for a user-given URL; raise InvalidInputError."""
    text = url.strip()
    if "//" not in text:
        text = f"https://{text}"
    parts = urlsplit(text)
    try:
        port = parts.port or 8006
    except ValueError:
        port = -1
    if parts.scheme != "https" or not parts.hostname or port <= 0:
        raise InvalidUrlError()
    host = parts.hostname
    shown = f"[{host}]" if ":" in host else host
    return f"https://{shown}:{port}"


def parse_token(text: str) -> tuple[str, str, Secret]:
    """Split ``USER@REALM!TOKENID=SECRET`` (the secret follows the last ``=``)."""
    ident, sep, secret = text.strip().rpartition("=")
    user, bang, token_id = ident.partition("!")
    if not sep or not bang or "@" not in user or not token_id or not secret:
        raise InvalidTokenError()
    return user, token_id, Secret(secret)


def parse_tfa_challenge(ticket: str) -> dict[str, Any] | None:
    """Decode the challenge of a half-authenticated ``PVE:!tfa!<json>:...`` ticket."""
    parts = ticket.split(":")
    if len(parts) < 2 or not parts[1].startswith("!tfa!"):
        return None
    try:
        data = json.loads(unquote(parts[1][len("!tfa!") :]))
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def tfa_methods(challenge: Mapping[str, Any]) -> tuple[TfaMethod, ...]:
    """The second factors a challenge offers, in our order of preference."""
    found: list[TfaMethod] = []
    for method in TfaMethod:
        value = challenge.get(method.value)
        if value not in (None, False, 0, "", [], {}):
            found.append(method)
    return tuple(found)


class _Auth(ProxmoxHTTPAuthBase):  # type: ignore[misc]
    """Adds the session's current credentials to each request (no cookie jar involved)."""

    def __init__(self, owner: PveSession | None) -> None:
        super().__init__(timeout=None, verify_ssl=True)
        self._owner = owner

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        if self._owner is not None:
            self._owner._apply_auth(request)
        return request


class _Serializer:
    """proxmoxer's serializer role: return the ``data`` the transport already checked."""

    def get_accept_types(self) -> str:
        return "application/json"

    def loads(self, response: requests.Response) -> Any:
        return getattr(response, "pvesphere_data", None)

    def loads_errors(self, response: requests.Response) -> Any:
        return None


class _Transport(ProxmoxHttpSession):  # type: ignore[misc]
    """The requests session proxmoxer sends through; every call lands in the PveSession."""

    def __init__(self, owner: PveSession, proxies: Mapping[str, str] | None) -> None:
        super().__init__()
        self.trust_env = False  # REQUESTS_CA_BUNDLE & co. must never change our trust
        self.proxies = dict(proxies or {})
        self.auth = _Auth(owner)
        self.headers["User-Agent"] = USER_AGENT
        self.headers["Accept"] = "application/json"
        self._owner = owner

    def request(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        path = url.split(API_PREFIX, 1)[1] if API_PREFIX in url else urlsplit(url).path
        return self._owner._request(method.upper(), path, params=params, data=data)

    def raw_send(
        self, method: str, url: str, *, params: Any, data: Any, auth: Any, timeout: Any
    ) -> requests.Response:
        # ProxmoxHttpSession.request handles uploads and agent exec argument splitting.
        return super().request(  # type: ignore[no-any-return]
            method,
            url,
            params=params,
            data=dict(data) if data else None,
            auth=auth,
            timeout=timeout,
            verify=True,  # ignored by TrustAdapter; trust comes from the policy only
            allow_redirects=False,
        )


@dataclass(frozen=True, slots=True)
class LoginState:
    """A ticket login, as handed from one session to another (never log it)."""

    username: str
    ticket: Secret
    csrf: Secret
    issued_at: float  # wall clock
    second_factor: bool  # the account needs TFA: a new login needs the user


class PveSession:
    """An authenticated, thread-safe connection to one cluster (see the module docstring)."""

    def __init__(
        self,
        config: ClusterConfig,
        secret: str | Secret,
        *,
        proxies: Mapping[str, str] | None = None,
        renew_after_s: float = DEFAULT_RENEW_AFTER_S,
        on_config_change: Callable[[ClusterConfig], None] | None = None,
        on_endpoint_change: Callable[[Endpoint], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._config = config.with_changes(url=normalize_url(config.url))
        self._secret = Secret(secret)
        self._renew_after_s = renew_after_s
        self._on_config_change = on_config_change
        self._on_endpoint_change = on_endpoint_change
        self._clock = clock
        self._lock = threading.RLock()  # endpoint, policy, ticket state
        self._auth_lock = threading.Lock()  # one login/renewal at a time
        self._ticket: Secret | None = None
        self._csrf: Secret | None = None
        self._ticket_born: tuple[float, float] = (0.0, 0.0)  # (wall clock, monotonic)
        self._generation = 0  # bumped on every new ticket
        self._tfa_challenge: Secret | None = None
        self._tfa_offered: tuple[TfaMethod, ...] = ()
        self._needs_tfa = False  # this account asked for a second factor
        self._username = ""
        self._version: PveVersion | None = None
        self._closed = False
        self._entry = Endpoint(self._config.url)
        self._current = self._entry
        self._failed_over_at: float | None = None  # when requests left the entry URL
        if config.auth is AuthMethod.TOKEN:
            if not config.user or not config.token_id:
                raise InvalidTokenError()
            self._token_header = Secret(f"PVEAPIToken={config.token_user}={self._secret.reveal()}")
        else:
            if "@" not in config.user:
                raise InvalidUserError()
            self._token_header = Secret("")
        self._transport = _Transport(self, proxies)
        self._mount(self._policy_from(self._config))
        self._serializer = _Serializer()

    # ---------------------------------------------------------------------------- properties
    @property
    def config(self) -> ClusterConfig:
        """The configuration, including endpoints and pins learnt so far."""
        with self._lock:
            return self._config

    @property
    def name(self) -> str:
        return self._config.name

    @property
    def active_endpoint(self) -> Endpoint:
        """The endpoint requests currently go to (the entry URL unless it stopped answering)."""
        with self._lock:
            return self._current

    @property
    def entry_endpoint(self) -> Endpoint:
        with self._lock:
            return self._entry

    @property
    def failed_over_at(self) -> float | None:
        """When requests moved from the entry URL to another node (None while on the entry).

        Wall-clock seconds of the first move away; a further move between other nodes keeps
        it, a return to the entry clears it.
        """
        with self._lock:
            return self._failed_over_at

    @property
    def endpoint_status(self) -> EndpointStatus:
        """The node requests go to and, after a failover, since when (memory only)."""
        with self._lock:
            current, entry, config = self._current, self._entry, self._config
            failed_over_at = self._failed_over_at
        nodes = {host_port(url): node for node, url in config.known_endpoints.items()}
        return EndpointStatus(
            address=current.key,
            node=current.node or nodes.get(current.key),
            entry_address=entry.key,
            entry_node=entry.node or nodes.get(entry.key),
            failed_over_at=failed_over_at,
        )

    @property
    def authenticated(self) -> bool:
        return self._config.auth is AuthMethod.TOKEN or self._ticket is not None

    @property
    def api(self) -> ProxmoxResource:
        """proxmoxer's resource API over this session: ``session.api.nodes.get()``."""
        return ProxmoxResource(
            base_url=f"{self.active_endpoint.url}{API_PREFIX}",
            session=self._transport,
            serializer=self._serializer,
        )

    def __enter__(self) -> PveSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Drop pooled connections and forget the ticket."""
        with self._lock:
            self._closed = True
            self._ticket = self._csrf = self._tfa_challenge = None
        self._transport.close()

    # ---------------------------------------------------------------------------- plain calls
    def get(self, path: str, **params: Any) -> Any:
        """GET ``path`` (e.g. ``/cluster/resources``) and return PVE's ``data``."""
        return self._data(self._request("GET", path, params=params))

    def post(self, path: str, **data: Any) -> Any:
        return self._data(self._request("POST", path, data=data))

    def put(self, path: str, **data: Any) -> Any:
        return self._data(self._request("PUT", path, data=data))

    def delete(self, path: str, **params: Any) -> Any:
        return self._data(self._request("DELETE", path, params=params))

    def get_body(self, path: str, **params: Any) -> Mapping[str, Any]:
        """GET ``path`` and return the whole JSON body (with ``total``, ``changes``...)."""
        response = self._request("GET", path, params=params)
        return getattr(response, "pvesphere_body", {})

    def get_unless(self, path: str, previous: bytes | None, **params: Any) -> tuple[bytes, Any]:
        """GET ``path``; return ``(body, data)``, with ``data`` :data:`UNCHANGED` (not decoded)
        when the body is byte for byte ``previous`` (the ``body`` of an earlier call).

        Like a conditional request that PVE does not offer: polling an unchanged answer then
        costs the transfer only, not JSON decoding and whatever the caller builds from it.
        """
        response = self._request("GET", path, params=params, unless=previous)
        return response.content, getattr(response, "pvesphere_data", UNCHANGED)

    @staticmethod
    def _data(response: requests.Response) -> Any:
        return getattr(response, "pvesphere_data", None)

    # ---------------------------------------------------------------------------- high level
    def connect(self, otp: str | None = None) -> PveVersion:
        """Log in if needed and read the cluster's version; return it.

        Raise :class:`TfaRequiredError` when the account needs a second factor and ``otp`` is
        not given (answer with :meth:`complete_tfa`).
        """
        if self._config.auth is AuthMethod.PASSWORD and self._ticket is None:
            self.login(otp=otp)
        return self.version(refresh=True)

    def version(self, refresh: bool = False) -> PveVersion:
        """The cluster's PVE version (``GET /version``), cached after the first call."""
        if self._version is None or refresh:
            data = self.get("/version")
            try:
                version = normalize.normalize_version(data)
            except normalize.NormalizeError as exc:
                raise MalformedResponseError(str(exc), host=self._host()) from None
            with self._lock:
                self._version = version
        assert self._version is not None
        return self._version

    def capabilities(self) -> Capabilities:
        """What this cluster can do, from its version."""
        return Capabilities(self.version())

    def cluster_status(self, learn: bool = True) -> tuple[ClusterInfo, tuple[Node, ...]]:
        """Read ``/cluster/status``; learn node addresses for failover when enabled."""
        return self._read_cluster_status(self.get("/cluster/status"), learn)

    def cluster_status_unless(
        self, previous: bytes | None, learn: bool = True
    ) -> tuple[bytes, tuple[ClusterInfo, tuple[Node, ...]] | None]:
        """Like :meth:`cluster_status`, but return ``(body, None)`` without decoding when the
        body is byte for byte ``previous`` (see :meth:`get_unless`)."""
        body, data = self.get_unless("/cluster/status", previous)
        if data is UNCHANGED:
            return body, None
        return body, self._read_cluster_status(data, learn)

    def _read_cluster_status(self, data: Any, learn: bool) -> tuple[ClusterInfo, tuple[Node, ...]]:
        info, nodes = normalize.normalize_cluster_status(self._config.name, data)
        if learn:
            self._learn_endpoints(nodes)
        return info, nodes

    def resources(self, kind: str | None = None) -> normalize.Inventory:
        """Read ``/cluster/resources`` (optionally one ``type``) as records."""
        params = {"type": kind} if kind else {}
        return normalize.normalize_resources(
            self._config.name, self.get("/cluster/resources", **params)
        )

    def realms(self) -> list[dict[str, Any]]:
        """The login realms (``GET /access/domains``, which needs no credentials)."""
        data = self._data(self._request("GET", "/access/domains", authenticated=False))
        return (
            [dict(row) for row in data if isinstance(row, Mapping)]
            if isinstance(data, list)
            else []
        )

    # ---------------------------------------------------------------------------- auth
    def login(self, otp: str | None = None) -> None:
        """Log in with user + password (no-op for tokens). See :meth:`connect` for TFA."""
        if self._config.auth is AuthMethod.TOKEN:
            return
        with self._auth_lock:
            self._login_locked(otp)

    def complete_tfa(self, code: str, method: TfaMethod | str | None = None) -> None:
        """Answer the pending second-factor challenge with a TOTP code or a recovery key."""
        with self._auth_lock:
            self._complete_tfa_locked(code, method)

    @property
    def pending_tfa_methods(self) -> tuple[TfaMethod, ...]:
        """The second factors offered by the challenge waiting for an answer, if any."""
        return self._tfa_offered if self._tfa_challenge is not None else ()

    def _login_locked(self, otp: str | None) -> None:
        data = {"username": self._config.user, "password": self._secret.reveal(), "new-format": 1}
        payload = self._ticket_request(data)
        if payload.get("NeedTFA"):
            self._needs_tfa = True
            ticket = str(payload.get("ticket") or "")
            challenge = parse_tfa_challenge(ticket)
            if challenge is None:  # the pre-7.2 format: answer with "otp" on a new login
                if not otp:
                    raise TfaRequiredError(host=self._host(), methods=(TfaMethod.TOTP.value,))
                data["otp"] = otp
                payload = self._ticket_request(data)
                self._store_ticket(payload)
                return
            offered = tfa_methods(challenge)
            with self._lock:
                self._tfa_challenge = Secret(ticket)
                self._tfa_offered = offered
            usable = [m for m in offered if m in USABLE_TFA]
            if not usable:
                raise TfaUnsupportedError(
                    host=self._host(), methods=", ".join(m.value for m in offered) or "?"
                )
            if otp:
                self._complete_tfa_locked(otp, None)
                return
            raise TfaRequiredError(host=self._host(), methods=tuple(m.value for m in usable))
        self._store_ticket(payload)

    def _complete_tfa_locked(self, code: str, method: TfaMethod | str | None) -> None:
        challenge = self._tfa_challenge
        if challenge is None:
            raise NoTfaPendingError(host=self._host())
        answer = code.strip()
        kind: TfaMethod | None = TfaMethod(method) if method else None
        prefix, sep, rest = answer.partition(":")
        if kind is None and sep and prefix in {m.value for m in TfaMethod}:
            kind, answer = TfaMethod(prefix), rest.strip()
        if kind is None:
            offered = self._tfa_offered
            if answer.isdigit() and TfaMethod.TOTP in offered:
                kind = TfaMethod.TOTP
            elif TfaMethod.RECOVERY in offered:
                kind = TfaMethod.RECOVERY
            elif TfaMethod.YUBICO in offered:
                kind = TfaMethod.YUBICO
            else:
                kind = TfaMethod.TOTP
        data = {
            "username": self._config.user,
            "tfa-challenge": challenge.reveal(),
            "password": f"{kind.value}:{answer}",
        }
        payload = self._ticket_request(data)
        if payload.get("NeedTFA"):
            raise TfaRejectedError(host=self._host())
        self._store_ticket(payload)

    def _ticket_request(self, data: Mapping[str, Any]) -> Mapping[str, Any]:
        try:
            response = self._request("POST", "/access/ticket", data=data, authenticated=False)
        except AuthenticationError as exc:
            raise AuthenticationError(exc.detail, host=self._host()) from None
        payload = self._data(response)
        if not isinstance(payload, Mapping) or not payload.get("ticket"):
            raise MalformedResponseError("the login answer has no ticket", host=self._host())
        return payload

    def _store_ticket(self, payload: Mapping[str, Any]) -> None:
        ticket = str(payload.get("ticket") or "")
        csrf = str(payload.get("CSRFPreventionToken") or "")
        if not ticket.startswith("PVE:") or not csrf:
            raise MalformedResponseError("the login answer has no usable ticket", host=self._host())
        with self._lock:
            self._ticket, self._csrf = Secret(ticket), Secret(csrf)
            self._ticket_born = (self._clock(), time.monotonic())
            self._generation += 1
            self._tfa_challenge = None
            self._tfa_offered = ()
            self._username = str(payload.get("username") or self._config.user)
        log.info("cluster %s: logged in as %s", self._config.name, self._username)

    def export_login(self) -> LoginState | None:
        """Return the current ticket login (None for tokens or when not logged in).

        For handing a login (e.g. one made with a second factor) to another process's session
        of the same cluster; the state holds secrets and must never be logged.
        """
        with self._lock:
            if self._ticket is None or self._csrf is None:
                return None
            return LoginState(
                self._username or self._config.user,
                self._ticket,
                self._csrf,
                self._ticket_born[0],
                self._needs_tfa,
            )

    def adopt_login(self, state: LoginState) -> None:
        """Use a ticket login made elsewhere (see :meth:`export_login`)."""
        age = max(0.0, self._clock() - state.issued_at)
        with self._lock:
            self._ticket, self._csrf = state.ticket, state.csrf
            self._ticket_born = (state.issued_at, time.monotonic() - age)
            self._generation += 1
            self._tfa_challenge = None
            self._tfa_offered = ()
            self._needs_tfa = self._needs_tfa or state.second_factor
            self._username = state.username
        log.info("cluster %s: using the login of %s", self._config.name, state.username)

    def ticket_age(self) -> float:
        """Seconds since the ticket was issued: the larger of wall and monotonic time.

        Wall time keeps counting while a laptop sleeps; monotonic time survives clock jumps.
        """
        wall, mono = self._ticket_born
        return max(self._clock() - wall, time.monotonic() - mono)

    def _ensure_authenticated(self) -> None:
        if self._config.auth is AuthMethod.TOKEN:
            return
        if self._ticket is not None and self.ticket_age() < self._renew_after_s:
            return
        with self._auth_lock:
            if self._ticket is None:
                if self._tfa_challenge is not None or self._needs_tfa:
                    raise NeedsLoginError(host=self._host())
                self._login_locked(None)
            elif self.ticket_age() >= self._renew_after_s:
                self._renew_locked()

    def _renew_locked(self) -> None:
        """Trade the current ticket for a fresh one; fall back to a new login."""
        ticket = self._ticket
        if ticket is not None and self.ticket_age() < TICKET_LIFETIME_S:
            try:
                payload = self._ticket_request(
                    {"username": self._username or self._config.user, "password": ticket.reveal()}
                )
                self._store_ticket(payload)
                log.info("cluster %s: ticket renewed", self._config.name)
                return
            except AuthenticationError:
                log.info("cluster %s: ticket renewal refused", self._config.name)
        self._relogin_locked()

    def _relogin_locked(self) -> None:
        with self._lock:
            self._ticket = self._csrf = None
        if self._needs_tfa:
            log.warning("cluster %s: session ended; a second factor is needed", self._config.name)
            raise NeedsLoginError(host=self._host())
        self._login_locked(None)

    def _recover_after_401(self, generation: int) -> None:
        """A request with our ticket was refused: renew or log in again (once per ticket)."""
        with self._auth_lock:
            if generation != self._generation:
                return  # another thread already replaced the ticket
            self._renew_locked()

    def upgrade_headers(self) -> tuple[tuple[str, str], ...]:
        """Return the auth headers for a websocket upgrade (consoles): token or ticket cookie.

        Logs in or renews first when needed, like any request would.
        """
        self._ensure_authenticated()
        if self._config.auth is AuthMethod.TOKEN:
            return (("Authorization", self._token_header.reveal()),)
        with self._lock:
            ticket = self._ticket
        if ticket is None:
            raise NeedsLoginError(host=self._host())
        return (("Cookie", f"PVEAuthCookie={ticket.reveal()}"),)

    @property
    def trust_policy(self) -> TrustPolicy:
        """How this session trusts its endpoints (for connections made outside requests)."""
        return self._policy

    def _apply_auth(self, request: requests.PreparedRequest) -> None:
        if self._config.auth is AuthMethod.TOKEN:
            request.headers["Authorization"] = self._token_header.reveal()
            return
        with self._lock:
            ticket, csrf = self._ticket, self._csrf
        if ticket is None:
            return
        # Sent as is, like PVE's own UI: base64 and ':' are valid cookie characters.
        request.headers["Cookie"] = f"PVEAuthCookie={ticket.reveal()}"
        if request.method != "GET" and csrf is not None:
            request.headers["CSRFPreventionToken"] = csrf.reveal()

    # ---------------------------------------------------------------------------- requests
    def _host(self, endpoint: Endpoint | None = None) -> str:
        return (endpoint or self.active_endpoint).key

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        authenticated: bool = True,
        unless: bytes | None = None,
    ) -> requests.Response:
        if self._closed:
            raise UnreachableError("the session is closed", host=self._host())
        path = "/" + path.lstrip("/")
        params = _wire_values(params)
        data = _wire_values(data)
        retried = False
        while True:
            if authenticated:
                self._ensure_authenticated()
            generation = self._generation
            response, endpoint = self._send_with_failover(method, path, params, data, authenticated)
            if (
                response.status_code == 401
                and authenticated
                and self._config.auth is AuthMethod.PASSWORD
                and not retried
            ):
                log.info("cluster %s: ticket refused (%s)", self._config.name, response.reason)
                self._recover_after_401(generation)
                retried = True
                continue
            break
        if response.status_code >= 400:
            error = error_from_response(
                response.status_code,
                response.reason,
                response.content,
                host=endpoint.key,
                path=path,
            )
            if response.status_code == 401 and authenticated and self._needs_tfa:
                raise NeedsLoginError(host=endpoint.key) from None
            raise error
        if unless is not None and response.content == unless:
            return response  # not decoded: the caller already holds this answer's data
        self._decode(response, endpoint)
        return response

    def _decode(self, response: requests.Response, endpoint: Endpoint) -> None:
        try:
            body = json.loads(response.content)
        except (ValueError, UnicodeDecodeError):
            raise MalformedResponseError("the reply is not JSON", host=endpoint.key) from None
        if not isinstance(body, dict) or "data" not in body:
            raise MalformedResponseError("the reply has no data", host=endpoint.key)
        response.pvesphere_body = body  # type: ignore[attr-defined]
        response.pvesphere_data = body["data"]  # type: ignore[attr-defined]

    def _candidates(self) -> Iterator[Endpoint]:
        with self._lock:
            current, entry, config = self._current, self._entry, self._config
        yield current
        if not config.failover:
            return
        seen = {current.key}
        if entry.key not in seen:
            seen.add(entry.key)
            yield entry
        for node, url in sorted(config.known_endpoints.items()):
            endpoint = Endpoint(url, node)
            if endpoint.key not in seen:
                seen.add(endpoint.key)
                yield endpoint

    def _send_with_failover(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        data: Mapping[str, Any] | None,
        authenticated: bool,
    ) -> tuple[requests.Response, Endpoint]:
        first_error: PveSphereError | None = None
        tls_error: TlsError | None = None
        for index, endpoint in enumerate(self._candidates()):
            try:
                response = self._send_once(
                    endpoint, method, path, params=params, data=data, authenticated=authenticated
                )
            except _FailoverError as failure:
                if index == 0:
                    first_error = failure.error
                    if not self._config.failover or not self._config.known_endpoints:
                        raise failure.error from None
                    log.warning(
                        "cluster %s: %s stopped answering (%s); trying other nodes",
                        self._config.name,
                        endpoint.node or endpoint.key,
                        failure.error.detail,
                    )
                continue
            except TlsError as exc:
                if index == 0:
                    raise
                log.warning(
                    "cluster %s: not failing over to %s: %s", self._config.name, endpoint.key, exc
                )
                tls_error = tls_error or exc
                continue
            if index > 0:
                self._switch_to(endpoint)
            return response, endpoint
        if tls_error is not None:
            raise tls_error
        assert first_error is not None
        raise first_error

    def _send_once(
        self,
        endpoint: Endpoint,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None,
        data: Mapping[str, Any] | None,
        authenticated: bool,
    ) -> requests.Response:
        url = f"{endpoint.url}{API_PREFIX}{path}"
        timeout = (min(self._config.timeout_s, 5.0), self._config.timeout_s)
        status: int | None = None
        auth = self._transport.auth if authenticated else _Auth(None)
        try:
            try:
                response = self._transport.raw_send(
                    method, url, params=params, data=data, auth=auth, timeout=timeout
                )
            except requests.exceptions.ConnectionError as exc:
                # A pooled keep-alive connection the server has closed meanwhile: a read may
                # be repeated at once on a fresh connection (a write may not).
                if method != "GET" or not is_dropped_connection(exc):
                    raise
                log.debug("cluster %s: connection to %s dropped; retrying", self.name, endpoint.key)
                response = self._transport.raw_send(
                    method, url, params=params, data=data, auth=auth, timeout=timeout
                )
            status = response.status_code
            return response
        except MissingPinError:
            info = probe_certificate(endpoint.url, timeout=self._config.timeout_s)
            raise UntrustedCertificateError(
                host=endpoint.key, fingerprint=info.fingerprint, subject=info.subject
            ) from None
        except requests.exceptions.SSLError as exc:
            raise self._tls_error(endpoint, exc) from None
        except requests.exceptions.RequestException as exc:
            error = error_from_exception(exc, host=endpoint.key)
            safe_to_retry = method == "GET" or is_connect_failure(exc)
            if isinstance(error, UnreachableError) and safe_to_retry:
                raise _FailoverError(error) from None
            raise error from None
        finally:
            _notify(
                RequestRecord(
                    cluster=self._config.name,
                    endpoint=endpoint.url,
                    method=method,
                    path=path,
                    params=dict(params or {}),
                    data=_masked(data),
                    status=status,
                    version=self._version,
                )
            )

    def _tls_error(self, endpoint: Endpoint, exc: requests.exceptions.SSLError) -> TlsError:
        policy = self._policy
        try:
            info = probe_certificate(endpoint.url, timeout=self._config.timeout_s)
        except PveSphereError:
            return TlsError(error_from_exception(exc, host=endpoint.key).detail, host=endpoint.key)
        if policy.mode is TlsMode.PINNED:
            pinned = policy.pin_for(endpoint.key) or ""
            if is_fingerprint_mismatch(exc) or info.fingerprint != pinned:
                log.warning(
                    "cluster %s: certificate of %s changed (pinned %s, presented %s)",
                    self._config.name,
                    endpoint.key,
                    pinned,
                    info.fingerprint,
                )
                return FingerprintMismatchError(
                    host=endpoint.key, expected=pinned, actual=info.fingerprint
                )
            return TlsError(error_from_exception(exc, host=endpoint.key).detail, host=endpoint.key)
        return UntrustedCertificateError(
            error_from_exception(exc, host=endpoint.key).detail,
            host=endpoint.key,
            fingerprint=info.fingerprint,
            subject=info.subject,
        )

    def _switch_to(self, endpoint: Endpoint) -> None:
        with self._lock:
            if self._current.key == endpoint.key:
                return
            if endpoint.key == self._entry.key:
                self._failed_over_at = None
            elif self._current.key == self._entry.key:
                self._failed_over_at = self._clock()
            self._current = endpoint
        log.warning(
            "cluster %s: now using node %s at %s",
            self._config.name,
            endpoint.node or "?",
            endpoint.url,
        )
        if self._on_endpoint_change is not None:
            self._on_endpoint_change(endpoint)

    def use_entry_endpoint(self) -> None:
        """Go back to the entry URL for the next request (e.g. after the user fixed it)."""
        self._switch_to(self._entry)

    # ---------------------------------------------------------------------------- trust
    @property
    def _policy(self) -> TrustPolicy:
        adapter = self._transport.get_adapter("https://")
        assert isinstance(adapter, TrustAdapter)
        return adapter.policy

    @staticmethod
    def _policy_from(config: ClusterConfig) -> TrustPolicy:
        return TrustPolicy(mode=config.tls, ca_file=config.ca_file, pins=dict(config.fingerprints))

    def _mount(self, policy: TrustPolicy) -> None:
        adapter = TrustAdapter(policy)
        old = self._transport.adapters.get("https://")
        self._transport.mount("https://", adapter)
        self._transport.mount("http://", adapter)  # refuses plain http
        if old is not None:
            old.close()

    def _update_config(self, config: ClusterConfig) -> None:
        with self._lock:
            if config == self._config:
                return
            self._config = config
            self._mount(self._policy_from(config))
        if self._on_config_change is not None:
            self._on_config_change(config)

    def pin(self, fingerprint: str, endpoint_key: str | None = None) -> ClusterConfig:
        """Pin ``fingerprint`` for an endpoint (default: the entry URL); return the config.

        This is the explicit re-pin action: it replaces an existing pin.
        """
        key = endpoint_key or self._entry.key
        value = normalize_fingerprint(fingerprint)
        with self._lock:
            pins = dict(self._config.fingerprints)
            pins[key] = value
            config = self._config.with_changes(tls=TlsMode.PINNED, fingerprints=pins)
        self._update_config(config)
        return config

    def _learn_endpoints(self, nodes: tuple[Node, ...]) -> None:
        """Remember each node's address (and, when pinning, its certificate fingerprint).

        Fingerprints of other nodes come from ``/nodes`` over the already trusted connection,
        the same way PVE itself joins nodes; an existing pin is never replaced silently.
        """
        if not self._config.failover:
            return
        port = urlsplit(self._entry.url).port or 8006
        endpoints: dict[str, str] = {}
        local_name: str | None = None
        for node in nodes:
            if node.local:
                local_name = node.node
            if node.ip:
                host = f"[{node.ip}]" if ":" in node.ip else node.ip
                endpoints[node.node] = f"https://{host}:{port}"
        with self._lock:
            if local_name and self._current.key == self._entry.key and self._entry.node is None:
                self._entry = Endpoint(self._entry.url, local_name)
                self._current = self._entry
            config = self._config
        pins = dict(config.fingerprints)
        if config.tls is TlsMode.PINNED:
            missing = [n for n, url in endpoints.items() if host_port(url) not in pins]
            if missing:
                for row in self._node_fingerprints():
                    url = endpoints.get(row[0])
                    if url and host_port(url) not in pins:
                        pins[host_port(url)] = row[1]
        learned = config.with_changes(known_endpoints=endpoints, fingerprints=pins)
        if learned != config:
            log.info(
                "cluster %s: learnt %d node addresses for failover", config.name, len(endpoints)
            )
            self._update_config(learned)

    def _node_fingerprints(self) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        try:
            data = self.get("/nodes")
        except PveSphereError as exc:
            log.info("cluster %s: cannot read node fingerprints: %s", self._config.name, exc)
            return rows
        for row in data if isinstance(data, list) else []:
            if not isinstance(row, Mapping):
                continue
            name = normalize.as_str(row.get("node"))
            fingerprint = normalize.as_str(row.get("ssl_fingerprint"))
            if name and fingerprint:
                with suppress(InvalidFingerprintError):
                    rows.append((name, normalize_fingerprint(fingerprint)))
        return rows


class _FailoverError(Exception):
    """Internal: the endpoint did not answer and the request is safe to send elsewhere."""

    def __init__(self, error: PveSphereError) -> None:
        super().__init__(str(error))
        self.error = error
