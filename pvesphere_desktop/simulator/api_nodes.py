"""``/nodes``: node list, status and power, services, network, disks, rrd, tasks, storage and
backups."""

from __future__ import annotations

import logging
import re
import time
from typing import Any
from urllib.parse import urlparse

from pvesphere_desktop.simulator import metrics, views
from pvesphere_desktop.simulator.api_cluster import task_row
from pvesphere_desktop.simulator.model import Guest, Node, Storage, Volume
from pvesphere_desktop.simulator.routing import (
    CF,
    NODE,
    VMID_OPT,
    ApiError,
    Ctx,
    Extra,
    Perm,
    Route,
    Versioned,
    param,
    param_error,
)
from pvesphere_desktop.simulator.schema import split_list
from pvesphere_desktop.simulator.tasks import TaskError, TaskWarning
from pvesphere_desktop.simulator.upid import parse_upid

log = logging.getLogger(__name__)

SYS_AUDIT = Perm("/nodes/{node}", ("Sys.Audit",))
STORAGE_READ = Perm("/storage/{storage}", ("Datastore.Audit", "Datastore.AllocateSpace"), any=True)
STORAGE = param(fmt="pve-storage-id", opt=False)
TEMPLATE_CONTENT = Versioned(
    {
        "7.4": param(opt=False, fmt="pve-storage-content", enum=("iso", "vztmpl")),
        "8.4": param(opt=False, fmt="pve-storage-content", enum=("iso", "vztmpl", "import")),
    }
)


def _node(ctx: Ctx) -> Node:
    return ctx.cluster.nodes[ctx.node_name()]


def list_nodes(ctx: Ctx) -> Any:
    return [views.node_row(ctx.sim, n, for_nodes_list=True) for n in ctx.cluster.nodes.values()]


def node_index(ctx: Ctx) -> Any:
    names = [
        "qemu",
        "lxc",
        "status",
        "tasks",
        "storage",
        "network",
        "services",
        "disks",
        "rrd",
        "rrddata",
        "version",
        "vzdump",
        "termproxy",
        "vncshell",
        "vncwebsocket",
    ]
    return [{"name": n} for n in names]


def node_status(ctx: Ctx) -> Any:
    node = _node(ctx)
    prof = ctx.prof
    s = views.node_usage(ctx.sim, node)
    total = node.memory_total
    data: dict[str, Any] = {
        "cpu": s["cpu"],
        "wait": s["wait"],
        "idle": 0,
        "uptime": s["uptime"],
        "loadavg": [f"{x:.2f}" for x in s["loadavg"]],
        "memory": {"total": total, "used": s["mem"], "free": total - s["mem"]},
        "swap": {
            "total": node.swap_total,
            "used": s["swap_used"],
            "free": node.swap_total - s["swap_used"],
        },
        "rootfs": {
            "total": node.rootfs_total,
            "used": s["root_used"],
            "free": node.rootfs_total - s["root_used"],
            "avail": node.rootfs_total - s["root_used"],
        },
        "ksm": {"shared": 0},
        "cpuinfo": {
            "model": node.cpu_model,
            "cpus": node.cpus,
            "cores": node.cpus // node.sockets // 2 or 1,
            "sockets": node.sockets,
            "mhz": node.mhz,
            "hvm": "1",
            "user_hz": 100,
            "flags": "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
            "pse36 clflush mmx fxsr sse sse2 ht syscall nx lm constant_tsc "
            "pni ssse3 sse4_1 sse4_2 x2apic popcnt aes xsave avx avx2 vmx",
        },
        "kversion": prof.kversion,
        "pveversion": prof.pveversion,
    }
    if prof.node_status_v8:
        data["current-kernel"] = {
            "sysname": "Linux",
            "release": prof.kernel_release,
            "version": prof.kernel_version,
            "machine": "x86_64",
        }
        data["boot-info"] = {"mode": "efi", "secureboot": 0}
    if prof.rrd_v9:
        data["memory"]["available"] = total - s["mem"]
    return data


def node_power(ctx: Ctx) -> Any:
    node = _node(ctx)
    command = ctx.req("command")
    sim = ctx.sim
    loop = sim.loop
    assert loop is not None

    async def go_down_and_up() -> None:
        await sim.set_node_online(node.name, False)
        if command == "reboot":
            await _sleep(sim.clock.real_delay(60))
            with sim.lock:
                node.boot_time = sim.clock.now()
            await sim.set_node_online(node.name, True)

    loop.call_soon(lambda: loop.create_task(go_down_and_up()))
    return None


