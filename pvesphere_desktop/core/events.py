"""Change history: what the sync engine saw change in a cluster, with when."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP

_CTX = "Events"


class EventKind(StrEnum):
    CREATED = "created"
    REMOVED = "removed"
    STARTED = "started"
    STOPPED = "stopped"
    STATUS_CHANGED = "status_changed"  # paused, suspended, unknown...
    MIGRATED = "migrated"
    RENAMED = "renamed"
    RETAGGED = "retagged"
    LOCK_CHANGED = "lock_changed"
    TEMPLATE_CHANGED = "template_changed"
    CONFIG_CHANGED = "config_changed"  # the config digest changed
    NODE_ONLINE = "node_online"
    NODE_OFFLINE = "node_offline"
    HEALTH_CHANGED = "health_changed"


class ObjectType(StrEnum):
    GUEST = "guest"
    NODE = "node"
    STORAGE = "storage"
    POOL = "pool"
    CLUSTER = "cluster"


# One translatable sentence per kind, for the UI's history view and the CLI.
DESCRIPTIONS: dict[EventKind, str] = {
    EventKind.CREATED: QT_TRANSLATE_NOOP(_CTX, "{object} {name} appeared"),
    EventKind.REMOVED: QT_TRANSLATE_NOOP(_CTX, "{object} {name} disappeared"),
    EventKind.STARTED: QT_TRANSLATE_NOOP(_CTX, "{object} {name} started"),
    EventKind.STOPPED: QT_TRANSLATE_NOOP(_CTX, "{object} {name} stopped"),
    EventKind.STATUS_CHANGED: QT_TRANSLATE_NOOP(_CTX, "{object} {name}: {old} → {new}"),
    EventKind.MIGRATED: QT_TRANSLATE_NOOP(_CTX, "{object} {name} moved from {old} to {new}"),
    EventKind.RENAMED: QT_TRANSLATE_NOOP(_CTX, "{object} {old} renamed to {new}"),
    EventKind.RETAGGED: QT_TRANSLATE_NOOP(_CTX, "{object} {name} tags: {old} → {new}"),
    EventKind.LOCK_CHANGED: QT_TRANSLATE_NOOP(_CTX, "{object} {name} lock: {old} → {new}"),
    EventKind.TEMPLATE_CHANGED: QT_TRANSLATE_NOOP(_CTX, "{object} {name} template: {old} → {new}"),
    EventKind.CONFIG_CHANGED: QT_TRANSLATE_NOOP(_CTX, "{object} {name} configuration changed"),
    EventKind.NODE_ONLINE: QT_TRANSLATE_NOOP(_CTX, "Node {name} is online"),
    EventKind.NODE_OFFLINE: QT_TRANSLATE_NOOP(_CTX, "Node {name} is offline"),
    EventKind.HEALTH_CHANGED: QT_TRANSLATE_NOOP(_CTX, "Connection: {old} → {new}"),
}


@dataclass(frozen=True, slots=True)
class Event:
    """One change. ``old``/``new`` are short texts (a node name, ``a;b`` tags, a status)."""

    time: float  # UNIX epoch seconds
    cluster: str
    kind: EventKind
    object_type: ObjectType
    object_key: str  # the VMID, node name, "node/storage" or "" for the cluster itself
    name: str = ""
    old: str | None = None
    new: str | None = None
    id: int | None = None  # set once stored

    def describe(self) -> str:
        """Return the English sentence for this event (the UI translates DESCRIPTIONS itself)."""
        label = self.object_type.value
        if self.object_type is ObjectType.GUEST:
            label = f"guest {self.object_key}"
        return DESCRIPTIONS[self.kind].format(
            object=label,
            name=self.name or self.object_key,
            old=self.old or "-",
            new=self.new or "-",
        )
