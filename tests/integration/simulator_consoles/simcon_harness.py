"""Test harness: a ConsoleHub behind a loopback websocket server, and minimal real clients.

The server stands in for the simulator's vncwebsocket endpoint: it parses the PVE-style path
and query and hands the accepted websocket to ``ConsoleHub.serve``. The clients are written
here from the RFB and termproxy specifications, independently of the server code.
"""

from __future__ import annotations

import asyncio
import re
import struct
import urllib.parse
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes
from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from pvesphere_desktop.simulator.consoles import ConsoleHub
from pvesphere_desktop.simulator.consoles.websocket import WebsocketConsoleConnection

TIMEOUT = 10.0
_PATH_RE = re.compile(r"^/nodes/(?P<node>[^/]+)(?:/(?:qemu|lxc)/(?P<vmid>\d+))?/vncwebsocket$")


class FakeClock:
    """A settable clock for the hub."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@dataclass
class ConsoleTestServer:
    """A running loopback websocket server in front of ``hub``."""

    hub: ConsoleHub
    version: str
    port: int = 0
    handled: list[asyncio.Task[None]] = field(default_factory=list)

    def url(self, data: dict, *, node: str = "pve1", vmid: int | None = 100, **query: str) -> str:
        """Return the vncwebsocket URL for an open_vnc/open_term answer."""
        params = {"port": str(data["port"]), "vncticket": data["ticket"], "user": data["user"]}
        params.update(query)
        guest = f"/qemu/{vmid}" if vmid is not None else ""
        path = f"/nodes/{node}{guest}/vncwebsocket"
        return f"ws://127.0.0.1:{self.port}{path}?{urllib.parse.urlencode(params)}"

    async def _handle(self, websocket: ServerConnection) -> None:
        parsed = urllib.parse.urlsplit(websocket.request.path)
        match = _PATH_RE.match(parsed.path)
        query = dict(urllib.parse.parse_qsl(parsed.query))
        if match is None:
            await websocket.close(1008, "bad path")
            return
        vmid = int(match["vmid"]) if match["vmid"] else None
        await self.hub.serve(
            WebsocketConsoleConnection(websocket),
            port=int(query["port"]),
            vncticket=query["vncticket"],
            user=query["user"],
            path_vmid=vmid,
            version=self.version,
            node=match["node"],
        )


@asynccontextmanager
async def console_server(hub: ConsoleHub, version: str) -> AsyncIterator[ConsoleTestServer]:
    """Serve ``hub`` on a free loopback port for the duration of the block."""
    state = ConsoleTestServer(hub=hub, version=version)
    async with serve(state._handle, "127.0.0.1", 0, subprotocols=None) as server:
        sockets = list(server.sockets)
        state.port = sockets[0].getsockname()[1]
        yield state


@asynccontextmanager
async def ws_connect(url: str) -> AsyncIterator[ClientConnection]:
    """Connect like noVNC does (``binary`` subprotocol not needed here), no size limit."""
    async with asyncio.timeout(TIMEOUT), connect(url, max_size=None) as websocket:
        yield websocket


async def wait_closed(websocket: ClientConnection) -> bytes:
    """Read until the server closes; return whatever arrived before the close."""
    received = bytearray()
    async with asyncio.timeout(TIMEOUT):
        try:
            while True:
                data = await websocket.recv()
                received += data if isinstance(data, bytes) else data.encode()
        except ConnectionClosed:
            return bytes(received)


async def wait_for(condition: Callable[[], bool]) -> None:
    """Wait until ``condition()`` holds (checked every 10 ms), failing after TIMEOUT."""
    async with asyncio.timeout(TIMEOUT):
        while not condition():  # noqa: ASYNC110 - hub state has no event to await
            await asyncio.sleep(0.01)


# --- RFB -------------------------------------------------------------------------------------


def vnc_response(password: bytes, challenge: bytes) -> bytes:
    """RFC 6143 7.2.2 as clients do it: 8 bytes, zero padded, bits of each byte mirrored."""
    key = bytes(int(f"{b:08b}"[::-1], 2) for b in password[:8].ljust(8, b"\0"))
    encryptor = Cipher(TripleDES(key * 3), modes.ECB()).encryptor()
    return encryptor.update(challenge) + encryptor.finalize()


NOVNC_PIXEL_FORMAT = struct.pack(">BBBBHHHBBBxxx", 32, 24, 0, 1, 255, 255, 255, 0, 8, 16)


@dataclass
class ClientPixelFormat:
    """A pixel format as this test client requests and decodes it."""

    bpp: int
    depth: int
    big_endian: bool
    red_max: int
    green_max: int
    blue_max: int
    red_shift: int
    green_shift: int
    blue_shift: int

    def wire(self) -> bytes:
        return struct.pack(
            ">BBBBHHHBBBxxx",
            self.bpp,
            self.depth,
            int(self.big_endian),
            1,
            self.red_max,
            self.green_max,
            self.blue_max,
            self.red_shift,
            self.green_shift,
            self.blue_shift,
        )

    def value_of(self, rgb: tuple[int, int, int]) -> int:
        """The pixel value a correct server sends for an 8-bit-per-channel colour."""
        r, g, b = rgb
        return (
            round(r * self.red_max / 255) << self.red_shift
            | round(g * self.green_max / 255) << self.green_shift
            | round(b * self.blue_max / 255) << self.blue_shift
        )


NOVNC_FORMAT = ClientPixelFormat(32, 24, False, 255, 255, 255, 0, 8, 16)


class RfbTestClient:
    """A minimal RFB 3.8 client: handshake, VNC auth, Raw updates into a pixel array."""

    def __init__(self, websocket: ClientConnection) -> None:
        self.ws = websocket
        self.buffer = bytearray()
        self.frame_sizes: list[int] = []
        self.width = self.height = 0
        self.name = ""
        self.format = ClientPixelFormat(32, 24, False, 255, 255, 255, 16, 8, 0)
        self.pixels: list[int] = []

    async def read(self, count: int) -> bytes:
        async with asyncio.timeout(TIMEOUT):
            while len(self.buffer) < count:
                data = await self.ws.recv()
                assert isinstance(data, bytes), "RFB data must arrive in binary frames"
                self.frame_sizes.append(len(data))
                self.buffer += data
        out = bytes(self.buffer[:count])
        del self.buffer[:count]
        return out

    async def handshake(self, password: str, *, version: bytes = b"RFB 003.008\n") -> str | None:
        """Run version + security + VNC auth; return None on success or the failure reason."""
        assert await self.read(12) == b"RFB 003.008\n"
        await self.ws.send(version)
        minor = int(version[8:11])
        if minor >= 7:
            count = (await self.read(1))[0]
            types = await self.read(count)
            assert 2 in types
            await self.ws.send(b"\x02")
        else:
            assert struct.unpack(">I", await self.read(4))[0] == 2
        challenge = await self.read(16)
        await self.ws.send(vnc_response(password.encode("latin-1"), challenge))
        (result,) = struct.unpack(">I", await self.read(4))
        if result == 0:
            return None
        if minor < 8:
            return ""
        (length,) = struct.unpack(">I", await self.read(4))
        return (await self.read(length)).decode()

    async def init(self) -> None:
        await self.ws.send(b"\x01")  # ClientInit, shared
        self.width, self.height = struct.unpack(">HH", await self.read(4))
        server_format = await self.read(16)
        bpp, depth, _big, true_colour = server_format[:4]
        assert (bpp, depth, true_colour) == (32, 24, 1)
        (name_len,) = struct.unpack(">I", await self.read(4))
        self.name = (await self.read(name_len)).decode()
        self.pixels = [0] * (self.width * self.height)

    async def set_pixel_format(self, fmt: ClientPixelFormat) -> None:
        self.format = fmt
        await self.ws.send(b"\x00\x00\x00\x00" + fmt.wire())

    async def set_encodings(self, encodings: list[int]) -> None:
        await self.ws.send(struct.pack(f">BxH{len(encodings)}i", 2, len(encodings), *encodings))

    async def request(self, incremental: bool, x: int = 0, y: int = 0, w: int = 0, h: int = 0):
        w = w or self.width
        h = h or self.height
        await self.ws.send(struct.pack(">BBHHHH", 3, int(incremental), x, y, w, h))

    async def key(self, keysym: int) -> None:
        for down in (1, 0):
            await self.ws.send(struct.pack(">BBxxI", 4, down, keysym))

    async def pointer(self, x: int, y: int, mask: int) -> None:
        await self.ws.send(struct.pack(">BBHH", 5, mask, x, y))

    async def cut_text(self, text: str) -> None:
        data = text.encode("latin-1")
        await self.ws.send(struct.pack(">BxxxI", 6, len(data)) + data)

    async def read_update(self) -> list[tuple[int, int, int, int]]:
        """Read one FramebufferUpdate, apply it, return its rectangles."""
        kind = (await self.read(1))[0]
        assert kind == 0, f"expected FramebufferUpdate, got message type {kind}"
        (count,) = struct.unpack(">xH", await self.read(3))
        rects = []
        size = self.format.bpp // 8
        code = {1: "B", 2: "H", 4: "I"}[size]
        order = ">" if self.format.big_endian else "<"
        for _ in range(count):
            x, y, w, h, encoding = struct.unpack(">HHHHi", await self.read(12))
            assert encoding == 0, "only Raw was negotiated"
            data = await self.read(w * h * size)
            values = struct.unpack(f"{order}{w * h}{code}", data)
            for row in range(h):
                start = (y + row) * self.width + x
                self.pixels[start : start + w] = values[row * w : (row + 1) * w]
            rects.append((x, y, w, h))
        return rects

    def pixel(self, x: int, y: int) -> int:
        return self.pixels[y * self.width + x]


# --- termproxy -------------------------------------------------------------------------------


class TermTestClient:
    """A termproxy client as xterm.js pages speak it (text frames, ``0:len:data``)."""

    def __init__(self, websocket: ClientConnection) -> None:
        self.ws = websocket
        self.output = ""
        self.pos = 0

    async def login(self, user: str, ticket: str) -> None:
        await self.ws.send(f"{user}:{ticket}\n")

    async def type(self, text: str) -> None:
        await self.ws.send(f"0:{len(text.encode())}:{text}")

    async def resize(self, cols: int, rows: int) -> None:
        await self.ws.send(f"1:{cols}:{rows}:")

    async def ping(self) -> None:
        await self.ws.send("2")

    async def read_until(self, marker: str) -> str:
        """Read output until ``marker`` appears after the last read; return the new part."""
        async with asyncio.timeout(TIMEOUT):
            while marker not in self.output[self.pos :]:
                data = await self.ws.recv()
                assert isinstance(data, bytes), "terminal output must arrive in binary frames"
                self.output += data.decode()
        end = self.output.index(marker, self.pos) + len(marker)
        new, self.pos = self.output[self.pos : end], end
        return new
