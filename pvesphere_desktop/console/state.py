"""The console pane's state machine, Qt-free.

States: idle -> connecting -> authenticating -> connected -> disconnected (with a reason), or
failed (with a reason) from any step. Two sources feed it: the relay (upstream opened, refused,
closed) and the page (RFB connected, VNC auth failed, terminal login OK or refused). They can
arrive in either order, so a failure may be refined later by a more specific one (a generic
"closed during login" becomes "password refused" when the page reports why).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any

from pvesphere_desktop.console.relay import (
    CloseCode,
    ClosedBy,
    RelayEvent,
    RelayEventKind,
    RelayFailure,
)
from pvesphere_desktop.console.target import ConsoleKind
from pvesphere_desktop.core.errors import (
    AuthenticationError,
    FingerprintMismatchError,
    PermissionDeniedError,
    PveSphereError,
    TlsError,
    UnreachableError,
)
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP, UserMessage

log = logging.getLogger(__name__)

_CTX = "Console"


class ConsoleState(StrEnum):
    IDLE = "idle"
    CONNECTING = "connecting"
    AUTHENTICATING = "authenticating"
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    FAILED = "failed"


class Reason(StrEnum):
    """Why a console is not (or no longer) connected."""

    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    TLS = "tls"
    FINGERPRINT = "fingerprint"
    TICKET_REJECTED = "ticket_rejected"
    TICKET_EXPIRED = "ticket_expired"
    FORBIDDEN = "forbidden"
    AUTH_FAILED = "auth_failed"  # the VNC password or the terminal login was refused
    LOGIN_REQUIRED = "login_required"  # these credentials cannot open this console
    OPEN_FAILED = "open_failed"  # PVE refused to start the console (API error)
    CLOSED_DURING_LOGIN = "closed_during_login"
    UPSTREAM_CLOSED = "upstream_closed"
    CONNECTION_LOST = "connection_lost"
    PAGE_TIMEOUT = "page_timeout"
    LOCAL = "local"  # the user ended it


class _Rank(IntEnum):
    GENERIC = 1
    SPECIFIC = 2


_GENERIC = {Reason.CLOSED_DURING_LOGIN, Reason.CONNECTION_LOST, Reason.UPSTREAM_CLOSED}

_MESSAGES: dict[Reason, str] = {
    Reason.UNREACHABLE: QT_TRANSLATE_NOOP("Console", "Cannot reach {host}: {detail}"),
    Reason.TIMEOUT: QT_TRANSLATE_NOOP("Console", "{host} did not answer in time."),
    Reason.TLS: QT_TRANSLATE_NOOP("Console", "The secure connection to {host} failed: {detail}"),
    Reason.FINGERPRINT: QT_TRANSLATE_NOOP("Console", "{detail}"),
    Reason.TICKET_REJECTED: QT_TRANSLATE_NOOP(
        "Console", "PVE refused the console ticket or the session's credentials ({detail})."
    ),
    Reason.TICKET_EXPIRED: QT_TRANSLATE_NOOP(
        "Console",
        "The console ticket expired before the connection was made. Reconnect for a new one.",
    ),
    Reason.FORBIDDEN: QT_TRANSLATE_NOOP("Console", "Permission denied: {detail}"),
    Reason.AUTH_FAILED: QT_TRANSLATE_NOOP("Console", "The console refused the login: {detail}"),
    Reason.LOGIN_REQUIRED: QT_TRANSLATE_NOOP("Console", "{detail}"),
    Reason.OPEN_FAILED: QT_TRANSLATE_NOOP("Console", "PVE could not open the console: {detail}"),
    Reason.CLOSED_DURING_LOGIN: QT_TRANSLATE_NOOP(
        "Console", "The console closed the connection during login."
    ),
    Reason.UPSTREAM_CLOSED: QT_TRANSLATE_NOOP(
        "Console", "The console was closed by the server (the guest may have stopped)."
    ),
    Reason.CONNECTION_LOST: QT_TRANSLATE_NOOP("Console", "The connection to the console was lost."),
    Reason.PAGE_TIMEOUT: QT_TRANSLATE_NOOP("Console", "The console view did not connect in time."),
    Reason.LOCAL: QT_TRANSLATE_NOOP("Console", "Disconnected."),
}

_STATE_TEXT: dict[ConsoleState, str] = {
    ConsoleState.IDLE: QT_TRANSLATE_NOOP("Console", "Not connected."),
    ConsoleState.CONNECTING: QT_TRANSLATE_NOOP("Console", "Connecting to {host}…"),
    ConsoleState.AUTHENTICATING: QT_TRANSLATE_NOOP("Console", "Logging in…"),
    ConsoleState.CONNECTED: QT_TRANSLATE_NOOP("Console", "Connected."),
}

_RELAY_REASONS: dict[RelayFailure, Reason] = {
    RelayFailure.UNREACHABLE: Reason.UNREACHABLE,
    RelayFailure.TIMEOUT: Reason.TIMEOUT,
    RelayFailure.TLS: Reason.TLS,
    RelayFailure.FINGERPRINT: Reason.FINGERPRINT,
    RelayFailure.REJECTED: Reason.TICKET_REJECTED,
    RelayFailure.TICKET_EXPIRED: Reason.TICKET_EXPIRED,
    RelayFailure.FORBIDDEN: Reason.FORBIDDEN,
    RelayFailure.UPSTREAM_ERROR: Reason.OPEN_FAILED,
    RelayFailure.PAGE_TIMEOUT: Reason.PAGE_TIMEOUT,
}


@dataclass(frozen=True)
class ConsoleStatus:
    """The pane's state and, when not connected, why; ``message`` is what the pane shows."""

    state: ConsoleState
    reason: Reason | None = None
    message: UserMessage = field(default_factory=lambda: UserMessage(_CTX, "", {}))

    @property
    def can_reconnect(self) -> bool:
        return self.state in (ConsoleState.DISCONNECTED, ConsoleState.FAILED, ConsoleState.IDLE)

    @property
    def needs_login(self) -> bool:
        return self.reason is Reason.LOGIN_REQUIRED


