"""Helpers for the sync integration tests: the real client against the simulated fleet."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from pvesphere_desktop.core.config import AuthMethod, ClusterConfig, TlsMode
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.pve.session import (
    RequestRecord,
    add_request_observer,
    remove_request_observer,
)
from pvesphere_desktop.pve.tls import host_port
from pvesphere_desktop.simulator import SimulatedFleet


def token_parts(token: str) -> tuple[str, str, str]:
    """Split ``user@realm!tokenid=secret``."""
    user_token, _, secret = token.rpartition("=")
    user, _, token_id = user_token.partition("!")
    return user, token_id, secret


def config_for(info: dict[str, Any], **changes: Any) -> ClusterConfig:
    """A token-auth, pinned ClusterConfig for one simulated cluster (as ``cluster add`` makes)."""
    user, token_id, _secret = token_parts(info["token"])
    config = ClusterConfig(
        name=info["name"],
        url=info["url"],
        auth=AuthMethod.TOKEN,
        user=user,
        token_id=token_id,
        tls=TlsMode.PINNED,
        fingerprints={host_port(info["url"]): info["fingerprint"]},
        timeout_s=3.0,
        interval_s=0.2,
    )
    return config.with_changes(**changes)


def secrets_of(fleet: SimulatedFleet) -> Callable[[ClusterConfig], Secret | None]:
    """A secret provider answering with each simulated cluster's root token secret."""
    secrets = {info["name"]: Secret(token_parts(info["token"])[2]) for info in fleet.info()}
    return lambda config: secrets.get(config.name)


class RequestCounter:
    """Counts the requests our sessions send, per cluster and path."""

    def __init__(self) -> None:
        self.records: list[RequestRecord] = []
        self._lock = threading.Lock()

    def __call__(self, record: RequestRecord) -> None:
        with self._lock:
            self.records.append(record)

    def reset(self) -> None:
        with self._lock:
            self.records.clear()

    def by_cluster(self) -> Counter[str]:
        with self._lock:
            return Counter(r.cluster for r in self.records)

    def paths(self, cluster: str) -> list[str]:
        with self._lock:
            return [r.path for r in self.records if r.cluster == cluster]


@contextmanager
def counting_requests() -> Iterator[RequestCounter]:
    counter = RequestCounter()
    add_request_observer(counter)
    try:
        yield counter
    finally:
        remove_request_observer(counter)
