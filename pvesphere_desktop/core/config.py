"""A cluster connection's configuration: everything but the secret.

The store persists these (clusters table), the pve layer connects with them, the secrets layer
holds the matching secret under :meth:`ClusterConfig.secret_ref`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum


class AuthMethod(StrEnum):
    TOKEN = "token"  # user@realm!tokenid + secret (recommended for background work)
    PASSWORD = "password"  # user@realm + password (+ TFA)


class TlsMode(StrEnum):
    SYSTEM = "system"  # verify against the system CAs
    CA_FILE = "ca_file"  # verify against a custom CA bundle
    PINNED = "pinned"  # accept exactly the pinned SHA-256 fingerprints


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    """How to reach and authenticate to one cluster or standalone node."""

    name: str  # the user's unique name for this connection
    url: str  # entry URL, e.g. https://pve1.example.com:8006
    auth: AuthMethod = AuthMethod.TOKEN
    user: str = ""  # user@realm
    token_id: str = ""  # the TOKENID part of user@realm!TOKENID (token auth)
    tls: TlsMode = TlsMode.PINNED
    ca_file: str | None = None
    # Pinned SHA-256 fingerprints ("AA:BB:..."), keyed by "host:port" of each endpoint.
    fingerprints: Mapping[str, str] = field(default_factory=dict)
    # Node name -> base URL learned from /cluster/status (for failover).
    known_endpoints: Mapping[str, str] = field(default_factory=dict)
    failover: bool = True
    enabled: bool = True
    interval_s: float = 5.0
    timeout_s: float = 10.0

    @property
    def secret_ref(self) -> str:
        """The secrets-layer entry name for this connection's secret."""
        return f"cluster:{self.name}"

    @property
    def token_user(self) -> str:
        """``user@realm!tokenid`` for token auth."""
        return f"{self.user}!{self.token_id}"

    def with_changes(self, **changes: object) -> ClusterConfig:
        return replace(self, **changes)  # type: ignore[arg-type]
