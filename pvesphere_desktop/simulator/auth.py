"""Tickets, CSRF tokens, API tokens, TOTP and ACL permissions as PVE does them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

import pyotp

from pvesphere_desktop.simulator.model import Cluster, User

if TYPE_CHECKING:
    from collections.abc import Iterable

log = logging.getLogger(__name__)

TICKET_LIFETIME = 7200
CLOCK_GRACE = 300

PRIVS_COMMON = (
    "Datastore.Allocate",
    "Datastore.AllocateSpace",
    "Datastore.AllocateTemplate",
    "Datastore.Audit",
    "Group.Allocate",
    "Mapping.Audit",
    "Mapping.Modify",
    "Mapping.Use",
    "Permissions.Modify",
    "Pool.Allocate",
    "Pool.Audit",
    "Realm.Allocate",
    "Realm.AllocateUser",
    "SDN.Allocate",
    "SDN.Audit",
    "SDN.Use",
    "Sys.AccessNetwork",
    "Sys.Audit",
    "Sys.Console",
    "Sys.Incoming",
    "Sys.Modify",
    "Sys.PowerMgmt",
    "Sys.Syslog",
    "User.Modify",
    "VM.Allocate",
    "VM.Audit",
    "VM.Backup",
    "VM.Clone",
    "VM.Config.CDROM",
    "VM.Config.CPU",
    "VM.Config.Cloudinit",
    "VM.Config.Disk",
    "VM.Config.HWType",
    "VM.Config.Memory",
    "VM.Config.Network",
    "VM.Config.Options",
    "VM.Console",
    "VM.Migrate",
    "VM.PowerMgmt",
    "VM.Snapshot",
    "VM.Snapshot.Rollback",
)
PRIVS_V8_ONLY = ("VM.Monitor",)
PRIVS_V9_ONLY = (
    "VM.GuestAgent.Audit",
    "VM.GuestAgent.FileRead",
    "VM.GuestAgent.FileWrite",
    "VM.GuestAgent.FileSystemMgmt",
    "VM.GuestAgent.Unrestricted",
    "VM.Replicate",
)


def all_privileges(major: int) -> tuple[str, ...]:
    """Return every privilege the emulated release knows."""
    extra = PRIVS_V9_ONLY if major >= 9 else PRIVS_V8_ONLY
    return tuple(sorted((*PRIVS_COMMON, *extra)))


def builtin_roles(major: int) -> dict[str, tuple[str, ...]]:
    """Return PVE's built-in roles and their privileges."""
    every = all_privileges(major)
    audit: tuple[str, ...] = (
        "Datastore.Audit",
        "Mapping.Audit",
        "Pool.Audit",
        "SDN.Audit",
        "Sys.Audit",
        "VM.Audit",
    )
    if major >= 9:
        audit = (*audit, "VM.GuestAgent.Audit")
    vm_user = (
        "VM.Audit",
        "VM.Backup",
        "VM.Config.CDROM",
        "VM.Config.Cloudinit",
        "VM.Console",
        "VM.PowerMgmt",
        "Pool.Audit",
        "Datastore.AllocateSpace",
    )
    vm_admin = (
        *tuple(p for p in every if p.startswith("VM.")),
        "Pool.Audit",
        "Sys.Audit",
        "Datastore.AllocateSpace",
    )
    return {
        "Administrator": every,
        "NoAccess": (),
        "PVEAdmin": tuple(
            p for p in every if p not in ("Permissions.Modify", "Realm.Allocate", "Sys.Modify")
        ),
        "PVEAuditor": tuple(sorted(audit)),
        "PVEDatastoreAdmin": (
            "Datastore.Allocate",
            "Datastore.AllocateSpace",
            "Datastore.AllocateTemplate",
            "Datastore.Audit",
        ),
        "PVEDatastoreUser": ("Datastore.AllocateSpace", "Datastore.Audit"),
        "PVEPoolAdmin": ("Pool.Allocate", "Pool.Audit"),
        "PVEPoolUser": ("Pool.Audit",),
        "PVESysAdmin": (
            "Permissions.Modify",
            "Sys.Audit",
            "Sys.Console",
            "Sys.Syslog",
            "Sys.PowerMgmt",
            "Sys.Modify",
        ),
        "PVETemplateUser": ("VM.Audit", "VM.Clone"),
        "PVEUserAdmin": ("Group.Allocate", "Realm.AllocateUser", "User.Modify"),
        "PVEVMAdmin": tuple(sorted(vm_admin)),
        "PVEVMUser": tuple(sorted(vm_user)),
    }


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


