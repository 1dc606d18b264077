"""What the sync engine needs from a cluster, behind a small interface.

:class:`ClusterFetcher` is everything a coordinator asks of PVE; :class:`PveFetcher` implements
it with one :class:`~pvesphere_desktop.pve.session.PveSession`. Keeping the interface this
small lets the diff/write/ChangeSet logic run on recorded PVE answers in unit tests, while
integration tests run the real session against the simulator.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from pvesphere_desktop.core.config import ClusterConfig
from pvesphere_desktop.core.enums import GuestType
from pvesphere_desktop.core.errors import AuthenticationError, NotFoundError
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP
from pvesphere_desktop.core.models import ClusterInfo, Node
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.core.status import EndpointStatus
from pvesphere_desktop.pve.session import PveSession
from pvesphere_desktop.secrets import SecretStore

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class InventoryFetch:
    """One inventory fetch: the raw ``/cluster/resources`` rows and the read cluster status.

    ``resources`` is :data:`UNCHANGED` (not decoded) when the answer's body was byte for byte
    the ``unless`` body the caller passed; ``resources_body`` is the body (None when the
    fetcher cannot tell), to pass as ``unless`` next time.
    """

    resources: Any  # PVE's data as decoded from JSON (normally a list of objects), or UNCHANGED
    info: ClusterInfo
    status_nodes: tuple[Node, ...]
    resources_body: bytes | None = None


class ClusterFetcher(Protocol):
    """The questions a coordinator asks one cluster. Every method blocks; errors are
    ``core.errors`` types (PveSphereError subclasses)."""

    def inventory(self, unless: bytes | None = None) -> InventoryFetch:
        """Fetch ``/cluster/resources`` and ``/cluster/status`` (two requests); the resources
        are UNCHANGED when their body is byte for byte ``unless``."""
        ...

    def tasks(self) -> Any:
        """Fetch the recent tasks of the whole cluster (``/cluster/tasks``, raw rows)."""
        ...

    def ha_status(self) -> Any:
        """Fetch ``/cluster/ha/status/current`` (raw rows)."""
        ...

    def guest_config(self, node: str, guest_type: GuestType, vmid: int) -> Any:
        """Fetch a guest's configuration (raw object, with ``digest``)."""
        ...

    def snapshots(self, node: str, guest_type: GuestType, vmid: int) -> Any:
        """Fetch a guest's snapshot list (raw rows)."""
        ...

    def rrddata(self, path: str, timeframe: str, cf: str = "AVERAGE") -> Any:
        """Fetch metric history for ``nodes/N`` or ``nodes/N/qemu/100`` (raw rows)."""
        ...

    def agent_interfaces(self, node: str, vmid: int) -> Any:
        """Fetch a qemu guest's network interfaces from its agent (raw object)."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


SecretProvider = Callable[[ClusterConfig], "str | Secret | None"]
"""Returns the secret of a cluster connection (token secret or password), None when unknown."""

ConfigSaver = Callable[[ClusterConfig], None]
"""Persists what a session learnt about a cluster (node addresses, their pinned certificates)."""


def secrets_from(store: SecretStore) -> SecretProvider:
    """Return a SecretProvider reading ``config.secret_ref`` from the secrets layer."""
    return lambda config: store.get(config.secret_ref)


class MissingSecretError(AuthenticationError):
    """No secret is stored for a cluster: only the user can help."""

    template = QT_TRANSLATE_NOOP("Errors", "No password or token secret is stored for {name}.")


class PveFetcher:
    """A ClusterFetcher over one PveSession (token or ticket auth, pinned TLS, failover)."""

    # Node addresses (for failover) are re-learnt every this many inventory fetches.
    LEARN_EVERY = 60

    def __init__(self, session: PveSession) -> None:
        self._session = session
        self._fetches = 0
        # The last /cluster/status body and what it said: a repeated body is not decoded.
        self._status_body: bytes | None = None
        self._status: tuple[ClusterInfo, tuple[Node, ...]] | None = None

    @classmethod
    def connect(
        cls,
        config: ClusterConfig,
        secrets: SecretProvider,
        on_config_change: ConfigSaver | None = None,
    ) -> PveFetcher:
        """Build a fetcher for ``config``; raise MissingSecretError when there is no secret."""
        secret = secrets(config)
        if not secret:
            raise MissingSecretError(name=config.name)
        return cls(PveSession(config, secret, on_config_change=on_config_change))

    @property
    def session(self) -> PveSession:
        return self._session

    def endpoint_status(self) -> EndpointStatus:
        """The node the session talks to (no request): coordinators put it in their status."""
        return self._session.endpoint_status

    def inventory(self, unless: bytes | None = None) -> InventoryFetch:
        body, resources = self._session.get_unless("/cluster/resources", unless)
        learn = self._fetches % self.LEARN_EVERY == 0
        self._fetches += 1
        known = None if learn or self._status is None else self._status_body
        self._status_body = None  # until this status is read
        status_body, status = self._session.cluster_status_unless(known, learn=learn)
        if status is None:
            assert self._status is not None  # only ever unchanged from a known answer
            status = self._status
        self._status, self._status_body = status, status_body
        return InventoryFetch(resources, status[0], status[1], resources_body=body)

    def tasks(self) -> Any:
        return self._session.get("/cluster/tasks")

    def ha_status(self) -> Any:
        return self._session.get("/cluster/ha/status/current")

    def guest_config(self, node: str, guest_type: GuestType, vmid: int) -> Any:
        return self._session.get(f"/nodes/{node}/{guest_type.value}/{vmid}/config")

    def snapshots(self, node: str, guest_type: GuestType, vmid: int) -> Any:
        return self._session.get(f"/nodes/{node}/{guest_type.value}/{vmid}/snapshot")

    def rrddata(self, path: str, timeframe: str, cf: str = "AVERAGE") -> Any:
        return self._session.get(f"/{path}/rrddata", timeframe=timeframe, cf=cf)

    def agent_interfaces(self, node: str, vmid: int) -> Any:
        try:
            return self._session.get(f"/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces")
        except NotFoundError:
            return None

    def close(self) -> None:
        self._session.close()
