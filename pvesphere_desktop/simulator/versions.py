"""Emulated Proxmox VE releases and the wire differences between them."""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VersionProfile:
    """What one emulated PVE release looks like on the wire."""

    key: str
    version: str
    release: str
    repoid: str
    manager_hash: str
    kernel_release: str
    kernel_version: str
    qemu_version: str
    machine: str
    schema_file: str
    # error text also travels as "message" in the JSON body (pve-http-server >= 5.2)
    message_in_body: bool
    # Perl sends some numbers as strings (lxc list vmid, console ports)
    string_numbers: bool
    # qemu "memory" is a property string from 8.1 on
    memory_propstring: bool
    # pve-*-9.0 RRD files: more keys, more points, "decade"
    rrd_v9: bool
    # HA groups were migrated to HA rules in 9.0
    ha_rules: bool
    # 9.1.7: vncproxy always generates a password and prefixes the ticket with it
    vnc_always_password: bool
    # 8.x: PUT /pools, pools list with members
    pools_v8: bool
    # 8.x: node status current-kernel/boot-info, guest lists with counters
    node_status_v8: bool
    # auth failures keep their specific reason (older releases)
    detailed_auth_errors: bool
    # termproxy/vncwebsocket on node shells accept API tokens (9.0.13)
    token_shells: bool

    @property
    def major(self) -> int:
        return int(self.key.split(".")[0])

    @property
    def pveversion(self) -> str:
        """Return the ``pveversion`` string of node status."""
        return f"pve-manager/{self.version}/{self.manager_hash}"

    @property
    def kversion(self) -> str:
        return f"Linux {self.kernel_release} {self.kernel_version}"


PVE74 = VersionProfile(
    key="7.4",
    version="7.4-16",
    release="7.4",
    repoid="0f39f621",
    manager_hash="0f39f621",
    kernel_release="5.15.108-1-pve",
    kernel_version="#1 SMP PVE 5.15.108-2 (2023-07-20T10:06Z)",
    qemu_version="7.2.0",
    machine="pc-i440fx-7.2+pve0",
    schema_file="pve-api-schema-7.4-2.json",
    message_in_body=False,
    string_numbers=True,
    memory_propstring=False,
    rrd_v9=False,
    ha_rules=False,
    vnc_always_password=False,
    pools_v8=False,
    node_status_v8=False,
    detailed_auth_errors=True,
    token_shells=False,
)

PVE84 = VersionProfile(
    key="8.4",
    version="8.4.1",
    release="8.4",
    repoid="2a5fa54a8503f96d",
    manager_hash="2a5fa54a8503f96d",
    kernel_release="6.8.12-9-pve",
    kernel_version="#1 SMP PREEMPT_DYNAMIC PMX 6.8.12-9 (2025-03-16T19:18Z)",
    qemu_version="9.2.0",
    machine="pc-i440fx-9.2+pve1",
    schema_file="pve-api-schema-8.4.0.json",
    message_in_body=True,
    string_numbers=False,
    memory_propstring=True,
    rrd_v9=False,
    ha_rules=False,
    vnc_always_password=False,
    pools_v8=True,
    node_status_v8=True,
    detailed_auth_errors=True,
    token_shells=False,
)

PVE91 = VersionProfile(
    key="9.1",
    version="9.1.7",
    release="9.1",
    repoid="16b139a017452f16",
    manager_hash="16b139a017452f16",
    kernel_release="6.17.2-1-pve",
    kernel_version="#1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1 (2025-10-21T11:55Z)",
    qemu_version="10.1.2",
    machine="pc-i440fx-10.1+pve0",
    schema_file="pve-api-schema-9.1.3.json",
    message_in_body=True,
    string_numbers=False,
    memory_propstring=True,
    rrd_v9=True,
    ha_rules=True,
    vnc_always_password=True,
    pools_v8=True,
    node_status_v8=True,
    detailed_auth_errors=False,
    token_shells=True,
)

PROFILES: dict[str, VersionProfile] = {p.key: p for p in (PVE74, PVE84, PVE91)}
VERSION_KEYS: tuple[str, ...] = tuple(PROFILES)


def profile(key: str) -> VersionProfile:
    """Return the profile for ``7.4``, ``8.4`` or ``9.1``; raise ValueError otherwise."""
    try:
        return PROFILES[key]
    except KeyError:
        raise ValueError(
            f"unsupported PVE version {key!r} (choose from {', '.join(VERSION_KEYS)})"
        ) from None


def at_least(current: str, wanted: str) -> bool:
    """Tell whether version key ``current`` is ``wanted`` or newer."""
    return tuple(int(x) for x in current.split(".")) >= tuple(int(x) for x in wanted.split("."))
