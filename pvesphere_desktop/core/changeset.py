"""What one sync cycle (or one action) changed: keys plus the new values as plain data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pvesphere_desktop.core.enums import Health


@dataclass(frozen=True, slots=True)
class KindChanges:
    """Added, removed and changed objects of one kind (guests, nodes, storage, ...).

    ``added`` and ``changed`` map a key to the object's new value; ``removed`` holds keys.
    """

    added: Mapping[Any, Any] = field(default_factory=dict)
    removed: frozenset[Any] = frozenset()
    changed: Mapping[Any, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """Changes for one cluster, keyed by kind name (``"guests"``, ``"nodes"``, ``"storage"``...)."""

    cluster: str
    kinds: Mapping[str, KindChanges] = field(default_factory=dict)
    health: Health = Health.UNKNOWN
    first_sync: bool = False

    def of(self, kind: str) -> KindChanges:
        return self.kinds.get(kind) or KindChanges()

    def __bool__(self) -> bool:
        return any(self.kinds.values())
