"""VNC authentication (RFB security type 2): DES over a 16-byte challenge.

The key is the password's first 8 bytes, zero-padded, with the bits of every byte mirrored:
the historic VNC ``d3des`` code reads key bits least-significant first, and noVNC
(``core/crypto/des.js``), QEMU and libvncserver all follow it. A client that feeds the plain
password to a standard DES would fail against every real server, so this matters.
"""

from __future__ import annotations

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

CHALLENGE_SIZE = 16
_MIRRORED = bytes(int(f"{value:08b}"[::-1], 2) for value in range(256))


def vnc_des_key(password: str | bytes) -> bytes:
    """Return the 8-byte DES key VNC derives from ``password`` (truncate, pad, mirror bits)."""
    if isinstance(password, str):
        # noVNC keys on charCodeAt(): only the low 8 bits of each code unit take part.
        raw = bytes(ord(char) & 0xFF for char in password[:8])
    else:
        raw = password[:8]
    return raw.ljust(8, b"\0").translate(_MIRRORED)


def vnc_auth_response(password: str | bytes, challenge: bytes) -> bytes:
    """Return the 16-byte response a VNC client sends for ``challenge`` and ``password``."""
    if len(challenge) % 8:
        raise ValueError("a VNC challenge is a whole number of 8-byte blocks")
    key = vnc_des_key(password)
    # Three equal keys make triple DES single DES; the library wants 24-byte keys.
    # ECB is what the protocol prescribes (each 8-byte half on its own).
    encryptor = Cipher(TripleDES(key * 3), modes.ECB()).encryptor()  # noqa: S305
    return encryptor.update(challenge) + encryptor.finalize()
