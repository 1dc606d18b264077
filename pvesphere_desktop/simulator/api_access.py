"""``/access``: login tickets, realms, users, tokens, groups, roles, ACLs and permissions."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from pvesphere_desktop.simulator.auth import (
    Identity,
    Permissions,
    builtin_roles,
    capabilities,
    parse_tfa_challenge,
    tfa_challenge_data,
    verify_totp,
)
from pvesphere_desktop.simulator.model import AclEntry, ApiToken, User
from pvesphere_desktop.simulator.routing import (
    BOOL,
    ApiError,
    Ctx,
    Perm,
    Route,
    param,
    param_error,
)
from pvesphere_desktop.simulator.schema import split_list

log = logging.getLogger(__name__)

USERID = param(fmt="pve-userid", opt=False, maxlen=64)
TOKENID = param(opt=False, pattern="(?^:[A-Za-z][A-Za-z0-9\\.\\-_]+)")


def _login_failure() -> ApiError:
    return ApiError(401, "authentication failure")


def _full_login(ctx: Ctx, user: User) -> dict[str, Any]:
    sim = ctx.sim
    now = ctx.now
    perms = Permissions(sim.model, Identity(user.userid, via_ticket=True), ctx.prof.major)
    data: dict[str, Any] = {
        "username": user.userid,
        "ticket": sim.issuer.issue(user.userid, now),
        "CSRFPreventionToken": sim.issuer.csrf(user.userid, now),
    }
    if not sim.model.standalone and perms.has("/", "Sys.Audit"):
        data["clustername"] = sim.model.name
    data["cap"] = capabilities(perms)
    return data


def create_ticket(ctx: Ctx) -> Any:
    username = ctx.req("username")
    password = ctx.req("password")
    realm = ctx.s("realm")
    if "@" not in username:
        username = f"{username}@{realm or 'pam'}"
    user = ctx.cluster.users.get(username)
    if user is None or not user.enable or (user.expire and user.expire < ctx.now):
        raise _login_failure()
    issuer = ctx.sim.issuer
    challenge = ctx.s("tfa-challenge")
    otp = ctx.s("otp")
    if challenge is not None:
        if otp is not None:
            raise param_error({"otp": "otp and tfa-challenge are mutually exclusive"})
        verified = issuer.verify(challenge, ctx.now, bind=username)
        if not verified or parse_tfa_challenge(verified[0]) is None or not user.totp_secret:
            raise _login_failure()
        kind, _, value = password.partition(":")
        if kind == "totp" and verify_totp(user.totp_secret, value, ctx.now):
            return _full_login(ctx, user)
        if kind == "recovery" and value in user.recovery_keys:
            user.recovery_keys[user.recovery_keys.index(value)] = ""
            return _full_login(ctx, user)
        raise _login_failure()
    if password.startswith("PVE:"):
        verified = issuer.verify(password, ctx.now)
        if not verified or verified[0] != user.userid:
            raise _login_failure()
    elif user.password is None or password != user.password:
        raise _login_failure()
    elif user.totp_secret:
        if otp is not None:
            if not verify_totp(user.totp_secret, otp, ctx.now):
                raise _login_failure()
        else:
            return {
                "username": user.userid,
                "ticket": issuer.issue(tfa_challenge_data(user), ctx.now, bind=user.userid),
                "CSRFPreventionToken": issuer.csrf(user.userid, ctx.now),
                "NeedTFA": 1,
            }
    path = ctx.s("path")
    if path is not None:
        privs = split_list(ctx.s("privs") or "")
        perms = Permissions(ctx.cluster, Identity(user.userid, via_ticket=True), ctx.prof.major)
        if not all(perms.has(path, p) for p in privs):
            raise _login_failure()
        return {"username": user.userid}
    return _full_login(ctx, user)


def get_ticket(ctx: Ctx) -> Any:
    return None


def domains(ctx: Ctx) -> Any:
    return [dict(r) for r in ctx.cluster.realms]


def _can_audit_users(ctx: Ctx) -> bool:
    return ctx.allowed("/access", "Sys.Audit") or ctx.allowed("/access/groups", "User.Modify")


def _user_row(ctx: Ctx, user: User, *, full: bool) -> dict[str, Any]:
    realm_type = next((r["type"] for r in ctx.cluster.realms if r["realm"] == user.realm), "pve")
    row: dict[str, Any] = {"userid": user.userid, "enable": int(user.enable), "expire": user.expire}
    for key in ("firstname", "lastname", "email", "comment"):
        value = getattr(user, key)
        if value:
            row[key] = value
    if user.groups:
        row["groups"] = ",".join(user.groups)
    row["realm-type"] = realm_type
    if ctx.since("8.0") and user.totp_secret:
        row["totp-locked"] = 0
    if full:
        row["tokens"] = [_token_row(t) for t in user.tokens.values()]
    return row


def _token_row(token: ApiToken, *, with_id: bool = True) -> dict[str, Any]:
    row: dict[str, Any] = {}
    if with_id:
        row["tokenid"] = token.tokenid
    row["privsep"] = int(token.privsep)
    row["expire"] = token.expire
    if token.comment:
        row["comment"] = token.comment
    return row


def list_users(ctx: Ctx) -> Any:
    full = ctx.b("full")
    enabled = ctx.s("enabled")
    rows = []
    for user in ctx.cluster.users.values():
        if not _can_audit_users(ctx) and (ctx.ident is None or ctx.ident.userid != user.userid):
            continue
        if enabled is not None and int(user.enable) != int(ctx.b("enabled")):
            continue
        rows.append(_user_row(ctx, user, full=full))
    return rows


def _user(ctx: Ctx) -> User:
    userid = ctx.args["userid"]
    user = ctx.cluster.users.get(userid)
    if user is None:
        raise ApiError(500, f"no such user ('{userid}')")
    return user


def _check_self_or_modify(ctx: Ctx, userid: str) -> None:
    if ctx.ident is not None and ctx.ident.userid == userid:
        return
    ctx.check("/access/groups", "User.Modify")


def get_user(ctx: Ctx) -> Any:
    user = _user(ctx)
    if not (_can_audit_users(ctx) or (ctx.ident and ctx.ident.userid == user.userid)):
        ctx.check("/access", "Sys.Audit")
    row = _user_row(ctx, user, full=False)
    row.pop("userid")
    row.pop("realm-type", None)
    if user.groups:
        row["groups"] = list(user.groups)
    row["tokens"] = {t.tokenid: _token_row(t, with_id=False) for t in user.tokens.values()}
    return row


def create_user(ctx: Ctx) -> Any:
    ctx.check("/access/groups", "User.Modify")
    userid = ctx.req("userid")
    if userid in ctx.cluster.users:
        raise ApiError(
            500,
            "create user failed: error during cfs-locked 'file-user_cfg' operation:"
            f" user '{userid}' already exists",
        )
    user = User(
        userid,
        password=ctx.s("password"),
        enable=ctx.b("enable", True),
        expire=ctx.i("expire", 0) or 0,
        firstname=ctx.s("firstname"),
        lastname=ctx.s("lastname"),
        email=ctx.s("email"),
        comment=ctx.s("comment"),
        groups=split_list(ctx.s("groups") or ""),
    )
    ctx.cluster.users[userid] = user
    ctx.sim.bump()
    return None


def update_user(ctx: Ctx) -> Any:
    ctx.check("/access/groups", "User.Modify")
    user = _user(ctx)
    for key in ("firstname", "lastname", "email", "comment"):
        if ctx.has(key):
            setattr(user, key, ctx.s(key) or None)
    if ctx.has("enable"):
        user.enable = ctx.b("enable")
    if ctx.has("expire"):
        user.expire = ctx.i("expire", 0) or 0
    if ctx.has("groups"):
        groups = split_list(ctx.s("groups") or "")
        user.groups = sorted(set(user.groups) | set(groups)) if ctx.b("append") else groups
    ctx.sim.bump()
    return None


def delete_user(ctx: Ctx) -> Any:
    ctx.check("/access/groups", "User.Modify")
    user = _user(ctx)
    del ctx.cluster.users[user.userid]
    ctx.cluster.acl = [e for e in ctx.cluster.acl if e.ugid.split("!")[0] != user.userid]
    ctx.sim.bump()
    return None


def list_tokens(ctx: Ctx) -> Any:
    user = _user(ctx)
    _check_self_or_modify(ctx, user.userid)
    return [_token_row(t) for t in user.tokens.values()]


def _token(ctx: Ctx, user: User) -> ApiToken:
    tokenid = ctx.args["tokenid"]
    token = user.tokens.get(tokenid)
    if token is None:
        raise ApiError(500, f"no such token '{tokenid}' for user '{user.userid}'")
    return token


def get_token(ctx: Ctx) -> Any:
    user = _user(ctx)
    _check_self_or_modify(ctx, user.userid)
    return _token_row(_token(ctx, user), with_id=False)


def create_token(ctx: Ctx) -> Any:
    user = _user(ctx)
    _check_self_or_modify(ctx, user.userid)
    tokenid = ctx.args["tokenid"]
    if tokenid in user.tokens:
        raise ApiError(500, "Token already exists.")
    token = ApiToken(
        tokenid,
        str(uuid.uuid4()),
        privsep=ctx.b("privsep", True),
        expire=ctx.i("expire", 0) or 0,
        comment=ctx.s("comment"),
    )
    user.tokens[tokenid] = token
    ctx.sim.bump()
    info = _token_row(token, with_id=False)
    return {"full-tokenid": f"{user.userid}!{tokenid}", "info": info, "value": token.secret}


def update_token(ctx: Ctx) -> Any:
    user = _user(ctx)
    _check_self_or_modify(ctx, user.userid)
    token = _token(ctx, user)
    if ctx.has("privsep"):
        token.privsep = ctx.b("privsep")
    if ctx.has("expire"):
        token.expire = ctx.i("expire", 0) or 0
    if ctx.has("comment"):
        token.comment = ctx.s("comment")
    ctx.sim.bump()
    return _token_row(token, with_id=False)


def delete_token(ctx: Ctx) -> Any:
    user = _user(ctx)
    _check_self_or_modify(ctx, user.userid)
    token = _token(ctx, user)
    del user.tokens[token.tokenid]
    full = f"{user.userid}!{token.tokenid}"
    ctx.cluster.acl = [e for e in ctx.cluster.acl if not (e.type == "token" and e.ugid == full)]
    ctx.sim.bump()
    return None


def list_groups(ctx: Ctx) -> Any:
    rows = []
    for group in ctx.cluster.groups.values():
        members = sorted(u.userid for u in ctx.cluster.users.values() if group.groupid in u.groups)
        row: dict[str, Any] = {"groupid": group.groupid, "users": ",".join(members)}
        if group.comment:
            row["comment"] = group.comment
        rows.append(row)
    return rows


def list_roles(ctx: Ctx) -> Any:
    rows = []
    for roleid, privs in builtin_roles(ctx.prof.major).items():
        rows.append({"roleid": roleid, "privs": ",".join(privs), "special": 1})
    for roleid, custom in ctx.cluster.custom_roles.items():
        rows.append({"roleid": roleid, "privs": ",".join(custom), "special": 0})
    return rows


def list_acl(ctx: Ctx) -> Any:
    rows = []
    for entry in ctx.cluster.acl:
        if not (
            ctx.allowed(entry.path, "Sys.Audit") or ctx.allowed(entry.path, "Permissions.Modify")
        ):
            continue
        rows.append(
            {
                "path": entry.path,
                "type": entry.type,
                "ugid": entry.ugid,
                "roleid": entry.roleid,
                "propagate": int(entry.propagate),
            }
        )
    return rows


def update_acl(ctx: Ctx) -> Any:
    path = ctx.req("path")
    ctx.check(path, "Permissions.Modify")
    roles = split_list(ctx.req("roles"))
    known = set(builtin_roles(ctx.prof.major)) | set(ctx.cluster.custom_roles)
    for role in roles:
        if role not in known:
            raise ApiError(500, f"role '{role}' does not exist")
    targets = [("user", u) for u in split_list(ctx.s("users") or "")]
    targets += [("group", g) for g in split_list(ctx.s("groups") or "")]
    targets += [("token", t) for t in split_list(ctx.s("tokens") or "")]
    delete = ctx.b("delete")
    propagate = ctx.b("propagate", True)
    acl = ctx.cluster.acl
    for typ, ugid in targets:
        for role in roles:
            acl[:] = [
                e
                for e in acl
                if not (e.path == path and e.type == typ and e.ugid == ugid and e.roleid == role)
            ]
            if not delete:
                acl.append(AclEntry(path, ugid, typ, role, propagate))
    ctx.sim.bump()
    return None


def permissions(ctx: Ctx) -> Any:
    target = ctx.s("userid")
    perms = ctx.perms
    if target and (ctx.ident is None or target != ctx.ident.auth_id):
        ctx.check("/access", "Sys.Audit")
        userid, _, tokenid = target.partition("!")
        perms = Permissions(ctx.cluster, Identity(userid, tokenid or None), ctx.prof.major)
    path = ctx.s("path")
    paths = (
        [path]
        if path
        else sorted(
            {"/", "/access", "/access/groups", "/nodes", "/storage", "/vms", "/sdn", "/mapping"}
            | {e.path for e in ctx.cluster.acl}
            | {f"/pool/{p}" for p in ctx.cluster.pools}
        )
    )
    result: dict[str, dict[str, int]] = {}
    for p in paths:
        privs = perms.privileges(p)
        if privs or path:
            result[p] = dict.fromkeys(sorted(privs), 1)
    return result


def change_password(ctx: Ctx) -> Any:
    userid = ctx.req("userid")
    user = ctx.cluster.users.get(userid)
    if user is None:
        raise ApiError(500, f"no such user ('{userid}')")
    if ctx.ident is None or ctx.ident.userid != userid:
        ctx.check("/access/groups", "User.Modify")
    user.password = ctx.req("password")
    return None


ROUTES = [
    Route("GET", "/access/domains", domains, {}, perm="world"),
    Route("GET", "/access/ticket", get_ticket, {}, perm="world"),
    Route(
        "POST",
        "/access/ticket",
        create_ticket,
        {
            "username": param(opt=False, maxlen=64),
            "password": param(opt=False),
            "realm": param(fmt="pve-realm", maxlen=32),
            "otp": param(),
            "tfa-challenge": param(),
            "path": param(maxlen=64),
            "privs": param(fmt="pve-priv-list", maxlen=64),
            "new-format": param("boolean", default=1),
        },
        perm="world",
        allowtoken=False,
    ),
    Route(
        "GET", "/access/users", list_users, {"enabled": BOOL, "full": param("boolean", default=0)}
    ),
    Route(
        "POST",
        "/access/users",
        create_user,
        {
            "userid": USERID,
            "password": param(maxlen=64),
            "enable": param("boolean", default=1),
            "expire": param("integer", min=0),
            "groups": param(fmt="pve-groupid-list"),
        },
    ),
    Route("GET", "/access/users/{userid}", get_user, {"userid": USERID}),
    Route(
        "PUT",
        "/access/users/{userid}",
        update_user,
        {
            "userid": USERID,
            "enable": param("boolean", default=1),
            "expire": param("integer", min=0),
            "groups": param(fmt="pve-groupid-list"),
            "append": param("boolean"),
        },
    ),
    Route("DELETE", "/access/users/{userid}", delete_user, {"userid": USERID}),
    Route("GET", "/access/users/{userid}/token", list_tokens, {"userid": USERID}),
    Route(
        "GET",
        "/access/users/{userid}/token/{tokenid}",
        get_token,
        {"userid": USERID, "tokenid": TOKENID},
    ),
    Route(
        "POST",
        "/access/users/{userid}/token/{tokenid}",
        create_token,
        {
            "userid": USERID,
            "tokenid": TOKENID,
            "comment": param(),
            "expire": param("integer", min=0),
            "privsep": param("boolean", default=1),
        },
    ),
    Route(
        "PUT",
        "/access/users/{userid}/token/{tokenid}",
        update_token,
        {
            "userid": USERID,
            "tokenid": TOKENID,
            "comment": param(),
            "expire": param("integer", min=0),
            "privsep": param("boolean", default=1),
        },
    ),
    Route(
        "DELETE",
        "/access/users/{userid}/token/{tokenid}",
        delete_token,
        {"userid": USERID, "tokenid": TOKENID},
    ),
    Route("GET", "/access/groups", list_groups, {}),
    Route("GET", "/access/roles", list_roles, {}),
    Route("GET", "/access/acl", list_acl, {}),
    Route(
        "PUT",
        "/access/acl",
        update_acl,
        {
            "path": param(opt=False),
            "roles": param(opt=False, fmt="pve-roleid-list"),
            "users": param(fmt="pve-userid-list"),
            "groups": param(fmt="pve-groupid-list"),
            "tokens": param(fmt="pve-tokenid-list"),
            "propagate": param("boolean", default=1),
            "delete": BOOL,
        },
    ),
    Route("GET", "/access/permissions", permissions, {"path": param()}),
    Route(
        "PUT",
        "/access/password",
        change_password,
        {"userid": USERID, "password": param(opt=False, min=None, maxlen=64)},
        allowtoken=False,
    ),
]

_ = Perm  # re-exported for symmetry with the other route modules
