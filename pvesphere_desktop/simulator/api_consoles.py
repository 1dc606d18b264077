"""Console endpoints: ``vncproxy``, ``vncshell``, ``termproxy``, ``vncwebsocket``, ``spiceproxy``.

The console protocols themselves (RFB, termproxy) are served by the console hub
(``simulator.consoles``); these handlers do what pveproxy does around them: permissions, the
proxy task and its UPID, the node certificate, and the authenticated WebSocket upgrade.
"""

from __future__ import annotations

import logging
from typing import Any

from pvesphere_desktop.simulator.consoles import (
    INVALID_TICKET_MESSAGE,
    ConsoleError,
    ConsoleHub,
    TicketCheck,
    spice_fields,
)
from pvesphere_desktop.simulator.httpserver import Upgrade, WebSocketConnection
from pvesphere_desktop.simulator.routing import (
    NODE,
    VMID,
    ApiError,
    Ctx,
    Perm,
    Route,
    Versioned,
    param,
)

log = logging.getLogger(__name__)

SHELL_CMD = Versioned(
    {
        "7.4": param(enum=("ceph_install", "upgrade", "login"), default="login"),
        "9.1": param(enum=("ceph_install", "login", "upgrade"), default="login"),
    }
)
CONSOLE = Perm("/vms/{vmid}", ("VM.Console",))
SHELL = Perm("/nodes/{node}", ("Sys.Console",))


def _hub(ctx: Ctx, node: str) -> ConsoleHub:
    return ctx.sim.console_hub(node)


def _check_shell_user(ctx: Ctx) -> None:
    ident = ctx.ident
    if ident is None:
        raise ApiError(403, "Permission check failed (realm != pam)")
    if ident.tokenid and not ctx.prof.token_shells:
        raise ApiError(403, "Permission check failed (realm != pam)")
    if not ctx.since("8.0") and ident.userid.rsplit("@", 1)[1] != "pam":
        raise ApiError(403, "Permission check failed (realm != pam)")


def _proxy_answer(
    ctx: Ctx, data: dict[str, Any], *, node: str, ttype: str, ident: str, with_cert: bool
) -> dict[str, Any]:
    task = ctx.sim.tasks.start(node=node, ttype=ttype, ident=ident, user=ctx.upid_user())
    answer: dict[str, Any] = {"user": data.get("user", ctx.upid_user()), "ticket": data["ticket"]}
    if with_cert:
        pair = ctx.sim.certs.get(node)
        answer["cert"] = pair.cert_pem.decode() if pair else ""
    answer["port"] = ctx.num(int(data["port"]))
    answer["upid"] = task.upid
    if data.get("password"):
        answer["password"] = data["password"]
    return answer


def vncproxy(kind: str) -> Any:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        if not guest.running:
            raise ApiError(500, f"{'VM' if kind == 'qemu' else 'CT'} {guest.vmid} not running")
        try:
            data = _hub(ctx, guest.node).open_vnc(
                node=guest.node,
                vmid=guest.vmid,
                title=f"{guest.name} ({guest.vmid})",
                user=ctx.upid_user(),
                version=ctx.prof.key,
                kind=kind,
                generate_password=ctx.b("generate-password"),
                width=ctx.i("width"),
                height=ctx.i("height"),
            )
        except ConsoleError as exc:
            raise ApiError(500, str(exc)) from None
        return _proxy_answer(
            ctx, data, node=guest.node, ttype="vncproxy", ident=str(guest.vmid), with_cert=True
        )

    return handler


def vncshell(ctx: Ctx) -> Any:
    _check_shell_user(ctx)
    node = ctx.node_name()
    try:
        data = _hub(ctx, node).open_vnc(
            node=node,
            vmid=None,
            title=f"node '{node}'",
            user=ctx.upid_user(),
            version=ctx.prof.key,
            kind="shell",
            width=ctx.i("width"),
            height=ctx.i("height"),
        )
    except ConsoleError as exc:
        raise ApiError(500, str(exc)) from None
    return _proxy_answer(ctx, data, node=node, ttype="vncshell", ident="", with_cert=True)


def termproxy(kind: str) -> Any:
    def handler(ctx: Ctx) -> Any:
        if kind == "node":
            _check_shell_user(ctx)
            node = ctx.node_name()
            hostname = node
            vmid = None
            term_kind = "shell"
        else:
            guest = ctx.guest(kind)
            if not guest.running:
                raise ApiError(500, f"{'VM' if kind == 'qemu' else 'CT'} {guest.vmid} not running")
            node = guest.node
            hostname = guest.name
            vmid = guest.vmid
            term_kind = "lxc" if kind == "lxc" else "serial"
        try:
            data = _hub(ctx, node).open_term(
                node=node,
                vmid=vmid,
                hostname=hostname,
                user=ctx.upid_user(),
                version=ctx.prof.key,
                kind=term_kind,
            )
        except ConsoleError as exc:
            raise ApiError(500, str(exc)) from None
        ttype = "termproxy" if kind == "node" else "vncproxy"
        return _proxy_answer(
            ctx,
            data,
            node=node,
            ttype=ttype,
            ident="" if vmid is None else str(vmid),
            with_cert=False,
        )

    return handler


