"""VNC authentication: our DES key convention against independent implementations."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from pvesphere_desktop.simulator.consoles.vncauth import vnc_auth_response, vnc_des_key

# --- A plain DES from the FIPS 46-3 tables, written for this test only. -------------------

_IP = [
    58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4,
    62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
    57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3,
    61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
]  # fmt: skip
_FP = [
    40, 8, 48, 16, 56, 24, 64, 32, 39, 7, 47, 15, 55, 23, 63, 31,
    38, 6, 46, 14, 54, 22, 62, 30, 37, 5, 45, 13, 53, 21, 61, 29,
    36, 4, 44, 12, 52, 20, 60, 28, 35, 3, 43, 11, 51, 19, 59, 27,
    34, 2, 42, 10, 50, 18, 58, 26, 33, 1, 41, 9, 49, 17, 57, 25,
]  # fmt: skip
_E = [
    32, 1, 2, 3, 4, 5, 4, 5, 6, 7, 8, 9, 8, 9, 10, 11, 12, 13, 12, 13, 14, 15, 16, 17,
    16, 17, 18, 19, 20, 21, 20, 21, 22, 23, 24, 25, 24, 25, 26, 27, 28, 29, 28, 29, 30, 31, 32, 1,
]  # fmt: skip
_P = [
    16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10,
    2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25,
]  # fmt: skip
_PC1 = [
    57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27,
    19, 11, 3, 60, 52, 44, 36, 63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22,
    14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
]  # fmt: skip
_PC2 = [
    14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
    41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
]  # fmt: skip
_SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1]
_SBOXES = [
    "14 4 13 1 2 15 11 8 3 10 6 12 5 9 0 7 0 15 7 4 14 2 13 1 10 6 12 11 9 5 3 8 "
    "4 1 14 8 13 6 2 11 15 12 9 7 3 10 5 0 15 12 8 2 4 9 1 7 5 11 3 14 10 0 6 13",
    "15 1 8 14 6 11 3 4 9 7 2 13 12 0 5 10 3 13 4 7 15 2 8 14 12 0 1 10 6 9 11 5 "
    "0 14 7 11 10 4 13 1 5 8 12 6 9 3 2 15 13 8 10 1 3 15 4 2 11 6 7 12 0 5 14 9",
    "10 0 9 14 6 3 15 5 1 13 12 7 11 4 2 8 13 7 0 9 3 4 6 10 2 8 5 14 12 11 15 1 "
    "13 6 4 9 8 15 3 0 11 1 2 12 5 10 14 7 1 10 13 0 6 9 8 7 4 15 14 3 11 5 2 12",
    "7 13 14 3 0 6 9 10 1 2 8 5 11 12 4 15 13 8 11 5 6 15 0 3 4 7 2 12 1 10 14 9 "
    "10 6 9 0 12 11 7 13 15 1 3 14 5 2 8 4 3 15 0 6 10 1 13 8 9 4 5 11 12 7 2 14",
    "2 12 4 1 7 10 11 6 8 5 3 15 13 0 14 9 14 11 2 12 4 7 13 1 5 0 15 10 3 9 8 6 "
    "4 2 1 11 10 13 7 8 15 9 12 5 6 3 0 14 11 8 12 7 1 14 2 13 6 15 0 9 10 4 5 3",
    "12 1 10 15 9 2 6 8 0 13 3 4 14 7 5 11 10 15 4 2 7 12 9 5 6 1 13 14 0 11 3 8 "
    "9 14 15 5 2 8 12 3 7 0 4 10 1 13 11 6 4 3 2 12 9 5 15 10 11 14 1 7 6 0 8 13",
    "4 11 2 14 15 0 8 13 3 12 9 7 5 10 6 1 13 0 11 7 4 9 1 10 14 3 5 12 2 15 8 6 "
    "1 4 11 13 12 3 7 14 10 15 6 8 0 5 9 2 6 11 13 8 1 4 10 7 9 5 0 15 14 2 3 12",
    "13 2 8 4 6 15 11 1 10 9 3 14 5 0 12 7 1 15 13 8 10 3 7 4 12 5 6 11 0 14 9 2 "
    "7 11 4 1 9 12 14 2 0 6 10 13 15 3 5 8 2 1 14 7 4 10 8 13 15 12 9 0 3 5 6 11",
]
_S = [[int(v) for v in box.split()] for box in _SBOXES]


def _permute(bits: list[int], table: list[int]) -> list[int]:
    return [bits[i - 1] for i in table]


def _to_bits(data: bytes) -> list[int]:
    return [(byte >> (7 - i)) & 1 for byte in data for i in range(8)]


def _from_bits(bits: list[int]) -> bytes:
    return bytes(
        sum(bit << (7 - i) for i, bit in enumerate(bits[n : n + 8])) for n in range(0, len(bits), 8)
    )


def plain_des_encrypt(key: bytes, block: bytes) -> bytes:
    """Encrypt one 8-byte block with textbook DES (MSB-first bit numbering)."""
    cd = _permute(_to_bits(key), _PC1)
    c, d = cd[:28], cd[28:]
    subkeys = []
    for shift in _SHIFTS:
        c, d = c[shift:] + c[:shift], d[shift:] + d[:shift]
        subkeys.append(_permute(c + d, _PC2))
    bits = _permute(_to_bits(block), _IP)
    left, right = bits[:32], bits[32:]
    for subkey in subkeys:
        x = [a ^ b for a, b in zip(_permute(right, _E), subkey, strict=True)]
        out: list[int] = []
        for n in range(8):
            six = x[6 * n : 6 * n + 6]
            row = six[0] * 2 + six[5]
            col = six[1] * 8 + six[2] * 4 + six[3] * 2 + six[4]
            value = _S[n][row * 16 + col]
            out += [(value >> (3 - i)) & 1 for i in range(4)]
        f = _permute(out, _P)
        left, right = right, [a ^ b for a, b in zip(left, f, strict=True)]
    return _from_bits(_permute(right + left, _FP))


def mirror(byte: int) -> int:
    """Reverse the bit order of one byte."""
    return int(f"{byte:08b}"[::-1], 2)


def reference_vnc_response(password: bytes, challenge: bytes) -> bytes:
    """The RFB rule written out: first 8 bytes, zero padded, each byte's bits mirrored."""
    key = bytes(mirror(b) for b in password[:8].ljust(8, b"\0"))
    return b"".join(plain_des_encrypt(key, challenge[i : i + 8]) for i in range(0, 16, 8))


