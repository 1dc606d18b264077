"""The local console relay: page websocket on 127.0.0.1 <-> PVE's ``vncwebsocket`` over wss.

Why a relay: a browser engine cannot send an API-token header on a websocket upgrade, cannot
use our pinned TLS trust, and must never hold the cluster's credentials. The relay runs in the
app process, listens on 127.0.0.1 with a random port, serves our console pages (so they have
one exact origin) and, for each console session, accepts exactly one websocket on a one-time,
unguessable, short-lived path. It then opens the upstream connection with the session's auth
and trust and copies frames both ways until either side closes, then closes the other.

The relay is plain asyncio (no Qt): it can run on any loop; events are reported through a
callback on the relay's loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import http
import logging
import secrets
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
from websockets.http11 import Request, Response
from websockets.typing import Subprotocol

from pvesphere_desktop import APP_NAME, __version__
from pvesphere_desktop.console.static import StaticSite
from pvesphere_desktop.console.trust import UpstreamTls
from pvesphere_desktop.core.errors import FingerprintMismatchError, TlsError
from pvesphere_desktop.core.redact import redact
from pvesphere_desktop.pve.tls import describe_os_error

log = logging.getLogger(__name__)
# websockets logs whole requests (URL with the console ticket, auth headers) at DEBUG: keep its
# loggers for our connections at WARNING whatever the application's level is.
_wire_log = logging.getLogger(f"{__name__}.wire")
_wire_log.setLevel(logging.WARNING)

RELAY_PREFIX = "/relay/"
TOKEN_TTL_S = 30.0  # the page must connect within this time (PVE's VNC tickets last 40 s)
CONNECT_TIMEOUT_S = 10.0
UPSTREAM_CLOSE_TIMEOUT_S = 2.0
PAGE_MAX_MESSAGE = 256 * 1024  # PVE itself refuses client frames above 128 KiB
UPSTREAM_MAX_MESSAGE = 16 * 1024 * 1024
USER_AGENT = f"{APP_NAME.replace(' ', '-')}/{__version__}"


class CloseCode:
    """Close codes the relay sends to the page; vnc.js/term.js know them too."""

    UPSTREAM_CLOSED = 4000
    FAILED = 4001  # the upstream could not be opened; the event carries the details
    ENDED = 4002  # the session was ended locally (tab closed, reconnect)


class RelayFailure(StrEnum):
    """Why an upstream connection could not be opened."""

    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    TLS = "tls"
    FINGERPRINT = "fingerprint"
    REJECTED = "rejected"  # 401: ticket or credentials not accepted
    TICKET_EXPIRED = "ticket_expired"  # 401 after the console ticket's lifetime
    FORBIDDEN = "forbidden"  # 403
    UPSTREAM_ERROR = "upstream_error"  # any other HTTP status or protocol error
    PAGE_TIMEOUT = "page_timeout"  # the page never connected to its token


class RelayEventKind(StrEnum):
    PAGE_CONNECTED = "page_connected"
    UPSTREAM_CONNECTED = "upstream_connected"
    FAILED = "failed"
    CLOSED = "closed"


class ClosedBy(StrEnum):
    UPSTREAM = "upstream"
    PAGE = "page"
    LOCAL = "local"


@dataclass(frozen=True)
class RelayEvent:
    """Something that happened to one relay session; ``detail`` never holds a secret."""

    kind: RelayEventKind
    failure: RelayFailure | None = None
    closed_by: ClosedBy | None = None
    code: int | None = None
    detail: str = ""
    status: int | None = None  # HTTP status of a refused upgrade


@dataclass(frozen=True)
class UpstreamTarget:
    """Where and how to open one upstream console websocket.

    ``url`` carries the console ticket in its query and ``headers`` the session's auth: both are
    kept out of ``repr`` and logs.
    """

    url: str = field(repr=False)
    headers: tuple[tuple[str, str], ...] = field(repr=False)
    tls: UpstreamTls = field(repr=False)
    subprotocols: tuple[str, ...] = ("binary",)
    ticket_expires_at: float | None = None  # after this (relay clock) a refusal means "expired"

    @property
    def safe_url(self) -> str:
        """Return the URL without its query (the query holds the ticket)."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}{parts.path}"

    def __repr__(self) -> str:
        return f"UpstreamTarget({self.safe_url!r}, tls={self.tls.host!r})"