async def _sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


def node_version(ctx: Ctx) -> Any:
    prof = ctx.prof
    return {"version": prof.version, "release": prof.release, "repoid": prof.repoid}


SERVICE_DESC = {
    "pveproxy": "PVE API Proxy Server",
    "pvedaemon": "PVE API Daemon",
    "pvestatd": "PVE Status Daemon",
    "pve-cluster": "The Proxmox VE cluster filesystem",
    "corosync": "Corosync Cluster Engine",
    "pve-firewall": "Proxmox VE firewall",
    "pve-ha-lrm": "PVE Local HA Resource Manager Daemon",
    "pve-ha-crm": "PVE Cluster HA Resource Manager Daemon",
    "spiceproxy": "PVE SPICE Proxy Server",
    "pvescheduler": "Proxmox VE scheduler",
    "chrony": "chrony, an NTP client/server",
    "sshd": "OpenBSD Secure Shell server",
    "cron": "Regular background program processing daemon",
    "postfix": "Postfix Mail Transport Agent",
    "syslog": "System Logging Service",
    "ksmtuned": "Kernel Samepage Merging (KSM) Tuning Daemon",
    "systemd-journald": "Journal Service",
    "systemd-timesyncd": "Network Time Synchronization",
}


def services(ctx: Ctx) -> Any:
    node = _node(ctx)
    rows = []
    for name, state in sorted(node.services.items()):
        row: dict[str, Any] = {
            "service": name,
            "name": name,
            "desc": SERVICE_DESC.get(name, name),
            "state": state,
        }
        if ctx.since("8.0"):
            row["active-state"] = "active" if state == "running" else "inactive"
            row["unit-state"] = "enabled" if state == "running" else "disabled"
        rows.append(row)
    return rows


def network(ctx: Ctx) -> Any:
    node = _node(ctx)
    wanted = ctx.s("type")
    rows = []
    for iface in node.interfaces:
        typ = iface["type"]
        if wanted and not (
            wanted == typ or (wanted == "any_bridge" and typ in ("bridge", "OVSBridge"))
        ):
            continue
        rows.append(dict(iface))
    return rows


def disks(ctx: Ctx) -> Any:
    node = _node(ctx)
    if not (ctx.allowed("/", "Sys.Audit") or ctx.allowed(f"/nodes/{node.name}", "Sys.Audit")):
        raise ApiError(403, f"Permission check failed (/nodes/{node.name}, Sys.Audit)")
    rows = []
    for disk in node.disks:
        row = {**disk, "osdid": -1, "mounted": 0}
        if ctx.since("8.0"):
            row["osdid-list"] = []
        rows.append(row)
    return rows


def node_rrddata(ctx: Ctx) -> Any:
    node = _node(ctx)
    loads = metrics.node_loads(ctx.cluster)
    return metrics.node_rrd(
        node,
        loads[node.name],
        ctx.now,
        ctx.req("timeframe"),
        ctx.s("cf") or "AVERAGE",
        v9=ctx.prof.rrd_v9,
    )


# --- tasks ----------------------------------------------------------------------------------------


def _may_see(ctx: Ctx, task: Any) -> bool:
    ident = ctx.ident
    if ident is not None and task.user in (ident.userid, ident.auth_id):
        return True
    return ctx.allowed(f"/nodes/{task.node}", "Sys.Audit")


def list_tasks(ctx: Ctx) -> Any:
    node = ctx.node_name()
    start = ctx.i("start", 0) or 0
    limit = ctx.i("limit", 50)
    vmid = ctx.s("vmid")
    typefilter = ctx.s("typefilter")
    userfilter = ctx.s("userfilter")
    statusfilter = [s.lower() for s in split_list(ctx.s("statusfilter") or "")]
    errors_only = ctx.b("errors")
    source = ctx.s("source") or "archive"
    since = ctx.i("since")
    until = ctx.i("until")
    rows = []
    tasks = sorted(
        (t for t in ctx.cluster.tasks.values() if t.node == node), key=lambda t: -t.starttime
    )
    for task in tasks:
        running = task.status == "running"
        if (source == "archive" and running) or (source == "active" and not running):
            continue
        if vmid and task.id != vmid:
            continue
        if typefilter and typefilter not in task.type:
            continue
        if userfilter and userfilter not in task.user:
            continue
        if (since is not None and task.starttime < since) or (
            until is not None and task.starttime > until
        ):
            continue
        kind = _status_kind(task)
        if errors_only and kind in ("ok",):
            continue
        if statusfilter and kind not in statusfilter:
            continue
        if not _may_see(ctx, task):
            continue
        rows.append(task_row(task))
    total = len(rows)
    page = rows[start:] if not limit else rows[start : start + limit]
    return Extra(page, {"total": total})


