"""A loopback wss server that answers ``vncwebsocket`` upgrades the way pveproxy does.

Used by the relay and pane tests: it checks the API auth (cookie or token header) and the
console ticket, records every upgrade request, then either echoes frames or hands the
websocket to the simulator's :class:`ConsoleHub` (its real RFB and termproxy servers), as
pveproxy hands it to the vncproxy/termproxy listener.
"""

from __future__ import annotations

import asyncio
import contextlib
import http
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.typing import Subprotocol

from pvesphere_desktop.simulator.consoles import INVALID_TICKET_MESSAGE, ConsoleHub, TicketCheck
from pvesphere_desktop.simulator.consoles.websocket import WebsocketConsoleConnection
from tests.consolekit.certs import SelfSignedCert

PATH = re.compile(
    r"^/api2/json/nodes/(?P<node>[\w.-]+)(?:/(?P<kind>qemu|lxc)/(?P<vmid>\d+))?/vncwebsocket$"
)

# check_ticket(ticket, port) -> None when valid, else (HTTP status, reason phrase).
Check = Callable[[str, int], tuple[int, str] | None]


@dataclass
class SeenRequest:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class FakeConsoleFront:
    cert: SelfSignedCert
    cookie: str | None = None  # accepted PVEAuthCookie value
    api_token: str | None = None  # accepted "user@realm!id=secret"
    check_ticket: Check = lambda ticket, port: None
    backend: str = "echo"  # "echo", "tcp" (bridge to 127.0.0.1:<port>) or "hub"
    hub: ConsoleHub | None = None
    version: str = "8.4.1"  # the PVE version the hub emulates
    cookie_user: str = "root@pam"
    requests: list[SeenRequest] = field(default_factory=list)
    received: bytearray = field(default_factory=bytearray)  # client -> console, all sessions
    connections: list[ServerConnection] = field(default_factory=list)
    _server: Server | None = None
    port: int = 0

    async def start(self) -> None:
        self._server = await serve(
            self._handle,
            "127.0.0.1",
            0,
            ssl=self.cert.server_context(),
            process_request=self._process_request,
            subprotocols=[Subprotocol("binary")],
            compression=None,
        )
        self.port = int(next(iter(self._server.sockets)).getsockname()[1])

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def url(self, path: str, port: int, ticket: str) -> str:
        from urllib.parse import quote

        return f"wss://127.0.0.1:{self.port}{path}?port={port}&vncticket={quote(ticket, safe='')}"

    async def close_all(self, code: int = 1000, reason: str = "") -> None:
        """Close every open console from the server side (guest stopped, node went down)."""
        for connection in list(self.connections):
            await connection.close(code, reason)

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        parts = urlsplit(request.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        headers = {key.lower(): value for key, value in request.headers.raw_items()}
        self.requests.append(SeenRequest(parts.path, query, headers))
        if not PATH.match(parts.path):
            return connection.respond(http.HTTPStatus.NOT_IMPLEMENTED, "no such path\n")
        user = self._authenticated(headers)
        if user is None:
            return _reason(connection, 401, "authentication failure")
        try:
            port = int(query.get("port", ""))
        except ValueError:
            return _reason(connection, 400, "parameter verification failed")
        ticket = query.get("vncticket", "")
        match = PATH.match(parts.path)
        assert match is not None
        vmid = int(match["vmid"]) if match["vmid"] else None
        if self.hub is not None:
            check = self.hub.verify_ticket(
                port=port,
                vncticket=ticket,
                user=user,
                path_vmid=vmid,
                version=self.version,
                node=match["node"],
            )
            if check in (TicketCheck.INVALID, TicketCheck.EXPIRED):
                return _reason(
                    connection, 403, f"Permission check failed ({INVALID_TICKET_MESSAGE})"
                )
        else:
            problem = self.check_ticket(ticket, port)
            if problem is not None:
                return _reason(connection, *problem)
        connection.console_request = {  # type: ignore[attr-defined]
            "port": port,
            "vncticket": ticket,
            "user": user,
            "path_vmid": vmid,
            "node": match["node"],
        }
        return None

    def _authenticated(self, headers: dict[str, str]) -> str | None:
        """Return the authenticated user (``user@realm`` or ``user@realm!token``), or None."""
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "PVEAuthCookie" and self.cookie and unquote(value) == self.cookie:
                return self.cookie_user
        authorization = headers.get("authorization", "")
        if self.api_token is not None and authorization == f"PVEAPIToken={self.api_token}":
            return self.api_token.rpartition("=")[0]
        return None

    async def _handle(self, connection: ServerConnection) -> None:
        self.connections.append(connection)
        try:
            if self.backend == "echo":
                with contextlib.suppress(ConnectionClosed):
                    async for message in connection:
                        await connection.send(message)
                return
            request = connection.console_request  # type: ignore[attr-defined]
            if self.backend == "hub":
                assert self.hub is not None
                await self.hub.serve(
                    _Recording(WebsocketConsoleConnection(connection), self.received),
                    version=self.version,
                    **request,
                )
                return
            await self._bridge(connection, request["port"])
        finally:
            self.connections.remove(connection)

    async def _bridge(self, connection: ServerConnection, port: int) -> None:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await connection.close(1011, "console backend unreachable")
            return

        async def to_backend() -> None:
            with contextlib.suppress(ConnectionClosed, ConnectionError):
                async for message in connection:
                    writer.write(message.encode() if isinstance(message, str) else message)
                    await writer.drain()

        async def to_client() -> None:
            with contextlib.suppress(ConnectionClosed, ConnectionError):
                while data := await reader.read(65536):
                    await connection.send(data)

        tasks = [asyncio.ensure_future(to_backend()), asyncio.ensure_future(to_client())]
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in tasks:
            task.cancel()
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()
        await connection.close()


class _Recording:
    """A console connection that keeps a copy of what the client sent."""

    def __init__(self, inner: WebsocketConsoleConnection, sink: bytearray) -> None:
        self._inner = inner
        self._sink = sink

    async def recv(self) -> bytes | str:
        message = await self._inner.recv()
        self._sink += message.encode() if isinstance(message, str) else message
        return message

    async def send(self, data: bytes | str) -> None:
        await self._inner.send(data)

    async def close(self, code: int = 1000, reason: str = "") -> None:
        await self._inner.close(code, reason)


def _reason(connection: ServerConnection, status: int, reason: str) -> Response:
    response = connection.respond(status, reason + "\n")
    response.reason_phrase = reason  # pveproxy puts the message in the reason phrase
    return response
