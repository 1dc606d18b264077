"""``/nodes/{node}/qemu`` and ``/nodes/{node}/lxc``: lists, status, power, config, clone,
migrate, templates, deletion, snapshots, rrd, agent data and console proxies."""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Callable
from typing import Any

from pvesphere_desktop.simulator import metrics, views
from pvesphere_desktop.simulator.model import (
    DISK_KEY_RE,
    GIB,
    Guest,
    Snapshot,
    Volume,
    disk_size,
    format_size,
    parse_size,
    split_tags,
)
from pvesphere_desktop.simulator.routing import (
    BOOL,
    CF,
    DIGEST,
    NODE,
    SKIPLOCK,
    SNAPNAME,
    TIMEOUT,
    VMID,
    VMID_OPT,
    ApiError,
    Ctx,
    Perm,
    Route,
    Versioned,
    param,
    param_error,
)
from pvesphere_desktop.simulator.schema import split_list
from pvesphere_desktop.simulator.tasks import TaskError, TaskWarning

log = logging.getLogger(__name__)

META_KEYS = {
    "node",
    "vmid",
    "digest",
    "delete",
    "revert",
    "skiplock",
    "background_delay",
    "force",
    "start",
    "storage",
    "pool",
    "unique",
    "archive",
    "ostemplate",
    "password",
    "ssh-public-keys",
    "restore",
    "ignore-unpack-errors",
    "bwlimit",
    "live-restore",
    "import-working-storage",
}
QEMU_IMMEDIATE = {"name", "tags", "description", "onboot", "protection", "startup", "lock", "agent"}
LXC_IMMEDIATE = {
    "hostname",
    "tags",
    "description",
    "onboot",
    "protection",
    "startup",
    "memory",
    "swap",
    "cores",
    "cpulimit",
    "cpuunits",
}
NEW_VOLUME_RE = re.compile(r"^([a-zA-Z][\w\-.]*):(\d+(?:\.\d+)?)$")


def _who(guest: Guest) -> str:
    return "VM" if guest.kind == "qemu" else "CT"


def _perm_path(ctx: Ctx) -> str:
    return f"/vms/{ctx.args['vmid']}"


# --- lists and status ----------------------------------------------------------------------------