def _status_kind(task: Any) -> str:
    if task.status == "running":
        return "running"
    status = task.exitstatus or ""
    if status == "OK":
        return "ok"
    if status.startswith("WARNINGS"):
        return "warning"
    if status == "unexpected status":
        return "unknown"
    return "error"


def _task(ctx: Ctx) -> Any:
    upid = ctx.args["upid"]
    parts = parse_upid(upid)
    if parts is None:
        raise ApiError(500, f"unable to parse worker upid '{upid}'")
    if parts.node != ctx.node_name():
        raise ApiError(500, f"no such task on node '{ctx.node_name()}'")
    task = ctx.cluster.tasks.get(upid)
    if task is None:
        raise ApiError(500, "no such task")
    if not _may_see(ctx, task):
        raise ApiError(403, f"Permission check failed (/nodes/{task.node}, Sys.Audit)")
    return task


def task_index(ctx: Ctx) -> Any:
    _task(ctx)
    return [{"name": "log"}, {"name": "status"}]


def task_status(ctx: Ctx) -> Any:
    task = _task(ctx)
    data = {
        "upid": task.upid,
        "node": task.node,
        "pid": task.pid,
        "pstart": task.pstart,
        "starttime": task.starttime,
        "type": task.type,
        "id": task.id,
        "user": task.user,
        "status": "running" if task.status == "running" else "stopped",
    }
    if task.status != "running":
        data["exitstatus"] = task.exitstatus
    return data


def task_log(ctx: Ctx) -> Any:
    task = _task(ctx)
    start = ctx.i("start", 0) or 0
    limit = ctx.i("limit", 50)
    lines = task.log or ["no content"]
    rows = [{"n": i + 1, "t": line} for i, line in enumerate(lines)]
    if ctx.b("download"):
        from pvesphere_desktop.simulator.httpserver import Response

        return Response(200, "OK", ("\n".join(lines) + "\n").encode(), content_type="text/plain")
    page = rows[start:] if not limit else rows[start : start + limit]
    return Extra(page, {"total": len(rows)})


def stop_task(ctx: Ctx) -> Any:
    task = _task(ctx)
    ident = ctx.ident
    if not (ident and task.user in (ident.userid, ident.auth_id)):
        ctx.check(f"/nodes/{task.node}", "Sys.Modify")
    ctx.sim.tasks.stop(task.upid)
    return None


# --- storage --------------------------------------------------------------------------------------


def _storage(ctx: Ctx) -> Storage:
    name = ctx.args["storage"]
    store = ctx.cluster.storages.get(name)
    if store is None:
        raise ApiError(500, f"storage '{name}' does not exist")
    if not store.available_on(ctx.node_name()):
        raise ApiError(500, f"storage '{name}' is not available on node '{ctx.node_name()}'")
    return store


def _storage_row(store: Storage, node: str) -> dict[str, Any]:
    used = store.used(node)
    row = {
        "storage": store.storage,
        "type": store.type,
        "content": ",".join(store.content),
        "active": 1,
        "enabled": int(store.enabled),
        "shared": int(store.shared),
        "total": store.total,
        "used": used,
        "avail": store.total - used,
        "used_fraction": used / store.total if store.total else 0,
    }
    return row


def list_storage(ctx: Ctx) -> Any:
    node = ctx.node_name()
    content = set(split_list(ctx.s("content") or ""))
    only = ctx.s("storage")
    rows = []
    for store in ctx.cluster.storages.values():
        if not store.available_on(node) or (only and store.storage != only):
            continue
        if content and not content & set(store.content):
            continue
        if ctx.b("enabled") and not store.enabled:
            continue
        if not (
            ctx.allowed(f"/storage/{store.storage}", "Datastore.Audit")
            or ctx.allowed(f"/storage/{store.storage}", "Datastore.AllocateSpace")
        ):
            continue
        row = _storage_row(store, node)
        if ctx.b("format"):
            default, supported = views.PLUGIN_FORMATS.get(store.type, ("raw", ["raw"]))
            row["formats"] = {"default": default, "supported": supported}
        rows.append(row)
    return rows


