"""Enumerations shared by every layer."""

from __future__ import annotations

from enum import StrEnum


class GuestType(StrEnum):
    QEMU = "qemu"
    LXC = "lxc"


class GuestStatus(StrEnum):
    RUNNING = "running"
    STOPPED = "stopped"
    PAUSED = "paused"
    SUSPENDED = "suspended"
    UNKNOWN = "unknown"


class NodeStatus(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    UNKNOWN = "unknown"


class Health(StrEnum):
    """A cluster connection's health as the sync engine sees it."""

    UNKNOWN = "unknown"
    OK = "ok"
    DEGRADED = "degraded"  # reachable, some nodes offline
    UNREACHABLE = "unreachable"
    NEEDS_LOGIN = "needs_login"
    TLS_CHANGED = "tls_changed"


class TaskState(StrEnum):
    RUNNING = "running"
    OK = "ok"
    WARNINGS = "warnings"
    ERROR = "error"


class PowerAction(StrEnum):
    START = "start"
    SHUTDOWN = "shutdown"
    STOP = "stop"
    REBOOT = "reboot"
    RESET = "reset"
    SUSPEND = "suspend"
    RESUME = "resume"