@dataclass
class Identity:
    """Who is calling: a user (ticket) or an API token."""

    userid: str
    tokenid: str | None = None
    via_ticket: bool = False

    @property
    def auth_id(self) -> str:
        return f"{self.userid}!{self.tokenid}" if self.tokenid else self.userid

    @property
    def is_root(self) -> bool:
        return self.userid == "root@pam"


class AuthError(Exception):
    """An authentication failure that becomes a 401 with this reason phrase."""


@dataclass
class TicketIssuer:
    """Signs and verifies tickets and CSRF tokens for one cluster."""

    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    csrf_secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def _sign(self, data: str, bind: str = "") -> str:
        digest = hmac.new(self.secret, f"{data}\0{bind}".encode(), hashlib.sha512).digest()
        return base64.b64encode(digest * 4).decode()  # as long as PVE's RSA signatures

    def issue(self, data: str, now: float, bind: str = "") -> str:
        stamp = f"{int(now):08X}"
        plain = f"PVE:{data}:{stamp}"
        return f"{plain}::{self._sign(plain, bind)}"

    def verify(self, ticket: str, now: float, bind: str = "") -> tuple[str, float] | None:
        """Return (data, age) of a valid ticket, None otherwise."""
        plain, sep, sig = ticket.partition("::")
        if not sep:
            return None
        parts = plain.split(":")
        if len(parts) != 3 or parts[0] != "PVE":
            return None
        try:
            stamp = int(parts[2], 16)
        except ValueError:
            return None
        if not hmac.compare_digest(sig, self._sign(plain, bind)):
            return None
        age = now - stamp
        if age < -CLOCK_GRACE or age > TICKET_LIFETIME:
            return None
        return parts[1], age

    def rotate(self) -> None:
        """Replace the signing keys: every ticket and CSRF token issued so far stops working."""
        self.secret = secrets.token_bytes(32)
        self.csrf_secret = secrets.token_bytes(32)

    def csrf(self, userid: str, now: float) -> str:
        stamp = f"{int(now):08X}"
        digest = hmac.new(self.csrf_secret, f"{stamp}:{userid}".encode(), hashlib.sha256).digest()
        return f"{stamp}:{_b64(digest)}"

    def verify_csrf(self, token: str, userid: str, now: float) -> bool:
        stamp, sep, _sig = token.partition(":")
        if not sep:
            return False
        try:
            when = int(stamp, 16)
        except ValueError:
            return False
        age = now - when
        if age < -CLOCK_GRACE or age > TICKET_LIFETIME:
            return False
        digest = hmac.new(self.csrf_secret, f"{stamp}:{userid}".encode(), hashlib.sha256).digest()
        return hmac.compare_digest(token, f"{stamp}:{_b64(digest)}")


def tfa_challenge_data(user: User) -> str:
    """Return the ``!tfa!<percent-encoded JSON>`` ticket data for a TOTP user."""
    challenge: dict[str, object] = {"totp": True}
    if user.recovery_keys:
        challenge["recovery"] = [i for i, key in enumerate(user.recovery_keys) if key]
    return "!tfa!" + quote(json.dumps(challenge, separators=(",", ":")), safe="")


def parse_tfa_challenge(data: str) -> dict[str, object] | None:
    if not data.startswith("!tfa!"):
        return None
    try:
        parsed = json.loads(unquote(data[5:]))
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def verify_totp(secret: str, code: str, now: float) -> bool:
    """Check a TOTP code at simulated time ``now`` (one step of drift allowed)."""
    code = code.strip()
    if not code.isdigit():
        return False
    return bool(pyotp.TOTP(secret).verify(code, for_time=int(now), valid_window=1))


def parse_token_header(value: str) -> tuple[str, str, str] | None:
    """Parse ``PVEAPIToken=USER@REALM!TOKENID=SECRET`` into (userid, tokenid, secret)."""
    if not value.startswith("PVEAPIToken"):
        return None
    rest = value[len("PVEAPIToken") :]
    if not rest or rest[0] not in "= ":
        return None
    full, sep, secret = rest[1:].strip().rpartition("=")
    if not sep:
        return None
    userid, sep, tokenid = full.partition("!")
    if not sep or not userid or not tokenid or not secret:
        return None
    return userid, tokenid, secret