def storage_index(ctx: Ctx) -> Any:
    _storage(ctx)
    return [
        {"subdir": s} for s in ("content", "download-url", "rrd", "rrddata", "status", "upload")
    ]


def storage_status(ctx: Ctx) -> Any:
    store = _storage(ctx)
    row = _storage_row(store, ctx.node_name())
    row.pop("storage")
    row.pop("used_fraction")
    return row


def _volume_row(vol: Volume) -> dict[str, Any]:
    row: dict[str, Any] = {
        "volid": vol.volid,
        "content": vol.content,
        "format": vol.format,
        "size": vol.size,
        "ctime": vol.ctime,
    }
    if vol.vmid is not None:
        row["vmid"] = vol.vmid
    if vol.notes:
        row["notes"] = vol.notes
    if vol.protected:
        row["protected"] = 1
    if vol.parent:
        row["parent"] = vol.parent
    if vol.content in ("images", "rootdir"):
        row["used"] = vol.used if vol.used is not None else vol.size // 3
    if vol.content == "backup":
        row["subtype"] = "qemu" if "-qemu-" in vol.volid else "lxc"
    return row


def storage_content(ctx: Ctx) -> Any:
    store = _storage(ctx)
    content = ctx.s("content")
    vmid = ctx.i("vmid")
    rows = []
    for vol in sorted(store.volume_map(ctx.node_name()).values(), key=lambda v: v.volid):
        if content and vol.content != content:
            continue
        if vmid is not None and vol.vmid != vmid:
            continue
        rows.append(_volume_row(vol))
    return rows


def _volume(ctx: Ctx, store: Storage) -> Volume:
    volume = ctx.args["volume"]
    volid = volume if ":" in volume else f"{store.storage}:{volume}"
    vol = store.volume_map(ctx.node_name()).get(volid)
    if vol is None:
        raise ApiError(500, f"volume '{volid}' does not exist")
    return vol


def volume_attributes(ctx: Ctx) -> Any:
    store = _storage(ctx)
    vol = _volume(ctx, store)
    ctx.check(
        f"/storage/{store.storage}", "Datastore.Audit", "Datastore.AllocateSpace", any_of=True
    )
    data: dict[str, Any] = {
        "path": f"/dev/pve/{vol.volid.split(':', 1)[1]}"
        if store.type == "lvmthin"
        else f"{store.path or '/mnt/pve/' + store.storage}/{vol.volid.split(':', 1)[1]}",
        "size": vol.size,
        "used": vol.used or vol.size,
        "format": vol.format,
        "protected": int(vol.protected),
    }
    if vol.notes:
        data["notes"] = vol.notes
    return data


def update_volume(ctx: Ctx) -> Any:
    store = _storage(ctx)
    vol = _volume(ctx, store)
    ctx.check(
        f"/storage/{store.storage}", "Datastore.Allocate", "Datastore.AllocateSpace", any_of=True
    )
    if ctx.has("notes"):
        vol.notes = ctx.s("notes") or None
    if ctx.has("protected"):
        vol.protected = ctx.b("protected")
    ctx.sim.bump()
    return None


def delete_volume(ctx: Ctx) -> Any:
    store = _storage(ctx)
    vol = _volume(ctx, store)
    if vol.content == "backup":
        ctx.check(
            f"/storage/{store.storage}",
            "Datastore.Allocate",
            "Datastore.AllocateSpace",
            any_of=True,
        )
    else:
        ctx.check(f"/storage/{store.storage}", "Datastore.Allocate")
    if vol.protected:
        raise ApiError(500, f"volume '{vol.volid}' is protected")
    if vol.content in ("images", "rootdir") and vol.vmid in ctx.cluster.guests:
        guest = ctx.cluster.guests[vol.vmid]
        if any(str(v).split(",")[0] == vol.volid for v in guest.config.values()):
            raise ApiError(
                500, f"unable to delete volume '{vol.volid}' - volume is in use by guest {vol.vmid}"
            )
    node = ctx.node_name()
    sim = ctx.sim

    def work(_w: TaskWarning) -> None:
        store.volume_map(node).pop(vol.volid, None)
        sim.bump()

    ident = f"{vol.vmid}@{store.storage}" if vol.vmid is not None else store.storage
    task = sim.tasks.start(node=node, ttype="imgdel", ident=ident, user=ctx.upid_user(), work=work)
    return task.upid


