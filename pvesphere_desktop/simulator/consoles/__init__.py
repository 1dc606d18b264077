"""Console protocol servers of the simulated PVE: VNC (RFB 3.8), termproxy and SPICE fields.

The simulator's HTTPS server calls a :class:`ConsoleHub` from its endpoints:

* ``POST .../vncproxy`` and ``POST /nodes/{node}/vncshell`` -> :meth:`ConsoleHub.open_vnc`
* ``POST .../termproxy`` -> :meth:`ConsoleHub.open_term`
* ``GET .../vncwebsocket`` -> :meth:`ConsoleHub.verify_ticket` before the upgrade (an invalid
  ticket is PVE's 403; no listener means the upgrade never happens), then
  :meth:`ConsoleHub.serve` with the accepted websocket wrapped as a :class:`ConsoleConnection`
* ``POST .../spiceproxy`` -> :func:`spice_fields`

As in PVE, a session listens for one connection for ``listen_timeout`` (10 s) and its port
(5900-5999) is free again once the session ends. Ports are per node in PVE: use one hub per
simulated node (or per cluster, which is merely stricter). Time and randomness are
injectable so tests are deterministic.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import random
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pvesphere_desktop.simulator.consoles.connection import (
    MAX_FRAME,
    ConsoleConnection,
    ProtocolViolationError,
)
from pvesphere_desktop.simulator.consoles.rfb import RfbServer, RfbSessionState
from pvesphere_desktop.simulator.consoles.screen import KIND_LABELS, ConsoleScreen
from pvesphere_desktop.simulator.consoles.shell import SimShell
from pvesphere_desktop.simulator.consoles.spice import spice_fields
from pvesphere_desktop.simulator.consoles.termproxy import TermproxyServer
from pvesphere_desktop.simulator.consoles.tickets import (
    IssuedTicket,
    always_generates_password,
    assemble_ticket,
    authpath_for,
    ticket_age_ok,
    tickets_bound_to_port,
)
from pvesphere_desktop.simulator.consoles.tickets import generate_password as new_password
from pvesphere_desktop.simulator.consoles.vncauth import CHALLENGE_SIZE

__all__ = [
    "INVALID_TICKET_MESSAGE",
    "ConsoleConnection",
    "ConsoleError",
    "ConsoleHub",
    "ConsoleSession",
    "TicketCheck",
    "spice_fields",
]

_log = logging.getLogger(__name__)

VNC_KINDS = ("qemu", "lxc", "shell")
TERM_KINDS = ("shell", "lxc", "serial")
PORT_RANGE = (5900, 5999)
# What PVE says when vncwebsocket gets a bad ticket (seen as
# "403 Permission check failed (permission denied - invalid PVEVNC ticket)").
INVALID_TICKET_MESSAGE = "permission denied - invalid PVEVNC ticket"
_TICKET_MEMORY = 120.0  # seconds an issued ticket is remembered (it is valid for 40)


class ConsoleError(Exception):
    """A console cannot be opened (bad arguments, no free port); the text is PVE-like."""


class TicketCheck(enum.Enum):
    """Outcome of checking a vncwebsocket request."""

    OK = "ok"
    INVALID = "invalid"  # unknown ticket, other user, other guest/node, other port (9.1)
    EXPIRED = "expired"  # outside -20..+40 s of issue
    NO_LISTENER = "no-listener"  # nothing listens on the port (expired, used, never opened)


@dataclass
class ConsoleSession:
    """One console opened by vncproxy/vncshell/termproxy (holds secrets: never log it)."""

    port: int
    protocol: str  # "vnc" or "term"
    kind: str
    node: str
    vmid: int | None
    user: str
    title: str  # the VNC display title, or the terminal's host name
    version: str
    ticket: str
    vnc_password: str | None
    created: float
    width: int = 1024
    height: int = 768
    state: str = "listening"  # listening -> connected -> closed / expired
    rfb: RfbSessionState | None = None
    screen: ConsoleScreen | None = None
    shell: SimShell | None = None
    ended: float | None = None
    notes: list[str] = field(default_factory=list)

    def __repr__(self) -> str:  # keep tickets and passwords out of reprs and logs
        return (
            f"ConsoleSession(port={self.port}, protocol={self.protocol!r}, kind={self.kind!r}, "
            f"node={self.node!r}, vmid={self.vmid}, state={self.state!r})"
        )


class ConsoleHub:
    """Issue console tickets and serve the console sessions of one simulated node or cluster."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        listen_timeout: float = 10.0,
        login_timeout: float = 10.0,
        screen_size: tuple[int, int] = (1024, 768),
        port_range: tuple[int, int] = PORT_RANGE,
        max_frame: int = MAX_FRAME,
        on_session_end: Callable[[ConsoleSession], None] | None = None,
    ) -> None:
        """Create a hub; ``on_session_end`` is called once per session that ends or expires.

        Expiry is noticed on the next call into the hub (``sessions()`` sweeps).
        """
        self._clock = clock
        self._rng: random.Random = rng if rng is not None else secrets.SystemRandom()
        self.listen_timeout = listen_timeout
        self.login_timeout = login_timeout
        self.screen_size = screen_size
        self._port_range = port_range
        self._max_frame = max_frame
        self._key = self._rng.randbytes(32)
        self._lock = threading.Lock()
        self._sessions: dict[int, ConsoleSession] = {}
        self._tickets: dict[str, IssuedTicket] = {}
        self.history: deque[ConsoleSession] = deque(maxlen=64)
        self._on_session_end = on_session_end
        self._ended: list[ConsoleSession] = []

    # -- bookkeeping -----------------------------------------------------------------------

    def _expire(self, now: float) -> None:
        """Drop sessions nobody connected to in time and tickets too old to matter."""
        for port, session in list(self._sessions.items()):
            if session.state == "listening" and now - session.created > self.listen_timeout:
                session.state = "expired"
                session.ended = now
                del self._sessions[port]
                self.history.append(session)
                self._ended.append(session)
                _log.debug("console on port %d expired unused", port)
        for ticket, issued in list(self._tickets.items()):
            if now - issued.issued > _TICKET_MEMORY:
                del self._tickets[ticket]

    def _free_port(self) -> int:
        low, high = self._port_range
        for port in range(low, high + 1):
            if port not in self._sessions:
                return port
        raise ConsoleError(f"unable to find free port ({low}-{high})")

    def session(self, port: int) -> ConsoleSession | None:
        """Return the live (listening or connected) session on ``port``."""
        with self._lock:
            self._expire(self._clock())
            session = self._sessions.get(port)
        self._notify()
        return session

    def sessions(self) -> list[ConsoleSession]:
        """Return the live sessions, by port."""
        with self._lock:
            self._expire(self._clock())
            live = [self._sessions[port] for port in sorted(self._sessions)]
        self._notify()
        return live

    def _issue(
        self,
        *,
        protocol: str,
        kind: str,
        node: str,
        vmid: int | None,
        title: str,
        user: str,
        version: str,
        password: str | None,
        prefix_password: bool,
        size: tuple[int, int],
    ) -> ConsoleSession:
        now = self._clock()
        with self._lock:
            self._expire(now)
            port = self._free_port()
            issued = int(now)
            authpath = authpath_for(node, vmid)
            ticket = assemble_ticket(
                self._key,
                user=user,
                authpath=authpath,
                port=port,
                issued=issued,
                password=password if prefix_password else None,
            )
            self._tickets[ticket] = IssuedTicket(ticket, user, authpath, port, issued)
            session = ConsoleSession(
                port=port,
                protocol=protocol,
                kind=kind,
                node=node,
                vmid=vmid,
                user=user,
                title=title,
                version=version,
                ticket=ticket,
                vnc_password=(password or ticket) if protocol == "vnc" else None,
                created=now,
                width=size[0],
                height=size[1],
            )
            self._sessions[port] = session
        self._notify()
        _log.info(
            "console %s/%s opened on port %d (node %s, vmid %s)", protocol, kind, port, node, vmid
        )
        return session

    # -- the API the HTTPS endpoints call ----------------------------------------------------

    def open_vnc(
        self,
        *,
        node: str,
        vmid: int | None,
        title: str,
        user: str,
        version: str,
        kind: str,
        generate_password: bool = False,
        width: int | None = None,
        height: int | None = None,
    ) -> dict[str, Any]:
        """Open a VNC console (vncproxy / vncshell); return the answer's ``data`` fields.

        Returns ``user``, ``ticket``, ``port`` (int) and, when PVE would, ``password``:
        always from 9.1 (with the ticket ``"<password>:PVEVNC:..."``), and before 9.1 only
        for qemu with ``generate_password`` (the ticket then stays a plain VNC ticket).
        ``width``/``height`` are the lxc/vncshell display size parameters.
        """
        if kind not in VNC_KINDS:
            raise ConsoleError(f"unknown VNC console kind {kind!r}")
        _check_vmid(kind, vmid)
        password: str | None = None
        prefix = always_generates_password(version)
        if prefix or (generate_password and kind == "qemu"):
            password = new_password(self._rng)
        default_w, default_h = self.screen_size
        size = (width or default_w, height or default_h)
        session = self._issue(
            protocol="vnc",
            kind=kind,
            node=node,
            vmid=vmid,
            title=title,
            user=user,
            version=version,
            password=password,
            prefix_password=prefix,
            size=size,
        )
        data: dict[str, Any] = {"user": user, "ticket": session.ticket, "port": session.port}
        if password is not None:
            data["password"] = password
        return data

    def open_term(
        self, *, node: str, vmid: int | None, hostname: str, user: str, version: str, kind: str
    ) -> dict[str, Any]:
        """Open a termproxy console; return ``user``, ``ticket`` and ``port``.

        ``kind`` is "shell" (node shell, ``vmid`` None), "lxc" or "serial" (qemu serial0).
        """
        if kind not in TERM_KINDS:
            raise ConsoleError(f"unknown terminal kind {kind!r}")
        _check_vmid(kind, vmid)
        session = self._issue(
            protocol="term",
            kind=kind,
            node=node,
            vmid=vmid,
            title=hostname,
            user=user,
            version=version,
            password=None,
            prefix_password=False,
            size=self.screen_size,
        )
        return {"user": user, "ticket": session.ticket, "port": session.port}

    def _verify(
        self,
        *,
        ticket: str,
        user: str,
        path_vmid: int | None,
        node: str | None,
        port: int,
        version: str,
        now: float,
    ) -> TicketCheck:
        """Check a ticket like PVE's verify_vnc_ticket (caller holds the lock)."""
        issued = self._tickets.get(ticket)
        if issued is None or issued.user != user:
            return TicketCheck.INVALID
        if path_vmid is not None:
            if issued.authpath != f"/vms/{path_vmid}":
                return TicketCheck.INVALID
        elif not issued.authpath.startswith("/nodes/") or (
            node is not None and issued.authpath != f"/nodes/{node}"
        ):
            return TicketCheck.INVALID
        if tickets_bound_to_port(version) and issued.port != port:
            return TicketCheck.INVALID
        if not ticket_age_ok(issued.issued, now):
            return TicketCheck.EXPIRED
        return TicketCheck.OK

    def verify_ticket(
        self,
        *,
        port: int,
        vncticket: str,
        user: str,
        path_vmid: int | None,
        version: str,
        now: float | None = None,
        node: str | None = None,
    ) -> TicketCheck:
        """Check a vncwebsocket request: the ticket first (PVE's 403), then the listener.

        ``vncticket`` is the full ticket as passed in the query; ``path_vmid`` the VMID in
        the request path (None for ``/nodes/{node}/vncwebsocket``; then pass ``node`` to
        check the node too).
        """
        now = self._clock() if now is None else now
        with self._lock:
            self._expire(now)
            result = self._verify(
                ticket=vncticket,
                user=user,
                path_vmid=path_vmid,
                node=node,
                port=port,
                version=version,
                now=now,
            )
            session = self._sessions.get(port)
            if result is TicketCheck.OK and (
                session is None or session.state != "listening" or session.vmid != path_vmid
            ):
                result = TicketCheck.NO_LISTENER
        self._notify()
        return result

    def check_ticket(
        self,
        *,
        port: int,
        vncticket: str,
        user: str,
        path_vmid: int | None,
        version: str,
        now: float | None = None,
        node: str | None = None,
    ) -> bool:
        """Return True when a vncwebsocket request with these values would be served."""
        return (
            self.verify_ticket(
                port=port,
                vncticket=vncticket,
                user=user,
                path_vmid=path_vmid,
                version=version,
                now=now,
                node=node,
            )
            is TicketCheck.OK
        )

    def _claim(
        self,
        *,
        port: int,
        vncticket: str,
        user: str,
        path_vmid: int | None,
        version: str,
        node: str | None,
    ) -> ConsoleSession | None:
        now = self._clock()
        result = self.verify_ticket(
            port=port,
            vncticket=vncticket,
            user=user,
            path_vmid=path_vmid,
            version=version,
            now=now,
            node=node,
        )
        with self._lock:
            session = self._sessions.get(port)
            if result is not TicketCheck.OK or session is None or session.state != "listening":
                _log.info("vncwebsocket on port %d refused: %s", port, result.value)
                return None
            session.state = "connected"  # one connection per session, like PVE's listener
            return session

    def _release(self, session: ConsoleSession) -> None:
        with self._lock:
            session.state = "closed"
            session.ended = self._clock()
            if self._sessions.get(session.port) is session:
                del self._sessions[session.port]
            self.history.append(session)
            self._ended.append(session)
        self._notify()

    def _notify(self) -> None:
        """Report ended sessions to ``on_session_end`` (outside the lock)."""
        with self._lock:
            ended, self._ended = self._ended, []
        if self._on_session_end is not None:
            for session in ended:
                self._on_session_end(session)

    def _check_term_login(
        self, session: ConsoleSession, version: str
    ) -> Callable[[str, str], bool]:
        def check(user: str, ticket: str) -> bool:
            now = self._clock()
            with self._lock:
                result = self._verify(
                    ticket=ticket,
                    user=user,
                    path_vmid=session.vmid,
                    node=session.node,
                    port=session.port,
                    version=version,
                    now=now,
                )
            return result is TicketCheck.OK

        return check

    async def serve(
        self,
        conn: ConsoleConnection,
        *,
        port: int,
        vncticket: str,
        user: str,
        path_vmid: int | None,
        version: str,
        node: str | None = None,
    ) -> None:
        """Run the console session behind an accepted vncwebsocket connection.

        Closes ``conn`` without serving when the request would not be accepted (see
        :meth:`verify_ticket`), and always closes it when the session ends.
        """
        session = self._claim(
            port=port,
            vncticket=vncticket,
            user=user,
            path_vmid=path_vmid,
            version=version,
            node=node,
        )
        if session is None:
            await _close_quietly(conn)
            return
        _log.info("console on port %d connected", port)
        try:
            if session.protocol == "vnc":
                await self._serve_vnc(conn, session)
            else:
                await self._serve_term(conn, session, version)
        except EOFError:
            _log.info("console on port %d: client went away", port)
        except ProtocolViolationError as exc:
            _log.info("console on port %d: %s", port, exc)
            session.notes.append(str(exc))
        finally:
            self._release(session)
            await _close_quietly(conn)
            _log.info("console on port %d closed", port)

    async def _serve_vnc(self, conn: ConsoleConnection, session: ConsoleSession) -> None:
        subtitle = f"NODE {session.node}" if session.vmid is None else f"VMID {session.vmid}"
        info = f"{KIND_LABELS[session.kind]} on node {session.node}"
        screen = ConsoleScreen(
            session.width, session.height, title=session.title, subtitle=subtitle, info=info
        )
        assert session.vnc_password is not None
        server = RfbServer(
            conn,
            screen=screen,
            password=session.vnc_password,
            name=session.title,
            challenge=self._rng.randbytes(CHALLENGE_SIZE),
            max_frame=self._max_frame,
        )
        session.screen = screen
        session.rfb = server.state
        await server.run()

    async def _serve_term(
        self, conn: ConsoleConnection, session: ConsoleSession, version: str
    ) -> None:
        shell = SimShell(
            kind=session.kind,
            hostname=session.title,
            user=session.user,
            version=session.version,
            clock=self._clock,
        )
        session.shell = shell
        server = TermproxyServer(
            conn,
            shell=shell,
            check_login=self._check_term_login(session, version),
            login_timeout=self.login_timeout,
            max_frame=self._max_frame,
        )
        await server.run()


def _check_vmid(kind: str, vmid: int | None) -> None:
    if (kind == "shell") != (vmid is None):
        raise ConsoleError("a node shell has no vmid; every other console needs one")


async def _close_quietly(conn: ConsoleConnection) -> None:
    with contextlib.suppress(EOFError, OSError):
        await conn.close()