Listener = Callable[[ConsoleStatus], None]


class ConsoleStateMachine:
    """Fold relay and page events into one :class:`ConsoleStatus`; tell listeners of changes."""

    def __init__(self, kind: ConsoleKind, host: str, on_change: Listener | None = None) -> None:
        self._kind = kind
        self._host = host
        self._listeners: list[Listener] = [on_change] if on_change else []
        self._status = self._plain(ConsoleState.IDLE)
        self.history: list[ConsoleStatus] = []

    @property
    def status(self) -> ConsoleStatus:
        return self._status

    @property
    def state(self) -> ConsoleState:
        return self._status.state

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    # -- inputs ----------------------------------------------------------------------------

    def start(self) -> None:
        """A (re)connection begins."""
        self._set(self._plain(ConsoleState.CONNECTING))

    def open_failed(self, error: PveSphereError, reason: Reason | None = None) -> None:
        """The console could not be requested from PVE (or needs another login).

        The error's own message is shown: it already names the host and the cause.
        """
        reason = reason or _open_reason(error)
        if self.state in (ConsoleState.FAILED, ConsoleState.DISCONNECTED):
            return
        self._set(ConsoleStatus(ConsoleState.FAILED, reason, error.message))

    def ended_locally(self) -> None:
        """The user closed the console or is reconnecting it."""
        if self.state not in (ConsoleState.FAILED, ConsoleState.DISCONNECTED):
            self._set(self._with(ConsoleState.DISCONNECTED, Reason.LOCAL, ""))

    def relay_event(self, event: RelayEvent) -> None:
        """Apply an event of the relay session."""
        if event.kind is RelayEventKind.UPSTREAM_CONNECTED:
            if self.state is ConsoleState.CONNECTING:
                self._set(self._plain(ConsoleState.AUTHENTICATING))
        elif event.kind is RelayEventKind.FAILED and event.failure is not None:
            self._fail(_RELAY_REASONS[event.failure], event.detail)
        elif event.kind is RelayEventKind.CLOSED:
            self._closed(event.closed_by, event.code)

    def page_event(self, event: Mapping[str, Any]) -> None:
        """Apply an event the console page reported."""
        name = event.get("event")
        if name == "connected":
            if self.state in (ConsoleState.CONNECTING, ConsoleState.AUTHENTICATING):
                self._set(self._plain(ConsoleState.CONNECTED))
        elif name == "securityfailure":
            self._fail(Reason.AUTH_FAILED, str(event.get("reason") or "") or "VNC authentication")
        elif name == "login_failed":
            self._fail(Reason.AUTH_FAILED, "termproxy")
        elif name == "socket_closed":
            code = event.get("code")
            if code == CloseCode.FAILED:
                self._fail(Reason.CONNECTION_LOST, "")  # the relay's event says more
            elif code == CloseCode.UPSTREAM_CLOSED:
                self._closed(ClosedBy.UPSTREAM, None)
            elif code == CloseCode.ENDED:
                self.ended_locally()
            else:
                self._closed(ClosedBy.PAGE, code if isinstance(code, int) else None)

    # -- internals -------------------------------------------------------------------------

    def _closed(self, closed_by: ClosedBy | None, code: int | None) -> None:
        state = self.state
        if closed_by is ClosedBy.LOCAL:
            self.ended_locally()
        elif state is ConsoleState.CONNECTED:
            reason = (
                Reason.UPSTREAM_CLOSED
                if closed_by is ClosedBy.UPSTREAM
                else (Reason.CONNECTION_LOST)
            )
            self._set(self._with(ConsoleState.DISCONNECTED, reason, ""))
        elif state in (ConsoleState.CONNECTING, ConsoleState.AUTHENTICATING):
            if self._kind.is_terminal and closed_by is ClosedBy.UPSTREAM:
                # termproxy hangs up without a word when it refuses the ticket line.
                self._fail(Reason.AUTH_FAILED, "termproxy")
            else:
                self._fail(Reason.CLOSED_DURING_LOGIN, "")
        del code

    def _fail(self, reason: Reason, detail: str) -> None:
        current = self._status
        if current.state is ConsoleState.FAILED:
            if _rank(reason) <= _rank(current.reason):
                return  # keep the more specific explanation we already have
        elif current.state is ConsoleState.DISCONNECTED:
            return  # already over; late news of the same end
        self._set(self._with(ConsoleState.FAILED, reason, detail))

    def _plain(self, state: ConsoleState) -> ConsoleStatus:
        text = _STATE_TEXT.get(state, "")
        return ConsoleStatus(state, None, UserMessage(_CTX, text, {"host": self._host}))

    def _with(self, state: ConsoleState, reason: Reason, detail: str) -> ConsoleStatus:
        message = UserMessage(_CTX, _MESSAGES[reason], {"host": self._host, "detail": detail})
        return ConsoleStatus(state, reason, message)

    def _set(self, status: ConsoleStatus) -> None:
        if status == self._status:
            return
        log.info(
            "Console %s -> %s%s",
            self._status.state,
            status.state,
            f" ({status.reason})" if status.reason else "",
        )
        self._status = status
        self.history.append(status)
        for listener in list(self._listeners):
            listener(status)


def _open_reason(error: PveSphereError) -> Reason:
    if isinstance(error, UnreachableError):
        return Reason.UNREACHABLE
    if isinstance(error, FingerprintMismatchError):
        return Reason.FINGERPRINT
    if isinstance(error, TlsError):
        return Reason.TLS
    if isinstance(error, PermissionDeniedError):
        return Reason.FORBIDDEN
    if isinstance(error, AuthenticationError):
        return Reason.AUTH_FAILED
    return Reason.OPEN_FAILED


def _rank(reason: Reason | None) -> int:
    if reason is None:
        return 0
    return _Rank.GENERIC if reason in _GENERIC else _Rank.SPECIFIC
