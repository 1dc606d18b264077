"""The simulator against real PVE answers (../shared/pve-recordings, see its SOURCES.md).

For every recorded exchange we replay the same kind of request against the simulator of the
nearest emulated version (6.x and 7.x recordings -> 7.4, 8.x -> 8.4) on an object in the same
state, and compare: status code, reason phrase, error body, top-level keys, the keys of the
answer (configuration-dependent keys aside) and the kind of every value (number, text, list,
object, null; PVE <= 7 sends some numbers as strings, which count as numbers).

Differences that real PVE versions show among themselves, or that depend on a guest's
configuration, are listed in ALLOWED with the reason; anything else fails.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote

import pytest

from pvesphere_desktop.simulator import FleetSpec, SimulatedFleet
from tests.fixtures_sim import SHARED, PveHttp

RECORDINGS = SHARED / "pve-recordings"
pytestmark = pytest.mark.skipif(
    not (RECORDINGS / "index.json").is_file(), reason="../shared/pve-recordings is not available"
)

UPID_RE = re.compile(r"^UPID:[^:]+:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:([^:]+):([^:]*):([^:]+):$")

# (method, template) we do not serve, with the reason
NOT_SERVED = {
    ("GET", "/cluster/ceph/status"): "Ceph is not simulated",
    ("GET", "/nodes/{node}/rrd"): "RRD PNG images are not simulated (rrddata is)",
    ("POST", "/access/domains"): "realm management is not simulated",
    ("PUT", "/access/domains/{realm}"): "realm management is not simulated",
    ("DELETE", "/access/domains/{realm}"): "realm management is not simulated",
    ("POST", "/access/groups"): "group management is not simulated (groups are listed)",
    ("PUT", "/access/groups/{groupid}"): "group management is not simulated",
    ("DELETE", "/access/groups/{groupid}"): "group management is not simulated",
    ("POST", "/access/roles"): "role management is not simulated (roles are listed)",
    ("PUT", "/access/roles/{roleid}"): "role management is not simulated",
    ("DELETE", "/access/roles/{roleid}"): "role management is not simulated",
    ("POST", "/nodes/{node}/network"): "network configuration changes are not simulated",
    ("PUT", "/nodes/{node}/network/{iface}"): "network configuration changes are not simulated",
    ("DELETE", "/nodes/{node}/network/{iface}"): "network configuration changes are not simulated",
    ("POST", "/nodes/{node}/qemu/{vmid}/move_disk"): "disk moves are not simulated",
    ("POST", "/nodes/{node}/lxc/{vmid}/move_volume"): "volume moves are not simulated",
    ("PUT", "/access/users/{userid}/token/{tokenid}"): "checked in test_sim_auth (token update)",
}

# Allowed key differences per template: keys that depend on a guest's configuration or state,
# or that real PVE versions differ on. "missing": recorded keys we need not send; "extra": keys
# we may send that the recording lacks.
CONFIG_KEYS = {"missing": "*", "extra": "*"}  # keys of a config file depend on the guest
ALLOWED: dict[str, dict[str, Any]] = {
    "/nodes/{node}/qemu/{vmid}/config": CONFIG_KEYS,
    "/nodes/{node}/lxc/{vmid}/config": CONFIG_KEYS,
    "/nodes/{node}/network": CONFIG_KEYS,
    "/access/permissions": CONFIG_KEYS,
    "/version": {"missing": {"keyboard"}, "why": "6.x only: keyboard left /version in 7.0"},
    "/nodes/{node}/qemu/{vmid}/status/current": {
        "missing": {
            "blockstat",
            "shares",
            "balloon_min",
            "spice",
            "clipboard",
            "freemem",
            "ballooninfo",
            "balloon",
            "proxmox-support",
            "nics",
            "serial",
            "agent",
            "running-machine",
            "running-qemu",
            "pid",
            "template",
            "lock",
            "disk",
            "tags",
            "qmpstatus",
            "diskread",
            "diskwrite",
            "netin",
            "netout",
        },
        "extra": {"serial", "agent", "tags", "lock", "template", "clipboard", "memhost"},
        "why": "counters, balloon, agent, spice and block stats depend on the guest's devices "
        "and state; 6.2 sent pid null and template '' for stopped VMs",
    },
    "/nodes/{node}/lxc/{vmid}/status/current": {
        "missing": {"lock", "template", "pid"},
        "extra": {"tags", "lock", "template", "pid"},
        "why": "6.2 sent lock '' and template '' for every CT; pid only while running",
    },
    "/nodes/{node}/qemu": {
        "missing": {"template", "pid", "qmpstatus"},
        "extra": {"tags", "lock", "template", "pid", "serial", "qmpstatus"},
        "why": "6.2 sent template '' and pid null for every VM; tags/lock/pid depend on state",
    },
    "/nodes/{node}/lxc": {
        "missing": {"lock", "template"},
        "extra": {"tags", "lock", "template", "pid"},
        "why": "6.2 sent lock '' and template '' for every CT",
    },
    "/cluster/resources": {
        "missing": {"hastate", "pool", "lock"},
        "extra": {"hastate", "pool", "tags", "lock", "cgroup-mode", "template"},
        "why": "pool/HA/tag/lock keys appear only for guests that have them; cgroup-mode since 7.0",
    },
    "/cluster/status": {"missing": set(), "extra": set()},
    "/nodes/{node}/tasks": {"missing": set(), "extra": {"endtime", "status"}},
    "/nodes/{node}/storage/{storage}/content": {
        "missing": {"notes", "parent", "verification", "encrypted"},
        "extra": {"notes", "used", "subtype", "parent", "protected"},
        "why": "volume attributes depend on the volume (backups carry notes and a subtype)",
    },
    "/access/users": {
        "missing": {"firstname", "lastname", "email", "comment"},
        "extra": {
            "realm-type",
            "groups",
            "comment",
            "firstname",
            "lastname",
            "email",
            "totp-locked",
        },
        "why": "user fields are optional per user; realm-type since 7.0",
    },
    "/access/users/{userid}": {
        "missing": {"firstname", "lastname", "email", "comment", "groups"},
        "extra": {"groups", "comment", "firstname", "lastname", "email", "totp-locked"},
        "why": "user fields are optional per user",
    },
    "/access/domains": {"missing": {"tfa"}, "extra": set(), "why": "tfa only on realms with TFA"},
    "/pools": {
        "missing": {"comment"},
        "extra": {"comment", "members"},
        "why": "comment is optional; members are listed from 8.0",
    },
    "/pools/{poolid}": {"missing": set(), "extra": {"comment"}},
    "/nodes/{node}/qemu/{vmid}/snapshot": {"missing": set(), "extra": {"parent", "digest"}},
    "/nodes/{node}/lxc/{vmid}/interfaces": {
        "missing": set(),
        "extra": {"ip-addresses", "hardware-address"},
        "why": "8.4's schema requires hardware-address, newer than the 8.x recording",
    },
    "/access/groups": {"missing": set(), "extra": {"comment"}, "why": "comment only when set"},
    "/access/users/{userid}/token": {"missing": set(), "extra": {"comment"}, "why": "when set"},
    "/access/users/{userid}/token/{tokenid}": {"missing": set(), "extra": {"comment"}},
    "/nodes/{node}/status": {
        "missing": set(),
        "extra": {"current-kernel", "boot-info"},
        "why": "current-kernel and boot-info since 8.0",
    },
    "/access/ticket": {"missing": set(), "extra": {"clustername"}},
    "/nodes/{node}/qemu/{vmid}/spiceproxy": {"missing": set(), "extra": set()},
    "/nodes/{node}/lxc/{vmid}/spiceproxy": {"missing": set(), "extra": set()},
}
# value kinds that differ by version or state, per template and key
KIND_ALLOWED = {
    ("/nodes/{node}/qemu/{vmid}/status/current", "template"): "6.2 sent '' for non-templates",
    ("/nodes/{node}/qemu/{vmid}/status/current", "pid"): "6.2 sent null for stopped VMs",
    ("/nodes/{node}/lxc/{vmid}/status/current", "template"): "6.2 sent '' for non-templates",
    ("/nodes/{node}/lxc/{vmid}/status/current", "lock"): "6.2 sent '' for unlocked CTs",
    ("/nodes/{node}/qemu", "template"): "6.2 sent '' for non-templates",
    ("/nodes/{node}/qemu", "pid"): "6.2 sent null for stopped VMs",
    ("/nodes/{node}/lxc", "template"): "6.2 sent '' for non-templates",
    ("/nodes/{node}/lxc", "lock"): "6.2 sent '' for unlocked CTs",
    ("/nodes/{node}/tasks", "id"): "task ids are vmids or names",
    ("/cluster/tasks", "id"): "task ids are vmids or names",
    ("/nodes/{node}/storage/{storage}/content", "ctime"): "6.2 sent ctime as a string sometimes",
}

# template patterns: (regex, template); first match wins
TEMPLATES = [
    (r"^/nodes/([^/]+)/tasks/(UPID[^/]+)/(status|log)$", "/nodes/{node}/tasks/{upid}/\\3"),
    (r"^/nodes/([^/]+)/tasks/(UPID[^/]+)$", "/nodes/{node}/tasks/{upid}"),
    (
        r"^/nodes/([^/]+)/(qemu|lxc)/(\d+)/snapshot/([^/]+)/config$",
        "/nodes/{node}/\\2/{vmid}/snapshot/{snapname}/config",
    ),
    (
        r"^/nodes/([^/]+)/(qemu|lxc)/(\d+)/snapshot/([^/]+)$",
        "/nodes/{node}/\\2/{vmid}/snapshot/{snapname}",
    ),
    (r"^/nodes/([^/]+)/(qemu|lxc)/(\d+)(/.*)?$", "/nodes/{node}/\\2/{vmid}\\4"),
    (
        r"^/nodes/([^/]+)/storage/([^/]+)/content/(.+)$",
        "/nodes/{node}/storage/{storage}/content/{volume}",
    ),
    (r"^/nodes/([^/]+)/storage/([^/]+)/content$", "/nodes/{node}/storage/{storage}/content"),
    (r"^/nodes/([^/]+)/network/([^/]+)$", "/nodes/{node}/network/{iface}"),
    (r"^/nodes/([^/]+)(/.*)?$", "/nodes/{node}\\2"),
    (r"^/access/users/([^/]+)/token/([^/]+)$", "/access/users/{userid}/token/{tokenid}"),
    (r"^/access/users/([^/]+)/token$", "/access/users/{userid}/token"),
    (r"^/access/users/([^/]+)$", "/access/users/{userid}"),
    (r"^/access/(groups|roles|domains)/([^/]+)$", "/access/\\1/{\\1id}"),
    (r"^/pools/([^/]+)$", "/pools/{poolid}"),
]


def template_of(path: str) -> str:
    path = re.sub(r"/+", "/", path).rstrip("/") or "/"
    for pattern, replacement in TEMPLATES:
        if re.match(pattern, path):
            result = re.sub(pattern, replacement, path)
            return (
                result.replace("{domainsid}", "{realm}")
                .replace("{groupsid}", "{groupid}")
                .replace("{rolesid}", "{roleid}")
            )
    return path


@dataclass
class Recording:
    file: str
    method: str
    path: str
    template: str
    status: int
    reason: str
    version: str  # nearest emulated version
    body_text: str | None
    body: Any
    query: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)


def nearest(pve: str) -> str:
    major = int(re.match(r"\d+", pve).group(0))  # type: ignore[union-attr]
    return "8.4" if major >= 8 else "7.4"


def load_recordings() -> list[Recording]:
    index = json.loads((RECORDINGS / "index.json").read_text())
    cassettes: dict[str, Any] = {}
    result = []
    for entry in index:
        file = entry["file"]
        query: dict[str, str] = {}
        form: dict[str, str] = {}
        if "#" in file:
            name, number = file.split("#")
            if name not in cassettes:
                cassettes[name] = json.loads((RECORDINGS / name).read_text())["interactions"]
            raw = cassettes[name][int(number)]
            body_text, body = raw["body"], raw["body_json"]
            query = dict(raw["query"].items())
            form = dict(parse_qsl(raw["request_body"] or "", keep_blank_values=True))
        else:
            body_text = (RECORDINGS / file).read_text()
            body = json.loads(body_text)
            m = re.search(r"__([a-z]+)-([^.]+)\.json$", file)
            if m:
                query = {m.group(1): m.group(2)}
        result.append(
            Recording(
                file,
                entry["method"],
                entry["path"],
                template_of(entry["path"]),
                entry["status"],
                entry.get("reason") or "",
                nearest(entry["pve"]),
                body_text,
                body,
                query,
                form,
            )
        )
    return result


RECS = load_recordings() if (RECORDINGS / "index.json").is_file() else []


def groups() -> dict[tuple[str, str, int, str], list[Recording]]:
    out: dict[tuple[str, str, int, str], list[Recording]] = defaultdict(list)
    for rec in RECS:
        out[(rec.method, rec.template, rec.status, rec.version)].append(rec)
    return out


GROUPS = groups()


def kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "number"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "number" if re.fullmatch(r"-?\d+(\.\d+)?", value) else "text"
    if isinstance(value, list):
        return "list"
    return "object"


def test_every_recording_is_replayed_or_documented_as_not_served() -> None:
    assert len(RECS) == 896
    unknown = {
        (m, t) for (m, t, _s, _v) in GROUPS if (m, t) not in NOT_SERVED and (m, t) not in RECIPES
    }
    assert unknown == set()


# --- replay recipes: pick an object of the simulated fleet in the recorded state ----------------


@dataclass
class Replay:
    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # recorded name -> ours, for reasons
    client: str = "token"  # token | root-ticket | bad-token | none
    after: Any = None  # called once the request was answered


class Picker:
    """Choose fleet objects for a recorded request (fresh ones for mutating requests)."""

    def __init__(self, fleet: SimulatedFleet, version: str) -> None:
        self.sim = next(s for s in fleet if s.prof.key == version)
        self.model = self.sim.model
        self.used: set[int] = set()

    def guest(
        self,
        kind_: str,
        *,
        running: bool | None = None,
        template: bool | None = None,
        snapshots: bool = False,
        agent: bool = False,
    ) -> Any:
        for guest in sorted(self.model.guests.values(), key=lambda g: g.vmid):
            if guest.kind != kind_ or guest.lock or guest.vmid in self.used:
                continue
            if running is not None and guest.running != running:
                continue
            if template is not None and guest.template != template:
                continue
            if snapshots and not guest.snapshots:
                continue
            if agent and not guest.agent_running:
                continue
            if guest.vmid in {r.vmid for r in self.model.ha_resources.values()}:
                continue
            return guest
        raise LookupError(f"no {kind_} guest in the wanted state")

    def take(self, guest: Any) -> Any:
        self.used.add(guest.vmid)
        return guest

    def free_vmid(self) -> int:
        vmid = 700
        while vmid in self.model.guests or vmid in self.used:
            vmid += 1
        self.used.add(vmid)
        return vmid


def _rec_vmid(rec: Recording) -> str:
    m = re.search(r"/(?:qemu|lxc)/(\d+)", rec.path)
    return m.group(1) if m else ""


def _rec_node(rec: Recording) -> str:
    m = re.match(r"^/+nodes/([^/]+)", rec.path)
    return m.group(1) if m else ""


def _recorded_status(rec: Recording) -> str | None:
    data = rec.body.get("data") if isinstance(rec.body, dict) else None
    return data.get("status") if isinstance(data, dict) else None


def _guest_replay(rec: Recording, p: Picker) -> Replay:
    kind_ = "qemu" if "/qemu" in rec.path else "lxc"
    tail = re.sub(r"^/nodes/\{node\}/(qemu|lxc)/\{vmid\}", "", rec.template)
    names = {_rec_node(rec): "<node>", _rec_vmid(rec): "<vmid>"}
    if rec.status == 500:  # a guest that does not exist
        vmid = 999_999
        node = p.model.first_node.name
        names.update({node: "<node>", str(vmid): "<vmid>"})
        return Replay(rec.method, f"/nodes/{node}/{kind_}/{vmid}{tail}", names=names)
    recorded = _recorded_status(rec)
    if tail == "/status/start":
        guest = p.take(p.guest(kind_, running=False, template=False))
    elif tail in ("/status/stop", "/status/suspend", "/vncproxy", "/termproxy", "/spiceproxy"):
        guest = p.take(p.guest(kind_, running=True))
    elif tail == "/status/resume":
        guest = p.take(p.guest(kind_, running=True))
        with p.sim.lock:
            guest.qmpstatus = "paused"
    elif tail == "/agent/network-get-interfaces":
        guest = p.guest(kind_, running=True, agent=True)
    elif tail in ("/snapshot", "/snapshot/{snapname}", "/snapshot/{snapname}/config"):
        guest = (
            p.take(p.guest(kind_, snapshots=True))
            if rec.method != "POST"
            else p.take(p.guest(kind_))
        )
    elif tail == "/template" or (tail == "" and rec.method == "DELETE"):
        guest = p.take(p.guest(kind_, running=False, template=False))
    elif tail in ("/clone",):
        guest = (
            p.take(p.guest(kind_, running=False, template=True))
            if kind_ == "qemu"
            else p.take(p.guest(kind_, running=False))
        )
    elif recorded in ("running", "stopped") or "stopped" in rec.file:
        guest = p.guest(kind_, running=recorded == "running")
    else:
        guest = p.guest(kind_)
    path = f"/nodes/{guest.node}/{kind_}/{guest.vmid}{tail}"
    form = dict(rec.form)
    query = dict(rec.query)
    if "{snapname}" in tail:
        snap = next(iter(guest.snapshots))
        path = path.replace("{snapname}", snap)
    if tail == "/clone":
        form = {"newid": str(p.free_vmid())}
        if kind_ == "lxc":
            form["full"] = "1"
    if tail == "/snapshot" and rec.method == "POST":
        form = {"snapname": f"rec{p.free_vmid()}", "vmstate": "0"}
    if tail == "/rrddata":
        query.setdefault("timeframe", "hour")
    if tail == "/vncwebsocket":
        query = {"port": "5900", "vncticket": "PVEVNC:00000000::x"}
    if tail == "/resize":
        form = {"disk": "scsi0" if kind_ == "qemu" else "rootfs", "size": "+1G"}
    if tail == "/config" and rec.method in ("POST", "PUT"):
        form = {"description": "changed by a replayed recording"}
    return Replay(rec.method, path, query, form, names)


def _create_replay(rec: Recording, p: Picker) -> Replay:
    kind_ = "qemu" if rec.template.endswith("/qemu") else "lxc"
    node = p.model.first_node.name
    if rec.status == 500:
        existing = p.guest(kind_)
        vmid = existing.vmid
        names = {
            _rec_node(rec): "<node>",
            rec.form.get("vmid", ""): "<vmid>",
            existing.node: "<node>",
            str(vmid): "<vmid>",
        }
    else:
        vmid = p.free_vmid()
        names = {}
    form = {"vmid": str(vmid)}
    if kind_ == "lxc":
        form.update(
            ostemplate="local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst", storage="local-lvm"
        )
        store = (
            next(s for s in p.model.storages.values() if "vztmpl" in s.content and s.shared)
            if "nas-backup" in p.model.storages
            else None
        )
        if store is not None:
            form["ostemplate"] = "nas-backup:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst"
    return Replay(rec.method, f"/nodes/{node}/{kind_}", form=form, names=names)


def _node_replay(rec: Recording, p: Picker) -> Replay:
    node = p.model.first_node.name
    path = rec.template.replace("{node}", node)
    query = dict(rec.query)
    form = dict(rec.form)
    if "{upid}" in path:
        task = next(t for t in p.model.tasks.values() if t.node == node and t.status == "stopped")
        if rec.method == "DELETE":
            p.sim.hold_tasks(True)
            guest = p.take(p.guest("qemu", running=True))
            client = PveHttp(p.sim.fleet.info_for(p.sim.name)).use_token()
            upid = client.ok("POST", f"/nodes/{guest.node}/qemu/{guest.vmid}/status/stop")
            client.close()
            task = p.model.tasks[upid]
            node = task.node
            path = rec.template.replace("{node}", node)
        path = path.replace("{upid}", quote(task.upid, safe=":@!"))
    if "{storage}" in path:
        storage = "local"
        if "content/{volume}" in path:
            store = p.model.storages.get("nas-backup") or p.model.storages["local"]
            storage = store.storage
            volid = next(v for v in store.volume_map(node) if ":backup/" in v)
            path = path.replace("{volume}", volid)
        elif rec.query.get("vmid"):
            recorded_rows = rec.body.get("data") or [{}]
            content = recorded_rows[0].get("content", "backup")
            store, node, vol = next(
                (st, n or p.model.first_node.name, v)
                for st in p.model.storages.values()
                for n, vols in st.volumes.items()
                for v in vols.values()
                if v.content == content and v.vmid is not None
            )
            storage = store.storage
            path = rec.template.replace("{node}", node)
            query = {"vmid": str(vol.vmid)}
        path = path.replace("{storage}", storage)
    if rec.template == "/nodes/{node}/vzdump":
        guest = p.take(p.guest("qemu", running=True))
        node = guest.node
        path = f"/nodes/{node}/vzdump"
        store = "nas-backup" if "nas-backup" in p.model.storages else "local"
        form = {"vmid": str(guest.vmid), "storage": store, "compress": "zstd"}
    if rec.template == "/nodes/{node}/status" and rec.method == "POST":
        node = list(p.model.nodes)[-1]
        path = f"/nodes/{node}/status"
    if rec.template == "/nodes/{node}/tasks" and "vmid" in query:
        query.pop("vmid")
    replay = Replay(rec.method, path, query, form, {_rec_node(rec): "<node>", node: "<node>"})
    if "{upid}" in rec.template and rec.method == "DELETE":
        replay.after = lambda: p.sim.hold_tasks(False)
    return replay


def _access_replay(rec: Recording, p: Picker) -> Replay:
    path = rec.template
    form = dict(rec.form)
    client = "token"
    if rec.template == "/access/ticket":
        root = p.model.users["root@pam"]
        form = {"username": "root@pam", "password": root.password or ""}
        if rec.status == 401:
            form["password"] = "wrong password"
        client = "none"
    elif "{userid}" in path:
        userid = "ops@pve" if rec.method == "PUT" and "token" not in path else "root@pam"
        if rec.method == "DELETE" and "token" not in path:
            userid = f"rec{p.free_vmid()}@pve"
            with p.sim.lock:
                p.model.users[userid] = type(p.model.users["root@pam"])(userid)
        path = path.replace("{userid}", userid)
        form = {"comment": "changed by a replayed recording"} if rec.method == "PUT" else {}
        if "{tokenid}" in path:
            tokenid = "pvesphere"
            if rec.method in ("POST", "DELETE"):
                tokenid = f"rec{p.free_vmid()}"
            if rec.method == "DELETE":
                root = p.model.users["root@pam"]
                with p.sim.lock:
                    root.tokens[tokenid] = type(next(iter(root.tokens.values())))(tokenid, "x")
            path = path.replace("{tokenid}", tokenid)
            if rec.status == 401:
                client = "bad-token"
    elif rec.template == "/access/users" and rec.method == "POST":
        userid = "root@pam" if rec.status == 500 else f"rec{p.free_vmid()}@pve"
        form = {"userid": userid, "password": "a long password"}
        names = {rec.form.get("userid", ""): "<user>", userid: "<user>"}
        return Replay(rec.method, path, dict(rec.query), form, names, client=client)
    elif rec.template == "/access/acl" and rec.method == "PUT":
        form = {"path": "/pool/dev", "roles": "PVEAuditor", "users": "audit@pve"}
    elif rec.template == "/access/password":
        form = {"userid": "ops@pve", "password": "another long password"}
        client = "root-ticket"
    elif rec.template == "/access/permissions":
        client = "root-ticket"
    return Replay(rec.method, path, dict(rec.query), form, client=client)


def _pool_replay(rec: Recording, p: Picker) -> Replay:
    form = dict(rec.form)
    query = dict(rec.query)
    path = rec.template
    if "poolid" in query:
        query["poolid"] = "prod"
    if rec.template == "/pools" and rec.method == "POST":
        form = {"poolid": "prod" if rec.status == 500 else f"rec{p.free_vmid()}"}
    if "{poolid}" in path:
        if rec.method == "DELETE":
            poolid = f"rec{p.free_vmid()}"
            p.model.pools[poolid] = type(p.model.pools["prod"])(poolid)
        else:
            poolid = "prod"
        path = path.replace("{poolid}", poolid)
        if rec.method == "PUT":
            form = {"comment": "changed by a replayed recording"}
    return Replay(rec.method, path, query, form, {"pool1": "<pool>", "prod": "<pool>"})


def _plain_replay(rec: Recording, p: Picker) -> Replay:
    return Replay(rec.method, rec.template, dict(rec.query), dict(rec.form))


RECIPES: dict[tuple[str, str], Any] = {}
for _m, _t, _s, _v in GROUPS:
    if (_m, _t) in NOT_SERVED:
        continue
    if re.match(r"^/nodes/\{node\}/(qemu|lxc)/\{vmid\}", _t):
        RECIPES[(_m, _t)] = _guest_replay
    elif _t in ("/nodes/{node}/qemu", "/nodes/{node}/lxc") and _m == "POST":
        RECIPES[(_m, _t)] = _create_replay
    elif _t.startswith("/nodes"):
        RECIPES[(_m, _t)] = _node_replay
    elif _t.startswith("/access"):
        RECIPES[(_m, _t)] = _access_replay
    elif _t.startswith("/pools"):
        RECIPES[(_m, _t)] = _pool_replay
    else:
        RECIPES[(_m, _t)] = _plain_replay


# --- comparison ----------------------------------------------------------------------------------


def _rows(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list):
        return [r for r in data if isinstance(r, dict)]
    return []


# answers whose rows are of several kinds told apart by their "type" field
MIXED_ROWS = {"/cluster/resources", "/cluster/status"}


def _group_rows(template: str, rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[str(row.get("type", "")) if template in MIXED_ROWS else ""].append(row)
    return grouped


def compare_data(template: str, recorded: Any, ours: Any, problems: list[str]) -> None:
    if kind(recorded) != kind(ours):
        if not (template.endswith("/template") and recorded is None):  # 6.2: null, 7.4+: UPID
            problems.append(f"data kind {kind(recorded)} vs ours {kind(ours)}")
        return
    if isinstance(recorded, str) and UPID_RE.match(recorded):
        m_ours = UPID_RE.match(ours)
        if not m_ours:
            problems.append(f"expected a UPID, got {ours!r}")
        elif m_ours.group(1) != UPID_RE.match(recorded).group(1):  # type: ignore[union-attr]
            problems.append(
                f"task type {m_ours.group(1)} vs recorded {UPID_RE.match(recorded).group(1)}"
            )  # type: ignore[union-attr]
        return
    allowed = ALLOWED.get(template, {"missing": set(), "extra": set()})
    rec_groups = _group_rows(template, _rows(recorded))
    our_groups = _group_rows(template, _rows(ours))
    for typ, rec_rows in rec_groups.items():
        our_rows = our_groups.get(typ)
        if not our_rows:
            if rec_rows and typ not in ("pool",):
                problems.append(f"no rows of type {typ!r} in our answer")
            continue
        rec_keys = set().union(*(r.keys() for r in rec_rows))
        our_keys = set().union(*(r.keys() for r in our_rows))
        if allowed.get("missing") != "*":
            missing = rec_keys - our_keys - set(allowed.get("missing", ()))
            if missing:
                problems.append(f"[{typ}] missing keys {sorted(missing)}")
        if allowed.get("extra") != "*":
            extra = our_keys - rec_keys - set(allowed.get("extra", ()))
            if extra:
                problems.append(f"[{typ}] extra keys {sorted(extra)}")
        for key in rec_keys & our_keys:
            rec_kinds = {kind(r[key]) for r in rec_rows if key in r}
            our_kinds = {kind(r[key]) for r in our_rows if key in r}
            if "number" in rec_kinds and "text" in our_kinds and key in ("vmid", "port"):
                continue
            if not rec_kinds & our_kinds and (template, key) not in KIND_ALLOWED:
                problems.append(
                    f"[{typ}] {key}: kinds {sorted(rec_kinds)} vs ours {sorted(our_kinds)}"
                )


def normalise_reason(reason: str, names: dict[str, str]) -> str:
    for name, placeholder in sorted(names.items(), key=lambda kv: -len(kv[0])):
        if name:
            reason = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", placeholder, reason)
    return reason


@pytest.fixture(scope="module")
def replay_fleet() -> Iterator[SimulatedFleet]:
    spec = FleetSpec(clusters=2, nodes=3, guests=60, versions=("7.4", "8.4"), seed=5)
    fleet = SimulatedFleet(spec, time_scale=0.0, unauthorized_delay=0.0).start()
    try:
        yield fleet
    finally:
        fleet.stop()


CASES = sorted((k for k in GROUPS if (k[0], k[1]) not in NOT_SERVED), key=str)


@pytest.mark.parametrize("key", CASES, ids=[f"{m} {t} {s} {v}" for (m, t, s, v) in CASES])
def test_simulator_answers_like_the_recording(
    replay_fleet: SimulatedFleet, key: tuple[str, str, int, str]
) -> None:
    method, template, status, version = key
    recs = GROUPS[key]
    rec = recs[0]
    picker = Picker(replay_fleet, version)
    replay = RECIPES[(method, template)](rec, picker)
    info = replay_fleet.info_for(picker.sim.name)
    http = PveHttp(info)
    try:
        if replay.client == "token":
            http.use_token()
        elif replay.client == "bad-token":
            http.use_token(info["token"].rsplit("=", 1)[0] + "=wrong_token")
        elif replay.client == "root-ticket":
            assert http.login("root@pam", http.user("root@pam")["password"]).status == 200
        answer = http.request(
            replay.method,
            replay.path,
            params=replay.query or None,
            data=replay.form or None,
            auth=replay.client != "none",
        )
    finally:
        http.close()
        if replay.after is not None:
            replay.after()
    problems: list[str] = []
    if answer.status != status:
        problems.append(
            f"status {answer.status} {answer.reason!r} vs recorded {status} {rec.reason!r}"
        )
    elif status != 200:
        names = dict(replay.names)
        if normalise_reason(answer.reason, names) != normalise_reason(rec.reason, names):
            problems.append(f"reason {answer.reason!r} vs recorded {rec.reason!r}")
        recorded_body = rec.body_text or ""
        ours_body = answer.text
        if recorded_body.startswith("{"):
            ours_json = json.loads(ours_body) if ours_body else None
            if (
                ours_json is None
                or set(ours_json) - {"message"} != set(rec.body)
                or ours_json.get("data") is not None
            ):
                problems.append(f"error body {ours_body!r} vs recorded {recorded_body!r}")
            elif "errors" in rec.body and set(rec.body["errors"]) != set(ours_json["errors"]):
                problems.append(f"errors {ours_json['errors']} vs recorded {rec.body['errors']}")
            elif "errors" in rec.body:
                for name, text in rec.body["errors"].items():
                    if text != ours_json["errors"][name]:
                        problems.append(f"errors[{name}] {ours_json['errors'][name]!r} vs {text!r}")
        elif ours_body != recorded_body:
            problems.append(f"body {ours_body!r} vs recorded {recorded_body!r}")
    else:
        top_recorded = set(rec.body) if isinstance(rec.body, dict) else set()
        top_ours = set(answer.json)
        if top_recorded and top_recorded - {"changes"} != top_ours:
            problems.append(f"top-level keys {sorted(top_ours)} vs recorded {sorted(top_recorded)}")
        recorded_data = rec.body.get("data") if isinstance(rec.body, dict) else rec.body
        same_state = [r for r in recs if _recorded_status(r) in (None, _status_of(answer.data))]
        for other in same_state[:1] or recs[:1]:
            compare_data(
                template,
                other.body.get("data") if isinstance(other.body, dict) else None,
                answer.data,
                problems,
            )
        _ = recorded_data
    assert problems == [], f"{method} {template} ({rec.file}):\n  " + "\n  ".join(problems)


def _status_of(data: Any) -> str | None:
    return data.get("status") if isinstance(data, dict) else None
