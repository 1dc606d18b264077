"""The console pane's state machine: relay and page events in either order."""

from __future__ import annotations

import pytest

from pvesphere_desktop.console.relay import (
    CloseCode,
    ClosedBy,
    RelayEvent,
    RelayEventKind,
    RelayFailure,
)
from pvesphere_desktop.console.state import ConsoleState, ConsoleStateMachine, ConsoleStatus, Reason
from pvesphere_desktop.console.target import ConsoleKind
from pvesphere_desktop.core.errors import (
    FingerprintMismatchError,
    NotFoundError,
    PermissionDeniedError,
    UnreachableError,
)

UP = RelayEvent(RelayEventKind.UPSTREAM_CONNECTED)


def machine(kind: ConsoleKind = ConsoleKind.VNC) -> tuple[ConsoleStateMachine, list[ConsoleStatus]]:
    seen: list[ConsoleStatus] = []
    sm = ConsoleStateMachine(kind, "pve1:8006", seen.append)
    sm.start()
    return sm, seen


def failed(failure: RelayFailure, detail: str = "d") -> RelayEvent:
    return RelayEvent(RelayEventKind.FAILED, failure=failure, detail=detail)


def closed(by: ClosedBy, code: int | None = 1000) -> RelayEvent:
    return RelayEvent(RelayEventKind.CLOSED, closed_by=by, code=code)


def test_happy_path() -> None:
    sm, seen = machine()
    sm.relay_event(RelayEvent(RelayEventKind.PAGE_CONNECTED))
    sm.relay_event(UP)
    sm.page_event({"event": "connected"})
    assert [s.state for s in seen] == [
        ConsoleState.CONNECTING,
        ConsoleState.AUTHENTICATING,
        ConsoleState.CONNECTED,
    ]
    assert str(seen[0].message) == "Connecting to pve1:8006…"


@pytest.mark.parametrize(
    ("failure", "reason"),
    [
        (RelayFailure.UNREACHABLE, Reason.UNREACHABLE),
        (RelayFailure.TIMEOUT, Reason.TIMEOUT),
        (RelayFailure.TLS, Reason.TLS),
        (RelayFailure.FINGERPRINT, Reason.FINGERPRINT),
        (RelayFailure.REJECTED, Reason.TICKET_REJECTED),
        (RelayFailure.TICKET_EXPIRED, Reason.TICKET_EXPIRED),
        (RelayFailure.FORBIDDEN, Reason.FORBIDDEN),
        (RelayFailure.UPSTREAM_ERROR, Reason.OPEN_FAILED),
        (RelayFailure.PAGE_TIMEOUT, Reason.PAGE_TIMEOUT),
    ],
)
def test_relay_failures_have_their_own_reason(failure, reason) -> None:
    sm, _ = machine()
    sm.relay_event(failed(failure, "connection refused"))
    assert sm.status.state is ConsoleState.FAILED
    assert sm.status.reason is reason
    assert sm.status.can_reconnect
    assert str(sm.status.message)


def test_specific_reason_refines_a_generic_one_in_any_order() -> None:
    sm, _ = machine()
    sm.page_event({"event": "socket_closed", "code": CloseCode.FAILED})
    assert sm.status.reason is Reason.CONNECTION_LOST
    sm.relay_event(failed(RelayFailure.UNREACHABLE, "connection refused"))
    assert sm.status.reason is Reason.UNREACHABLE
    assert str(sm.status.message) == "Cannot reach pve1:8006: connection refused"

    sm2, _ = machine()
    sm2.relay_event(failed(RelayFailure.UNREACHABLE))
    sm2.page_event({"event": "socket_closed", "code": CloseCode.FAILED})
    assert sm2.status.reason is Reason.UNREACHABLE


def test_vnc_closed_during_login_then_refused_password() -> None:
    sm, _ = machine(ConsoleKind.VNC)
    sm.relay_event(UP)
    sm.relay_event(closed(ClosedBy.UPSTREAM))
    assert sm.status.reason is Reason.CLOSED_DURING_LOGIN
    sm.page_event({"event": "securityfailure", "status": 1, "reason": "Authentication failed"})
    assert sm.status.reason is Reason.AUTH_FAILED
    assert "Authentication failed" in str(sm.status.message)


def test_terminal_hung_up_during_login_is_a_refused_login() -> None:
    sm, _ = machine(ConsoleKind.SHELL)
    sm.relay_event(UP)
    sm.relay_event(closed(ClosedBy.UPSTREAM))
    assert sm.status.state is ConsoleState.FAILED
    assert sm.status.reason is Reason.AUTH_FAILED


def test_upstream_closing_a_live_console_disconnects_it() -> None:
    sm, seen = machine()
    sm.relay_event(UP)
    sm.page_event({"event": "connected"})
    sm.relay_event(closed(ClosedBy.UPSTREAM))
    sm.page_event({"event": "socket_closed", "code": CloseCode.UPSTREAM_CLOSED})
    assert sm.status.state is ConsoleState.DISCONNECTED
    assert sm.status.reason is Reason.UPSTREAM_CLOSED
    assert seen[-1] == sm.status
    assert len([s for s in seen if s.state is ConsoleState.DISCONNECTED]) == 1


def test_page_losing_its_socket_while_connected() -> None:
    sm, _ = machine()
    sm.relay_event(UP)
    sm.page_event({"event": "connected"})
    sm.page_event({"event": "socket_closed", "code": 1006})
    assert sm.status.reason is Reason.CONNECTION_LOST


def test_local_end_and_restart() -> None:
    sm, _ = machine()
    sm.relay_event(UP)
    sm.page_event({"event": "connected"})
    sm.ended_locally()
    assert (sm.status.state, sm.status.reason) == (ConsoleState.DISCONNECTED, Reason.LOCAL)
    sm.relay_event(failed(RelayFailure.UNREACHABLE))  # late news of the ended session
    assert sm.status.reason is Reason.LOCAL
    sm.start()
    assert sm.status.state is ConsoleState.CONNECTING


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (UnreachableError("connection refused", host="h:8006"), Reason.UNREACHABLE),
        (FingerprintMismatchError(host="h", expected="A", actual="B"), Reason.FINGERPRINT),
        (PermissionDeniedError("VM.Console"), Reason.FORBIDDEN),
        (NotFoundError("no such VM"), Reason.OPEN_FAILED),
    ],
)
def test_open_failures_show_the_errors_own_message(error, reason) -> None:
    sm, _ = machine()
    sm.open_failed(error)
    assert sm.status.reason is reason
    assert str(sm.status.message) == str(error.message)


def test_stray_events_do_not_move_an_idle_machine() -> None:
    seen: list[ConsoleStatus] = []
    sm = ConsoleStateMachine(ConsoleKind.VNC, "h", seen.append)
    sm.relay_event(UP)
    sm.page_event({"event": "connected"})
    assert sm.status.state is ConsoleState.IDLE
    assert seen == []
