"""Fixtures that start the simulated PVE fleet in-process on free loopback ports.

* ``sim_fleet``: a small fleet (one cluster per emulated version: 7.4, 8.4, 9.1; instant tasks,
  no 401 delay), fresh for each test, so tests may mutate it and switch faults on.
* ``sim_fleet_shared``: the same shape, started once per test module, for read-only tests.
* ``sim_fleet_factory``: start fleets of any shape (``sim_fleet_factory(FleetSpec(...), **kw)``).
* ``PveHttp``: a tiny HTTPS client for talking to a simulated cluster with real TLS (CA file of
  the cluster), exposing status, reason phrase and JSON exactly as received.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from pvesphere_desktop.simulator import FleetSpec, SimulatedFleet

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SMALL_SPEC = FleetSpec(clusters=3, nodes=3, guests=24, versions=("7.4", "8.4", "9.1"), seed=11)


@dataclass
class Answer:
    """One HTTP answer as the simulator sent it."""

    status: int
    reason: str
    headers: httpx.Headers
    text: str

    @property
    def json(self) -> Any:
        return json.loads(self.text)

    @property
    def data(self) -> Any:
        return self.json["data"]


class PveHttp:
    """Minimal API client for tests: token, ticket or no auth; nothing of our PVE client."""

    def __init__(self, info: dict[str, Any], *, timeout: float = 10.0) -> None:
        self.info = info
        self.base = info["url"] + "/api2/json"
        self.ctx = ssl.create_default_context(cafile=info["ca_file"])
        self.client = httpx.Client(verify=self.ctx, timeout=timeout, trust_env=False)
        self.auth: dict[str, str] = {}
        self.csrf: str | None = None

    def close(self) -> None:
        self.client.close()

    def use_token(self, token: str | None = None) -> PveHttp:
        self.auth = {"Authorization": "PVEAPIToken=" + (token or self.info["token"])}
        self.csrf = None
        return self

    def use_ticket(self, ticket: str, csrf: str | None) -> PveHttp:
        self.auth = {"Cookie": f"PVEAuthCookie={ticket}"}
        self.csrf = csrf
        return self

    def login(self, userid: str, password: str, **extra: str) -> Answer:
        """POST /access/ticket; on success switch to the ticket."""
        answer = self.request(
            "POST",
            "/access/ticket",
            data={"username": userid, "password": password, **extra},
            auth=False,
        )
        if answer.status == 200 and "NeedTFA" not in answer.data:
            self.use_ticket(answer.data["ticket"], answer.data["CSRFPreventionToken"])
        return answer

    def user(self, userid: str) -> dict[str, Any]:
        return next(u for u in self.info["users"] if u["userid"] == userid)

    def token_of(self, tokenid: str) -> str:
        entry = next(t for t in self.info["tokens"] if t["tokenid"] == tokenid)
        return f"{entry['tokenid']}={entry['secret']}"

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        auth: bool = True,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        hdrs = dict(self.auth) if auth else {}
        if auth and self.csrf and method != "GET":
            hdrs["CSRFPreventionToken"] = self.csrf
        hdrs.update(headers or {})
        response = self.client.request(
            method, self.base + path, params=params, data=data, headers=hdrs
        )
        return Answer(response.status_code, response.reason_phrase, response.headers, response.text)

    def get(self, path: str, **params: Any) -> Answer:
        return self.request("GET", path, params=params or None)

    def post(self, path: str, **data: Any) -> Answer:
        return self.request("POST", path, data=data or None)

    def put(self, path: str, **data: Any) -> Answer:
        return self.request("PUT", path, data=data or None)

    def delete(self, path: str, **params: Any) -> Answer:
        return self.request("DELETE", path, params=params or None)

    def ok(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send a request that must succeed; return its ``data``."""
        call = {"GET": self.get, "POST": self.post, "PUT": self.put, "DELETE": self.delete}[method]
        answer = call(path, **kwargs)
        assert answer.status == 200, (
            f"{method} {path}: {answer.status} {answer.reason} {answer.text[:300]}"
        )
        return answer.data


def fleet_client(fleet: SimulatedFleet, version: str) -> PveHttp:
    """Return a token client for the fleet's first cluster emulating ``version``."""
    info = next(i for i in fleet.info() if i["version"] == version)
    return PveHttp(info).use_token()


def cluster_of(fleet: SimulatedFleet, version: str) -> Any:
    return next(sim for sim in fleet if sim.prof.key == version)


@pytest.fixture
def sim_fleet_factory() -> Iterator[Callable[..., SimulatedFleet]]:
    started: list[SimulatedFleet] = []

    def start(spec: FleetSpec | None = None, **kwargs: Any) -> SimulatedFleet:
        kwargs.setdefault("time_scale", 0.0)
        kwargs.setdefault("unauthorized_delay", 0.0)
        fleet = SimulatedFleet(spec or SMALL_SPEC, **kwargs).start()
        started.append(fleet)
        return fleet

    yield start
    for fleet in started:
        fleet.stop()


@pytest.fixture
def sim_fleet(sim_fleet_factory: Callable[..., SimulatedFleet]) -> SimulatedFleet:
    return sim_fleet_factory(SMALL_SPEC)


@pytest.fixture(scope="module")
def sim_fleet_shared() -> Iterator[SimulatedFleet]:
    fleet = SimulatedFleet(SMALL_SPEC, time_scale=0.0, unauthorized_delay=0.0).start()
    try:
        yield fleet
    finally:
        fleet.stop()


@pytest.fixture
def pve_http() -> Iterator[Callable[..., PveHttp]]:
    """Open PveHttp clients that are closed after the test: ``pve_http(info)``."""
    clients: list[PveHttp] = []

    def make(info: dict[str, Any], **kwargs: Any) -> PveHttp:
        client = PveHttp(info, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