def upload(ctx: Ctx) -> Any:
    store = _storage(ctx)
    size = int(getattr(ctx.request, "upload_size", 0))
    return _add_file(
        ctx, store, ctx.req("content"), ctx.req("filename"), size=size, ttype="imgcopy"
    )


def _add_file(
    ctx: Ctx, store: Storage, content: str, filename: str, *, size: int, ttype: str
) -> str:
    if content not in store.content:
        raise ApiError(500, f"storage '{store.storage}' does not support content-type '{content}'")
    if not re.fullmatch(r"[^/\s]+", filename):
        raise param_error({"filename": "invalid filename"})
    if content == "iso" and not filename.endswith((".iso", ".img")):
        raise ApiError(500, "wrong file extension")
    node = ctx.node_name()
    sim = ctx.sim
    volid = f"{store.storage}:{content}/{filename}"

    def work(_w: TaskWarning) -> None:
        if volid in store.volume_map(node):
            raise TaskError(f"refusing to override existing file '{filename}'")
        fmt = "iso" if content == "iso" else filename.rsplit(".", 1)[-1]
        store.volume_map(node)[volid] = Volume(
            volid, content, fmt, size or 512 * 1024 * 1024, int(sim.clock.now())
        )
        sim.bump()

    task = sim.tasks.start(
        node=node,
        ttype=ttype,
        ident="",
        user=ctx.upid_user(),
        work=work,
        lines=[f"starting file import from: {filename}", "file size is: " + str(size)],
    )
    return task.upid


def download_url(ctx: Ctx) -> Any:
    store = _storage(ctx)
    ctx.check(f"/storage/{store.storage}", "Datastore.AllocateTemplate")
    node_ok = ctx.since("8.0") and ctx.allowed(f"/nodes/{ctx.node_name()}", "Sys.AccessNetwork")
    if not node_ok:
        ctx.check("/", "Sys.Audit", "Sys.Modify")
    url = ctx.req("url")
    if not urlparse(url).hostname:
        raise param_error({"url": "value does not match the regex pattern"})
    # nothing is fetched: the simulator never leaves the machine
    return _add_file(ctx, store, ctx.req("content"), ctx.req("filename"), size=0, ttype="download")


def storage_rrddata(ctx: Ctx) -> Any:
    store = _storage(ctx)
    return metrics.storage_rrd(
        store,
        ctx.node_name(),
        ctx.now,
        ctx.req("timeframe"),
        ctx.s("cf") or "AVERAGE",
        v9=ctx.prof.rrd_v9,
    )


# --- vzdump ---------------------------------------------------------------------------------------