# --- tests ----------------------------------------------------------------------------------


def test_reference_des_matches_the_classic_fips_vector() -> None:
    key = bytes.fromhex("133457799BBCDFF1")
    assert plain_des_encrypt(key, bytes.fromhex("0123456789ABCDEF")).hex() == "85e813540f0ab405"


@pytest.mark.parametrize(
    ("plain", "expected"),
    [("password", "dbd83cfd727a1458"), ("12345678", "f0e43164f6c2e373")],
)
def test_well_known_vncpasswd_vectors(plain: str, expected: str) -> None:
    # vncpasswd stores DES(key=fixed VNC key, data=password) with the same mirrored-key
    # convention as the RFB challenge; these stored forms are published widely.
    fixed_key = bytes([23, 82, 107, 6, 35, 78, 88, 7])
    block = plain.encode()
    assert vnc_auth_response(fixed_key, block + block)[:8].hex() == expected
    assert reference_vnc_response(fixed_key, block + block)[:8].hex() == expected


def test_response_matches_the_reference_for_random_passwords_and_challenges() -> None:
    rng = random.Random(7)
    for _ in range(20):
        password = "".join(rng.choice("abcXYZ019!~:%") for _ in range(rng.randint(0, 12)))
        challenge = rng.randbytes(16)
        assert vnc_auth_response(password, challenge) == reference_vnc_response(
            password.encode(), challenge
        )


def test_key_uses_first_eight_bytes_zero_padded_and_mirrored() -> None:
    assert vnc_des_key("PVEVNC:5FBE5E70::sig") == vnc_des_key("PVEVNC:5")
    assert vnc_des_key("ab") == bytes([mirror(ord("a")), mirror(ord("b"))]) + b"\0" * 6
    # Mirroring matters: a plain DES key gives another answer.
    challenge = bytes(range(16))
    plain_key_answer = plain_des_encrypt(b"secret\0\0", challenge[:8])
    assert vnc_auth_response("secret", challenge)[:8] != plain_key_answer


_NOVNC_CRYPTO = (
    Path(__file__).resolve().parents[3]
    / "resources/web/node_modules/@novnc/novnc/core/crypto/crypto.js"
)


@pytest.mark.skipif(
    shutil.which("node") is None or not _NOVNC_CRYPTO.exists(),
    reason="needs node and the npm assets from ./run setup",
)
def test_response_matches_novnc_des_js() -> None:
    # Exactly what noVNC's RFB.genDES() does with the password and the challenge.
    script = (
        "globalThis.window = globalThis;"  # noVNC's logging module expects a browser
        f"const {{ default: legacyCrypto }} = await import({_NOVNC_CRYPTO.as_uri()!r});"
        "for (const [pw, hex] of JSON.parse(process.argv[1])) {"
        "  const key = legacyCrypto.importKey('raw', pw.split('').map(c => c.charCodeAt(0)),"
        "   {name: 'DES-ECB'}, false, ['encrypt']);"
        "  const out = legacyCrypto.encrypt({name: 'DES-ECB'}, key,"
        "   Array.from(Buffer.from(hex, 'hex')));"
        "  console.log(Buffer.from(out).toString('hex'));"
        "}"
    )
    rng = random.Random(11)
    cases = [
        (password, rng.randbytes(16))
        for password in ("PVEVNC:6", "a:b&c+d%", "short", "password-longer-than-8")
    ]
    result = subprocess.run(
        ["node", "--input-type=module", "-e", script,
         json.dumps([[password, challenge.hex()] for password, challenge in cases])],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )  # fmt: skip
    answers = result.stdout.split()
    assert answers == [vnc_auth_response(pw, challenge).hex() for pw, challenge in cases]
    assert len(set(answers)) == 4  # the script really used each password
