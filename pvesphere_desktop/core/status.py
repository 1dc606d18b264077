"""A cluster connection's sync state as the cache records it (health, last contact, quorum)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pvesphere_desktop.core.enums import Health
from pvesphere_desktop.core.i18n import UserMessage


@dataclass(frozen=True, slots=True)
class EndpointStatus:
    """Which node of a cluster the app is talking to, and whether it failed over to it."""

    address: str  # host:port requests go to
    node: str | None  # the node answering there (None until learnt)
    entry_address: str  # the configured URL's host:port
    entry_node: str | None
    failed_over_at: float | None = None  # when requests left the entry (None: on the entry)

    @property
    def failed_over(self) -> bool:
        return self.failed_over_at is not None


@dataclass(frozen=True, slots=True)
class ClusterStatus:
    """What the sync engine last learnt about one cluster connection.

    Everything cached for the cluster was confirmed by PVE at ``last_ok_at`` (the ``last_seen``
    of every object still in the cache); ``None`` means never synced.
    """

    cluster: str
    health: Health = Health.UNKNOWN
    detail: str = ""  # the last failure's message (no secrets), "" when healthy
    pve_name: str | None = None
    quorate: bool | None = None
    node_count: int = 0
    pve_version: str | None = None
    first_synced_at: float | None = None
    last_attempt_at: float | None = None
    last_ok_at: float | None = None
    last_change_at: float | None = None
    failures: int = 0  # consecutive failed cycles
    # The node the sync's connection talks to (None when not connected); not cached.
    endpoint: EndpointStatus | None = None
    # The same as ``detail`` but translatable (the cache keeps it too; None when there is no
    # detail, or for a cache written before it was kept).
    message: UserMessage | None = field(default=None, compare=False, repr=False)

    @property
    def reachable(self) -> bool:
        return self.health in (Health.OK, Health.DEGRADED)


@dataclass(frozen=True, slots=True)
class HaResource:
    """An HA-managed resource (``vm:100``, ``ct:101``) and its state from the HA manager."""

    cluster: str
    sid: str
    type: str = "vm"
    state: str | None = None  # configured: started | stopped | disabled | ignored
    node: str | None = None
    status: str | None = None  # the manager's text, e.g. "started"
    request_state: str | None = None
    crm_state: str | None = None


@dataclass(frozen=True, slots=True)
class SyncFollowing:
    """Another process syncs this cache (``holder`` names it, "?" when unknown) and the app
    follows what it writes; ``holder == ""``: the app syncs the cache itself again."""

    holder: str