def vzdump(ctx: Ctx) -> Any:
    node = ctx.node_name()
    cluster = ctx.cluster
    storage = ctx.s("storage") or "local"
    store = cluster.storages.get(storage)
    if store is None:
        raise ApiError(500, f"storage '{storage}' does not exist")
    if "backup" not in store.content:
        raise ApiError(500, f"storage '{storage}' does not support backups")
    if ctx.b("all"):
        vmids = [g.vmid for g in cluster.guests.values() if g.node == node and not g.template]
    else:
        vmids = [int(v) for v in split_list(ctx.s("vmid") or "")]
        if not vmids:
            raise param_error({"vmid": "property is missing and it is not optional"})
    guests: list[Guest] = []
    for vmid in vmids:
        guest = cluster.guests.get(vmid)
        if guest is None:
            raise ApiError(500, f"unable to find VM '{vmid}'")
        ctx.check(f"/vms/{vmid}", "VM.Backup")
        if guest.node == node:
            guests.append(guest)
    ctx.check(f"/storage/{storage}", "Datastore.AllocateSpace")
    mode = ctx.s("mode") or "snapshot"
    notes_template = ctx.s("notes-template")
    sim = ctx.sim
    for guest in guests:
        if not guest.lock:
            guest.config["lock"] = "backup"

    def work(warnings: TaskWarning) -> None:
        now = sim.clock.now()
        failures = []
        for guest in guests:
            if guest.config.get("lock") == "backup":
                guest.config.pop("lock", None)
            elif guest.lock:
                failures.append(
                    f"{guest.vmid}: unable to backup - {_who(guest)} is locked ({guest.lock})"
                )
                continue
            kind = "qemu" if guest.kind == "qemu" else "lxc"
            stamp = time.strftime("%Y_%m_%d-%H_%M_%S", time.gmtime(now))
            ext = "vma.zst" if kind == "qemu" else "tar.zst"
            volid = f"{store.storage}:backup/vzdump-{kind}-{guest.vmid}-{stamp}.{ext}"
            notes = (notes_template or "{{guestname}}").replace("{{guestname}}", guest.name)
            notes = notes.replace("{{vmid}}", str(guest.vmid)).replace("{{node}}", node)
            store.volume_map(node)[volid] = Volume(
                volid,
                "backup",
                ext,
                max(guest.maxdisk // 3, 1 << 20),
                int(now),
                vmid=guest.vmid,
                notes=notes,
            )
        sim.bump()
        if failures:
            raise TaskError("job errors")

    ident = str(vmids[0]) if len(vmids) == 1 else ""
    lines = [
        f"INFO: starting new backup job: vzdump {' '.join(map(str, vmids))}"
        f" --storage {storage} --mode {mode}"
    ]
    for guest in guests:
        lines.append(f"INFO: Starting Backup of VM {guest.vmid} ({guest.kind})")
        lines.append(f"INFO: Finished Backup of VM {guest.vmid} (00:00:12)")
    lines.append("INFO: Backup job finished successfully")
    task = sim.tasks.start(
        node=node, ttype="vzdump", ident=ident, user=ctx.upid_user(), work=work, lines=lines
    )
    return task.upid


def _who(guest: Guest) -> str:
    return "VM" if guest.kind == "qemu" else "CT"


VZDUMP_PARAMS: dict[str, Any] = {
    "node": param(fmt="pve-node"),
    "vmid": param(fmt="pve-vmid-list"),
    "all": param("boolean", default=0),
    "storage": param(fmt="pve-storage-id"),
    "mode": param(enum=("snapshot", "suspend", "stop"), default="snapshot"),
    "compress": param(enum=("0", "1", "gzip", "lzo", "zstd"), default="0"),
    "notes-template": param(maxlen=1024),
    "remove": param("boolean", default=1),
    "protected": param("boolean"),
}

ROUTES = [
    Route("GET", "/nodes", list_nodes, {}),
    Route("GET", "/nodes/{node}", node_index, {"node": NODE}),
    Route("GET", "/nodes/{node}/status", node_status, {"node": NODE}, perm=SYS_AUDIT),
    Route(
        "POST",
        "/nodes/{node}/status",
        node_power,
        {"node": NODE, "command": param(enum=("reboot", "shutdown"), opt=False)},
        perm=Perm("/nodes/{node}", ("Sys.PowerMgmt",)),
    ),
    Route("GET", "/nodes/{node}/version", node_version, {"node": NODE}),
    Route("GET", "/nodes/{node}/services", services, {"node": NODE}, perm=SYS_AUDIT),
    Route("GET", "/nodes/{node}/network", network, {"node": NODE}),
    Route(
        "GET",
        "/nodes/{node}/disks/list",
        disks,
        {
            "node": NODE,
            "skipsmart": param("boolean", default=0),
            "include-partitions": param("boolean", default=0),
        },
        perm=None,
    ),
    Route(
        "GET",
        "/nodes/{node}/rrddata",
        node_rrddata,
        {
            "node": NODE,
            "cf": CF,
            "timeframe": Versioned(
                {
                    "7.4": param(enum=("hour", "day", "week", "month", "year"), opt=False),
                    "9.1": param(
                        enum=("hour", "day", "week", "month", "year", "decade"), opt=False
                    ),
                }
            ),
        },
        perm=SYS_AUDIT,
        proxy=False,
    ),
    Route(
        "GET",
        "/nodes/{node}/tasks",
        list_tasks,
        {
            "node": NODE,
            "start": param("integer", min=0, default=0),
            "limit": param("integer", min=0, default=50),
            "vmid": VMID_OPT,
            "typefilter": param(),
            "userfilter": param(),
            "statusfilter": param(fmt="pve-task-status-type-list"),
            "errors": param("boolean", default=0),
            "source": param(enum=("archive", "active", "all"), default="archive"),
            "since": param("integer"),
            "until": param("integer"),
        },
    ),
    Route(
        "GET",
        "/nodes/{node}/tasks/{upid}",
        task_index,
        {"node": NODE, "upid": param(opt=False)},
        proxy=False,
    ),
    Route(
        "DELETE", "/nodes/{node}/tasks/{upid}", stop_task, {"node": NODE, "upid": param(opt=False)}
    ),
    Route(
        "GET",
        "/nodes/{node}/tasks/{upid}/status",
        task_status,
        {"node": NODE, "upid": param(opt=False)},
    ),
    Route(
        "GET",
        "/nodes/{node}/tasks/{upid}/log",
        task_log,
        {
            "node": NODE,
            "upid": param(opt=False),
            "start": param("integer", min=0, default=0),
            "limit": param("integer", min=0, default=50),
            "download": param("boolean"),
        },
    ),
    Route(
        "GET",
        "/nodes/{node}/storage",
        list_storage,
        {
            "node": NODE,
            "content": param(fmt="pve-storage-content-list"),
            "enabled": param("boolean", default=0),
            "format": param("boolean", default=0),
            "storage": param(fmt="pve-storage-id"),
            "target": param(fmt="pve-node"),
        },
    ),
    Route(
        "GET",
        "/nodes/{node}/storage/{storage}",
        storage_index,
        {"node": NODE, "storage": STORAGE},
        perm=STORAGE_READ,
        proxy=False,
    ),
    Route(
        "GET",
        "/nodes/{node}/storage/{storage}/status",
        storage_status,
        {"node": NODE, "storage": STORAGE},
        perm=STORAGE_READ,
    ),
    Route(
        "GET",
        "/nodes/{node}/storage/{storage}/content",
        storage_content,
        {
            "node": NODE,
            "storage": STORAGE,
            "content": param(fmt="pve-storage-content"),
            "vmid": VMID_OPT,
        },
        perm=STORAGE_READ,
    ),
    Route(
        "GET",
        "/nodes/{node}/storage/{storage}/content/{volume}",
        volume_attributes,
        {"node": NODE, "storage": param(fmt="pve-storage-id"), "volume": param(opt=False)},
    ),
    Route(
        "PUT",
        "/nodes/{node}/storage/{storage}/content/{volume}",
        update_volume,
        {
            "node": NODE,
            "storage": param(fmt="pve-storage-id"),
            "volume": param(opt=False),
            "notes": param(),
            "protected": param("boolean"),
        },
    ),
    Route(
        "DELETE",
        "/nodes/{node}/storage/{storage}/content/{volume}",
        delete_volume,
        {
            "node": NODE,
            "storage": param(fmt="pve-storage-id"),
            "volume": param(opt=False),
            "delay": param("integer", min=1, max=30),
        },
    ),
    Route(
        "POST",
        "/nodes/{node}/storage/{storage}/upload",
        upload,
        {
            "node": NODE,
            "storage": STORAGE,
            "content": TEMPLATE_CONTENT,
            "filename": param(opt=False, maxlen=255),
        },
        perm=Perm("/storage/{storage}", ("Datastore.AllocateTemplate",)),
        proxy=False,
    ),
    Route(
        "POST",
        "/nodes/{node}/storage/{storage}/download-url",
        download_url,
        {
            "node": NODE,
            "storage": STORAGE,
            "url": param(opt=False, pattern="https?://.*"),
            "content": TEMPLATE_CONTENT,
            "filename": param(opt=False, maxlen=255),
            "checksum": param(),
            "verify-certificates": param("boolean", default=1),
        },
        perm=None,
    ),
    Route(
        "GET",
        "/nodes/{node}/storage/{storage}/rrddata",
        storage_rrddata,
        {
            "node": NODE,
            "storage": STORAGE,
            "cf": CF,
            "timeframe": param(enum=("hour", "day", "week", "month", "year"), opt=False),
        },
        perm=STORAGE_READ,
    ),
    Route("POST", "/nodes/{node}/vzdump", vzdump, VZDUMP_PARAMS),
]
