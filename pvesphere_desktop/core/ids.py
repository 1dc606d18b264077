"""Stable identifiers. A guest is identified by cluster + VMID; its node is only an attribute."""

from __future__ import annotations

from typing import NamedTuple, NewType

ClusterId = NewType("ClusterId", str)
"""The user's name for a cluster connection (unique in the registry)."""


class NodeKey(NamedTuple):
    cluster: str
    node: str

    def __str__(self) -> str:
        return f"{self.cluster}/{self.node}"


class GuestKey(NamedTuple):
    cluster: str
    vmid: int

    def __str__(self) -> str:
        return f"{self.cluster}/{self.vmid}"

    @classmethod
    def parse(cls, text: str) -> GuestKey:
        """Parse ``CLUSTER/VMID``; raise ValueError on anything else."""
        cluster, sep, vmid = text.rpartition("/")
        if not sep or not cluster or not vmid.isdigit():
            raise ValueError(text)
        return cls(cluster, int(vmid))


class StorageKey(NamedTuple):
    cluster: str
    node: str
    storage: str

    def __str__(self) -> str:
        return f"{self.cluster}/{self.node}/{self.storage}"