class Permissions:
    """Evaluate effective privileges on ACL paths, memoised for one request."""

    def __init__(self, cluster: Cluster, identity: Identity | None, major: int) -> None:
        self.cluster = cluster
        self.identity = identity
        self.roles = {
            **builtin_roles(major),
            **{k: tuple(v) for k, v in cluster.custom_roles.items()},
        }
        self._memo: dict[str, frozenset[str]] = {}
        self._every = frozenset(all_privileges(major))
        self._pool_of: dict[int, str] | None = None

    def _roles_at(self, ugids: Iterable[tuple[str, str]], path: str) -> set[str]:
        wanted = set(ugids)
        parts = [p for p in path.split("/") if p]
        chain = ["/"] + ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]
        roles: set[str] = set()
        acl = self.cluster.acl
        for level in chain:
            exact = level == path or (path == "/" and level == "/")
            user_roles = {
                e.roleid
                for e in acl
                if e.path == level
                and (e.type, e.ugid) in wanted
                and e.type != "group"
                and (e.propagate or exact)
            }
            group_roles = {
                e.roleid
                for e in acl
                if e.path == level
                and (e.type, e.ugid) in wanted
                and e.type == "group"
                and (e.propagate or exact)
            }
            level_roles = user_roles or group_roles
            if level_roles:
                roles = level_roles
        return roles

    def _privs_for(self, ugids: list[tuple[str, str]], path: str) -> set[str]:
        roles = self._roles_at(ugids, path)
        if "NoAccess" in roles:
            return set()
        privs: set[str] = set()
        for role in roles:
            privs.update(self.roles.get(role, ()))
        return privs

    def _pool_for_vm(self, vmid: int) -> str | None:
        if self._pool_of is None:
            self._pool_of = {v: p.poolid for p in self.cluster.pools.values() for v in p.vmids}
        return self._pool_of.get(vmid)

    def privileges(self, path: str) -> frozenset[str]:
        """Return the caller's effective privileges on ``path``."""
        cached = self._memo.get(path)
        if cached is not None:
            return cached
        result = self._compute(path)
        self._memo[path] = result
        return result

    def _compute(self, path: str) -> frozenset[str]:
        ident = self.identity
        if ident is None:
            return frozenset()
        user = self.cluster.users.get(ident.userid)
        if ident.is_root:
            user_privs: set[str] = set(self._every)
        elif user is None:
            return frozenset()
        else:
            ugids = [("user", user.userid)] + [("group", g) for g in user.groups]
            user_privs = self._privs_for(ugids, path)
            user_privs |= self._pool_privs(ugids, path)
        if ident.tokenid:
            token = user.tokens.get(ident.tokenid) if user else None
            if token is None:
                return frozenset()
            if token.privsep:
                tok_ugids = [("token", ident.auth_id)]
                token_privs = self._privs_for(tok_ugids, path) | self._pool_privs(tok_ugids, path)
                user_privs &= token_privs
        return frozenset(user_privs)

    def _pool_privs(self, ugids: list[tuple[str, str]], path: str) -> set[str]:
        if path.startswith("/vms/"):
            try:
                vmid = int(path[5:])
            except ValueError:
                return set()
            pool = self._pool_for_vm(vmid)
            if pool:
                return self._privs_for(ugids, f"/pool/{pool}")
        return set()

    def has(self, path: str, priv: str) -> bool:
        return priv in self.privileges(path)

    def any_below(self, prefix: str) -> set[str]:
        """Return privileges the caller holds on ``prefix`` or any ACL path below it."""
        privs = set(self.privileges(prefix))
        for entry in self.cluster.acl:
            if entry.path.startswith(prefix.rstrip("/") + "/") or entry.path == prefix:
                privs |= self.privileges(entry.path)
        return privs


CAP_AREAS = {
    "vms": ("/vms", ("VM.", "Permissions.Modify")),
    "storage": ("/storage", ("Datastore.", "Permissions.Modify")),
    "access": ("/access", ("User.", "Group.", "Permissions.Modify", "Realm.")),
    "nodes": ("/nodes", ("Sys.", "Permissions.Modify")),
    "dc": ("/", ("Sys.Audit", "SDN.", "Sys.Modify")),
    "sdn": ("/sdn", ("SDN.", "Permissions.Modify")),
    "mapping": ("/mapping", ("Mapping.", "Permissions.Modify")),
}


def capabilities(perms: Permissions) -> dict[str, dict[str, int]]:
    """Build the ``cap`` object of a login answer."""
    cap: dict[str, dict[str, int]] = {}
    for area, (path, prefixes) in CAP_AREAS.items():
        privs = perms.any_below(path) if path != "/" else set(perms.privileges("/"))
        if path != "/":
            for pool in perms.cluster.pools:
                privs |= perms.privileges(f"/pool/{pool}") if area in ("vms", "storage") else set()
        cap[area] = {p: 1 for p in sorted(privs) if p.startswith(prefixes)}
    return cap
