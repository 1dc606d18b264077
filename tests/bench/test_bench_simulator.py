"""Simulator benchmarks (marked ``bench``; run with ``pytest -m bench tests/bench``).

Figures go to docs/benchmarks.md. Every loop is bounded in count and time.
"""

from __future__ import annotations

import http.client
import json
import os
import ssl
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pvesphere_desktop.simulator import FleetSpec, SimulatedFleet

pytestmark = pytest.mark.bench


@pytest.fixture(autouse=True)
def _only_when_selected(request: pytest.FixtureRequest) -> None:
    if "bench" not in (request.config.getoption("-m") or ""):
        pytest.skip("benchmarks run only with -m bench")


def timed(fn: Callable[[], Any], count: int, budget: float) -> list[float]:
    samples: list[float] = []
    deadline = time.monotonic() + budget
    for _ in range(count):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
        if time.monotonic() > deadline:
            break
    return samples


def summary(name: str, samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    result = {
        "n": len(samples),
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 2),
    }
    print(f"\nBENCH {name}: {json.dumps(result)}")
    return result


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class KeepAlive:
    """One keep-alive HTTPS connection (http.client: little client-side overhead to measure)."""

    def __init__(self, info: dict[str, Any]) -> None:
        host, port = info["url"].removeprefix("https://").rsplit(":", 1)
        ctx = ssl.create_default_context(cafile=info["ca_file"])
        self.conn = http.client.HTTPSConnection(host, int(port), context=ctx, timeout=30)
        self.headers = {"Authorization": "PVEAPIToken=" + info["token"]}

    def get(self, path: str, *, gzip: bool) -> bytes:
        headers = {**self.headers, "Accept-Encoding": "gzip" if gzip else "identity"}
        self.conn.request("GET", "/api2/json" + path, headers=headers)
        response = self.conn.getresponse()
        body = response.read()
        assert response.status == 200
        return body

    def close(self) -> None:
        self.conn.close()


def test_cluster_resources_for_a_1000_guest_cluster() -> None:
    spec = FleetSpec(clusters=1, nodes=8, guests=1000, versions=("8.4",), seed=7)
    with SimulatedFleet(spec, unauthorized_delay=0) as fleet:
        sim = next(iter(fleet))
        client = KeepAlive(fleet.info()[0])
        try:
            rows = json.loads(client.get("/cluster/resources", gzip=False))["data"]
            assert len([r for r in rows if r["type"] in ("qemu", "lxc")]) == 1000

            def cold(gzip: bool) -> None:
                sim.bump()  # a state change: the answer is rebuilt (guest rows reused if unchanged)
                client.get("/cluster/resources", gzip=gzip)

            results = {
                "unchanged, gzip": timed(
                    lambda: client.get("/cluster/resources", gzip=True), 300, 60
                ),
                "unchanged, identity": timed(
                    lambda: client.get("/cluster/resources", gzip=False), 300, 60
                ),
                "after a change, gzip": timed(lambda: cold(True), 200, 60),
                "after a change, identity": timed(lambda: cold(False), 200, 60),
            }
            figures = {
                name: summary(f"resources 1000 guests, {name}", samples)
                for name, samples in results.items()
            }
            # every 10 s of simulated time (pvestatd's interval) running guests' rows are redone
            full = summary(
                "resources 1000 guests, next 10 s metrics interval",
                timed(
                    lambda: (fleet.clock.shift(10), client.get("/cluster/resources", gzip=True)),
                    50,
                    60,
                ),
            )
        finally:
            client.close()
    for figure in figures.values():
        assert figure["median_ms"] <= 50
    assert full["median_ms"] <= 250  # once per 10 s of polling


@pytest.mark.slow
def test_one_process_serves_20_clusters_of_1000_guests() -> None:
    spec = FleetSpec(clusters=20, nodes=4, guests=1000, seed=8)
    before = rss_mib()
    started = time.monotonic()
    with SimulatedFleet(spec, unauthorized_delay=0) as fleet:
        start_s = time.monotonic() - started
        clients = [KeepAlive(info) for info in fleet.info()]
        sims = list(fleet)
        try:

            def sweep() -> None:
                for sim, client in zip(sims, clients, strict=True):
                    sim.bump()
                    client.get("/cluster/resources", gzip=True)

            sweep()
            per_cluster = [ms / len(clients) for ms in timed(sweep, 10, 120)]
            result = summary("20 clusters x 1000 guests, one request per cluster", per_cluster)
            memory = rss_mib() - before
            print(f"BENCH 20x1000 start {start_s:.2f} s, memory +{memory:.0f} MiB")
        finally:
            for client in clients:
                client.close()
    assert result["median_ms"] <= 50


def test_cli_ready_time(tmp_path: Path) -> None:
    samples = []
    for _ in range(3):
        started = time.monotonic()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pvesphere_desktop.cli.main",
                "--home",
                str(tmp_path),
                "sim",
                "--no-stdin",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            assert proc.stdout is not None
            for _ in range(3):
                assert proc.stdout.readline()
            samples.append((time.monotonic() - started) * 1000)
        finally:
            proc.terminate()
            proc.wait(10)
            if proc.stdout is not None:
                proc.stdout.close()
    result = summary("pvesphere sim (3 clusters x 30 guests) ready", samples)
    assert result["median_ms"] < 3000
