"""What a cluster can do, derived once from its ``/version``.

Callers ask ``caps.ha_rules`` instead of comparing version numbers in many places. Each flag
names the PVE release that introduced the behaviour (see the version table in the PVE API notes);
the thresholds are checked against the official schema of 7.4, 8.4 and 9.1 by a test.
"""

from __future__ import annotations

from dataclasses import dataclass

from pvesphere_desktop.core.models import PveVersion

Version = tuple[int, int, int]

# Release that introduced each capability (pve-manager version numbers).
_SINCE: dict[str, Version] = {
    "tags": (7, 2, 0),  # guest tags in configs and /cluster/resources
    "tfa_challenge": (7, 2, 0),  # NeedTFA + tfa-challenge ("new format") login
    "pool_query": (8, 0, 0),  # GET /pools?poolid=, PUT /pools; /pools/{id} deprecated
    "stop_overrule_shutdown": (8, 0, 0),  # qemu status/stop overrule-shutdown
    "node_boot_info": (8, 0, 0),  # node status current-kernel, boot-info
    "memory_property_string": (8, 1, 0),  # qemu config memory "current=..."
    "storage_import_content": (8, 2, 0),  # storage content type "import"
    "backup_fleecing": (8, 2, 0),  # vzdump/backup job fleecing
    "error_message_in_body": (8, 4, 0),  # JSON "message" next to the reason phrase
    "ha_rules": (9, 0, 0),  # /cluster/ha/rules replaces /cluster/ha/groups
    "rrd_decade": (9, 0, 0),  # rrddata timeframe=decade, 1440-point RRDs
    "pressure_metrics": (9, 0, 0),  # PSI pressure* fields, memhost
    "sdn_resources": (9, 0, 0),  # network rows in /cluster/resources
    "token_shells": (9, 0, 13),  # termproxy/vncwebsocket with API tokens
    "ha_arm": (9, 1, 0),  # POST /cluster/ha/status/{arm-ha,disarm-ha}
    "vnc_password": (9, 1, 0),  # vncproxy always returns a password, tickets bound to port
}


@dataclass(frozen=True, slots=True)
class Capabilities:
    """Feature flags of one cluster, from its PVE version."""

    version: PveVersion

    def _has(self, name: str) -> bool:
        return self.version.as_tuple >= _SINCE[name]

    @property
    def tags(self) -> bool:
        return self._has("tags")

    @property
    def tfa_challenge(self) -> bool:
        return self._has("tfa_challenge")

    @property
    def pool_query(self) -> bool:
        return self._has("pool_query")

    @property
    def stop_overrule_shutdown(self) -> bool:
        return self._has("stop_overrule_shutdown")

    @property
    def node_boot_info(self) -> bool:
        return self._has("node_boot_info")

    @property
    def memory_property_string(self) -> bool:
        return self._has("memory_property_string")

    @property
    def storage_import_content(self) -> bool:
        return self._has("storage_import_content")

    @property
    def backup_fleecing(self) -> bool:
        return self._has("backup_fleecing")

    @property
    def error_message_in_body(self) -> bool:
        return self._has("error_message_in_body")

    @property
    def ha_rules(self) -> bool:
        return self._has("ha_rules")

    @property
    def ha_groups(self) -> bool:
        return not self._has("ha_rules")

    @property
    def rrd_decade(self) -> bool:
        return self._has("rrd_decade")

    @property
    def rrd_timeframes(self) -> tuple[str, ...]:
        base = ("hour", "day", "week", "month", "year")
        return (*base, "decade") if self.rrd_decade else base

    @property
    def pressure_metrics(self) -> bool:
        return self._has("pressure_metrics")

    @property
    def sdn_resources(self) -> bool:
        return self._has("sdn_resources")

    @property
    def token_shells(self) -> bool:
        return self._has("token_shells")

    @property
    def ha_arm(self) -> bool:
        return self._has("ha_arm")

    @property
    def vnc_password(self) -> bool:
        return self._has("vnc_password")

    def supports(self, name: str) -> bool:
        """Return whether the capability called ``name`` is present; False for unknown names."""
        if name == "ha_groups":
            return self.ha_groups
        return name in _SINCE and self._has(name)

    @staticmethod
    def names() -> tuple[str, ...]:
        """Every capability name :meth:`supports` knows."""
        return (*_SINCE, "ha_groups")

    def as_dict(self) -> dict[str, bool]:
        """Every flag by name, e.g. for ``--json`` output or diagnostics."""
        return {name: self.supports(name) for name in self.names()}
