"""The termproxy protocol (PVE's xterm.js consoles) in front of :class:`SimShell`.

1. The client's first bytes must be ``"<userid>:<ticket>\\n"`` within the login timeout
   (10 s in PVE); the ticket is checked like PVE's ``/access/ticket`` call from termproxy
   (user, ACL path, age and, from 9.1, port). Otherwise the connection is closed, silently.
2. The server answers ``OK`` and streams terminal output; we send the shell's greeting in the
   same frame as ``OK``, which real servers may do too.
3. Client messages form a byte stream: ``0:<byte length>:<data>`` (input),
   ``1:<cols>:<rows>:`` (resize) and ``2`` (keep-alive). The real termproxy skips garbage
   silently; we close the connection on anything malformed so client bugs show up in tests.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from pvesphere_desktop.simulator.consoles.connection import (
    MAX_FRAME,
    ByteStream,
    ConsoleConnection,
    ProtocolViolationError,
    send_chunked,
)
from pvesphere_desktop.simulator.consoles.shell import SimShell

_log = logging.getLogger(__name__)

MAX_TICKET_LINE = 4096  # termproxy's buffer; a longer first line is rejected
MAX_DATA_LENGTH = 1024 * 1024
MAX_NUMBER_DIGITS = 20
MAX_TERMINAL_SIZE = 65535


@dataclass(frozen=True)
class TermData:
    """Bytes the user typed."""

    data: bytes


@dataclass(frozen=True)
class TermResize:
    """A new terminal size."""

    cols: int
    rows: int


@dataclass(frozen=True)
class TermPing:
    """A keep-alive."""


TermMessage = TermData | TermResize | TermPing


def _take_number(buffer: bytes, start: int) -> tuple[int, int] | None:
    """Parse ``<digits>:`` at ``start``; return (value, index after ':'), None if incomplete."""
    end = buffer.find(b":", start, start + MAX_NUMBER_DIGITS + 1)
    if end < 0:
        if len(buffer) - start > MAX_NUMBER_DIGITS:
            raise ProtocolViolationError("termproxy number too long")
        if not buffer[start:].isdigit() and buffer[start:]:
            raise ProtocolViolationError("termproxy number is not a number")
        return None
    digits = buffer[start:end]
    if not digits or not digits.isdigit():
        raise ProtocolViolationError("termproxy number is not a number")
    return int(digits), end + 1


def parse_messages(buffer: bytes) -> tuple[list[TermMessage], int]:
    """Parse complete client messages from ``buffer``; return them and the bytes consumed.

    Raise :class:`ProtocolViolationError` on anything that cannot become a valid message.
    """
    messages: list[TermMessage] = []
    pos = 0
    while pos < len(buffer):
        kind = buffer[pos : pos + 1]
        if kind == b"2":
            messages.append(TermPing())
            pos += 1
            continue
        if kind not in (b"0", b"1"):
            raise ProtocolViolationError("unknown termproxy message type")
        if pos + 1 >= len(buffer):
            break
        if buffer[pos + 1 : pos + 2] != b":":
            raise ProtocolViolationError("termproxy message type not followed by ':'")
        first = _take_number(buffer, pos + 2)
        if first is None:
            break
        value, after = first
        if kind == b"0":
            if value > MAX_DATA_LENGTH:
                raise ProtocolViolationError("termproxy data message too long")
            if len(buffer) < after + value:
                break
            messages.append(TermData(bytes(buffer[after : after + value])))
            pos = after + value
        else:
            second = _take_number(buffer, after)
            if second is None:
                break
            rows, after = second
            if not (0 < value <= MAX_TERMINAL_SIZE and 0 < rows <= MAX_TERMINAL_SIZE):
                raise ProtocolViolationError("termproxy terminal size out of range")
            messages.append(TermResize(value, rows))
            pos = after
    return messages, pos


class TermproxyServer:
    """Serve one termproxy session over ``conn``."""

    def __init__(
        self,
        conn: ConsoleConnection,
        *,
        shell: SimShell,
        check_login: Callable[[str, str], bool],
        login_timeout: float,
        max_frame: int = MAX_FRAME,
    ) -> None:
        self._conn = conn
        self._stream = ByteStream(conn)
        self.shell = shell
        self._check_login = check_login
        self._login_timeout = login_timeout
        self._max_frame = max_frame
        self.logged_in = False

    async def _send(self, text: str | bytes) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        if data:
            await send_chunked(self._conn, data, self._max_frame)

    async def _read_ticket_line(self) -> bytes:
        buffer = self._stream.buffer
        while b"\n" not in buffer:
            if len(buffer) >= MAX_TICKET_LINE:
                raise ProtocolViolationError("termproxy authentication line too long")
            await self._stream.read_more()
        end = buffer.index(b"\n")
        if end > MAX_TICKET_LINE:
            raise ProtocolViolationError("termproxy authentication line too long")
        line = bytes(buffer[:end])
        del buffer[: end + 1]
        return line

    async def run(self) -> None:
        """Run the session until logout, the client leaving, or a protocol violation."""
        try:
            line = await asyncio.wait_for(self._read_ticket_line(), self._login_timeout)
        except TimeoutError:
            _log.info("termproxy: no authentication line within %.1f s", self._login_timeout)
            return
        user, sep, ticket = line.decode("utf-8", errors="replace").partition(":")
        if not sep or not self._check_login(user, ticket):
            _log.info("termproxy: authentication failed")
            return
        self.logged_in = True
        await self._send(b"OK" + self.shell.start().encode("utf-8"))
        buffer = self._stream.buffer
        while not self.shell.closed:
            messages, consumed = parse_messages(bytes(buffer))
            del buffer[:consumed]
            for message in messages:
                if isinstance(message, TermData):
                    await self._send(self.shell.feed(message.data))
                    if self.shell.closed:
                        break
                elif isinstance(message, TermResize):
                    self.shell.resize(message.cols, message.rows)
            if not self.shell.closed:
                await self._stream.read_more()