EventCallback = Callable[[RelayEvent], None]


class _Session:
    def __init__(self, token: str, target: UpstreamTarget, on_event: EventCallback) -> None:
        self.token = token
        self.target = target
        self.on_event = on_event
        self.created = time.monotonic()
        self.claimed = False
        self.ended = False
        self.page: ServerConnection | None = None
        self.upstream: ClientConnection | None = None
        self.stop: asyncio.Event | None = None
        self.expiry: asyncio.TimerHandle | None = None


@dataclass(frozen=True)
class RelayTicket:
    """What the console page needs to reach its session: a one-time websocket URL."""

    token: str = field(repr=False)
    ws_url: str = field(repr=False)


class UpstreamOpenError(Exception):
    """The upstream websocket could not be opened (classified, without secrets)."""

    def __init__(self, failure: RelayFailure, detail: str, status: int | None = None) -> None:
        super().__init__(f"{failure}: {detail}")
        self.failure = failure
        self.detail = detail
        self.status = status


class _PinnedConnect(connect):
    """``websockets`` connect that checks TLS pins before the upgrade and follows no redirect."""

    def __init__(self, uri: str, *, upstream_tls: UpstreamTls, **kwargs: Any) -> None:
        self._upstream_tls = upstream_tls
        super().__init__(uri, **kwargs)

    async def open_tcp_connection(self) -> ClientConnection:
        connection = await super().open_tcp_connection()
        try:
            self._upstream_tls.verify_pins(connection.transport.get_extra_info("ssl_object"))
        except BaseException:
            connection.transport.abort()
            raise
        return connection

    def process_redirect(self, exc: Exception) -> Exception | str:
        # Credentials must never follow a redirect to another place.
        return exc


async def open_upstream(
    target: UpstreamTarget,
    open_timeout: float = CONNECT_TIMEOUT_S,
    clock: Callable[[], float] = time.time,
    close_timeout: float = UPSTREAM_CLOSE_TIMEOUT_S,
) -> ClientConnection:
    """Open the upstream console websocket, or raise :class:`UpstreamOpenError`."""
    parts = urlsplit(target.url)
    if parts.scheme != "wss":
        raise UpstreamOpenError(RelayFailure.TLS, "console upstream must use wss://")
    try:
        return await _PinnedConnect(
            target.url,
            upstream_tls=target.tls,
            ssl=target.tls.context,
            additional_headers=list(target.headers),
            subprotocols=[Subprotocol(s) for s in target.subprotocols],
            proxy=None,
            compression=None,
            open_timeout=open_timeout,
            close_timeout=close_timeout,
            max_size=UPSTREAM_MAX_MESSAGE,
            user_agent_header=USER_AGENT,
            logger=_wire_log,
        )
    except FingerprintMismatchError as exc:
        raise UpstreamOpenError(RelayFailure.FINGERPRINT, str(exc)) from None
    except TlsError as exc:
        raise UpstreamOpenError(RelayFailure.TLS, str(exc)) from None
    except ssl.SSLCertVerificationError as exc:
        raise UpstreamOpenError(RelayFailure.TLS, exc.verify_message or str(exc)) from None
    except ssl.SSLError as exc:
        raise UpstreamOpenError(RelayFailure.TLS, exc.reason or str(exc)) from None
    except InvalidStatus as exc:
        status = exc.response.status_code
        reason = exc.response.reason_phrase
        detail = redact(f"HTTP {status} {reason}".strip())
        if status in (http.HTTPStatus.UNAUTHORIZED, http.HTTPStatus.FORBIDDEN):
            # PVE refuses a bad or old console ticket alike ("403 ... invalid PVEVNC ticket"):
            # only our own clock can tell that the ticket had simply expired.
            expires = target.ticket_expires_at
            if expires is not None and clock() > expires:
                raise UpstreamOpenError(RelayFailure.TICKET_EXPIRED, detail, status) from None
            if status == http.HTTPStatus.UNAUTHORIZED or "ticket" in reason.lower():
                raise UpstreamOpenError(RelayFailure.REJECTED, detail, status) from None
            raise UpstreamOpenError(RelayFailure.FORBIDDEN, detail, status) from None
        raise UpstreamOpenError(RelayFailure.UPSTREAM_ERROR, detail, status) from None
    except TimeoutError:
        detail = f"no answer within {open_timeout:g} s"
        raise UpstreamOpenError(RelayFailure.TIMEOUT, detail) from None
    except InvalidHandshake as exc:
        raise UpstreamOpenError(RelayFailure.UPSTREAM_ERROR, redact(str(exc))) from None
    except OSError as exc:
        raise UpstreamOpenError(RelayFailure.UNREACHABLE, describe_os_error(exc)) from None


