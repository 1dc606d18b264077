"""Benchmarks of the connection layer: normalising a 1,000-guest ``/cluster/resources`` answer
(per emulated version, string numbers on 7.4) and fetching it through a real session.

Run: ``.venv/bin/python -m pytest -m bench tests/bench/test_bench_pve.py -s``.
docs/benchmarks.md records the figures.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from pvesphere_desktop.core.config import AuthMethod, ClusterConfig, TlsMode
from pvesphere_desktop.pve.normalize import normalize_resources
from pvesphere_desktop.pve.session import PveSession, parse_token
from pvesphere_desktop.pve.tls import host_port
from pvesphere_desktop.simulator import FleetSpec, SimulatedFleet

pytestmark = pytest.mark.bench
ROUNDS = 30


def _timings(fn: Callable[[], Any], rounds: int = ROUNDS) -> tuple[float, float]:
    fn()  # warm up
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000, min(samples) * 1000


def test_normalise_and_fetch_1000_guests() -> None:
    spec = FleetSpec(clusters=3, nodes=4, guests=1000, versions=("7.4", "8.4", "9.1"), seed=5)
    with SimulatedFleet(spec, time_scale=0.0) as fleet:
        for info in fleet.info():
            user, token_id, secret = parse_token(info["token"])
            config = ClusterConfig(
                name=info["name"], url=info["url"], auth=AuthMethod.TOKEN, user=user,
                token_id=token_id, tls=TlsMode.PINNED,
                fingerprints={host_port(info["url"]): info["fingerprint"]},
            )  # fmt: skip
            with PveSession(config, secret) as session:
                rows = session.get("/cluster/resources")
                guests = sum(1 for r in rows if r.get("type") in ("qemu", "lxc"))
                assert guests == 1000
                norm_median, norm_best = _timings(partial(normalize_resources, "c", rows))
                fetch_median, fetch_best = _timings(session.resources, rounds=10)
            print(
                f"\nPVE {info['version']}: normalise {len(rows)} rows ({guests} guests): "
                f"median {norm_median:.1f} ms, best {norm_best:.1f} ms; "
                f"GET /cluster/resources + normalise through a session: "
                f"median {fetch_median:.1f} ms, best {fetch_best:.1f} ms"
            )
            assert norm_median < 60  # generous: a loaded 2-core machine
