"""Adapt a ``websockets`` (asyncio API) connection to :class:`ConsoleConnection`."""

from __future__ import annotations

from websockets.asyncio.connection import Connection
from websockets.exceptions import ConnectionClosed


class WebsocketConsoleConnection:
    """A :class:`ConsoleConnection` over a ``websockets.asyncio`` server or client connection.

    pveproxy drops the TCP connection without a close frame when the console backend ends;
    pass ``abort_on_close=True`` to do the same instead of a clean close handshake.
    """

    def __init__(self, websocket: Connection, *, abort_on_close: bool = False) -> None:
        self._websocket = websocket
        self._abort_on_close = abort_on_close

    async def recv(self) -> bytes | str:
        """Return the next message; raise EOFError once the peer has closed."""
        try:
            return await self._websocket.recv()
        except ConnectionClosed as exc:
            raise EOFError("websocket closed") from exc

    async def send(self, data: bytes | str) -> None:
        """Send one message; raise EOFError when the peer is gone."""
        try:
            await self._websocket.send(data)
        except ConnectionClosed as exc:
            raise EOFError("websocket closed") from exc

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Close the websocket (cleanly, or by dropping the transport)."""
        if self._abort_on_close:
            self._websocket.transport.abort()
            return
        await self._websocket.close(code, reason)
