"""A small HTTP/1.1 server on asyncio streams, shaped like pveproxy.

Why our own: PVE puts its error text in the HTTP reason phrase, closes the connection after
error answers, gzips bodies over 1 KiB, upgrades ``vncwebsocket`` requests on the same TLS port,
and some of our faults need byte-level control (hanging, truncated or malformed bodies). A tiny
parser on ``asyncio.start_server`` gives all of that with keep-alive and little overhead;
WebSocket framing after the upgrade is done by the ``websockets`` sans-I/O protocol.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import gzip
import json
import logging
import re
import ssl
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from websockets.frames import Frame, Opcode
from websockets.server import ServerProtocol

log = logging.getLogger(__name__)

MAX_HEAD = 64 * 1024
MAX_BODY = 64 * 1024 * 1024
SERVER_NAME = "pve-api-daemon/3.0"
WS_MAX_MESSAGE = 128 * 1024
SESSION_GRACE = 0.2  # seconds a console session gets to notice its peer has gone

STATUS_TEXT = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    500: "Internal Server Error",
    501: "Not Implemented",
}


@dataclass
class Request:
    method: str
    target: str
    path: str
    query: str
    version: str
    headers: dict[str, str]
    body: bytes
    raw_head: bytes
    peer: str
    local_address: str
    started: float = 0.0
    upload_size: int = 0

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    def params(self) -> dict[str, str | list[str]]:
        """Merge query string and form/JSON body like pveproxy (repeated keys become lists)."""
        result: dict[str, str | list[str]] = {}

        def add(key: str, value: str) -> None:
            old = result.get(key)
            if old is None:
                result[key] = value
            elif isinstance(old, list):
                old.append(value)
            else:
                result[key] = [old, value]

        if self.method in ("POST", "PUT") and self.body:
            ctype = self.header("content-type")
            if ctype.startswith("application/json"):
                try:
                    data = json.loads(self.body)
                except ValueError:
                    data = None
                if isinstance(data, dict):
                    for key, value in data.items():
                        if isinstance(value, list):
                            for item in value:
                                add(key, _scalar(item))
                        else:
                            add(key, _scalar(value))
            elif ctype.startswith("multipart/form-data"):
                for key, value in self._multipart(ctype):
                    add(key, value)
            else:
                text = self.body.decode("utf-8", "replace")
                for key, value in parse_qsl(text, keep_blank_values=True):
                    add(key, value)
        for key, value in parse_qsl(self.query, keep_blank_values=True):
            add(key, value)
        result.pop("_dc", None)  # ExtJS cache buster, removed by pveproxy
        return result

    def _multipart(self, ctype: str) -> list[tuple[str, str]]:
        """Return the form fields of a multipart body; the file part gives ``filename``.

        As pveproxy does for uploads, the uploaded file itself is not a parameter: its
        original name becomes ``filename`` and its size is kept in ``upload_size``.
        """
        m = re.search(r'boundary="?([^";]+)"?', ctype)
        if not m:
            return []
        fields = []
        for part in self.body.split(b"--" + m.group(1).encode()):
            head, sep, content = part.partition(b"\r\n\r\n")
            if not sep:
                continue
            disposition = re.search(rb'name="([^"]*)"(?:; filename="([^"]*)")?', head)
            if not disposition:
                continue
            content = content.removesuffix(b"\r\n")
            if disposition.group(2) is not None:
                fields.append(("filename", disposition.group(2).decode("utf-8", "replace")))
                self.upload_size = len(content)
            else:
                name = disposition.group(1).decode("utf-8", "replace")
                fields.append((name, content.decode("utf-8", "replace")))
        return fields


def _scalar(value: Any) -> str:
    if value is True:
        return "1"
    if value is False:
        return "0"
    return "" if value is None else str(value)


@dataclass
class Response:
    status: int
    reason: str = ""
    body: bytes = b""
    content_type: str | None = "application/json;charset=UTF-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    close: bool = False
    # byte-level faults: send these bytes as the body with this declared length
    raw_body_override: bytes | None = None
    declared_length: int | None = None
    precompressed: bytes | None = None  # gzip form of body, when already at hand


WebSocketSession = Callable[["WebSocketConnection"], Coroutine[Any, Any, None]]


@dataclass
class Upgrade:
    """Answer an upgrade request with a WebSocket session."""

    session: WebSocketSession


Handler = Callable[[Request], Awaitable["Response | Upgrade | None"]]


def _http_date(ts: float | None = None) -> str:
    return email.utils.formatdate(ts, usegmt=True)


def _reason(text: str, status: int) -> str:
    line = (text or STATUS_TEXT.get(status, "Unknown")).split("\n", 1)[0].strip()
    return line.encode("latin-1", "replace").decode("latin-1") or STATUS_TEXT.get(status, "")


def encode_response(
    resp: Response, *, keep_alive: bool, accept_gzip: bool, use_gzip: bool
) -> bytes:
    """Serialise a response the way pveproxy does (headers, gzip, Connection)."""
    body = resp.body
    headers: list[tuple[str, str]] = []
    now = _http_date()
    headers.append(("Cache-Control", "max-age=0"))
    headers.append(("Date", now))
    headers.append(("Pragma", "no-cache"))
    headers.append(("Server", SERVER_NAME))
    headers.append(("Expires", now))
    headers.extend(resp.headers)
    if resp.raw_body_override is not None:
        body = resp.raw_body_override
    elif body and use_gzip and accept_gzip and len(body) > 1024:
        body = resp.precompressed or gzip.compress(body, compresslevel=1, mtime=0)
        headers.append(("Content-Encoding", "gzip"))
    if resp.content_type and (body or resp.raw_body_override is not None):
        headers.append(("Content-Type", resp.content_type))
    if body or resp.raw_body_override is not None:
        length = resp.declared_length if resp.declared_length is not None else len(body)
        headers.append(("Content-Length", str(length)))
    headers.append(("Connection", "Keep-Alive" if keep_alive else "close"))
    head = f"HTTP/1.1 {resp.status} {_reason(resp.reason, resp.status)}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("latin-1", "replace") + body


class BadRequestError(Exception):
    pass


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        chunks = []
        total = 0
        while True:
            line = await reader.readuntil(b"\r\n")
            size = int(line.split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while (await reader.readuntil(b"\r\n")) != b"\r\n":
                    pass
                break
            total += size
            if total > MAX_BODY:
                raise BadRequestError("request body too large")
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
        return b"".join(chunks)
    length_text = headers.get("content-length")
    if not length_text:
        return b""
    try:
        length = int(length_text)
    except ValueError:
        raise BadRequestError("invalid content-length") from None
    if length < 0 or length > MAX_BODY:
        raise BadRequestError("request body too large")
    return await reader.readexactly(length) if length else b""


def parse_head(raw: bytes) -> tuple[str, str, str, dict[str, str]]:
    text = raw.decode("latin-1")
    lines = text.split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise BadRequestError("malformed request line")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise BadRequestError("malformed header")
        key = name.strip().lower()
        value = value.strip()
        if key in headers:
            headers[key] += ("; " if key == "cookie" else ", ") + value
        else:
            headers[key] = value
    return parts[0], parts[1], parts[2], headers


async def serve_connection(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    handler: Handler,
    *,
    local_address: str,
    use_gzip: bool = True,
) -> None:
    """Serve HTTP/1.1 requests (keep-alive) on one accepted connection."""
    peername = writer.get_extra_info("peername")
    peer = peername[0] if isinstance(peername, tuple) else str(peername)
    loop = asyncio.get_running_loop()
    try:
        while True:
            try:
                raw = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            except asyncio.LimitOverrunError:
                writer.write(
                    b"HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n"
                )
                return
            started = loop.time()
            try:
                method, target, version, headers = parse_head(raw[:-4])
                body = await _read_body(reader, headers)
            except BadRequestError as exc:
                resp = Response(400, str(exc), close=True, content_type=None)
                writer.write(
                    encode_response(resp, keep_alive=False, accept_gzip=False, use_gzip=False)
                )
                return
            path, _, query = target.partition("?")
            request = Request(
                method,
                target,
                path,
                query,
                version,
                headers,
                body,
                raw,
                peer,
                local_address,
                started,
            )
            result = await handler(request)
            if result is None:  # the connection is to be dropped without an answer
                return
            if isinstance(result, Upgrade):
                await _run_websocket(reader, writer, request, result)
                return
            conn_hdr = headers.get("connection", "").lower()
            keep_alive = not result.close and (
                "keep-alive" in conn_hdr if version == "HTTP/1.0" else "close" not in conn_hdr
            )
            accept_gzip = "gzip" in headers.get("accept-encoding", "")
            writer.write(
                encode_response(
                    result, keep_alive=keep_alive, accept_gzip=accept_gzip, use_gzip=use_gzip
                )
            )
            await writer.drain()
            if not keep_alive:
                return
    except (ConnectionError, ssl.SSLError, asyncio.IncompleteReadError, TimeoutError):
        return
    except asyncio.CancelledError:
        # Dropped (a node powered off, the server stopping): cut the connection at once. A
        # TLS close would wait for the peer, and a transport left waiting is never closed.
        writer.transport.abort()
        raise
    except Exception:
        log.exception("simulator connection handler failed")
    finally:
        with contextlib.suppress(ConnectionError, RuntimeError, ssl.SSLError):
            writer.close()


class WebSocketConnection:
    """The connection object handed to console sessions: recv/send/close."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        protocol: ServerProtocol,
        request: Request,
    ) -> None:
        self._reader = reader
        self._writer = writer
        self._protocol = protocol
        self.request = request
        self.subprotocol = protocol.subprotocol if hasattr(protocol, "subprotocol") else None
        self._queue: asyncio.Queue[bytes | str | None] = asyncio.Queue()
        self._closed = False
        self._fragments: list[bytes] = []
        self._fragment_text = False
        self._pump_task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._pump_task = asyncio.get_running_loop().create_task(self._pump())

    async def _flush(self) -> None:
        for data in self._protocol.data_to_send():
            if data:
                self._writer.write(data)
            else:
                with contextlib.suppress(OSError, RuntimeError, NotImplementedError):
                    self._writer.write_eof()
        try:
            await self._writer.drain()
        except (ConnectionError, ssl.SSLError):
            self._closed = True

    async def _pump(self) -> None:
        try:
            while True:
                data = await self._reader.read(65536)
                if not data:
                    self._protocol.receive_eof()
                    break
                self._protocol.receive_data(data)
                for event in self._protocol.events_received():
                    if isinstance(event, Frame):
                        self._handle_frame(event)
                await self._flush()
                # closing handshake under way: TLS cannot half-close, so we end the connection
                if self._closed or self._protocol.close_expected() or self._protocol.close_code:
                    break
        except (ConnectionError, ssl.SSLError, asyncio.IncompleteReadError):
            pass
        finally:
            self._closed = True
            self._queue.put_nowait(None)

    def _handle_frame(self, frame: Frame) -> None:
        if frame.opcode in (Opcode.TEXT, Opcode.BINARY):
            if frame.fin:
                payload = bytes(frame.data)
                self._queue.put_nowait(
                    payload.decode("utf-8", "replace") if frame.opcode == Opcode.TEXT else payload
                )
            else:
                self._fragments = [bytes(frame.data)]
                self._fragment_text = frame.opcode == Opcode.TEXT
        elif frame.opcode == Opcode.CONT:
            self._fragments.append(bytes(frame.data))
            if frame.fin:
                payload = b"".join(self._fragments)
                self._fragments = []
                self._queue.put_nowait(
                    payload.decode("utf-8", "replace") if self._fragment_text else payload
                )

    async def recv(self) -> bytes | str:
        """Return the next message; raise EOFError once the peer has gone."""
        if self._closed and self._queue.empty():
            raise EOFError
        item = await self._queue.get()
        if item is None:
            self._queue.put_nowait(None)
            raise EOFError
        return item

    async def send(self, data: bytes | str) -> None:
        if self._closed:
            raise EOFError
        if isinstance(data, str):
            self._protocol.send_text(data.encode())
        else:
            self._protocol.send_binary(data)
        await self._flush()

    async def close(self, code: int = 1000, reason: str = "") -> None:
        if self._closed:
            return
        try:
            self._protocol.send_close(code, reason)
            await self._flush()
        except Exception:  # the peer may already have gone
            log.debug("closing websocket failed", exc_info=True)
        self._closed = True

    @property
    def closed(self) -> bool:
        return self._closed

    async def finish(self) -> None:
        if self._pump_task is not None:
            self._pump_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._pump_task


