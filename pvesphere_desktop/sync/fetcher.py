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
from pvesphere_desktop.pve.session import PveSession

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class InventoryFetch:
    """One inventory fetch: the raw ``/cluster/resources`` rows and the read cluster status."""

    resources: Any  # PVE's data as decoded from JSON (normally a list of objects)
    info: ClusterInfo
    status_nodes: tuple[Node, ...]


class ClusterFetcher(Protocol):
    """The questions a coordinator asks one cluster. Every method blocks; errors are
    ``core.errors`` types (PveSphereError subclasses)."""

    def inventory(self) -> InventoryFetch:
        """Fetch ``/cluster/resources`` and ``/cluster/status`` (two requests)."""
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


class MissingSecretError(AuthenticationError):
    """No secret is stored for a cluster: only the user can help."""

    template = QT_TRANSLATE_NOOP("Errors", "No password or token secret is stored for {name}.")


class PveFetcher:
    """A ClusterFetcher over one PveSession (token or ticket auth, pinned TLS, failover)."""

    def __init__(self, session: PveSession) -> None:
        self._session = session

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

    def inventory(self) -> InventoryFetch:
        resources = self._session.get("/cluster/resources")
        info, nodes = self._session.cluster_status()
        return InventoryFetch(resources, info, nodes)

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
