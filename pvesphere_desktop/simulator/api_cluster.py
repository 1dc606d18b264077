"""``/version``, ``/cluster/...`` (status, resources, tasks, nextid, options, backup jobs, HA) and
``/pools``."""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import time
from typing import Any

from pvesphere_desktop.simulator import views
from pvesphere_desktop.simulator.model import (
    BackupJob,
    HAGroup,
    HAResource,
    HARule,
    Pool,
    split_tags,
)
from pvesphere_desktop.simulator.routing import (
    BOOL,
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
from pvesphere_desktop.simulator.upid import parse_upid

log = logging.getLogger(__name__)


def version(ctx: Ctx) -> Any:
    prof = ctx.prof
    return {"version": prof.version, "release": prof.release, "repoid": prof.repoid}


def cluster_status(ctx: Ctx) -> Any:
    cluster = ctx.cluster
    rows: list[dict[str, Any]] = []
    local_ip = ctx.request.local_address
    if not cluster.standalone:
        rows.append(
            {
                "type": "cluster",
                "id": "cluster",
                "name": cluster.name,
                "nodes": len(cluster.nodes),
                "quorate": int(ctx.sim.quorate()),
                "version": cluster.cluster_config_version,
            }
        )
    for node in cluster.nodes.values():
        rows.append(
            {
                "type": "node",
                "id": f"node/{node.name}",
                "name": node.name,
                "nodeid": 0 if cluster.standalone else node.nodeid,
                "ip": node.ip,
                "online": int(node.online),
                "local": int(node.ip == local_ip),
                "level": "",
            }
        )
    return rows


def cluster_resources(ctx: Ctx) -> Any:
    wanted = ctx.s("type")
    rows = views.all_resources(ctx.sim)
    perms = ctx.perms
    vm_all = perms.has("/vms", "VM.Audit") and all(
        perms.has(f"/vms/{g.vmid}", "VM.Audit") for g in list(ctx.cluster.guests.values())[:1]
    )
    out = []
    for row in rows:
        typ = row["type"]
        if wanted == "vm" and typ not in ("qemu", "lxc"):
            continue
        if wanted in ("node", "storage", "sdn") and typ != wanted:
            continue
        if typ in ("qemu", "lxc"):
            if not vm_all and not perms.has(f"/vms/{row['vmid']}", "VM.Audit"):
                continue
        elif typ == "node":
            if not perms.has(f"/nodes/{row['node']}", "Sys.Audit"):
                continue
        elif typ == "storage":
            if not perms.has(f"/storage/{row['storage']}", "Datastore.Audit") and not perms.has(
                f"/storage/{row['storage']}", "Datastore.AllocateSpace"
            ):
                continue
        elif typ == "pool":
            if not perms.has(f"/pool/{row['pool']}", "Pool.Audit"):
                continue
        elif typ == "sdn" and not perms.has(f"/sdn/zones/{row['sdn']}", "SDN.Audit"):
            continue
        out.append(row)
    return out


def task_row(task: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "upid": task.upid,
        "node": task.node,
        "pid": task.pid,
        "pstart": task.pstart,
        "starttime": task.starttime,
        "type": task.type,
        "id": task.id,
        "user": task.user,
    }
    if task.status == "stopped":
        row["endtime"] = task.endtime
        row["status"] = task.exitstatus
    return row


def cluster_tasks(ctx: Ctx) -> Any:
    tasks = sorted(ctx.cluster.tasks.values(), key=lambda t: (t.status != "running", -t.starttime))
    rows = []
    for task in tasks[:50]:
        if not _may_see_task(ctx, task):
            continue
        row = task_row(task)
        row["saved"] = "1" if task.status == "stopped" else "0"
        rows.append(row)
    return rows


def _may_see_task(ctx: Ctx, task: Any) -> bool:
    ident = ctx.ident
    if ident is None:
        return False
    if task.user in (ident.userid, ident.auth_id):
        return True
    return ctx.allowed(f"/nodes/{task.node}", "Sys.Audit")


def next_id(ctx: Ctx) -> Any:
    wanted = ctx.i("vmid")
    used = set(ctx.cluster.guests)
    if wanted is not None:
        if wanted in used:
            raise param_error({"vmid": f"VM {wanted} already exists"})
        return str(wanted)
    vmid = 100
    while vmid in used:
        vmid += 1
    return str(vmid)


def get_options(ctx: Ctx) -> Any:
    return dict(ctx.cluster.options)


def put_options(ctx: Ctx) -> Any:
    for key in split_list(ctx.s("delete") or ""):
        ctx.cluster.options.pop(key, None)
    for key, value in ctx.params.items():
        if key not in ("delete", "digest"):
            ctx.cluster.options[key] = value
    ctx.sim.bump()
    return None


# --- backup jobs ---------------------------------------------------------------------------------


def _prune(text: str) -> dict[str, int]:
    out = {}
    for part in text.split(","):
        key, _, value = part.partition("=")
        if key and value.isdigit():
            out[key] = int(value)
    return out


def _next_run(schedule: str, now: float) -> int:
    m = re.search(r"(\d{1,2}):(\d{2})", schedule)
    hour, minute = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    day = int(now // 86400) * 86400
    candidate = day + hour * 3600 + minute * 60
    if candidate <= now:
        candidate += 86400
    if schedule.startswith(("sun", "mon", "tue", "wed", "thu", "fri", "sat")):
        candidate += 86400 * (
            int(hashlib.md5(schedule.encode(), usedforsecurity=False).digest()[0]) % 7
        )
    return int(candidate)


def _job_row(ctx: Ctx, job: BackupJob) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": job.id,
        "type": "vzdump",
        "schedule": job.schedule,
        "storage": job.storage,
        "mode": job.mode,
        "enabled": int(job.enabled),
        "compress": job.compress,
        "notes-template": job.notes_template,
        "prune-backups": _prune(job.prune_backups),
    }
    if job.all:
        row["all"] = 1
    if job.vmid:
        row["vmid"] = job.vmid
    if job.pool:
        row["pool"] = job.pool
    if job.comment:
        row["comment"] = job.comment
    if job.enabled:
        row["next-run"] = _next_run(job.schedule, ctx.now)
    if ctx.since("8.0"):
        row["fleecing"] = {"enabled": 0}
    return row


def list_backup_jobs(ctx: Ctx) -> Any:
    return [_job_row(ctx, j) for j in ctx.cluster.backup_jobs.values()]


def _job(ctx: Ctx) -> BackupJob:
    job = ctx.cluster.backup_jobs.get(ctx.args["id"])
    if job is None:
        raise ApiError(500, f"job '{ctx.args['id']}' does not exist")
    return job


def get_backup_job(ctx: Ctx) -> Any:
    return _job_row(ctx, _job(ctx))


def _apply_job(ctx: Ctx, job: BackupJob) -> None:
    for key in ("schedule", "storage", "mode", "compress", "comment", "pool"):
        if ctx.has(key):
            setattr(job, key, ctx.s(key))
    if ctx.has("vmid"):
        job.vmid = ctx.s("vmid")
    if ctx.has("all"):
        job.all = ctx.b("all")
    if ctx.has("enabled"):
        job.enabled = ctx.b("enabled")
    if ctx.has("notes-template"):
        job.notes_template = ctx.s("notes-template") or ""
    if ctx.has("prune-backups"):
        job.prune_backups = ctx.s("prune-backups") or ""
    for key in split_list(ctx.s("delete") or ""):
        if key in ("vmid", "pool", "comment"):
            setattr(job, key, None)


def create_backup_job(ctx: Ctx) -> Any:
    job_id = ctx.s("id") or f"backup-{secrets.token_hex(4)}-{secrets.token_hex(2)}"
    if job_id in ctx.cluster.backup_jobs:
        raise ApiError(500, f"Job '{job_id}' already exists")
    if not (ctx.has("vmid") or ctx.b("all") or ctx.has("pool")):
        raise param_error({"vmid": "property is missing and it is not optional"})
    job = BackupJob(job_id, ctx.s("schedule") or "00:00", ctx.s("storage") or "local")
    _apply_job(ctx, job)
    ctx.cluster.backup_jobs[job_id] = job
    ctx.sim.bump()
    return None


def update_backup_job(ctx: Ctx) -> Any:
    _apply_job(ctx, _job(ctx))
    ctx.sim.bump()
    return None


def delete_backup_job(ctx: Ctx) -> Any:
    del ctx.cluster.backup_jobs[_job(ctx).id]
    ctx.sim.bump()
    return None


def not_backed_up(ctx: Ctx) -> Any:
    covered: set[int] = set()
    for job in ctx.cluster.backup_jobs.values():
        if not job.enabled:
            continue
        if job.all:
            covered |= set(ctx.cluster.guests)
        if job.vmid:
            covered |= {int(v) for v in split_list(job.vmid) if v.isdigit()}
        if job.pool and job.pool in ctx.cluster.pools:
            covered |= ctx.cluster.pools[job.pool].vmids
    rows = []
    for guest in sorted(ctx.cluster.guests.values(), key=lambda g: g.vmid):
        if guest.vmid not in covered and not guest.template:
            rows.append({"vmid": guest.vmid, "name": guest.name, "type": guest.kind})
    return rows


# --- HA -------------------------------------------------------------------------------------------


def _sid(ctx: Ctx, raw: str) -> str:
    if ":" in raw:
        return raw
    vmid = int(raw)
    guest = ctx.cluster.guests.get(vmid)
    return f"{'ct' if guest and guest.kind == 'lxc' else 'vm'}:{vmid}"


def _digest(obj: Any) -> str:
    return hashlib.sha1(repr(obj).encode(), usedforsecurity=False).hexdigest()


def _ha_row(ctx: Ctx, res: HAResource) -> dict[str, Any]:
    row: dict[str, Any] = {
        "sid": res.sid,
        "type": res.sid.split(":")[0],
        "state": res.state,
        "max_restart": res.max_restart,
        "max_relocate": res.max_relocate,
        "digest": _digest(sorted(ctx.cluster.ha_resources)),
    }
    if res.group and not ctx.prof.ha_rules:
        row["group"] = res.group
    if res.comment:
        row["comment"] = res.comment
    if ctx.prof.ha_rules:
        row["failback"] = int(res.failback)
    return row


def list_ha_resources(ctx: Ctx) -> Any:
    wanted = ctx.s("type")
    return [
        _ha_row(ctx, r)
        for r in ctx.cluster.ha_resources.values()
        if not wanted or r.sid.startswith(wanted + ":")
    ]


def _ha_resource(ctx: Ctx) -> HAResource:
    sid = _sid(ctx, ctx.args["sid"])
    res = ctx.cluster.ha_resources.get(sid)
    if res is None:
        raise ApiError(500, f"no such resource '{sid}'")
    return res


def get_ha_resource(ctx: Ctx) -> Any:
    return _ha_row(ctx, _ha_resource(ctx))


def create_ha_resource(ctx: Ctx) -> Any:
    sid = _sid(ctx, ctx.req("sid"))
    vmid = int(sid.split(":")[1])
    if vmid not in ctx.cluster.guests:
        raise ApiError(500, f"{'VM' if sid.startswith('vm') else 'CT'} {vmid} does not exist")
    if sid in ctx.cluster.ha_resources:
        raise ApiError(500, f"resource ID '{sid}' already defined")
    res = HAResource(
        sid=sid,
        state=ctx.s("state") or "started",
        max_restart=ctx.i("max_restart", 1) or 0,
        max_relocate=ctx.i("max_relocate", 1) or 0,
        comment=ctx.s("comment"),
        group=ctx.s("group"),
        failback=ctx.b("failback", True),
    )
    ctx.cluster.ha_resources[sid] = res
    ctx.sim.bump()
    return None


def update_ha_resource(ctx: Ctx) -> Any:
    res = _ha_resource(ctx)
    for key in ("state", "comment", "group"):
        if ctx.has(key):
            setattr(res, key, ctx.s(key))
    for key in ("max_restart", "max_relocate"):
        if ctx.has(key):
            setattr(res, key, ctx.i(key, 0))
    if ctx.has("failback"):
        res.failback = ctx.b("failback")
    for key in split_list(ctx.s("delete") or ""):
        if key in ("comment", "group"):
            setattr(res, key, None)
    ctx.sim.bump()
    return None


def delete_ha_resource(ctx: Ctx) -> Any:
    del ctx.cluster.ha_resources[_ha_resource(ctx).sid]
    ctx.sim.bump()
    return None


def ha_migrate(ctx: Ctx) -> Any:
    from pvesphere_desktop.simulator.api_guests import start_migration

    res = _ha_resource(ctx)
    target = ctx.req("node")
    guest = ctx.cluster.guests[res.vmid]
    if target not in ctx.cluster.nodes:
        raise ApiError(500, f"service '{res.sid}' - unknown node '{target}'")
    relocate = ctx.route is not None and ctx.route.path.endswith("relocate")
    if guest.node != target:
        online = guest.running and guest.kind == "qemu" and not relocate
        start_migration(ctx, guest, target, online=online, ha=True)
    if ctx.prof.ha_rules:
        return {
            "sid": res.sid,
            "requested-node": target,
            "blocking-resources": [],
            "comigrated-resources": [],
        }
    return None


def ha_status_current(ctx: Ctx) -> Any:
    cluster = ctx.cluster
    nodes = list(cluster.nodes.values())
    now = int(ctx.now)
    master = next((n for n in nodes if n.online), nodes[0])
    rows: list[dict[str, Any]] = [
        {
            "id": "quorum",
            "type": "quorum",
            "node": master.name,
            "status": "OK" if ctx.sim.quorate() else "No quorum on node",
            "quorate": int(ctx.sim.quorate()),
        },
    ]
    if cluster.ha_resources:
        master_row: dict[str, Any] = {
            "id": "master",
            "type": "master",
            "node": master.name,
            "status": f"{master.name} (active, {time.ctime(now)})",
            "timestamp": now,
        }
        if ctx.prof.ha_rules:
            master_row["armed-state"] = ctx.cluster.options.get("_ha-armed", "armed")
            master_row["resource_mode"] = "freeze"
        rows.append(master_row)
        for node in nodes:
            state = (
                "active"
                if any(
                    cluster.guests.get(r.vmid) and cluster.guests[r.vmid].node == node.name
                    for r in cluster.ha_resources.values()
                )
                else "idle"
            )
            if not node.online:
                state = "old timestamp - dead?"
            rows.append(
                {
                    "id": f"lrm:{node.name}",
                    "type": "lrm",
                    "node": node.name,
                    "status": f"{node.name} ({state}, {time.ctime(now)})",
                    "timestamp": now,
                }
            )
        for res in cluster.ha_resources.values():
            guest = cluster.guests.get(res.vmid)
            node_name = guest.node if guest else master.name
            state = res.state
            if guest is not None and not cluster.nodes[guest.node].online:
                state = "fence"
            rows.append(
                {
                    "id": f"service:{res.sid}",
                    "type": "service",
                    "sid": res.sid,
                    "node": node_name,
                    "status": state,
                    "state": state,
                    "crm_state": state,
                    "request_state": res.state,
                    "max_restart": res.max_restart,
                    "max_relocate": res.max_relocate,
                }
            )
    return rows


def ha_manager_status(ctx: Ctx) -> Any:
    cluster = ctx.cluster
    master = next((n.name for n in cluster.nodes.values() if n.online), cluster.first_node.name)
    services = {}
    for res in cluster.ha_resources.values():
        guest = cluster.guests.get(res.vmid)
        services[res.sid] = {
            "node": guest.node if guest else master,
            "state": res.state,
            "uid": hashlib.md5(res.sid.encode(), usedforsecurity=False).hexdigest()[:22],
        }
    return {
        "manager_status": {
            "master_node": master,
            "node_status": {
                n.name: "online" if n.online else "unknown" for n in cluster.nodes.values()
            },
            "service_status": services,
            "timestamp": int(ctx.now),
        },
        "quorum": {"node": master, "quorate": str(int(ctx.sim.quorate()))},
        "lrm_status": {
            n.name: {
                "mode": "active",
                "state": "active" if n.online else "dead",
                "timestamp": int(ctx.now),
            }
            for n in cluster.nodes.values()
        },
    }


def arm_ha(ctx: Ctx) -> Any:
    disarm = ctx.route is not None and ctx.route.path.endswith("disarm-ha")
    ctx.cluster.options["_ha-armed"] = "disarmed" if disarm else "armed"
    return None


def _group_row(group: HAGroup) -> dict[str, Any]:
    row: dict[str, Any] = {
        "group": group.group,
        "type": "group",
        "nodes": group.nodes,
        "restricted": int(group.restricted),
        "nofailback": int(group.nofailback),
        "digest": _digest(group),
    }
    if group.comment:
        row["comment"] = group.comment
    return row


def list_ha_groups(ctx: Ctx) -> Any:
    return [_group_row(g) for g in ctx.cluster.ha_groups.values()]


def _ha_group(ctx: Ctx) -> HAGroup:
    group = ctx.cluster.ha_groups.get(ctx.args["group"])
    if group is None:
        raise ApiError(500, f"no such ha group '{ctx.args['group']}'")
    return group


def get_ha_group(ctx: Ctx) -> Any:
    return _group_row(_ha_group(ctx))


def create_ha_group(ctx: Ctx) -> Any:
    if ctx.prof.ha_rules:
        raise ApiError(500, "ha groups have been migrated to rules")
    name = ctx.req("group")
    if name in ctx.cluster.ha_groups:
        raise ApiError(500, f"ha group '{name}' already defined")
    ctx.cluster.ha_groups[name] = HAGroup(
        name, ctx.req("nodes"), ctx.b("restricted"), ctx.b("nofailback"), ctx.s("comment")
    )
    ctx.sim.bump()
    return None


def update_ha_group(ctx: Ctx) -> Any:
    group = _ha_group(ctx)
    if ctx.has("nodes"):
        group.nodes = ctx.req("nodes")
    if ctx.has("restricted"):
        group.restricted = ctx.b("restricted")
    if ctx.has("nofailback"):
        group.nofailback = ctx.b("nofailback")
    if ctx.has("comment"):
        group.comment = ctx.s("comment")
    ctx.sim.bump()
    return None


def delete_ha_group(ctx: Ctx) -> Any:
    group = _ha_group(ctx)
    if any(r.group == group.group for r in ctx.cluster.ha_resources.values()):
        raise ApiError(500, f"ha group '{group.group}' is still used by a resource")
    del ctx.cluster.ha_groups[group.group]
    ctx.sim.bump()
    return None


def _rule_row(rule: HARule, order: int) -> dict[str, Any]:
    row: dict[str, Any] = {
        "rule": rule.rule,
        "type": rule.type,
        "resources": rule.resources,
        "digest": _digest(rule),
        "order": order,
    }
    if rule.nodes:
        row["nodes"] = rule.nodes
    if rule.affinity:
        row["affinity"] = rule.affinity
    if rule.type == "node-affinity":
        row["strict"] = int(rule.strict)
    if rule.disable:
        row["disable"] = 1
    if rule.comment:
        row["comment"] = rule.comment
    return row


def list_ha_rules(ctx: Ctx) -> Any:
    wanted_type = ctx.s("type")
    resource = ctx.s("resource")
    rows = []
    for i, rule in enumerate(ctx.cluster.ha_rules.values(), 1):
        if wanted_type and rule.type != wanted_type:
            continue
        if resource and resource not in rule.resources.split(","):
            continue
        rows.append(_rule_row(rule, i))
    return rows


def _ha_rule(ctx: Ctx) -> HARule:
    rule = ctx.cluster.ha_rules.get(ctx.args["rule"])
    if rule is None:
        raise ApiError(500, f"no such ha rule '{ctx.args['rule']}'")
    return rule


def get_ha_rule(ctx: Ctx) -> Any:
    rule = _ha_rule(ctx)
    return _rule_row(rule, list(ctx.cluster.ha_rules).index(rule.rule) + 1)


def create_ha_rule(ctx: Ctx) -> Any:
    name = ctx.req("rule")
    if name in ctx.cluster.ha_rules:
        raise ApiError(500, f"rule '{name}' already defined")
    typ = ctx.req("type")
    if typ == "node-affinity" and not ctx.has("nodes"):
        raise param_error({"nodes": "property is missing and it is not optional"})
    if typ == "resource-affinity" and not ctx.has("affinity"):
        raise param_error({"affinity": "property is missing and it is not optional"})
    ctx.cluster.ha_rules[name] = HARule(
        name,
        typ,
        ctx.req("resources"),
        ctx.s("nodes"),
        ctx.s("affinity"),
        ctx.b("strict"),
        ctx.b("disable"),
        ctx.s("comment"),
    )
    ctx.sim.bump()
    return None


def update_ha_rule(ctx: Ctx) -> Any:
    rule = _ha_rule(ctx)
    for key in ("resources", "nodes", "affinity", "comment"):
        if ctx.has(key):
            setattr(rule, key, ctx.s(key))
    for key in ("strict", "disable"):
        if ctx.has(key):
            setattr(rule, key, ctx.b(key))
    ctx.sim.bump()
    return None


def delete_ha_rule(ctx: Ctx) -> Any:
    del ctx.cluster.ha_rules[_ha_rule(ctx).rule]
    ctx.sim.bump()
    return None


# --- pools -----------------------------------------------------------------------------------


def _pool_members(ctx: Ctx, pool: Pool, wanted: str | None = None) -> list[dict[str, Any]]:
    rows = []
    for row in views.all_resources(ctx.sim):
        typ = row["type"]
        if typ in ("qemu", "lxc") and row["vmid"] in pool.vmids:
            if wanted and wanted != typ:
                continue
            rows.append(row)
        elif typ == "storage" and row["storage"] in pool.storages:
            if wanted and wanted != "storage":
                continue
            rows.append(row)
    return rows


def _pool(ctx: Ctx, poolid: str) -> Pool:
    pool = ctx.cluster.pools.get(poolid)
    if pool is None:
        raise ApiError(500, f"pool '{poolid}' does not exist")
    return pool


def list_pools(ctx: Ctx) -> Any:
    poolid = ctx.s("poolid")
    wanted = ctx.s("type")
    rows = []
    for pool in ctx.cluster.pools.values():
        if poolid and pool.poolid != poolid:
            continue
        if not ctx.allowed(f"/pool/{pool.poolid}", "Pool.Audit"):
            continue
        row: dict[str, Any] = {"poolid": pool.poolid}
        if pool.comment:
            row["comment"] = pool.comment
        if ctx.prof.pools_v8:
            row["members"] = _pool_members(ctx, pool, wanted)
        rows.append(row)
    if poolid and not rows:
        raise ApiError(500, f"pool '{poolid}' does not exist")
    return rows


def get_pool(ctx: Ctx) -> Any:
    pool = _pool(ctx, ctx.args["poolid"])
    ctx.check(f"/pool/{pool.poolid}", "Pool.Audit")
    data: dict[str, Any] = {"members": _pool_members(ctx, pool, ctx.s("type"))}
    if pool.comment:
        data["comment"] = pool.comment
    return data


def create_pool(ctx: Ctx) -> Any:
    poolid = ctx.req("poolid")
    ctx.check(f"/pool/{poolid}", "Pool.Allocate")
    if poolid in ctx.cluster.pools:
        raise ApiError(
            500,
            "create pool failed: error during cfs-locked 'file-user_cfg' operation:"
            f" pool '{poolid}' already exists",
        )
    ctx.cluster.pools[poolid] = Pool(poolid, ctx.s("comment") or "")
    ctx.sim.bump()
    return None


def update_pool(ctx: Ctx) -> Any:
    poolid = ctx.args.get("poolid") or ctx.req("poolid")
    pool = _pool(ctx, poolid)
    ctx.check(f"/pool/{poolid}", "Pool.Allocate")
    delete = ctx.b("delete")
    if ctx.has("comment"):
        pool.comment = ctx.s("comment") or ""
    for vmid_text in split_list(ctx.s("vms") or ""):
        vmid = int(vmid_text)
        if delete:
            pool.vmids.discard(vmid)
            continue
        if vmid not in ctx.cluster.guests:
            raise ApiError(500, f"no such VMID '{vmid}'")
        other = next(
            (p for p in ctx.cluster.pools.values() if vmid in p.vmids and p is not pool), None
        )
        if other is not None:
            if not ctx.b("allow-move"):
                raise ApiError(500, f"VM {vmid} is already a pool member")
            other.vmids.discard(vmid)
        pool.vmids.add(vmid)
    for storage in split_list(ctx.s("storage") or ""):
        if delete:
            pool.storages.discard(storage)
        elif storage not in ctx.cluster.storages:
            raise ApiError(500, f"no such storage '{storage}'")
        else:
            pool.storages.add(storage)
    ctx.sim.bump()
    return None


def delete_pool(ctx: Ctx) -> Any:
    poolid = ctx.args.get("poolid") or ctx.req("poolid")
    pool = _pool(ctx, poolid)
    ctx.check(f"/pool/{poolid}", "Pool.Allocate")
    if pool.vmids or pool.storages:
        raise ApiError(500, "delete pool failed: pool is not empty")
    del ctx.cluster.pools[poolid]
    ctx.sim.bump()
    return None


def _vmid_list(value: str) -> list[int]:
    return [int(v) for v in split_list(value) if v.isdigit()]


_ = (split_tags, parse_upid, _vmid_list, BOOL, VMID)

POOLID = param(fmt="pve-poolid", opt=False)
JOB_ID = Versioned(
    {"7.4": param(opt=False, maxlen=50), "8.4": param(opt=False, maxlen=50, pattern="\\S+")}
)
SID = param(fmt="pve-ha-resource-or-vm-id", opt=False)
HA_STATE = param(enum=("started", "stopped", "enabled", "disabled", "ignored"))

ROUTES = [
    Route("GET", "/version", version, {}),
    Route("GET", "/cluster/status", cluster_status, {}, perm=Perm("/", ("Sys.Audit",))),
    Route(
        "GET",
        "/cluster/resources",
        cluster_resources,
        {"type": param(enum=("vm", "storage", "node", "sdn"))},
    ),
    Route("GET", "/cluster/tasks", cluster_tasks, {}),
    Route("GET", "/cluster/nextid", next_id, {"vmid": VMID_OPT}),
    Route("GET", "/cluster/options", get_options, {}, perm=Perm("/", ("Sys.Audit",))),
    Route(
        "PUT",
        "/cluster/options",
        put_options,
        {
            "tag-style": param(),
            "user-tag-access": param(),
            "description": param(maxlen=64 * 1024),
            "delete": param(),
        },
        perm=Perm("/", ("Sys.Modify",)),
    ),
    Route("GET", "/cluster/backup", list_backup_jobs, {}, perm=Perm("/", ("Sys.Audit",))),
    Route(
        "POST",
        "/cluster/backup",
        create_backup_job,
        {
            "id": param(fmt="pve-configid"),
            "schedule": param(fmt="pve-calendar-event", maxlen=128),
            "storage": param(fmt="pve-storage-id"),
            "mode": param(enum=("snapshot", "suspend", "stop")),
            "vmid": param(fmt="pve-vmid-list"),
            "all": param("boolean", default=0),
            "pool": param(),
            "enabled": param("boolean", default=1),
            "comment": param(maxlen=512),
            "compress": param(enum=("0", "1", "gzip", "lzo", "zstd")),
            "notes-template": param(maxlen=1024),
        },
        perm=Perm("/", ("Sys.Modify",)),
    ),
    Route(
        "GET",
        "/cluster/backup/{id}",
        get_backup_job,
        {"id": JOB_ID},
        perm=Perm("/", ("Sys.Audit",)),
    ),
    Route(
        "PUT",
        "/cluster/backup/{id}",
        update_backup_job,
        {
            "id": JOB_ID,
            "schedule": param(fmt="pve-calendar-event", maxlen=128),
            "storage": param(fmt="pve-storage-id"),
            "mode": param(enum=("snapshot", "suspend", "stop")),
            "vmid": param(fmt="pve-vmid-list"),
            "all": param("boolean", default=0),
            "pool": param(),
            "enabled": param("boolean", default=1),
            "comment": param(maxlen=512),
            "compress": param(enum=("0", "1", "gzip", "lzo", "zstd")),
            "delete": param(fmt="pve-configid-list"),
        },
        perm=Perm("/", ("Sys.Modify",)),
    ),
    Route(
        "DELETE",
        "/cluster/backup/{id}",
        delete_backup_job,
        {"id": JOB_ID},
        perm=Perm("/", ("Sys.Modify",)),
    ),
    Route(
        "GET",
        "/cluster/backup-info/not-backed-up",
        not_backed_up,
        {},
        perm=Perm("/", ("Sys.Audit",)),
    ),
    Route(
        "GET",
        "/cluster/ha/resources",
        list_ha_resources,
        {"type": param(enum=("ct", "vm"))},
        perm=Perm("/", ("Sys.Audit",)),
    ),
    Route(
        "POST",
        "/cluster/ha/resources",
        create_ha_resource,
        {
            "sid": SID,
            "state": HA_STATE,
            "group": param(fmt="pve-configid"),
            "comment": param(maxlen=4096),
            "max_restart": param("integer", min=0, default=1),
            "max_relocate": param("integer", min=0, default=1),
            "type": param(enum=("ct", "vm")),
        },
        perm=Perm("/", ("Sys.Console",)),
    ),
    Route(
        "GET",
        "/cluster/ha/resources/{sid}",
        get_ha_resource,
        {"sid": SID},
        perm=Perm("/", ("Sys.Audit",)),
    ),
    Route(
        "PUT",
        "/cluster/ha/resources/{sid}",
        update_ha_resource,
        {
            "sid": SID,
            "state": HA_STATE,
            "group": param(fmt="pve-configid"),
            "comment": param(maxlen=4096),
            "max_restart": param("integer", min=0, default=1),
            "max_relocate": param("integer", min=0, default=1),
            "delete": param(fmt="pve-configid-list", maxlen=4096),
        },
        perm=Perm("/", ("Sys.Console",)),
    ),
    Route(
        "DELETE",
        "/cluster/ha/resources/{sid}",
        delete_ha_resource,
        {"sid": SID},
        perm=Perm("/", ("Sys.Console",)),
    ),
    Route(
        "POST",
        "/cluster/ha/resources/{sid}/migrate",
        ha_migrate,
        {"sid": SID, "node": param(fmt="pve-node", opt=False)},
        perm=Perm("/", ("Sys.Console",)),
    ),
    Route(
        "POST",
        "/cluster/ha/resources/{sid}/relocate",
        ha_migrate,
        {"sid": SID, "node": param(fmt="pve-node", opt=False)},
        perm=Perm("/", ("Sys.Console",)),
    ),
    Route(
        "GET", "/cluster/ha/status/current", ha_status_current, {}, perm=Perm("/", ("Sys.Audit",))
    ),
    Route(
        "GET",
        "/cluster/ha/status/manager_status",
        ha_manager_status,
        {},
        perm=Perm("/", ("Sys.Audit",)),
    ),
    Route(
        "POST",
        "/cluster/ha/status/arm-ha",
        arm_ha,
        {},
        since="9.1",
        perm=Perm("/", ("Sys.Console",)),
    ),
    Route(
        "POST",
        "/cluster/ha/status/disarm-ha",
        arm_ha,
        {"resource-mode": param(enum=("freeze", "ignore"), opt=False)},
        since="9.1",
        perm=Perm("/", ("Sys.Console",)),
    ),
    Route("GET", "/cluster/ha/groups", list_ha_groups, {}, perm=Perm("/", ("Sys.Audit",))),
    Route(
        "POST",
        "/cluster/ha/groups",
        create_ha_group,
        {
            "group": param(fmt="pve-configid", opt=False),
            "nodes": param(opt=False),
            "restricted": param("boolean", default=0),
            "nofailback": param("boolean", default=0),
            "comment": param(maxlen=4096),
            "type": param(enum=("group",)),
        },
        perm=Perm("/", ("Sys.Console",)),
    ),
    Route(
        "GET",
        "/cluster/ha/groups/{group}",
        get_ha_group,
        {"group": param(fmt="pve-configid", opt=False)},
        perm=Perm("/", ("Sys.Audit",)),
    ),
    Route(
        "PUT",
        "/cluster/ha/groups/{group}",
        update_ha_group,
        {
            "group": param(fmt="pve-configid", opt=False),
            "nodes": param(),
            "restricted": param("boolean", default=0),
            "nofailback": param("boolean", default=0),
            "comment": param(maxlen=4096),
            "delete": param(fmt="pve-configid-list", maxlen=4096),
        },
        perm=Perm("/", ("Sys.Console",)),
    ),
    Route(
        "DELETE",
        "/cluster/ha/groups/{group}",
        delete_ha_group,
        {"group": param(fmt="pve-configid", opt=False)},
        perm=Perm("/", ("Sys.Console",)),
    ),
    Route(
        "GET",
        "/cluster/ha/rules",
        list_ha_rules,
        {"type": param(enum=("node-affinity", "resource-affinity")), "resource": param()},
        since="9.1",
        perm=Perm("/", ("Sys.Audit",)),
    ),
    Route(
        "POST",
        "/cluster/ha/rules",
        create_ha_rule,
        {
            "rule": param(fmt="pve-configid", opt=False),
            "type": param(enum=("node-affinity", "resource-affinity"), opt=False),
            "resources": param(fmt="pve-ha-resource-id-list", opt=False),
            "nodes": param(),
            "affinity": param(enum=("positive", "negative")),
            "strict": param("boolean", default=0),
            "disable": param("boolean", default=0),
            "comment": param(maxlen=4096),
        },
        since="9.1",
        perm=Perm("/", ("Sys.Console",)),
    ),
    Route(
        "GET",
        "/cluster/ha/rules/{rule}",
        get_ha_rule,
        {"rule": param(fmt="pve-configid", opt=False)},
        since="9.1",
        perm=Perm("/", ("Sys.Audit",)),
    ),
    Route(
        "PUT",
        "/cluster/ha/rules/{rule}",
        update_ha_rule,
        {
            "rule": param(fmt="pve-configid", opt=False),
            "type": param(enum=("node-affinity", "resource-affinity"), opt=False),
            "resources": param(fmt="pve-ha-resource-id-list"),
            "nodes": param(),
            "affinity": param(enum=("positive", "negative")),
            "strict": param("boolean", default=0),
            "disable": param("boolean", default=0),
            "comment": param(maxlen=4096),
            "digest": param(maxlen=64),
            "delete": param(fmt="pve-configid-list", maxlen=4096),
        },
        since="9.1",
        perm=Perm("/", ("Sys.Console",)),
    ),
    Route(
        "DELETE",
        "/cluster/ha/rules/{rule}",
        delete_ha_rule,
        {"rule": param(fmt="pve-configid", opt=False)},
        since="9.1",
        perm=Perm("/", ("Sys.Console",)),
    ),
    Route(
        "GET",
        "/pools",
        list_pools,
        {
            "poolid": Versioned({"8.4": param(fmt="pve-poolid")}),
            "type": Versioned({"8.4": param(enum=("qemu", "lxc", "storage"))}),
        },
    ),
    Route(
        "POST",
        "/pools",
        create_pool,
        {"poolid": POOLID, "comment": param()},
        perm=Perm("/pool/{poolid}", ("Pool.Allocate",)),
    ),
    Route(
        "PUT",
        "/pools",
        update_pool,
        {
            "poolid": POOLID,
            "comment": param(),
            "vms": param(fmt="pve-vmid-list"),
            "storage": param(fmt="pve-storage-id-list"),
            "delete": param("boolean", default=0),
            "allow-move": param("boolean", default=0),
        },
        since="8.4",
        perm=Perm("/pool/{poolid}", ("Pool.Allocate",)),
    ),
    Route(
        "DELETE",
        "/pools",
        delete_pool,
        {"poolid": POOLID},
        since="8.4",
        perm=Perm("/pool/{poolid}", ("Pool.Allocate",)),
    ),
    Route(
        "GET",
        "/pools/{poolid}",
        get_pool,
        {"poolid": POOLID, "type": param(enum=("qemu", "lxc", "storage"))},
        perm=Perm("/pool/{poolid}", ("Pool.Audit",)),
    ),
    Route(
        "PUT",
        "/pools/{poolid}",
        update_pool,
        {
            "poolid": POOLID,
            "comment": param(),
            "vms": param(fmt="pve-vmid-list"),
            "storage": param(fmt="pve-storage-id-list"),
            "delete": param("boolean", default=0),
        },
        perm=Perm("/pool/{poolid}", ("Pool.Allocate",)),
    ),
    Route(
        "DELETE",
        "/pools/{poolid}",
        delete_pool,
        {"poolid": POOLID},
        perm=Perm("/pool/{poolid}", ("Pool.Allocate",)),
    ),
]
