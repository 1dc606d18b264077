"""VNC tickets and console passwords as PVE issues them for vncproxy, termproxy and vncshell.

A ticket looks like ``PVEVNC:<8 upper-case hex digits of the issue time>::<base64 signature>``.
PVE signs ``user`` and the ACL path (``/vms/<vmid>`` or ``/nodes/<node>``) with the cluster's
RSA key; we sign with a per-hub HMAC key instead but keep the shape (a 256-byte signature, so
344 base64 characters with ``+``, ``/`` and ``=`` that a client must URL-encode).

Version rules (pve-api-notes.md, sections 5 and 6):

* before 9.1 the ticket itself is the VNC password (QEMU and noVNC use its first 8 bytes);
  ``generate-password=1`` (qemu only) returns a separate random ``password`` instead;
* from 9.1 (qemu-server 9.1.7) every vncproxy/vncshell answer carries a random 8-character
  ``password`` and the ticket becomes ``"<password>:PVEVNC:..."``; tickets are bound to the
  port they were issued for.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import random
import re
from dataclasses import dataclass

VNC_TICKET_MIN_AGE = -20
VNC_TICKET_MAX_AGE = 40
# The schema: "Consists of printable ASCII characters ('!' .. '~')".
PASSWORD_ALPHABET = "".join(chr(code) for code in range(0x21, 0x7F))
PASSWORD_LENGTH = 8
_SIGNATURE_BYTES = 256  # an RSA-2048 signature, as PVE's

_VERSION_RE = re.compile(r"^\s*(\d+)(?:[.-](\d+))?")


def parse_version(version: str) -> tuple[int, int]:
    """Return ``(major, minor)`` of a PVE version such as ``"8.4"``, ``"9.1.2"`` or ``"7.4-16"``."""
    match = _VERSION_RE.match(version)
    if match is None:
        raise ValueError(f"unrecognised PVE version {version!r}")
    return int(match.group(1)), int(match.group(2) or 0)


def always_generates_password(version: str) -> bool:
    """Return True when vncproxy/vncshell always return a random ``password`` (9.1 and later)."""
    return parse_version(version) >= (9, 1)


def tickets_bound_to_port(version: str) -> bool:
    """Return True when a VNC ticket is only valid for the port it was issued for (9.1+)."""
    return parse_version(version) >= (9, 1)


def generate_password(rng: random.Random) -> str:
    """Return a random 8-character password from PVE's printable-ASCII alphabet."""
    return "".join(rng.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def authpath_for(node: str, vmid: int | None) -> str:
    """Return the ACL path a console ticket is issued for."""
    return f"/vms/{vmid}" if vmid is not None else f"/nodes/{node}"


@dataclass(frozen=True)
class IssuedTicket:
    """What the hub remembers about one ticket it handed out (never logged)."""

    ticket: str
    user: str
    authpath: str
    port: int
    issued: int


def assemble_ticket(
    key: bytes, *, user: str, authpath: str, port: int, issued: int, password: str | None
) -> str:
    """Return a signed VNC ticket; with ``password``, the 9.1 ``"<password>:PVEVNC:..."`` form."""
    stamp = f"{issued:08X}"
    data = f"PVEVNC:{stamp}::{user}:{authpath}:{port}".encode()
    signature = b"".join(
        hmac.new(key, data + bytes([block]), hashlib.sha256).digest()
        for block in range(_SIGNATURE_BYTES // 32)
    )
    ticket = f"PVEVNC:{stamp}::{base64.b64encode(signature).decode('ascii')}"
    return f"{password}:{ticket}" if password is not None else ticket


def ticket_age_ok(issued: int, now: float) -> bool:
    """Return True when ``now`` lies within PVE's -20..+40 s window around ``issued``."""
    age = int(now) - issued
    return VNC_TICKET_MIN_AGE <= age <= VNC_TICKET_MAX_AGE
