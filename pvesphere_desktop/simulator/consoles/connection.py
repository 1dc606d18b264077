"""The transport a console session runs over, and byte-stream helpers on top of it.

pveproxy relays a console websocket to a TCP port byte for byte: message boundaries carry no
meaning in either direction. We read the client's frames as one byte stream and send our
output in binary frames of at most 128 KiB, the size pveproxy reads from the backend at once.
"""

from __future__ import annotations

from typing import Protocol

MAX_FRAME = 128 * 1024


class ConsoleConnection(Protocol):
    """One accepted console websocket, as the simulator's HTTPS server hands it to a hub.

    ``recv`` returns the next message (text or binary) and raises ``EOFError`` once the peer
    has closed; it must tolerate cancellation (the termproxy login timeout cancels it).
    ``send`` may raise ``EOFError`` when the peer is gone.
    """

    async def recv(self) -> bytes | str:
        """Return the next message; raise EOFError when the peer closed."""
        ...

    async def send(self, data: bytes | str) -> None:
        """Send one message."""
        ...

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Close the connection (idempotent)."""
        ...


class ProtocolViolationError(Exception):
    """The client broke the console protocol; the session ends (no secret in the text)."""


class ByteStream:
    """Read a connection's messages as one continuous byte stream."""

    def __init__(self, conn: ConsoleConnection) -> None:
        self._conn = conn
        self._buffer = bytearray()

    async def _fill(self) -> None:
        data = await self._conn.recv()
        self._buffer += data.encode("utf-8") if isinstance(data, str) else data

    async def read_exactly(self, count: int) -> bytes:
        """Return exactly ``count`` bytes; raise EOFError if the peer closes first."""
        while len(self._buffer) < count:
            await self._fill()
        data = bytes(self._buffer[:count])
        del self._buffer[:count]
        return data

    async def read_more(self) -> None:
        """Wait for the next message and append it to the buffer."""
        await self._fill()

    @property
    def buffer(self) -> bytearray:
        """Return the bytes received but not consumed yet (consumers may trim it)."""
        return self._buffer


async def send_chunked(conn: ConsoleConnection, data: bytes, max_frame: int = MAX_FRAME) -> None:
    """Send ``data`` as binary frames of at most ``max_frame`` bytes."""
    view = memoryview(data)
    for start in range(0, len(data), max_frame):
        await conn.send(bytes(view[start : start + max_frame]))
