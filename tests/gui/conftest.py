"""Fixtures for widget and model tests: synthetic fleets fed through real ChangeSets."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from pvesphere_desktop.core.changeset import ChangeSet, KindChanges
from pvesphere_desktop.core.enums import GuestStatus, GuestType, Health, NodeStatus
from pvesphere_desktop.core.models import Guest, Node, Storage

TAGS = ("prod", "test", "web", "db", "backup", "k8s", "dmz")
POOLS = ("ops", "dev", None)


def make_guest(cluster: str, vmid: int, rng: random.Random, nodes: int = 3) -> Guest:
    running = rng.random() < 0.7
    return Guest(
        cluster=cluster,
        vmid=vmid,
        type=GuestType.QEMU if rng.random() < 0.7 else GuestType.LXC,
        node=f"{cluster}-n{rng.randrange(nodes) + 1}",
        name=f"{rng.choice(('web', 'db', 'app', 'cache', 'mail'))}-{vmid}",
        status=GuestStatus.RUNNING if running else GuestStatus.STOPPED,
        tags=tuple(sorted(set(rng.sample(TAGS, rng.randrange(3))))),
        pool=rng.choice(POOLS),
        cpu=rng.random() if running else 0.0,
        maxcpu=float(rng.choice((1, 2, 4, 8))),
        mem=rng.randrange(1, 8) * 2**30 if running else 0,
        maxmem=8 * 2**30,
        disk=0,
        maxdisk=32 * 2**30,
        uptime=rng.randrange(1, 10**6) if running else 0,
    )


class FleetFactory:
    """Build ChangeSets for synthetic clusters (data only; the code under test is real)."""

    def __init__(self, seed: int = 1) -> None:
        self.rng = random.Random(seed)

    def guests(self, cluster: str, count: int, start: int = 100) -> dict:
        return {g.key: g for g in (make_guest(cluster, start + i, self.rng) for i in range(count))}

    def nodes(self, cluster: str, count: int = 3) -> dict:
        nodes = [
            Node(
                cluster,
                f"{cluster}-n{i + 1}",
                NodeStatus.ONLINE,
                cpu=0.2,
                maxcpu=16,
                mem=30 * 2**30,
                maxmem=64 * 2**30,
                disk=10 * 2**30,
                maxdisk=100 * 2**30,
                uptime=86400,
            )
            for i in range(count)
        ]
        return {n.key: n for n in nodes}

    def storage(self, cluster: str, nodes: int = 3) -> dict:
        items = []
        for i in range(nodes):
            node = f"{cluster}-n{i + 1}"
            items.append(
                Storage(
                    cluster,
                    node,
                    "local",
                    "dir",
                    "available",
                    False,
                    ("iso", "backup"),
                    20 * 2**30,
                    100 * 2**30,
                )
            )
            items.append(
                Storage(
                    cluster,
                    node,
                    "ceph",
                    "rbd",
                    "available",
                    True,
                    ("images",),
                    600 * 2**30,
                    1000 * 2**30,
                )
            )
        return {s.key: s for s in items}

    def first_sync(self, cluster: str, guests: int = 20, nodes: int = 3) -> ChangeSet:
        return ChangeSet(
            cluster=cluster,
            kinds={
                "guests": KindChanges(added=self.guests(cluster, guests)),
                "nodes": KindChanges(added=self.nodes(cluster, nodes)),
                "storage": KindChanges(added=self.storage(cluster, nodes)),
            },
            health=Health.OK,
            first_sync=True,
        )


@pytest.fixture
def fleet_factory() -> Iterator[FleetFactory]:
    return FleetFactory()