def _select_binary(protocol: ServerProtocol, offered: Any) -> Any:
    return "binary" if "binary" in offered else None


async def _run_websocket(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: Request, upgrade: Upgrade
) -> None:
    protocol = ServerProtocol(select_subprotocol=_select_binary, max_size=WS_MAX_MESSAGE)
    protocol.receive_data(request.raw_head)
    events = protocol.events_received()
    if not events:
        return
    ws_request = events[0]
    response = protocol.accept(ws_request)  # type: ignore[arg-type]
    protocol.send_response(response)
    conn = WebSocketConnection(reader, writer, protocol, request)
    await conn._flush()
    if response.status_code != 101:
        return
    conn.start()
    session: asyncio.Task[None] = asyncio.get_running_loop().create_task(upgrade.session(conn))
    pump = conn._pump_task
    assert pump is not None
    try:
        done, _ = await asyncio.wait({session, pump}, return_when=asyncio.FIRST_COMPLETED)
        if session not in done:
            # the peer went away: a session blocked on something else than recv() must end too
            try:
                await asyncio.wait_for(asyncio.shield(session), SESSION_GRACE)
            except TimeoutError:
                session.cancel()
        with contextlib.suppress(asyncio.CancelledError, EOFError):
            await session
    except Exception:
        log.exception("websocket session failed")
        await conn.close(1011, "internal error")
    finally:
        if not session.done():
            session.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await session
        await conn.close()
        await conn.finish()


def make_server_ssl_context(certfile: str, keyfile: str) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(certfile, keyfile)
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx
