"""An RFB 3.8 server (RFC 6143) for the simulated qemu, lxc and node-shell VNC consoles.

It speaks what QEMU's VNC server speaks to noVNC through pveproxy: version handshake, security
type 2 (VNC authentication, DES challenge), ServerInit with a 32-bpp true-colour format and
the console title as desktop name, then Raw-encoded framebuffer updates in the client's pixel
format. Incremental update requests are answered only with changed regions; when nothing
changed the request waits until a key or pointer event changes the screen, as real servers do.
Clients that offer RFB 3.3 or 3.7 are served that version's handshake.
"""

from __future__ import annotations

import hmac
import logging
import struct
from dataclasses import dataclass, field

from pvesphere_desktop.simulator.consoles.connection import (
    MAX_FRAME,
    ByteStream,
    ConsoleConnection,
    ProtocolViolationError,
    send_chunked,
)
from pvesphere_desktop.simulator.consoles.framebuffer import (
    PALETTE,
    SERVER_PIXEL_FORMAT,
    PixelEncoder,
    PixelFormat,
    Rect,
    merge_rects,
)
from pvesphere_desktop.simulator.consoles.screen import ConsoleScreen
from pvesphere_desktop.simulator.consoles.vncauth import CHALLENGE_SIZE, vnc_auth_response

_log = logging.getLogger(__name__)

PROTOCOL_VERSION = b"RFB 003.008\n"
SECURITY_VNC_AUTH = 2
AUTH_FAILED_REASON = "Authentication failed"
UNSUPPORTED_SECURITY_REASON = "Unsupported security type"
MAX_CUT_TEXT = 1024 * 1024
MAX_ENCODINGS = 1024

# Client-to-server message types (RFC 6143, 7.5).
MSG_SET_PIXEL_FORMAT = 0
MSG_SET_ENCODINGS = 2
MSG_FRAMEBUFFER_UPDATE_REQUEST = 3
MSG_KEY_EVENT = 4
MSG_POINTER_EVENT = 5
MSG_CLIENT_CUT_TEXT = 6
ENCODING_RAW = 0


@dataclass
class RfbSessionState:
    """What a test or the hub can observe about an RFB session."""

    client_version: str = ""
    authenticated: bool = False
    encodings: list[int] = field(default_factory=list)
    pixel_format: PixelFormat = SERVER_PIXEL_FORMAT
    clipboard: str | None = None
    updates_sent: int = 0