class ConsoleRelay:
    """The relay server. Start it on a loop, register sessions from any thread."""

    def __init__(
        self,
        site: StaticSite | None = None,
        *,
        token_ttl: float = TOKEN_TTL_S,
        connect_timeout: float = CONNECT_TIMEOUT_S,
        extra_headers: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.time,
        upstream_close_timeout: float = UPSTREAM_CLOSE_TIMEOUT_S,
    ) -> None:
        self._site = site
        self._upstream_close_timeout = upstream_close_timeout
        self._clock = clock  # wall clock, for console ticket lifetimes
        self._token_ttl = token_ttl
        self._connect_timeout = connect_timeout
        self._extra_headers = dict(extra_headers or {})
        self._lock = threading.Lock()
        self._sessions: dict[str, _Session] = {}
        self._claims: dict[ServerConnection, _Session] = {}
        self._server: Server | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._port = 0

    # -- lifecycle --------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on 127.0.0.1 with a port the system picks."""
        self._loop = asyncio.get_running_loop()
        self._server = await serve(
            self._handle,
            "127.0.0.1",
            0,
            process_request=self._process_request,
            subprotocols=[Subprotocol("binary")],  # browsers fail a socket that gets none back
            compression=None,
            max_size=PAGE_MAX_MESSAGE,
            server_header=None,
            logger=_wire_log,
        )
        sockets = list(self._server.sockets)
        self._port = int(sockets[0].getsockname()[1])
        log.info("Console relay listening on 127.0.0.1:%d", self._port)

    async def stop(self) -> None:
        """End every session and stop listening."""
        with self._lock:
            tokens = list(self._sessions)
        for token in tokens:
            self._end(token)
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        log.info("Console relay stopped")

    @property
    def port(self) -> int:
        return self._port

    @property
    def origin(self) -> str:
        """The only origin allowed to open relay websockets: the relay's own pages."""
        return f"http://127.0.0.1:{self._port}"

    def page_url(self, page: str) -> str:
        """Return the URL of one of our console pages (e.g. ``vnc.html``)."""
        return f"{self.origin}/console/{page}"

    # -- sessions ---------------------------------------------------------------------------

    def register(self, target: UpstreamTarget, on_event: EventCallback) -> RelayTicket:
        """Create a one-time session for ``target``; thread-safe. Return its websocket URL."""
        if self._loop is None:
            raise RuntimeError("the relay is not running")
        token = secrets.token_urlsafe(32)
        session = _Session(token, target, on_event)
        with self._lock:
            self._sessions[token] = session
        self._loop.call_soon_threadsafe(self._arm_expiry, session)
        log.info("Console session registered for %s", target.safe_url)
        return RelayTicket(token, f"ws://127.0.0.1:{self._port}{RELAY_PREFIX}{token}")

    def end(self, token: str) -> None:
        """End a session from any thread: drop an unused token or close both sides."""
        if self._loop is None or self._loop.is_closed():
            return
        self._loop.call_soon_threadsafe(self._end, token)

    def active_count(self) -> int:
        """Return how many sessions are registered or running."""
        with self._lock:
            return len(self._sessions)

    def _arm_expiry(self, session: _Session) -> None:
        assert self._loop is not None
        if not session.ended and not session.claimed:
            session.expiry = self._loop.call_later(self._token_ttl, self._expire, session.token)

    def _expire(self, token: str) -> None:
        with self._lock:
            session = self._sessions.get(token)
            if session is None or session.claimed:
                return
            del self._sessions[token]
        session.ended = True
        log.info("Console session expired before its page connected")
        self._emit(
            session,
            RelayEvent(RelayEventKind.FAILED, failure=RelayFailure.PAGE_TIMEOUT, detail="expired"),
        )

    def _end(self, token: str) -> None:
        with self._lock:
            session = self._sessions.pop(token, None)
        if session is None or session.ended:
            return
        session.ended = True
        if session.expiry is not None:
            session.expiry.cancel()
        if session.stop is not None:
            session.stop.set()  # the handler closes both sides and reports
        else:
            self._emit(session, RelayEvent(RelayEventKind.CLOSED, closed_by=ClosedBy.LOCAL))

    def _emit(self, session: _Session, event: RelayEvent) -> None:
        try:
            session.on_event(event)
        except Exception:
            log.exception("Console event handler failed")

    # -- HTTP side: static pages and the checks before an upgrade ------------------------------

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        expected_host = f"127.0.0.1:{self._port}"
        host = request.headers.get("Host", "")
        if host != expected_host:
            # Defeats DNS rebinding: only our own address may be named.
            log.warning("Console relay refused a request for host %r", host)
            return self._plain(connection, http.HTTPStatus.MISDIRECTED_REQUEST, "Wrong host.\n")
        path = request.path
        if not path.startswith(RELAY_PREFIX):
            if "upgrade" in request.headers.get("Connection", "").lower():
                return self._plain(connection, http.HTTPStatus.NOT_FOUND, "Not found.\n")
            return self._static(connection, path)
        token = path[len(RELAY_PREFIX) :].split("?", 1)[0]
        with self._lock:
            # One attempt per token, whatever its outcome: a token seen twice was leaked.
            session = self._sessions.get(token) if token else None
            if session is not None and session.claimed:
                session = None
            elif session is not None:
                session.claimed = True
        if session is None:
            log.warning("Console relay refused an unknown or reused token")
            return self._plain(connection, http.HTTPStatus.FORBIDDEN, "Unknown session.\n")
        if session.expiry is not None:
            session.expiry.cancel()
        origin = request.headers.get("Origin")
        if origin != self.origin:
            log.warning("Console relay refused a websocket from origin %r", origin)
            self._end_refused(session, f"origin {origin!r} refused")
            return self._plain(connection, http.HTTPStatus.FORBIDDEN, "Origin not allowed.\n")
        with self._lock:
            self._claims[connection] = session
        return None

    def _end_refused(self, session: _Session, detail: str) -> None:
        with self._lock:
            self._sessions.pop(session.token, None)
        session.ended = True
        self._emit(
            session,
            RelayEvent(RelayEventKind.FAILED, failure=RelayFailure.FORBIDDEN, detail=detail),
        )

    def _plain(self, connection: ServerConnection, status: http.HTTPStatus, text: str) -> Response:
        response = connection.respond(status, text)
        response.headers["Cache-Control"] = "no-store"
        return response

    def _static(self, connection: ServerConnection, path: str) -> Response:
        found = self._site.lookup(path) if self._site is not None else None
        if found is None:
            return self._plain(connection, http.HTTPStatus.NOT_FOUND, "Not found.\n")
        headers = Headers(
            [
                ("Content-Type", found.content_type),
                ("Content-Length", str(len(found.body))),
                ("Cache-Control", "no-store"),
                ("X-Content-Type-Options", "nosniff"),
                ("Connection", "close"),
            ]
        )
        if found.content_type.startswith("text/html"):
            headers["Content-Security-Policy"] = self._content_security_policy()
        for key, value in self._extra_headers.items():
            headers[key] = value
        return Response(200, "OK", headers, found.body)

    def _content_security_policy(self) -> str:
        return (
            "default-src 'self'; "
            f"connect-src ws://127.0.0.1:{self._port}; "
            "img-src 'self' data: blob:; "
            "style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; "
            "frame-ancestors 'none'; "
            "base-uri 'none'; form-action 'none'"
        )

    # -- websocket side -----------------------------------------------------------------------

    async def _handle(self, page: ServerConnection) -> None:
        with self._lock:
            session = self._claims.pop(page, None)
        if session is None:  # pragma: no cover - process_request admitted it
            await page.close(CloseCode.FAILED, "no session")
            return
        stop = asyncio.Event()
        session.stop = stop
        session.page = page
        if session.ended:
            await page.close(CloseCode.ENDED, "ended")
            return
        self._emit(session, RelayEvent(RelayEventKind.PAGE_CONNECTED))
        try:
            await self._run(session, page, stop)
        finally:
            with self._lock:
                self._sessions.pop(session.token, None)
            session.ended = True

    async def _run(self, session: _Session, page: ServerConnection, stop: asyncio.Event) -> None:
        opener = asyncio.ensure_future(
            open_upstream(
                session.target, self._connect_timeout, self._clock, self._upstream_close_timeout
            )
        )
        stopper = asyncio.ensure_future(stop.wait())
        await asyncio.wait({opener, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if not opener.done():
            opener.cancel()
            with contextlib.suppress(BaseException):
                await opener
            await page.close(CloseCode.ENDED, "ended")
            self._emit(session, RelayEvent(RelayEventKind.CLOSED, closed_by=ClosedBy.LOCAL))
            return
        stopper.cancel()
        try:
            upstream = opener.result()
        except UpstreamOpenError as exc:
            log.warning("Console upstream %s could not be opened: %s", session.target.safe_url, exc)
            self._emit(
                session,
                RelayEvent(
                    RelayEventKind.FAILED,
                    failure=exc.failure,
                    detail=exc.detail,
                    status=exc.status,
                ),
            )
            await page.close(CloseCode.FAILED, str(exc.failure))
            return
        session.upstream = upstream
        log.info("Console upstream %s connected", session.target.safe_url)
        self._emit(session, RelayEvent(RelayEventKind.UPSTREAM_CONNECTED))
        await self._pump(session, page, upstream, stop)

    async def _pump(
        self,
        session: _Session,
        page: ServerConnection,
        upstream: ClientConnection,
        stop: asyncio.Event,
    ) -> None:
        to_upstream = asyncio.ensure_future(_copy(page, upstream))
        to_page = asyncio.ensure_future(_copy(upstream, page))
        stopper = asyncio.ensure_future(stop.wait())
        tasks = {to_upstream, to_page, stopper}
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        if stopper.done():
            closed_by = ClosedBy.LOCAL
        elif to_page.done():
            closed_by = ClosedBy.UPSTREAM if to_page.result() == _SOURCE else ClosedBy.PAGE
        else:
            closed_by = ClosedBy.PAGE if to_upstream.result() == _SOURCE else ClosedBy.UPSTREAM
        code = _received_close_code(upstream if closed_by is ClosedBy.UPSTREAM else page)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task
        if closed_by is ClosedBy.UPSTREAM:
            await page.close(CloseCode.UPSTREAM_CLOSED, "upstream closed")
        elif closed_by is ClosedBy.LOCAL:
            await page.close(CloseCode.ENDED, "ended")
        # Both at once: PVE may drop the connection instead of answering our close frame.
        await asyncio.gather(upstream.close(), page.close())
        log.info("Console session %s closed by %s", session.target.safe_url, closed_by)
        self._emit(session, RelayEvent(RelayEventKind.CLOSED, closed_by=closed_by, code=code))


_SOURCE = "source"
_SINK = "sink"


async def _copy(
    source: ServerConnection | ClientConnection, sink: ServerConnection | ClientConnection
) -> str:
    """Copy messages from ``source`` to ``sink`` (text stays text); return which side ended."""
    try:
        async for message in source:
            try:
                await sink.send(message)
            except ConnectionClosed:
                return _SINK
    except ConnectionClosed:
        pass
    return _SOURCE


def _received_close_code(connection: ServerConnection | ClientConnection) -> int | None:
    received = connection.protocol.close_rcvd
    if received is not None:
        return int(received.code)
    return connection.close_code
