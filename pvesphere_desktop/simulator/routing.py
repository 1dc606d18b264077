"""Route table, per-request context and PVE-shaped API errors."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pvesphere_desktop.simulator.auth import Identity, Permissions
from pvesphere_desktop.simulator.schema import parse_boolean
from pvesphere_desktop.simulator.versions import VersionProfile, at_least

if TYPE_CHECKING:
    from pvesphere_desktop.simulator.httpserver import Request
    from pvesphere_desktop.simulator.model import Cluster, Guest
    from pvesphere_desktop.simulator.runtime import ClusterSim

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error answer: status, reason phrase (= message) and optional per-parameter errors."""

    def __init__(self, status: int, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors


def param_error(errors: dict[str, str]) -> ApiError:
    return ApiError(400, "Parameter verification failed.", errors)


def perm_error(path: str, privs: str) -> ApiError:
    return ApiError(403, f"Permission check failed ({path}, {privs})")


@dataclass
class Extra:
    """Handler result with extra top-level keys next to ``data`` (``total``, ``changes``)."""

    data: Any
    extra: dict[str, Any]


@dataclass
class Perm:
    """``["perm", path, [privs], "any", 1]`` from the schema; path may use {placeholders}."""

    path: str
    privs: tuple[str, ...]
    any: bool = False


PermSpec = Perm | str | dict[str, Perm] | None
"""``Perm``; ``"all"`` (any user); ``"world"`` (no auth); ``None`` (the handler decides); or a
mapping of version key to ``Perm`` (the newest key not above the emulated version applies)."""


@dataclass
class Route:
    method: str
    path: str
    handler: Callable[[Ctx], Any]
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    perm: PermSpec = "all"
    since: str | None = None
    until: str | None = None  # last version key that still has it
    allowtoken: bool = True
    proxy: bool | None = None
    pattern: re.Pattern[str] = field(init=False)
    names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        names = re.findall(r"\{([^}]+)\}", self.path)
        self.names = tuple(names)
        regex = "^" + re.sub(r"\\\{([^}]+)\\\}", _placeholder, re.escape(self.path)) + "$"
        self.pattern = re.compile(regex)
        if self.proxy is None:
            self.proxy = self.path.startswith("/nodes/{node}/")

    def available(self, version: str) -> bool:
        if self.since and not at_least(version, self.since):
            return False
        return not (self.until and at_least(version, self.until) and version != self.until)

    def perm_for(self, version: str) -> PermSpec:
        """Return the permission rule that applies to ``version``."""
        if not isinstance(self.perm, dict):
            return self.perm
        best = None
        for key in sorted(self.perm, key=lambda k: tuple(int(x) for x in k.split("."))):
            if at_least(version, key):
                best = self.perm[key]
        return best

    def spec_for(self, version: str) -> dict[str, Any]:
        """Return our own parameter schema (PVE's dialect) as it applies to ``version``."""
        props: dict[str, Any] = {}
        for name, schema in self.params.items():
            resolved = schema.resolve(version) if isinstance(schema, Versioned) else schema
            if resolved is not None:
                props[name] = resolved
        return {"additionalProperties": 0, "properties": props}


class Versioned(dict):  # type: ignore[type-arg]
    """A parameter whose schema changed between releases: version key -> schema (or None)."""

    def resolve(self, version: str) -> dict[str, Any] | None:
        best = None
        for key in sorted(self, key=lambda k: tuple(int(x) for x in k.split("."))):
            if at_least(version, key):
                best = self[key]
        return best


# a volume ID ("local:iso/x.iso") keeps its slash in the path, as pveproxy accepts it
GREEDY_PARAMS = {"volume"}


def _placeholder(m: re.Match[str]) -> str:
    name = m.group(1)
    return f"(?P<{name}>.+)" if name in GREEDY_PARAMS else f"(?P<{name}>[^/]+)"


class Router:
    """Find routes by method and concrete path (segment-count bucketed)."""

    def __init__(self, routes: list[Route]) -> None:
        self.routes = routes
        self._buckets: dict[tuple[int, str], list[Route]] = {}
        self._greedy: list[Route] = []
        for route in routes:
            if any(name in GREEDY_PARAMS for name in route.names):
                self._greedy.append(route)
                continue
            key = (route.path.count("/"), route.path.split("/")[1] if route.path != "/" else "")
            self._buckets.setdefault(key, []).append(route)

    def match(
        self, method: str, path: str, version: str
    ) -> tuple[Route | None, dict[str, str], bool]:
        """Return (route, path args, path exists with another method)."""
        key = (path.count("/"), path.split("/")[1] if path != "/" else "")
        other = False
        for route in [*self._buckets.get(key, ()), *self._greedy]:
            m = route.pattern.match(path)
            if not m or not route.available(version):
                continue
            if route.method == method:
                return route, m.groupdict(), True
            other = True
        return None, {}, other


@dataclass
class Ctx:
    """What a handler sees of the request and the simulated cluster."""

    sim: ClusterSim
    prof: VersionProfile
    ident: Identity | None
    perms: Permissions
    params: dict[str, Any]
    args: dict[str, str]
    request: Request
    now: float
    route: Route | None = None

    @property
    def cluster(self) -> Cluster:
        return self.sim.model

    @property
    def version(self) -> str:
        return self.prof.key

    def since(self, key: str) -> bool:
        return at_least(self.prof.key, key)

    # --- parameters -------------------------------------------------------------------------

    def s(self, name: str, default: str | None = None) -> str | None:
        value = self.params.get(name)
        if value is None:
            return default
        if isinstance(value, list):
            return "\0".join(value)
        return str(value)

    def req(self, name: str) -> str:
        value = self.s(name)
        if value is None:
            raise param_error({name: "property is missing and it is not optional"})
        return value

    def i(self, name: str, default: int | None = None) -> int | None:
        value = self.s(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except ValueError:
            raise param_error({name: f"type check ('integer') failed - got '{value}'"}) from None

    def b(self, name: str, default: bool = False) -> bool:
        value = self.s(name)
        if value is None or value == "":
            return default
        parsed = parse_boolean(value)
        if parsed is None:
            raise param_error({name: f"type check ('boolean') failed - got '{value}'"})
        return bool(parsed)

    def has(self, name: str) -> bool:
        return name in self.params

    # --- output helpers ---------------------------------------------------------------------

    def num(self, value: int | float) -> int | float | str:
        """Render a number as 7.x's Perl does in a few places (a string)."""
        return str(value) if self.prof.string_numbers else value

    # --- checks -----------------------------------------------------------------------------

    def check(self, path: str, *privs: str, any_of: bool = False) -> None:
        have = self.perms.privileges(path)
        if any_of:
            if not any(p in have for p in privs):
                raise perm_error(path, "|".join(privs))
            return
        for priv in privs:
            if priv not in have:
                raise perm_error(path, priv)

    def allowed(self, path: str, priv: str) -> bool:
        return self.perms.has(path, priv)

    def node_name(self) -> str:
        return self.args["node"]

    def guest(self, kind: str) -> Guest:
        """Return the guest of the URL on the URL's node, or raise PVE's 500."""
        vmid = int(self.args["vmid"])
        node = self.args["node"]
        guest = self.cluster.guests.get(vmid)
        if guest is None or guest.kind != kind or guest.node != node:
            if kind == "qemu":
                raise ApiError(
                    500, f"Configuration file 'nodes/{node}/qemu-server/{vmid}.conf' does not exist"
                )
            raise ApiError(500, f"Configuration file 'nodes/{node}/lxc/{vmid}.conf' does not exist")
        return guest

    def upid_user(self) -> str:
        return self.ident.auth_id if self.ident else "root@pam"


def param(
    type_: str = "string",
    *,
    opt: bool = True,
    enum: tuple[str, ...] | list[str] | None = None,
    min: float | None = None,
    max: float | None = None,
    fmt: Any = None,
    maxlen: int | None = None,
    default: Any = None,
    items: dict[str, Any] | None = None,
    default_key: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    """Declare one parameter in PVE's schema dialect (our own spec)."""
    schema: dict[str, Any] = {"type": type_}
    if opt:
        schema["optional"] = 1
    if enum is not None:
        schema["enum"] = list(enum)
    if min is not None:
        schema["minimum"] = min
    if max is not None:
        schema["maximum"] = max
    if fmt is not None:
        schema["format"] = fmt
    if maxlen is not None:
        schema["maxLength"] = maxlen
    if default is not None:
        schema["default"] = default
    if items is not None:
        schema["items"] = items
    if default_key:
        schema["default_key"] = 1
    schema.update(extra)
    return schema


NODE = param(fmt="pve-node", opt=False)
# pve-vmid ranged 1.. up to 7.x and 100..999999999 from 8.0
VMID = Versioned(
    {
        "7.4": param("integer", fmt="pve-vmid", min=1, opt=False),
        "8.4": param("integer", fmt="pve-vmid", min=100, max=999999999, opt=False),
    }
)
VMID_OPT = Versioned(
    {
        "7.4": param("integer", fmt="pve-vmid", min=1),
        "8.4": param("integer", fmt="pve-vmid", min=100, max=999999999),
    }
)
BOOL = param("boolean")
SKIPLOCK = param("boolean")
TIMEOUT = param("integer", min=0)
STORAGE_ID = param(fmt="pve-storage-id")
DIGEST = param(maxlen=40)
DESCRIPTION = param()
SNAPNAME = param(fmt="pve-configid", opt=False, maxlen=40)
CF = param(enum=("AVERAGE", "MAX"))