def vncwebsocket(kind: str) -> Any:
    def handler(ctx: Ctx) -> Any:
        node = ctx.node_name()
        if kind == "node":
            vmid = None
            _check_shell_user(ctx)
        else:
            guest = ctx.guest(kind)
            vmid = guest.vmid
            node = guest.node
        port = int(ctx.req("port"))
        ticket = ctx.req("vncticket")
        if "websocket" not in ctx.request.header("upgrade").lower():
            return {"port": str(port)}
        hub = _hub(ctx, node)
        user = ctx.upid_user()
        version = ctx.prof.key
        check = hub.verify_ticket(
            port=port,
            vncticket=ticket,
            user=user,
            path_vmid=vmid,
            version=version,
            node=node if vmid is None else None,
        )
        if check in (TicketCheck.INVALID, TicketCheck.EXPIRED):
            raise ApiError(403, f"Permission check failed ({INVALID_TICKET_MESSAGE})")
        if check is TicketCheck.NO_LISTENER:
            raise ApiError(500, f"connect to 'localhost:{port}' failed: Connection refused")

        async def session(conn: WebSocketConnection) -> None:
            await hub.serve(
                conn,
                port=port,
                vncticket=ticket,
                user=user,
                path_vmid=vmid,
                version=version,
                node=node if vmid is None else None,
            )

        return Upgrade(session)

    return handler


def spiceproxy(kind: str) -> Any:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        if not guest.running:
            raise ApiError(500, f"{'VM' if kind == 'qemu' else 'CT'} {guest.vmid} not running")
        sim = ctx.sim
        node = sim.model.nodes[guest.node]
        data = spice_fields(
            host=f"{guest.node}.sim.invalid",
            node=guest.node,
            vmid=guest.vmid,
            proxy=ctx.s("proxy") or node.ip,
            user=ctx.upid_user(),
            kind=kind,
            ca_pem=sim.ca.pem.decode() if sim.ca else "",
            key=sim.issuer.secret,
            now=ctx.now,
        )
        data["tls-port"] = ctx.num(int(data["tls-port"]))
        return data

    return handler


NV = {"node": NODE, "vmid": VMID}
WS_PARAMS = {
    "port": param("integer", min=5900, max=5999, opt=False),
    "vncticket": param(maxlen=512, opt=False),
}

ROUTES = [
    Route(
        "POST",
        "/nodes/{node}/qemu/{vmid}/vncproxy",
        vncproxy("qemu"),
        {**NV, "websocket": param("boolean"), "generate-password": param("boolean", default=0)},
        perm=CONSOLE,
        proxy=False,
    ),
    Route(
        "POST",
        "/nodes/{node}/lxc/{vmid}/vncproxy",
        vncproxy("lxc"),
        {
            **NV,
            "websocket": param("boolean"),
            "width": param("integer", min=16, max=4096),
            "height": param("integer", min=16, max=2160),
        },
        perm=CONSOLE,
        proxy=False,
    ),
    Route(
        "POST",
        "/nodes/{node}/vncshell",
        vncshell,
        {
            "node": NODE,
            "websocket": param("boolean"),
            "cmd": SHELL_CMD,
            "cmd-opts": param(default=""),
            "width": param("integer", min=16, max=4096),
            "height": param("integer", min=16, max=2160),
        },
        perm=SHELL,
        proxy=False,
    ),
    Route(
        "POST",
        "/nodes/{node}/termproxy",
        termproxy("node"),
        {"node": NODE, "cmd": SHELL_CMD, "cmd-opts": param(default="")},
        perm=SHELL,
        proxy=False,
    ),
    Route(
        "POST",
        "/nodes/{node}/qemu/{vmid}/termproxy",
        termproxy("qemu"),
        {**NV, "serial": param(enum=("serial0", "serial1", "serial2", "serial3"))},
        perm=CONSOLE,
        proxy=False,
    ),
    Route(
        "POST",
        "/nodes/{node}/lxc/{vmid}/termproxy",
        termproxy("lxc"),
        dict(NV),
        perm=CONSOLE,
        proxy=False,
    ),
    Route(
        "GET",
        "/nodes/{node}/qemu/{vmid}/vncwebsocket",
        vncwebsocket("qemu"),
        {**NV, **WS_PARAMS},
        perm=CONSOLE,
        proxy=False,
    ),
    Route(
        "GET",
        "/nodes/{node}/lxc/{vmid}/vncwebsocket",
        vncwebsocket("lxc"),
        {**NV, **WS_PARAMS},
        perm=CONSOLE,
        proxy=False,
    ),
    Route(
        "GET",
        "/nodes/{node}/vncwebsocket",
        vncwebsocket("node"),
        {"node": NODE, **WS_PARAMS},
        perm=SHELL,
        proxy=False,
    ),
    Route(
        "POST",
        "/nodes/{node}/qemu/{vmid}/spiceproxy",
        spiceproxy("qemu"),
        {**NV, "proxy": param(fmt="address")},
        perm=CONSOLE,
    ),
    Route(
        "POST",
        "/nodes/{node}/lxc/{vmid}/spiceproxy",
        spiceproxy("lxc"),
        {**NV, "proxy": param(fmt="address")},
        perm=CONSOLE,
    ),
]
