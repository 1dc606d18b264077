"""Redaction speed: every log record passes through it (figures in docs/benchmarks.md)."""

from __future__ import annotations

import base64
import secrets
import time

import pytest

from pvesphere_desktop.core.redact import redact

pytestmark = pytest.mark.bench

PLAIN = "Synced 42 guests on cluster prod-eu (3 nodes) in 0.31 s"
URL = "GET https://127.0.0.1:8006/api2/json/nodes/pve1/qemu/100/status/current as root@pam"
SECRET = "login {'username': 'root@pam', 'password': 'hunter2-hunter2'} ticket=PVE:root@pam:..."


def _per_call_us(text: str, rounds: int = 20_000) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        redact(text)
    return (time.perf_counter() - start) / rounds * 1e6


@pytest.mark.parametrize(
    ("name", "text", "budget_us"), [("plain", PLAIN, 20), ("url", URL, 80), ("secret", SECRET, 150)]
)
def test_per_message_cost(name: str, text: str, budget_us: float) -> None:
    cost = _per_call_us(text)
    print(f"redact {name}: {cost:.1f} us per message")
    assert cost < budget_us


@pytest.mark.parametrize(
    "piece",
    ["PVE:", "PVE%3A", "x@y!z", "password=", "0123ABCD:", "-----BEGIN PRIVATE KEY-----", "a_"],
)
def test_hostile_input_stays_linear(piece: str) -> None:
    text = piece * (200_000 // len(piece))
    start = time.perf_counter()
    redact(text)
    elapsed = time.perf_counter() - start
    print(f"redact 200 kB of {piece!r}: {elapsed * 1000:.0f} ms")
    assert elapsed < 2.0


def test_large_traceback() -> None:
    blob = base64.b64encode(secrets.token_bytes(750_000)).decode()  # about 1 MB
    start = time.perf_counter()
    redact(blob)
    elapsed = time.perf_counter() - start
    print(f"redact 1 MB of base64: {elapsed * 1000:.0f} ms")
    assert elapsed < 3.0
