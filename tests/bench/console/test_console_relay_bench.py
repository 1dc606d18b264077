"""Relay figures: session setup, small-message round trips, bulk throughput (marked bench).

Both ends are on this machine: the page side is a websockets client with our origin, the
upstream a pinned TLS echo server (what pveproxy + a console would be). Bounded in count and
time. Run with ``pytest -m bench tests/bench/console -s`` to see the figures.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.typing import Origin, Subprotocol

from pvesphere_desktop.console.relay import ConsoleRelay, UpstreamTarget
from pvesphere_desktop.console.trust import UpstreamTls
from tests.consolekit.certs import make_cert
from tests.consolekit.upstream import FakeConsoleFront

pytestmark = [pytest.mark.bench, pytest.mark.asyncio(loop_factories=["asyncio"])]

COOKIE = "PVE:root@pam:66AAAAAA::YmVuY2gtc2lnbmF0dXJl"  # house-rules: allow-secret fake
PATH = "/api2/json/nodes/pve1/qemu/100/vncwebsocket"


async def _setup(tmp_path: Path) -> tuple[ConsoleRelay, FakeConsoleFront, UpstreamTarget]:
    cert = make_cert(tmp_path)
    front = FakeConsoleFront(cert, cookie=COOKIE)
    await front.start()
    relay = ConsoleRelay()
    await relay.start()
    target = UpstreamTarget(
        url=front.url(PATH, 5900, "PVEVNC:66AAAAAA::t"),
        headers=(("Cookie", f"PVEAuthCookie={COOKIE}"),),
        tls=UpstreamTls.pinned([cert.fingerprint], f"127.0.0.1:{front.port}"),
    )
    return relay, front, target


def _page(relay: ConsoleRelay, url: str) -> connect:
    return connect(
        url,
        origin=Origin(relay.origin),
        subprotocols=[Subprotocol("binary")],
        proxy=None,
        max_size=None,
        compression=None,
    )


async def test_relay_figures(tmp_path: Path) -> None:
    relay, front, target = await _setup(tmp_path)
    try:
        # 1. Session setup: register, page connects, upstream TLS + upgrade, first echo.
        setups = []
        for _ in range(30):
            started = time.perf_counter()
            ticket = relay.register(target, lambda event: None)
            async with _page(relay, ticket.ws_url) as page:
                await page.send(b"x")
                await page.recv()
            setups.append(time.perf_counter() - started)

        ticket = relay.register(target, lambda event: None)
        async with _page(relay, ticket.ws_url) as page:
            # 2. Small messages (keystrokes): round trip page -> relay -> PVE -> relay -> page.
            trips = []
            for _ in range(500):
                started = time.perf_counter()
                await page.send(b"k" * 16)
                await page.recv()
                trips.append(time.perf_counter() - started)
            # 3. Bulk (framebuffer updates): 64 KiB messages, 8 in flight, 32 MiB each way.
            chunk = bytes(64 * 1024)
            count = 512
            started = time.perf_counter()
            async with asyncio.timeout(60):
                for _batch in range(count // 8):
                    for _ in range(8):
                        await page.send(chunk)
                    for _ in range(8):
                        await page.recv()
            elapsed = time.perf_counter() - started
        mib_per_s = count * len(chunk) / elapsed / 2**20
    finally:
        await relay.stop()
        await front.stop()

    setup_ms = statistics.median(setups) * 1000
    trip_ms = statistics.median(trips) * 1000
    print(  # the figures for docs/benchmarks.md
        f"\nsession setup median {setup_ms:.1f} ms (max {max(setups) * 1000:.1f} ms)"
        f"\nsmall round trip median {trip_ms:.2f} ms (p95 "
        f"{sorted(trips)[int(len(trips) * 0.95)] * 1000:.2f} ms)"
        f"\nbulk echo {mib_per_s:.1f} MiB/s each way"
    )
    assert setup_ms < 150
    assert trip_ms < 5
    assert mib_per_s > 20