class RfbServer:
    """Serve one RFB session over ``conn`` for ``screen``, with VNC-auth ``password``."""

    def __init__(
        self,
        conn: ConsoleConnection,
        *,
        screen: ConsoleScreen,
        password: str,
        name: str,
        challenge: bytes,
        max_frame: int = MAX_FRAME,
    ) -> None:
        if len(challenge) != CHALLENGE_SIZE:
            raise ValueError("the VNC challenge is 16 bytes")
        self._conn = conn
        self._stream = ByteStream(conn)
        self._screen = screen
        self._password = password
        self._name = name
        self._challenge = challenge
        self._max_frame = max_frame
        self._encoder = PixelEncoder(SERVER_PIXEL_FORMAT)
        self._pending: Rect | None = None  # a deferred incremental request
        self._dirty: list[Rect] = []
        self.state = RfbSessionState()

    async def _send(self, data: bytes) -> None:
        await send_chunked(self._conn, data, self._max_frame)

    async def run(self) -> None:
        """Run the session until the client leaves or breaks the protocol."""
        minor = await self._handshake_version()
        if not await self._authenticate(minor):
            return
        await self._stream.read_exactly(1)  # ClientInit: shared flag, irrelevant here
        fb = self._screen.framebuffer
        name = self._name.encode("utf-8")
        await self._send(
            struct.pack(">HH", fb.width, fb.height)
            + SERVER_PIXEL_FORMAT.to_bytes()
            + struct.pack(">I", len(name))
            + name
        )
        self._dirty = fb.take_damage()
        while True:
            await self._handle_message()

    @staticmethod
    def _parse_version(data: bytes) -> int:
        if len(data) != 12 or not data.startswith(b"RFB 003.") or data[11:] != b"\n":
            raise ProtocolViolationError("invalid RFB protocol version message")
        try:
            minor = int(data[8:11])
        except ValueError as exc:
            raise ProtocolViolationError("invalid RFB protocol version message") from exc
        if minor < 3:
            raise ProtocolViolationError("unsupported RFB protocol version")
        # 3.4/3.6 (UltraVNC) and 3.5 behave as 3.3; 3.889 (Apple) and later behave as 3.8.
        return 8 if minor >= 8 else 7 if minor == 7 else 3

    async def _handshake_version(self) -> int:
        await self._send(PROTOCOL_VERSION)
        data = await self._stream.read_exactly(12)
        minor = self._parse_version(data)
        self.state.client_version = data[:11].decode("ascii")
        return minor

    async def _fail_security(self, minor: int, reason: str) -> None:
        message = struct.pack(">I", 1)
        if minor >= 8:
            encoded = reason.encode("utf-8")
            message += struct.pack(">I", len(encoded)) + encoded
        await self._send(message)

    async def _authenticate(self, minor: int) -> bool:
        if minor >= 7:
            await self._send(bytes([1, SECURITY_VNC_AUTH]))
            chosen = (await self._stream.read_exactly(1))[0]
            if chosen != SECURITY_VNC_AUTH:
                await self._fail_security(minor, UNSUPPORTED_SECURITY_REASON)
                return False
        else:
            await self._send(struct.pack(">I", SECURITY_VNC_AUTH))
        await self._send(self._challenge)
        response = await self._stream.read_exactly(CHALLENGE_SIZE)
        expected = vnc_auth_response(self._password, self._challenge)
        if not hmac.compare_digest(response, expected):
            _log.info("VNC authentication failed")
            await self._fail_security(minor, AUTH_FAILED_REASON)
            return False
        await self._send(struct.pack(">I", 0))
        self.state.authenticated = True
        return True

    async def _handle_message(self) -> None:
        kind = (await self._stream.read_exactly(1))[0]
        if kind == MSG_SET_PIXEL_FORMAT:
            data = await self._stream.read_exactly(19)
            try:
                fmt = PixelFormat.from_bytes(data[3:])
            except ValueError as exc:
                raise ProtocolViolationError(f"unsupported pixel format: {exc}") from exc
            self._encoder = PixelEncoder(fmt)
            self.state.pixel_format = fmt
            if not fmt.true_colour:
                await self._send_colour_map()
        elif kind == MSG_SET_ENCODINGS:
            _pad, count = struct.unpack(">BH", await self._stream.read_exactly(3))
            if count > MAX_ENCODINGS:
                raise ProtocolViolationError("too many encodings")
            data = await self._stream.read_exactly(4 * count)
            self.state.encodings = list(struct.unpack(f">{count}i", data))
        elif kind == MSG_FRAMEBUFFER_UPDATE_REQUEST:
            incremental, x, y, w, h = struct.unpack(">BHHHH", await self._stream.read_exactly(9))
            await self._update_request(bool(incremental), Rect(x, y, w, h))
        elif kind == MSG_KEY_EVENT:
            down, _pad, keysym = struct.unpack(">BHI", await self._stream.read_exactly(7))
            if self._screen.key(keysym, bool(down)):
                await self._screen_changed()
        elif kind == MSG_POINTER_EVENT:
            mask, x, y = struct.unpack(">BHH", await self._stream.read_exactly(5))
            if self._screen.pointer_event(x, y, mask):
                await self._screen_changed()
        elif kind == MSG_CLIENT_CUT_TEXT:
            (length,) = struct.unpack(">3xi", await self._stream.read_exactly(7))
            # A negative length is the extended-clipboard form; we never offer it, so skip it.
            if abs(length) > MAX_CUT_TEXT:
                raise ProtocolViolationError("clipboard text too long")
            data = await self._stream.read_exactly(abs(length))
            if length >= 0:
                self.state.clipboard = data.decode("latin-1")
        else:
            raise ProtocolViolationError(f"unknown RFB client message type {kind}")

    async def _send_colour_map(self) -> None:
        entries = b"".join(
            struct.pack(">HHH", red * 257, green * 257, blue * 257) for red, green, blue in PALETTE
        )
        await self._send(struct.pack(">BxHH", 1, 0, len(PALETTE)) + entries)

    async def _update_request(self, incremental: bool, request: Rect) -> None:
        fb = self._screen.framebuffer
        area = request.intersect(fb.bounds)
        if not incremental:
            self._pending = None
            await self._send_update([area] if area is not None else [])
            if area is not None:
                self._dirty = [rect for rect in self._dirty if not area.contains(rect)]
            return
        self._pending = area
        await self._flush()

    async def _screen_changed(self) -> None:
        self._dirty = merge_rects(self._dirty + self._screen.framebuffer.take_damage())
        await self._flush()

    async def _flush(self) -> None:
        if self._pending is None or not self._dirty:
            return
        rects = [clip for rect in self._dirty if (clip := rect.intersect(self._pending))]
        if not rects:
            return
        self._dirty = [rect for rect in self._dirty if not self._pending.contains(rect)]
        self._pending = None
        await self._send_update(merge_rects(rects))

    async def _send_update(self, rects: list[Rect]) -> None:
        fb = self._screen.framebuffer
        parts = [struct.pack(">BxH", 0, len(rects))]
        for rect in rects:
            parts.append(struct.pack(">HHHHi", rect.x, rect.y, rect.w, rect.h, ENCODING_RAW))
            parts.append(self._encoder.encode_region(fb, rect))
        await self._send(b"".join(parts))
        self.state.updates_sent += 1