def list_guests(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        node = ctx.node_name()
        full = ctx.b("full")
        rows = []
        for guest in sorted(ctx.cluster.guests.values(), key=lambda g: g.vmid):
            if guest.kind != kind or guest.node != node:
                continue
            if not ctx.allowed(f"/vms/{guest.vmid}", "VM.Audit"):
                continue
            rows.append(views.guest_list_row(ctx.sim, guest, ctx.now, full=full))
        return rows

    return handler


def status_current(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        return views.guest_status(ctx.sim, ctx.guest(kind), ctx.now)

    return handler


def status_index(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        ctx.guest(kind)
        cmds = ["current", "start", "stop", "shutdown", "reboot", "suspend", "resume"]
        if kind == "qemu":
            cmds.append("reset")
        return [{"subdir": c} for c in cmds]

    return handler


def guest_index(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        ctx.guest(kind)
        names = [
            "config",
            "pending",
            "status",
            "snapshot",
            "rrd",
            "rrddata",
            "vncproxy",
            "termproxy",
            "spiceproxy",
            "migrate",
            "clone",
            "template",
            "firewall",
        ]
        if kind == "qemu":
            names.append("agent")
        return [{"subdir": n} for n in names]

    return handler


# --- power actions -------------------------------------------------------------------------------


def _check_lock(guest: Guest, skiplock: bool) -> None:
    if guest.lock and not skiplock:
        raise TaskError(f"{_who(guest)} is locked ({guest.lock})")


def _apply_pending(guest: Guest) -> None:
    for key in guest.pending_delete:
        guest.config.pop(key, None)
    guest.config.update(guest.pending)
    guest.pending.clear()
    guest.pending_delete.clear()


def set_running(sim_now: float, guest: Guest) -> None:
    """Mark a guest as freshly started (new pid, uptime from now)."""
    guest.status = "running"
    guest.qmpstatus = "running"
    guest.started_at = sim_now
    guest.stopped_at = None
    guest.pid = random.randrange(1000, 4_000_000)
    guest.agent_running = guest.kind == "qemu" and str(guest.config.get("agent", "0")).split(",")[
        0
    ] in (
        "1",
        "enabled=1",
    )


def set_stopped(sim_now: float, guest: Guest) -> None:
    guest.status = "stopped"
    guest.qmpstatus = "stopped"
    guest.stopped_at = sim_now
    guest.started_at = None
    guest.pid = 0
    guest.agent_running = False


def _require_running(guest: Guest) -> None:
    if not guest.running:
        raise ApiError(500, f"{_who(guest)} {guest.vmid} not running")


def power(kind: str, action: str) -> Callable[[Ctx], Any]:
    prefix = "qm" if kind == "qemu" else "vz"

    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        sim = ctx.sim
        skiplock = ctx.b("skiplock")
        if skiplock and not (ctx.ident and ctx.ident.is_root):
            raise param_error({"skiplock": "Only root may use this option."})
        ttype = f"{prefix}{action}"
        if action == "stop" and kind == "lxc" and not guest.running:
            raise ApiError(500, f"CT {guest.vmid} not running")
        if action in ("shutdown", "reboot", "reset") or (
            action == "suspend" and not ctx.b("todisk")
        ):
            _require_running(guest)
        if action == "resume" and not guest.running and guest.lock != "suspended":
            _require_running(guest)
        if kind == "qemu" and action == "suspend":
            ttype = "qmsuspend" if ctx.b("todisk") else "qmpause"

        def work(_w: TaskWarning) -> None:
            now = sim.clock.now()
            if action == "start":
                _check_lock(guest, skiplock)
                if guest.template:
                    raise TaskError("you can't start a vm if it's a template")
                if guest.running:
                    raise TaskError(f"{_who(guest)} {guest.vmid} already running")
                _apply_pending(guest)
                set_running(now, guest)
            elif action in ("stop", "shutdown"):
                _check_lock(guest, skiplock)
                if guest.running:
                    set_stopped(now, guest)
            elif action == "reboot":
                _check_lock(guest, skiplock)
                if not guest.running:
                    raise TaskError(f"{_who(guest)} {guest.vmid} not running")
                _apply_pending(guest)
                set_running(now, guest)
            elif action == "reset":
                _check_lock(guest, skiplock)
            elif action == "suspend":
                _check_lock(guest, skiplock)
                if ctx.b("todisk") and kind == "qemu":
                    set_stopped(now, guest)
                    guest.config["lock"] = "suspended"
                else:
                    guest.qmpstatus = "paused"
            elif action == "resume":
                if guest.lock == "suspended":
                    guest.config.pop("lock", None)
                    set_running(now, guest)
                elif guest.qmpstatus != "paused" and kind == "qemu":
                    raise TaskError(f"VM {guest.vmid} not paused")
                else:
                    guest.qmpstatus = "running"
            sim.bump()

        task = sim.tasks.start(
            node=guest.node, ttype=ttype, ident=str(guest.vmid), user=ctx.upid_user(), work=work
        )
        return task.upid

    return handler


# --- config ---------------------------------------------------------------------------------------


def _config_view(guest: Guest, *, current: bool) -> dict[str, Any]:
    config = dict(guest.config)
    if not current:
        for key in guest.pending_delete:
            config.pop(key, None)
        config.update(guest.pending)
    return config


def get_config(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        snapname = ctx.s("snapshot")
        if snapname:
            snap = guest.snapshots.get(snapname)
            if snap is None:
                raise ApiError(500, f"snapshot '{snapname}' does not exist")
            config = dict(snap.config)
            config["snaptime"] = snap.snaptime
            if snap.description:
                config["description"] = snap.description
        else:
            config = _config_view(guest, current=ctx.b("current"))
        out = views.render_config(ctx.sim, guest, config)
        out["digest"] = guest.digest()
        return out

    return handler


def get_pending(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        rows = []
        keys = sorted(set(guest.config) | set(guest.pending))
        rendered = views.render_config(ctx.sim, guest, guest.config)
        for key in keys:
            row: dict[str, Any] = {"key": key}
            if key in guest.config:
                row["value"] = str(rendered[key])
            if key in guest.pending:
                row["pending"] = str(guest.pending[key])
            if key in guest.pending_delete:
                row["delete"] = 1
            rows.append(row)
        for key in guest.pending_delete:
            if key not in keys:
                rows.append({"key": key, "delete": 1})
        return rows

    return handler


def _priv_for_key(kind: str, key: str, value: str) -> str:
    base = re.sub(r"\d+$", "", key)
    if base in ("memory", "balloon", "shares", "swap"):
        return "VM.Config.Memory"
    if base in ("cores", "sockets", "cpu", "vcpus", "cpulimit", "cpuunits", "numa", "affinity"):
        return "VM.Config.CPU"
    if base == "net":
        return "VM.Config.Network"
    if base in (
        "ipconfig",
        "ciuser",
        "cipassword",
        "citype",
        "cicustom",
        "sshkeys",
        "nameserver",
        "searchdomain",
        "ciupgrade",
    ):
        return "VM.Config.Cloudinit"
    if base in ("scsi", "virtio", "sata", "ide", "efidisk", "tpmstate", "unused", "rootfs", "mp"):
        if "media=cdrom" in value or value in ("cdrom", "none"):
            return "VM.Config.CDROM"
        return "VM.Config.Disk"
    if base in (
        "usb",
        "hostpci",
        "serial",
        "parallel",
        "vga",
        "audio",
        "rng",
        "machine",
        "bios",
        "scsihw",
        "tablet",
        "keyboard",
        "watchdog",
        "arch",
    ):
        return "VM.Config.HWType"
    return "VM.Config.Options"


def _normalize_value(ctx: Ctx, guest: Guest, key: str, value: str) -> Any:
    if key == "tags":
        return ";".join(sorted(dict.fromkeys(split_tags(value))))
    if key == "memory" and guest.kind == "qemu":
        text = value.split(",", maxsplit=1)[0]
        text = text.removeprefix("current=")
        return int(text)
    if key in views.INT_KEYS.get(guest.kind, ()):
        try:
            return int(value)
        except ValueError:
            return value
    return value


def _next_disk_index(ctx: Ctx, vmid: int) -> int:
    used = set()
    for store in ctx.cluster.storages.values():
        for vols in store.volumes.values():
            for volid in vols:
                m = re.search(rf"vm-{vmid}-disk-(\d+)", volid)
                if m:
                    used.add(int(m.group(1)))
    n = 0
    while n in used:
        n += 1
    return n


def _allocate(ctx: Ctx, guest: Guest, key: str, value: str) -> str:
    """Turn ``STORAGE:SIZE_GiB[,opts]`` into a new volume, as PVE does on create/config."""
    first, _, rest = value.partition(",")
    m = NEW_VOLUME_RE.match(first)
    if not m or (
        not DISK_KEY_RE.match(key) and key not in ("rootfs",) and not key.startswith("mp")
    ):
        return value
    storage_id, size_gib = m.group(1), float(m.group(2))
    store = ctx.cluster.storages.get(storage_id)
    if store is None:
        raise ApiError(500, f"storage '{storage_id}' does not exist")
    if not store.available_on(guest.node):
        raise ApiError(500, f"storage '{storage_id}' is not available on node '{guest.node}'")
    content = "images" if guest.kind == "qemu" else "rootdir"
    if content not in store.content:
        raise ApiError(
            500,
            f"storage '{storage_id}' does not support"
            f" {'vm' if guest.kind == 'qemu' else 'container'} images",
        )
    size = int(size_gib * GIB) if size_gib else 4 * 1024 * 1024
    index = _next_disk_index(ctx, guest.vmid)
    volname = (
        f"vm-{guest.vmid}-disk-{index}"
        if store.type not in ("dir", "nfs")
        else f"{guest.vmid}/vm-{guest.vmid}-disk-{index}.qcow2"
    )
    volid = f"{storage_id}:{volname}"
    store.volume_map(guest.node)[volid] = Volume(
        volid,
        content,
        "raw" if store.type not in ("dir", "nfs") else "qcow2",
        size,
        int(ctx.now),
        vmid=guest.vmid,
    )
    opts = [o for o in rest.split(",") if o and not o.startswith("size=")]
    return ",".join([volid, *opts, f"size={format_size(size)}"])


def _free_volume(ctx: Ctx, guest: Guest, value: str) -> None:
    volid = value.split(",", maxsplit=1)[0]
    storage_id = volid.split(":")[0]
    store = ctx.cluster.storages.get(storage_id)
    if store is not None:
        store.volume_map(guest.node).pop(volid, None)


def update_config(kind: str, *, async_task: bool) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        if guest.lock and not ctx.b("skiplock"):
            raise ApiError(500, f"{_who(guest)} is locked ({guest.lock})")
        digest = ctx.s("digest")
        if digest and digest != guest.digest():
            raise ApiError(
                500, "detected modified configuration - file changed by other user? Try again."
            )
        deletes = split_list(ctx.s("delete") or "")
        reverts = split_list(ctx.s("revert") or "")
        changes = {k: v for k, v in ctx.params.items() if k not in META_KEYS and k != "revert"}
        if not changes and not deletes and not reverts:
            raise ApiError(500, "no options specified")
        for key in set(deletes) & set(changes):
            raise ApiError(500, f"unable to delete parameter '{key}' - parameter is also set")
        path = _perm_path(ctx)
        for key, value in changes.items():
            ctx.check(path, _priv_for_key(kind, key, str(value)))
        for key in deletes:
            ctx.check(path, _priv_for_key(kind, key, str(guest.config.get(key, ""))))
        immediate = QEMU_IMMEDIATE if kind == "qemu" else LXC_IMMEDIATE
        hot_disk = re.compile(r"^(net|scsi|virtio|sata|mp)\d+$")

        def apply() -> None:
            for key in reverts:
                guest.pending.pop(key, None)
                if key in guest.pending_delete:
                    guest.pending_delete.remove(key)
            for key in deletes:
                if key not in guest.config and key not in guest.pending:
                    continue
                if guest.running and key not in immediate and not hot_disk.match(key):
                    if key not in guest.pending_delete:
                        guest.pending_delete.append(key)
                    continue
                old = guest.config.pop(key, None)
                guest.pending.pop(key, None)
                if old is not None and DISK_KEY_RE.match(key):
                    guest.config[f"unused{_next_unused(guest)}"] = str(old).split(",")[0]
            for key, raw in changes.items():
                value = _normalize_value(ctx, guest, key, str(raw))
                if isinstance(value, str):
                    value = _allocate(ctx, guest, key, value)
                if guest.running and key not in immediate and not hot_disk.match(key):
                    guest.pending[key] = value
                else:
                    guest.config[key] = value
            ctx.sim.bump()

        if not async_task:
            apply()
            return None
        task = ctx.sim.tasks.start(
            node=guest.node,
            ttype="qmconfig",
            ident=str(guest.vmid),
            user=ctx.upid_user(),
            work=lambda _w: apply(),
        )
        return task.upid

    return handler


def _next_unused(guest: Guest) -> int:
    n = 0
    while f"unused{n}" in guest.config:
        n += 1
    return n


# --- create / delete / clone / template -----------------------------------------------------------


def create_guest(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        node = ctx.node_name()
        vmid = int(ctx.req("vmid"))
        cluster = ctx.cluster
        pool = ctx.s("pool")
        if not (
            ctx.allowed(f"/vms/{vmid}", "VM.Allocate")
            or (pool and ctx.allowed(f"/pool/{pool}", "VM.Allocate"))
        ):
            raise ApiError(403, f"Permission check failed (/vms/{vmid}, VM.Allocate)")
        existing = cluster.guests.get(vmid)
        if existing is not None:
            if kind == "qemu":
                raise ApiError(
                    500,
                    f"unable to create VM {vmid} - VM {vmid} already exists"
                    f" on node '{existing.node}'",
                )
            raise ApiError(500, f"CT {vmid} already exists on node '{existing.node}'")
        if pool and pool not in cluster.pools:
            raise ApiError(500, f"pool '{pool}' does not exist")
        if kind == "lxc" and not ctx.has("ostemplate"):
            raise param_error({"ostemplate": "property is missing and it is not optional"})
        guest = Guest(vmid=vmid, kind=kind, node=node, config={}, seed=random.getrandbits(32))
        if kind == "lxc":
            tmpl = ctx.req("ostemplate")
            os_name = tmpl.split("/")[-1].split("-")[0]
            guest.config.update(
                {
                    "arch": "amd64",
                    "hostname": f"CT{vmid}",
                    "memory": 512,
                    "swap": 512,
                    "ostype": os_name
                    if os_name in ("debian", "ubuntu", "alpine", "centos", "fedora", "archlinux")
                    else "unmanaged",
                }
            )
        else:
            guest.config.update(
                {
                    "smbios1": f"uuid={_uuid()}",
                    "vmgenid": _uuid(),
                    "meta": f"creation-qemu={ctx.prof.qemu_version},ctime={int(ctx.now)}",
                }
            )
        for key, raw in ctx.params.items():
            if key in META_KEYS:
                continue
            value = _normalize_value(ctx, guest, key, str(raw))
            if isinstance(value, str):
                value = _allocate(ctx, guest, key, value)
            guest.config[key] = value
        if kind == "lxc" and "rootfs" not in guest.config:
            storage = ctx.s("storage") or "local"
            guest.config["rootfs"] = _allocate(ctx, guest, "rootfs", f"{storage}:4")
        guest.config["lock"] = "create"
        cluster.guests[vmid] = guest
        if pool:
            cluster.pools[pool].vmids.add(vmid)
        start = ctx.b("start")
        sim = ctx.sim

        def work(_w: TaskWarning) -> None:
            if start:
                set_running(sim.clock.now(), guest)
            sim.bump()

        task = sim.tasks.start(
            node=node,
            ttype="qmcreate" if kind == "qemu" else "vzcreate",
            ident=str(vmid),
            user=ctx.upid_user(),
            work=work,
            guest=guest,
            lock="create",
        )
        return task.upid

    return handler


def _uuid() -> str:
    import uuid

    return str(uuid.uuid4())


def remove_guest(ctx: Ctx, guest: Guest, *, purge: bool) -> None:
    cluster = ctx.cluster
    for key, value in list(guest.config.items()):
        if DISK_KEY_RE.match(key) or key in ("rootfs",) or key.startswith(("mp", "unused")):
            _free_volume(ctx, guest, str(value))
    cluster.guests.pop(guest.vmid, None)
    for pool in cluster.pools.values():
        pool.vmids.discard(guest.vmid)
    if purge:
        for sid in [s for s, r in cluster.ha_resources.items() if r.vmid == guest.vmid]:
            del cluster.ha_resources[sid]
        cluster.acl = [e for e in cluster.acl if e.path != f"/vms/{guest.vmid}"]
        for job in cluster.backup_jobs.values():
            if job.vmid:
                rest = [v for v in split_list(job.vmid) if v != str(guest.vmid)]
                job.vmid = ",".join(rest) or None
    ctx.sim.bump()


def delete_guest(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        if guest.running:
            raise ApiError(500, f"{_who(guest)} {guest.vmid} is running - destroy failed")
        if int(guest.config.get("protection", 0) or 0):
            raise ApiError(
                500, f"can't remove {_who(guest)} {guest.vmid} - protection mode enabled"
            )
        if guest.lock and not ctx.b("skiplock"):
            raise ApiError(500, f"{_who(guest)} is locked ({guest.lock})")
        purge = ctx.b("purge")
        if not purge and guest.vmid in {r.vmid for r in ctx.cluster.ha_resources.values()}:
            raise ApiError(
                500,
                f"unable to remove {_who(guest)} {guest.vmid} - used in HA resources and purge"
                " parameter not set.",
            )
        sim = ctx.sim

        def work(_w: TaskWarning) -> None:
            remove_guest(ctx, guest, purge=purge)

        task = sim.tasks.start(
            node=guest.node,
            ttype="qmdestroy" if kind == "qemu" else "vzdestroy",
            ident=str(guest.vmid),
            user=ctx.upid_user(),
            work=work,
            guest=guest,
            lock="destroyed" if kind == "lxc" else None,
        )
        return task.upid

    return handler


def clone_guest(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        source = ctx.guest(kind)
        cluster = ctx.cluster
        newid = int(ctx.req("newid"))
        pool = ctx.s("pool")
        ctx.check(_perm_path(ctx), "VM.Clone")
        if not (
            ctx.allowed(f"/vms/{newid}", "VM.Allocate")
            or (pool and ctx.allowed(f"/pool/{pool}", "VM.Allocate"))
        ):
            raise ApiError(403, f"Permission check failed (/vms/{newid}, VM.Allocate)")
        if newid in cluster.guests:
            if kind == "qemu":
                raise ApiError(500, f"unable to create VM {newid}: config file already exists")
            raise ApiError(500, f"unable to create CT {newid} - container already exists")
        target = ctx.s("target") or source.node
        if target not in cluster.nodes:
            raise ApiError(500, f"no such cluster node '{target}'")
        snapname = ctx.s("snapname")
        if snapname and snapname not in source.snapshots:
            raise ApiError(500, f"snapshot '{snapname}' does not exist")
        full = ctx.b("full", not source.template)
        if not full and not source.template:
            raise ApiError(
                500,
                "Linked clone feature is not available for non-template VMs"
                if kind == "qemu"
                else "linked clone of a non-template container is not supported",
            )
        if source.lock and source.lock != "create":
            raise ApiError(500, f"{_who(source)} is locked ({source.lock})")
        base = dict(source.snapshots[snapname].config) if snapname else dict(source.config)
        for key in ("lock", "parent", "template", "snaptime"):
            base.pop(key, None)
        name_key = "name" if kind == "qemu" else "hostname"
        base[name_key] = (
            ctx.s("hostname")
            or ctx.s("name")
            or (f"Copy-of-VM-{source.name}" if kind == "qemu" else source.name)
        )
        if ctx.has("description"):
            base["description"] = ctx.s("description")
        clone = Guest(vmid=newid, kind=kind, node=target, config=base, seed=random.getrandbits(32))
        storage = ctx.s("storage")
        for key, value in list(base.items()):
            if DISK_KEY_RE.match(key) or key == "rootfs" or key.startswith("mp"):
                text = str(value)
                if "media=cdrom" in text:
                    continue
                old_storage = text.split(":", maxsplit=1)[0]
                size = disk_size(text) or GIB
                clone.config[key] = _allocate(
                    ctx, clone, key, f"{storage or old_storage}:{size / GIB:g}"
                )
            if key.startswith("net") and "virtio=" in str(value):
                clone.config[key] = re.sub(r"virtio=[0-9A-F:]+", f"virtio={_mac()}", str(value))
        if kind == "qemu":
            clone.config["vmgenid"] = _uuid()
            clone.config["smbios1"] = f"uuid={_uuid()}"
        clone.config["lock"] = "clone" if kind == "qemu" else "create"
        cluster.guests[newid] = clone
        if pool:
            if pool not in cluster.pools:
                raise ApiError(500, f"pool '{pool}' does not exist")
            cluster.pools[pool].vmids.add(newid)
        sim = ctx.sim

        def work(_w: TaskWarning) -> None:
            sim.bump()

        task = sim.tasks.start(
            node=source.node,
            ttype="qmclone" if kind == "qemu" else "vzclone",
            ident=str(source.vmid),
            user=ctx.upid_user(),
            work=work,
            guest=clone,
            lock=clone.config["lock"],
            duration=12 if full else 3,
        )
        return task.upid

    return handler


def _mac() -> str:
    return "BC:24:11:" + ":".join(f"{random.randrange(256):02X}" for _ in range(3))


def make_template(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        if guest.template:
            raise ApiError(500, "you can't convert a template to a template")
        if guest.running:
            raise ApiError(
                500,
                f"you can't convert a {_who(guest)} to template if {_who(guest)} is running",
            )
        if guest.lock:
            raise ApiError(500, f"{_who(guest)} is locked ({guest.lock})")
        sim = ctx.sim

        def work(_w: TaskWarning) -> None:
            guest.config["template"] = 1
            sim.bump()

        if kind == "lxc":
            work(TaskWarning())
            return None
        task = sim.tasks.start(
            node=guest.node,
            ttype="qmtemplate",
            ident=str(guest.vmid),
            user=ctx.upid_user(),
            work=work,
            guest=guest,
            lock="template",
        )
        return task.upid

    return handler


def resize_disk(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        disk = ctx.req("disk")
        size_text = ctx.req("size")
        value = guest.config.get(disk)
        if value is None:
            raise ApiError(500, f"disk '{disk}' does not exist")
        if guest.lock and not ctx.b("skiplock"):
            raise ApiError(500, f"{_who(guest)} is locked ({guest.lock})")
        current = disk_size(str(value))
        m = re.fullmatch(r"(\+)?(\d+(?:\.\d+)?[KMGT]?)", size_text)
        if not m:
            raise param_error({"size": "value does not match the regex pattern"})
        amount = parse_size(m.group(2))
        new = current + amount if m.group(1) else amount
        if new < current:
            raise ApiError(500, "shrinking disks is not supported")
        sim = ctx.sim

        def work(_w: TaskWarning) -> None:
            text = str(guest.config[disk])
            guest.config[disk] = (
                re.sub(r"size=[^,]+", f"size={format_size(new)}", text)
                if "size=" in text
                else f"{text},size={format_size(new)}"
            )
            volid = text.split(",", maxsplit=1)[0]
            store = sim.model.storages.get(volid.split(":")[0])
            if store is not None and volid in store.volume_map(guest.node):
                store.volume_map(guest.node)[volid].size = new
            sim.bump()

        if kind == "qemu" and not ctx.since("8.0"):
            work(TaskWarning())
            return None
        task = sim.tasks.start(
            node=guest.node, ttype="resize", ident=str(guest.vmid), user=ctx.upid_user(), work=work
        )
        return task.upid

    return handler


# --- migration -----------------------------------------------------------------------------------


def _local_disks(ctx: Ctx, guest: Guest) -> list[dict[str, Any]]:
    disks = []
    for key, value in guest.config.items():
        if not (DISK_KEY_RE.match(key) or key == "rootfs" or key.startswith(("mp", "unused"))):
            continue
        text = str(value)
        volid = text.split(",", maxsplit=1)[0]
        store = ctx.cluster.storages.get(volid.split(":")[0])
        if store is None or store.shared or "media=cdrom" in text:
            continue
        disks.append(
            {
                "volid": volid,
                "size": disk_size(text),
                "cdrom": 0,
                "is_unused": int(key.startswith("unused")),
                "drivename": key,
            }
        )
    return disks


def migrate_preconditions(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        cluster = ctx.cluster
        local = _local_disks(ctx, guest)
        allowed = []
        not_allowed: dict[str, Any] = {}
        for node in cluster.nodes.values():
            if node.name == guest.node:
                continue
            missing = [
                d["volid"].split(":")[0]
                for d in local
                if not cluster.storages[d["volid"].split(":")[0]].available_on(node.name)
            ]
            if not node.online:
                not_allowed[node.name] = {"unavailable_storages": []}
            elif missing:
                not_allowed[node.name] = {"unavailable_storages": sorted(set(missing))}
            else:
                allowed.append(node.name)
        data: dict[str, Any] = {"running": int(guest.running)}
        if kind == "qemu":
            data["local_disks"] = [{k: v for k, v in d.items() if k != "drivename"} for d in local]
            data["local_resources"] = []
            if ctx.since("8.0"):
                data["mapped-resources"] = []
                data["mapped-resource-info"] = {}
            if ctx.since("9.0"):
                data["has-dbus-vmstate"] = 0
            if not guest.running or ctx.since("8.0"):
                data["allowed_nodes"] = allowed
                data["not_allowed_nodes"] = not_allowed
        else:
            data["allowed-nodes"] = allowed
            data["not-allowed-nodes"] = not_allowed
        return data

    return handler


def start_migration(
    ctx: Ctx,
    guest: Guest,
    target: str,
    *,
    online: bool,
    ha: bool = False,
    with_local_disks: bool = True,
    restart: bool = False,
) -> str:
    """Run a migration task that moves ``guest`` to ``target`` when it ends."""
    sim = ctx.sim
    cluster = ctx.cluster
    source = guest.node
    kind = guest.kind
    local = _local_disks(ctx, guest)
    was_running = guest.running

    def work(_w: TaskWarning) -> None:
        if not cluster.nodes[target].online:
            raise TaskError(f"migration aborted: target node '{target}' is not online")
        if local and not with_local_disks:
            raise TaskError(
                f"can't migrate local disk '{local[0]['volid']}': can't live migrate attached"
                " local disks without with-local-disks option"
            )
        for disk in local:
            store = cluster.storages[disk["volid"].split(":")[0]]
            vol = store.volume_map(source).pop(disk["volid"], None)
            if vol is not None and store.available_on(target):
                store.volume_map(target)[disk["volid"]] = vol
        guest.node = target
        if kind == "lxc" and was_running and restart:
            set_running(sim.clock.now(), guest)
        sim.bump()

    ttype = "hamigrate" if ha else "qmmigrate" if kind == "qemu" else "vzmigrate"
    task = sim.tasks.start(
        node=source,
        ttype=ttype,
        ident=str(guest.vmid),
        user=ctx.upid_user(),
        work=work,
        guest=guest,
        lock=None if ha else "migrate",
        duration=20 if online else 8,
    )
    return task.upid


def migrate_guest(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        target = ctx.req("target")
        cluster = ctx.cluster
        if target == guest.node:
            raise param_error({"target": "target is local node."})
        if target not in cluster.nodes:
            raise ApiError(500, f"no such cluster node '{target}'")
        if not cluster.nodes[target].online:
            raise ApiError(500, f"target node '{target}' is not online")
        online = ctx.b("online")
        restart = ctx.b("restart")
        if guest.running and kind == "qemu" and not online:
            raise ApiError(500, "can't migrate running VM without --online")
        if guest.running and kind == "lxc" and not (online or restart):
            raise ApiError(
                500,
                "lxc live migration is currently not implemented\n"
                if online
                else "CT is running - use online migration or restart mode",
            )
        if guest.lock:
            raise ApiError(500, f"{_who(guest)} is locked ({guest.lock})")
        ha = guest.vmid in {r.vmid for r in cluster.ha_resources.values()}
        return start_migration(
            ctx,
            guest,
            target,
            online=online,
            ha=ha,
            with_local_disks=ctx.b("with-local-disks") or kind == "lxc",
            restart=restart,
        )

    return handler


def remote_migrate(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        endpoint = ctx.req("target-endpoint")
        fields = dict(p.split("=", 1) for p in endpoint.split(",") if "=" in p)
        host = fields.get("host", "")
        target_vmid = ctx.i("target-vmid") or guest.vmid
        if guest.running and not ctx.b("online") and kind == "qemu":
            raise ApiError(500, "can't migrate running VM without --online")
        delete_source = ctx.b("delete")
        sim = ctx.sim
        fleet = getattr(sim, "fleet", None)

        def work(_w: TaskWarning) -> None:
            target_sim = fleet.cluster_by_address(host) if fleet is not None else None
            if target_sim is None or target_sim is sim:
                raise TaskError(f"failed to connect to remote host '{host}' - No route to host")
            target_model = target_sim.model
            if target_vmid in target_model.guests:
                raise TaskError(f"remote: VM {target_vmid} already exists")
            node = target_sim.node_for_address(host)
            clone = Guest(
                vmid=target_vmid,
                kind=kind,
                node=node,
                config=dict(guest.config),
                status=guest.status,
                qmpstatus=guest.qmpstatus,
                started_at=guest.started_at,
                seed=guest.seed,
                pid=guest.pid,
            )
            clone.config.pop("lock", None)
            target_model.guests[target_vmid] = clone
            target_sim.bump()
            if delete_source:
                remove_guest(ctx, guest, purge=True)
            else:
                guest.config["lock"] = "migrate"
                set_stopped(sim.clock.now(), guest)
            sim.bump()

        task = sim.tasks.start(
            node=guest.node,
            ttype="qmremotemigrate" if kind == "qemu" else "vzremotemigrate",
            ident=str(guest.vmid),
            user=ctx.upid_user(),
            work=work,
        )
        return task.upid

    return handler


# --- snapshots ---------------------------------------------------------------------------------


def list_snapshots(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        rows: list[dict[str, Any]] = []
        for snap in sorted(guest.snapshots.values(), key=lambda s: s.snaptime):
            row: dict[str, Any] = {
                "name": snap.name,
                "description": snap.description,
                "snaptime": snap.snaptime,
            }
            if kind == "qemu":
                row["vmstate"] = int(snap.vmstate)
            if snap.parent:
                row["parent"] = snap.parent
            rows.append(row)
        current: dict[str, Any] = {
            "name": "current",
            "description": "You are here!",
            "digest": guest.digest(),
        }
        if kind == "qemu":
            current["running"] = int(guest.running)
        parent = guest.config.get("parent")
        if parent:
            current["parent"] = parent
        rows.append(current)
        return rows

    return handler


def create_snapshot(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        name = ctx.req("snapname")
        if name == "current":
            raise param_error({"snapname": "invalid snapshot name 'current'"})
        sim = ctx.sim
        vmstate = ctx.b("vmstate")
        description = ctx.s("description") or ""
        if guest.lock:
            raise ApiError(500, f"{_who(guest)} is locked ({guest.lock})")

        def work(_w: TaskWarning) -> None:
            if name in guest.snapshots:
                raise TaskError(f"snapshot name '{name}' already used")
            config = {k: v for k, v in guest.config.items() if k not in ("lock",)}
            parent = guest.config.get("parent")
            guest.snapshots[name] = Snapshot(
                name, description, int(sim.clock.now()), vmstate and guest.running, parent, config
            )
            guest.config["parent"] = name
            sim.bump()

        task = sim.tasks.start(
            node=guest.node,
            ttype="qmsnapshot" if kind == "qemu" else "vzsnapshot",
            ident=str(guest.vmid),
            user=ctx.upid_user(),
            work=work,
            guest=guest,
            lock="snapshot",
        )
        return task.upid

    return handler


def _snapshot(ctx: Ctx, guest: Guest) -> Snapshot:
    name = ctx.args["snapname"]
    snap = guest.snapshots.get(name)
    if snap is None:
        raise ApiError(500, f"snapshot '{name}' does not exist")
    return snap


def snapshot_index(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        _snapshot(ctx, ctx.guest(kind))
        return [{"cmd": "rollback"}, {"cmd": "config"}]

    return handler


def delete_snapshot(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        snap = _snapshot(ctx, guest)
        sim = ctx.sim
        if guest.lock and not ctx.b("force"):
            raise ApiError(500, f"{_who(guest)} is locked ({guest.lock})")

        def work(_w: TaskWarning) -> None:
            guest.snapshots.pop(snap.name, None)
            for other in guest.snapshots.values():
                if other.parent == snap.name:
                    other.parent = snap.parent
                    if snap.parent:
                        other.config["parent"] = snap.parent
                    else:
                        other.config.pop("parent", None)
            if guest.config.get("parent") == snap.name:
                if snap.parent:
                    guest.config["parent"] = snap.parent
                else:
                    guest.config.pop("parent", None)
            sim.bump()

        task = sim.tasks.start(
            node=guest.node,
            ttype="qmdelsnapshot" if kind == "qemu" else "vzdelsnapshot",
            ident=str(guest.vmid),
            user=ctx.upid_user(),
            work=work,
            guest=guest,
            lock="snapshot-delete",
        )
        return task.upid

    return handler


def snapshot_config(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        snap = _snapshot(ctx, guest)
        config = dict(snap.config)
        config["snaptime"] = snap.snaptime
        if snap.description:
            config["description"] = snap.description
        if kind == "qemu" and snap.vmstate:
            config["vmstate"] = f"local-lvm:vm-{guest.vmid}-state-{snap.name}"
        return views.render_config(ctx.sim, guest, config)

    return handler


def update_snapshot_config(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        snap = _snapshot(ctx, guest)
        if ctx.has("description"):
            snap.description = ctx.s("description") or ""
        ctx.sim.bump()
        return None

    return handler


def rollback_snapshot(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        snap = _snapshot(ctx, guest)
        if guest.lock:
            raise ApiError(500, f"{_who(guest)} is locked ({guest.lock})")
        sim = ctx.sim
        start = ctx.b("start")

        def work(_w: TaskWarning) -> None:
            now = sim.clock.now()
            config = dict(snap.config)
            config["parent"] = snap.name
            guest.config = config
            guest.pending.clear()
            guest.pending_delete.clear()
            if snap.vmstate and kind == "qemu":
                set_running(now, guest)
            else:
                set_stopped(now, guest)
                if start:
                    set_running(now, guest)
            sim.bump()

        task = sim.tasks.start(
            node=guest.node,
            ttype="qmrollback" if kind == "qemu" else "vzrollback",
            ident=str(guest.vmid),
            user=ctx.upid_user(),
            work=work,
            guest=guest,
            lock="rollback",
        )
        return task.upid

    return handler


# --- metrics and agent ---------------------------------------------------------------------------


def guest_rrddata(kind: str) -> Callable[[Ctx], Any]:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        timeframe = ctx.req("timeframe")
        return metrics.guest_rrd(
            guest, ctx.now, timeframe, ctx.s("cf") or "AVERAGE", v9=ctx.prof.rrd_v9
        )

    return handler


def _agent_guest(ctx: Ctx) -> Guest:
    guest = ctx.guest("qemu")
    if not guest.running:
        raise ApiError(500, f"VM {guest.vmid} is not running")
    if not guest.config.get("agent") or str(guest.config.get("agent")).split(",")[0] in (
        "0",
        "enabled=0",
    ):
        raise ApiError(500, "No QEMU guest agent configured")
    if not guest.agent_running:
        raise ApiError(500, "QEMU guest agent is not running")
    return guest


def _guest_ip(guest: Guest) -> str:
    return f"10.{(guest.seed >> 8) % 200 + 10}.{(guest.seed >> 16) % 250}.{guest.vmid % 250 + 2}"


def agent_network(ctx: Ctx) -> Any:
    guest = _agent_guest(ctx)
    mac = re.search(r"([0-9A-F]{2}(?::[0-9A-F]{2}){5})", str(guest.config.get("net0", "")))
    counters = metrics.guest_counters(guest, ctx.now)
    return {
        "result": [
            {
                "name": "lo",
                "hardware-address": "00:00:00:00:00:00",
                "ip-addresses": [
                    {"ip-address": "127.0.0.1", "ip-address-type": "ipv4", "prefix": 8},
                    {"ip-address": "::1", "ip-address-type": "ipv6", "prefix": 128},
                ],
                "statistics": {
                    "rx-bytes": 0,
                    "rx-dropped": 0,
                    "rx-errs": 0,
                    "rx-packets": 0,
                    "tx-bytes": 0,
                    "tx-dropped": 0,
                    "tx-errs": 0,
                    "tx-packets": 0,
                },
            },
            {
                "name": "eth0",
                "hardware-address": (mac.group(1) if mac else "bc:24:11:00:00:01").lower(),
                "ip-addresses": [
                    {"ip-address": _guest_ip(guest), "ip-address-type": "ipv4", "prefix": 24},
                    {
                        "ip-address": f"fe80::be24:11ff:fe{guest.vmid % 256:02x}:"
                        f"{guest.seed % 65536:04x}",
                        "ip-address-type": "ipv6",
                        "prefix": 64,
                    },
                ],
                "statistics": {
                    "rx-bytes": counters["netin"],
                    "rx-dropped": 0,
                    "rx-errs": 0,
                    "rx-packets": counters["netin"] // 900,
                    "tx-bytes": counters["netout"],
                    "tx-dropped": 0,
                    "tx-errs": 0,
                    "tx-packets": counters["netout"] // 900,
                },
            },
        ]
    }


def agent_ping(ctx: Ctx) -> Any:
    _agent_guest(ctx)
    return {"result": {}}


def agent_osinfo(ctx: Ctx) -> Any:
    guest = _agent_guest(ctx)
    windows = str(guest.config.get("ostype", "")).startswith("w")
    if windows:
        info = {
            "id": "mswindows",
            "name": "Microsoft Windows",
            "pretty-name": "Windows Server 2022 Standard",
            "version": "Microsoft Windows Server 2022",
            "kernel-release": "20348",
            "machine": "x86_64",
        }
    else:
        info = {
            "id": "debian",
            "name": "Debian GNU/Linux",
            "pretty-name": "Debian GNU/Linux 12 (bookworm)",
            "version": "12 (bookworm)",
            "version-id": "12",
            "kernel-release": "6.1.0-25-amd64",
            "kernel-version": "#1 SMP PREEMPT_DYNAMIC Debian 6.1.106-3",
            "machine": "x86_64",
        }
    return {"result": info}


def lxc_interfaces(ctx: Ctx) -> Any:
    guest = ctx.guest("lxc")
    if not guest.running:
        raise ApiError(500, f"CT {guest.vmid} not running")
    mac = re.search(r"hwaddr=([0-9A-Fa-f:]{17})", str(guest.config.get("net0", "")))
    hw = (mac.group(1) if mac else "bc:24:11:00:00:02").lower()
    return [
        {
            "name": "lo",
            "hwaddr": "00:00:00:00:00:00",
            "hardware-address": "00:00:00:00:00:00",
            "inet": "127.0.0.1/8",
            "inet6": "::1/128",
            "ip-addresses": [{"ip-address": "127.0.0.1", "ip-address-type": "inet", "prefix": 8}],
        },
        {
            "name": "eth0",
            "hwaddr": hw,
            "hardware-address": hw,
            "inet": f"{_guest_ip(guest)}/24",
            "ip-addresses": [
                {"ip-address": _guest_ip(guest), "ip-address-type": "inet", "prefix": 24}
            ],
        },
    ]


# --- routes ---------------------------------------------------------------------------------------

NET_FMT = {
    "model": param(
        enum=(
            "e1000",
            "e1000-82540em",
            "e1000-82544gc",
            "e1000-82545em",
            "e1000e",
            "i82551",
            "i82557b",
            "i82559er",
            "ne2k_isa",
            "ne2k_pci",
            "pcnet",
            "rtl8139",
            "virtio",
            "vmxnet3",
        ),
        opt=False,
        default_key=True,
    ),
    "macaddr": param(fmt="mac-addr"),
    "virtio": {"alias": "macaddr", "keyAlias": "model"},
    "e1000": {"alias": "macaddr", "keyAlias": "model"},
    "vmxnet3": {"alias": "macaddr", "keyAlias": "model"},
    "rtl8139": {"alias": "macaddr", "keyAlias": "model"},
    "bridge": param(fmt="pve-bridge-id"),
    "firewall": param("boolean"),
    "link_down": param("boolean"),
    "tag": param("integer", min=1, max=4094),
    "mtu": param("integer", min=1, max=65520),
    "queues": param("integer", min=0, max=64),
    "rate": param("number", min=0),
}
DISK_FMT = {
    "file": param(fmt="pve-volume-id-or-qm-path", opt=False, default_key=True),
    "size": param(fmt="disk-size"),
    "media": param(enum=("cdrom", "disk")),
    "cache": param(enum=("none", "writethrough", "writeback", "unsafe", "directsync")),
    "discard": param(enum=("ignore", "on")),
    "backup": param("boolean"),
    "replicate": param("boolean"),
}
SCSI_FMT = {**DISK_FMT, "iothread": param("boolean"), "ssd": param("boolean")}
VIRTIO_FMT = {**DISK_FMT, "iothread": param("boolean")}
SATA_FMT = {**DISK_FMT, "ssd": param("boolean")}
QEMU_DISKS = tuple(
    [f"ide{i}" for i in range(4)]
    + [f"scsi{i}" for i in range(31)]
    + [f"virtio{i}" for i in range(16)]
    + [f"sata{i}" for i in range(6)]
    + ["efidisk0", "tpmstate0"]
)
LXC_DISKS = ("rootfs", *(f"mp{i}" for i in range(256)))

QEMU_CONFIG_PARAMS: dict[str, Any] = {
    "name": param(fmt="dns-name"),
    "memory": Versioned(
        {
            "7.4": param("integer", min=16, default=512),
            "8.4": param(
                fmt={"current": param("integer", min=16, opt=False, default_key=True, default=512)}
            ),
        }
    ),
    "cores": param("integer", min=1, default=1),
    "sockets": param("integer", min=1, default=1),
    "description": param(maxlen=8192),
    "tags": param(fmt="pve-tag-list"),
    "onboot": param("boolean", default=0),
    "protection": param("boolean", default=0),
    "ostype": param(
        enum=(
            "other",
            "wxp",
            "w2k",
            "w2k3",
            "w2k8",
            "wvista",
            "win7",
            "win8",
            "win10",
            "win11",
            "l24",
            "l26",
            "solaris",
        )
    ),
    "scsihw": param(
        enum=("lsi", "lsi53c810", "virtio-scsi-pci", "virtio-scsi-single", "megasas", "pvscsi"),
        default="lsi",
    ),
    "net[n]": param(fmt=NET_FMT),
    "scsi[n]": param(fmt=SCSI_FMT),
    "virtio[n]": param(fmt=VIRTIO_FMT),
    "sata[n]": param(fmt=SATA_FMT),
    "ide[n]": param(fmt=SATA_FMT),
    "balloon": param("integer", min=0),
    "vcpus": param("integer", min=1, default=0),
}
QEMU_UPDATE_PARAMS = {
    **QEMU_CONFIG_PARAMS,
    "node": NODE,
    "vmid": VMID,
    "digest": DIGEST,
    "delete": param(fmt="pve-configid-list"),
    "revert": param(fmt="pve-configid-list"),
    "skiplock": SKIPLOCK,
}
LXC_CONFIG_PARAMS: dict[str, Any] = {
    "hostname": param(fmt="dns-name", maxlen=255),
    "memory": param("integer", min=16, default=512),
    "swap": param("integer", min=0, default=512),
    "cores": param("integer", min=1, max=8192),
    "description": param(maxlen=8192),
    "tags": param(fmt="pve-tag-list"),
    "onboot": param("boolean", default=0),
    "protection": param("boolean", default=0),
}
LXC_UPDATE_PARAMS = {
    **LXC_CONFIG_PARAMS,
    "node": NODE,
    "vmid": VMID,
    "digest": DIGEST,
    "delete": param(fmt="pve-configid-list"),
    "revert": param(fmt="pve-configid-list"),
}

AUDIT = Perm("/vms/{vmid}", ("VM.Audit",))
POWER = Perm("/vms/{vmid}", ("VM.PowerMgmt",))
NV = {"node": NODE, "vmid": VMID}


def agent_audit_perm() -> dict[str, Perm]:
    """Permission of the read-only guest-agent calls: VM.Monitor until 8.x, GuestAgent on 9.x."""
    return {
        "7.4": Perm("/vms/{vmid}", ("VM.Monitor",)),
        "9.1": Perm("/vms/{vmid}", ("VM.GuestAgent.Audit", "VM.GuestAgent.Unrestricted"), any=True),
    }


def _routes(kind: str) -> list[Route]:
    base = f"/nodes/{{node}}/{kind}"
    g = f"{base}/{{vmid}}"
    config_perm = (
        Perm(
            "/vms/{vmid}",
            (
                "VM.Config.Disk",
                "VM.Config.CDROM",
                "VM.Config.CPU",
                "VM.Config.Memory",
                "VM.Config.Network",
                "VM.Config.HWType",
                "VM.Config.Options",
                "VM.Config.Cloudinit",
            ),
            any=True,
        )
        if kind == "qemu"
        else Perm(
            "/vms/{vmid}",
            (
                "VM.Config.Disk",
                "VM.Config.CPU",
                "VM.Config.Memory",
                "VM.Config.Network",
                "VM.Config.Options",
            ),
            any=True,
        )
    )
    update_params = QEMU_UPDATE_PARAMS if kind == "qemu" else LXC_UPDATE_PARAMS
    routes = [
        Route(
            "GET",
            base,
            list_guests(kind),
            {"node": NODE, **({"full": param("boolean")} if kind == "qemu" else {})},
        ),
        Route("GET", g, guest_index(kind), dict(NV)),
        Route(
            "DELETE",
            g,
            delete_guest(kind),
            {
                **NV,
                "purge": BOOL,
                "destroy-unreferenced-disks": param("boolean", default=0),
                **(
                    {"force": param("boolean", default=0)}
                    if kind == "lxc"
                    else {"skiplock": SKIPLOCK}
                ),
            },
            perm=Perm("/vms/{vmid}", ("VM.Allocate",)),
        ),
        Route("GET", f"{g}/status", status_index(kind), dict(NV)),
        Route("GET", f"{g}/status/current", status_current(kind), dict(NV), perm=AUDIT),
        Route(
            "POST",
            f"{g}/status/start",
            power(kind, "start"),
            {**NV, "skiplock": SKIPLOCK, **({"timeout": TIMEOUT} if kind == "qemu" else {})},
            perm=POWER,
        ),
        Route(
            "POST",
            f"{g}/status/stop",
            power(kind, "stop"),
            {
                **NV,
                "skiplock": SKIPLOCK,
                **(
                    {"timeout": TIMEOUT, "keepActive": param("boolean", default=0)}
                    if kind == "qemu"
                    else {}
                ),
            },
            perm=POWER,
        ),
        Route(
            "POST",
            f"{g}/status/shutdown",
            power(kind, "shutdown"),
            {**NV, "forceStop": param("boolean", default=0), "timeout": TIMEOUT},
            perm=POWER,
        ),
        Route(
            "POST",
            f"{g}/status/reboot",
            power(kind, "reboot"),
            {**NV, "timeout": TIMEOUT},
            perm=POWER,
        ),
        Route(
            "POST",
            f"{g}/status/suspend",
            power(kind, "suspend"),
            {
                **NV,
                **(
                    {"skiplock": SKIPLOCK, "todisk": param("boolean", default=0)}
                    if kind == "qemu"
                    else {}
                ),
            },
            perm=POWER,
        ),
        Route(
            "POST",
            f"{g}/status/resume",
            power(kind, "resume"),
            {
                **NV,
                **({"skiplock": SKIPLOCK, "nocheck": param("boolean")} if kind == "qemu" else {}),
            },
            perm=POWER,
        ),
        Route(
            "GET",
            f"{g}/config",
            get_config(kind),
            {
                **NV,
                "current": param("boolean", default=0),
                "snapshot": param(fmt="pve-configid", maxlen=40),
            },
            perm=AUDIT,
        ),
        Route(
            "PUT",
            f"{g}/config",
            update_config(kind, async_task=False),
            update_params,
            perm=config_perm,
        ),
        Route("GET", f"{g}/pending", get_pending(kind), dict(NV), perm=AUDIT),
        Route(
            "POST",
            f"{g}/clone",
            clone_guest(kind),
            {
                **NV,
                "newid": VMID,
                "target": param(fmt="pve-node"),
                "full": param("boolean"),
                "storage": param(fmt="pve-storage-id"),
                "pool": param(fmt="pve-poolid"),
                "snapname": param(fmt="pve-configid", maxlen=40),
                "description": param(),
                **(
                    {"name": param(fmt="dns-name")}
                    if kind == "qemu"
                    else {"hostname": param(fmt="dns-name")}
                ),
            },
            perm=None,
        ),
        Route(
            "POST",
            f"{g}/migrate",
            migrate_guest(kind),
            {
                **NV,
                "target": param(fmt="pve-node", opt=False),
                "online": param("boolean"),
                **(
                    {"with-local-disks": param("boolean"), "force": param("boolean")}
                    if kind == "qemu"
                    else {"restart": param("boolean"), "timeout": param("integer", default=180)}
                ),
            },
            perm=Perm("/vms/{vmid}", ("VM.Migrate",)),
        ),
        Route(
            "POST",
            f"{g}/template",
            make_template(kind),
            dict(NV),
            perm=Perm("/vms/{vmid}", ("VM.Allocate",)),
        ),
        Route("GET", f"{g}/snapshot", list_snapshots(kind), dict(NV), perm=AUDIT),
        Route(
            "POST",
            f"{g}/snapshot",
            create_snapshot(kind),
            {
                **NV,
                "snapname": SNAPNAME,
                "description": param(),
                **({"vmstate": param("boolean")} if kind == "qemu" else {}),
            },
            perm=Perm("/vms/{vmid}", ("VM.Snapshot",)),
        ),
        Route(
            "GET",
            f"{g}/snapshot/{{snapname}}",
            snapshot_index(kind),
            {**NV, "snapname": SNAPNAME},
            proxy=False,
        ),
        Route(
            "DELETE",
            f"{g}/snapshot/{{snapname}}",
            delete_snapshot(kind),
            {**NV, "snapname": SNAPNAME, "force": param("boolean")},
            perm=Perm("/vms/{vmid}", ("VM.Snapshot",)),
        ),
        Route(
            "GET",
            f"{g}/snapshot/{{snapname}}/config",
            snapshot_config(kind),
            {**NV, "snapname": SNAPNAME},
            perm=Perm("/vms/{vmid}", ("VM.Snapshot", "VM.Snapshot.Rollback", "VM.Audit"), any=True),
        ),
        Route(
            "PUT",
            f"{g}/snapshot/{{snapname}}/config",
            update_snapshot_config(kind),
            {**NV, "snapname": SNAPNAME, "description": param()},
            perm=Perm("/vms/{vmid}", ("VM.Snapshot",)),
        ),
        Route(
            "POST",
            f"{g}/snapshot/{{snapname}}/rollback",
            rollback_snapshot(kind),
            {
                **NV,
                "snapname": SNAPNAME,
                "start": Versioned({"8.4": param("boolean", default=0)}),
            },
            perm=Perm("/vms/{vmid}", ("VM.Snapshot", "VM.Snapshot.Rollback"), any=True),
        ),
        Route(
            "GET",
            f"{g}/rrddata",
            guest_rrddata(kind),
            {
                **NV,
                "timeframe": param(enum=("hour", "day", "week", "month", "year"), opt=False),
                "cf": CF,
            },
            perm=AUDIT,
            proxy=False,
        ),
        Route(
            "PUT",
            f"{g}/resize",
            resize_disk(kind),
            {
                **NV,
                "disk": param(opt=False, enum=QEMU_DISKS if kind == "qemu" else LXC_DISKS),
                "size": param(opt=False, pattern="\\+?\\d+(\\.\\d+)?[KMGT]?"),
                "digest": DIGEST,
            },
            perm=Perm("/vms/{vmid}", ("VM.Config.Disk",), any=kind == "lxc"),
        ),
        Route(
            "POST",
            f"{g}/remote_migrate",
            remote_migrate(kind),
            {
                **NV,
                "target-endpoint": param(opt=False),
                "target-storage": param(opt=False),
                "target-bridge": param(opt=False),
                "target-vmid": VMID_OPT,
                "online": param("boolean"),
                "delete": param("boolean", default=0),
            },
            perm=Perm("/vms/{vmid}", ("VM.Migrate",)),
        ),
    ]
    if kind == "qemu":
        routes += [
            Route(
                "POST",
                base,
                create_guest(kind),
                {
                    "node": NODE,
                    "vmid": VMID,
                    **QEMU_CONFIG_PARAMS,
                    "pool": param(fmt="pve-poolid"),
                    "start": param("boolean", default=0),
                    "storage": param(fmt="pve-storage-id"),
                },
                perm=None,
            ),
            Route(
                "POST",
                f"{g}/config",
                update_config(kind, async_task=True),
                {**update_params, "background_delay": param("integer", min=1, max=30)},
                perm=config_perm,
            ),
            Route(
                "POST",
                f"{g}/status/reset",
                power(kind, "reset"),
                {**NV, "skiplock": SKIPLOCK},
                perm=POWER,
            ),
            Route(
                "GET",
                f"{g}/migrate",
                migrate_preconditions(kind),
                {**NV, "target": param(fmt="pve-node")},
                perm=Perm("/vms/{vmid}", ("VM.Migrate",)),
            ),
            Route(
                "GET",
                f"{g}/agent/network-get-interfaces",
                agent_network,
                dict(NV),
                perm=agent_audit_perm(),
            ),
            Route(
                "GET",
                f"{g}/agent/get-osinfo",
                agent_osinfo,
                dict(NV),
                perm=agent_audit_perm(),
            ),
            Route(
                "POST",
                f"{g}/agent/ping",
                agent_ping,
                dict(NV),
                perm=agent_audit_perm(),
            ),
        ]
    else:
        routes += [
            Route(
                "POST",
                base,
                create_guest(kind),
                {
                    "node": NODE,
                    "vmid": VMID,
                    "ostemplate": param(opt=False, maxlen=255),
                    **LXC_CONFIG_PARAMS,
                    "pool": param(fmt="pve-poolid"),
                    "password": param(),
                    "start": param("boolean", default=0),
                    "storage": param(fmt="pve-storage-id", default="local"),
                    "unprivileged": param("boolean", default=0),
                },
                perm=None,
            ),
            Route(
                "GET",
                f"{g}/migrate",
                migrate_preconditions(kind),
                {**NV, "target": param(fmt="pve-node")},
                perm=Perm("/vms/{vmid}", ("VM.Migrate",)),
                since="9.1",
            ),
            Route("GET", f"{g}/interfaces", lxc_interfaces, dict(NV), perm=AUDIT, since="8.4"),
        ]
    return routes


ROUTES = _routes("qemu") + _routes("lxc")
