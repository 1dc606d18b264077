"""Console endpoints: ``vncproxy``, ``vncshell``, ``termproxy``, ``vncwebsocket``, ``spiceproxy``.

The console protocols themselves (RFB, termproxy) are served by the console hub
(``simulator.consoles``); these handlers do what pveproxy does around them: permissions, the
proxy task and its UPID, the node certificate, and the authenticated WebSocket upgrade.
"""

from __future__ import annotations

import inspect
import logging
import secrets
from typing import Any

from pvesphere_desktop.simulator.httpserver import Upgrade, WebSocketConnection
from pvesphere_desktop.simulator.routing import (
    NODE,
    VMID,
    ApiError,
    Ctx,
    Perm,
    Route,
    S,
)

log = logging.getLogger(__name__)

CONSOLE = Perm("/vms/{vmid}", ("VM.Console",))
SHELL = Perm("/nodes/{node}", ("Sys.Console",))


def _hub(ctx: Ctx) -> Any:
    hub = ctx.sim.console_hub
    if hub is None:
        raise ApiError(500, "console support is not available in this simulator build")
    return hub


def _call(fn: Any, **kwargs: Any) -> Any:
    """Call a hub method with the keyword arguments it accepts."""
    params = inspect.signature(fn).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return fn(**kwargs)
    return fn(**{k: v for k, v in kwargs.items() if k in params})


def _check_shell_user(ctx: Ctx) -> None:
    ident = ctx.ident
    if ident is None:
        raise ApiError(403, "Permission check failed (realm != pam)")
    if ident.tokenid and not ctx.prof.token_shells:
        raise ApiError(403, "Permission check failed (realm != pam)")
    if not ctx.since("8.0") and ident.userid.rsplit("@", 1)[1] != "pam":
        raise ApiError(403, "Permission check failed (realm != pam)")


def _proxy_answer(ctx: Ctx, data: dict[str, Any], *, node: str, ttype: str, ident: str,
                  with_cert: bool) -> dict[str, Any]:  # fmt: skip
    task = ctx.sim.tasks.start(node=node, ttype=ttype, ident=ident, user=ctx.upid_user(),
                               lines=["connection timed out"] if False else [])  # fmt: skip
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
        if kind == "qemu" and not guest.running:
            raise ApiError(500, f"VM {guest.vmid} not running")
        if kind == "lxc" and not guest.running:
            raise ApiError(500, f"CT {guest.vmid} not running")
        hub = _hub(ctx)
        generate = ctx.b("generate-password") or ctx.prof.vnc_always_password
        data = _call(hub.open_vnc, node=guest.node, vmid=guest.vmid, title=f"{guest.name} ({guest.vmid})",
                     name=guest.name, user=ctx.upid_user(), version=ctx.prof.key, kind=kind,
                     generate_password=generate, websocket=ctx.b("websocket"))  # fmt: skip
        return _proxy_answer(ctx, data, node=guest.node, ttype="vncproxy", ident=str(guest.vmid),
                             with_cert=True)  # fmt: skip

    return handler


def vncshell(ctx: Ctx) -> Any:
    _check_shell_user(ctx)
    node = ctx.node_name()
    hub = _hub(ctx)
    data = _call(hub.open_vnc, node=node, vmid=None, title=f"node '{node}'", name=node,
                 user=ctx.upid_user(), version=ctx.prof.key, kind="shell",
                 generate_password=ctx.prof.vnc_always_password, websocket=ctx.b("websocket"))  # fmt: skip
    return _proxy_answer(ctx, data, node=node, ttype="vncshell", ident="", with_cert=True)


def termproxy(kind: str) -> Any:
    def handler(ctx: Ctx) -> Any:
        hub = _hub(ctx)
        if kind == "node":
            _check_shell_user(ctx)
            node = ctx.node_name()
            hostname = node
            vmid = None
        else:
            guest = ctx.guest(kind)
            if not guest.running:
                raise ApiError(500, f"{'VM' if kind == 'qemu' else 'CT'} {guest.vmid} not running")
            node = guest.node
            hostname = guest.name
            vmid = guest.vmid
        data = _call(hub.open_term, node=node, vmid=vmid, hostname=hostname, user=ctx.upid_user(),
                     version=ctx.prof.key, kind=kind if kind != "node" else "shell",
                     serial=ctx.s("serial"), cmd=ctx.s("cmd"))  # fmt: skip
        ttype = "termproxy" if kind == "node" else "vncproxy"
        return _proxy_answer(ctx, data, node=node, ttype=ttype, ident="" if vmid is None else str(vmid),
                             with_cert=False)  # fmt: skip

    return handler


def vncwebsocket(kind: str) -> Any:
    def handler(ctx: Ctx) -> Any:
        if kind == "node":
            vmid = None
            _check_shell_user(ctx)
        else:
            vmid = ctx.guest(kind).vmid
        port = ctx.req("port")
        ticket = ctx.req("vncticket")
        upgrade = "websocket" in ctx.request.header("upgrade").lower()
        if not upgrade:
            return {"port": str(port)}
        hub = _hub(ctx)
        user = ctx.upid_user()
        ok = _call(hub.check_ticket, port=int(port), vncticket=ticket, user=user, path_vmid=vmid,
                   vmid=vmid, version=ctx.prof.key, node=ctx.node_name())  # fmt: skip
        if not ok:
            raise ApiError(401, "invalid vnc ticket")
        version = ctx.prof.key

        async def session(conn: WebSocketConnection) -> None:
            await _call(hub.serve, conn=conn, port=int(port), vncticket=ticket, user=user,
                        path_vmid=vmid, version=version)  # fmt: skip

        return Upgrade(session)

    return handler


def spiceproxy(kind: str) -> Any:
    def handler(ctx: Ctx) -> Any:
        guest = ctx.guest(kind)
        if not guest.running:
            raise ApiError(500, f"{'VM' if kind == 'qemu' else 'CT'} {guest.vmid} not running")
        sim = ctx.sim
        node = sim.model.nodes[guest.node]
        proxy_host = ctx.s("proxy") or node.ip
        ticket = secrets.token_hex(20)
        ca = sim.ca.pem.decode().replace("\n", "\\n") if sim.ca else ""
        return {
            "type": "spice",
            "host": f"pvespiceproxy:{int(ctx.now):08x}:{guest.vmid}:{guest.node}::{secrets.token_hex(20)}",
            "proxy": f"http://{proxy_host}:3128",
            "tls-port": ctx.num(61000),
            "password": ticket,
            "ca": ca,
            "host-subject": f"OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN={guest.node}.sim.invalid",
            "title": f"{'VM' if kind == 'qemu' else 'CT'} {guest.vmid}",
            "secure-attention": "Ctrl+Alt+Ins",
            "release-cursor": "Ctrl+Alt+R",
            "toggle-fullscreen": "Shift+F11",
            "delete-this-file": 1,
        }

    return handler


NV = {"node": NODE, "vmid": VMID}
WS_PARAMS = {"port": S("integer", min=5900, max=5999, opt=False), "vncticket": S(maxlen=512, opt=False)}

ROUTES = [
    Route("POST", "/nodes/{node}/qemu/{vmid}/vncproxy", vncproxy("qemu"),
          {**NV, "websocket": S("boolean"), "generate-password": S("boolean", default=0)},
          perm=CONSOLE),  # fmt: skip
    Route("POST", "/nodes/{node}/lxc/{vmid}/vncproxy", vncproxy("lxc"),
          {**NV, "websocket": S("boolean"), "width": S("integer", min=16, max=4096),
           "height": S("integer", min=16, max=2160)}, perm=CONSOLE),  # fmt: skip
    Route("POST", "/nodes/{node}/vncshell", vncshell,
          {"node": NODE, "websocket": S("boolean"), "cmd": S(enum=("ceph_install", "upgrade", "login"), default="login"),
           "cmd-opts": S(default=""), "width": S("integer", min=16, max=4096),
           "height": S("integer", min=16, max=2160)}, perm=SHELL),  # fmt: skip
    Route("POST", "/nodes/{node}/termproxy", termproxy("node"),
          {"node": NODE, "cmd": S(enum=("ceph_install", "upgrade", "login"), default="login"),
           "cmd-opts": S(default="")}, perm=SHELL),  # fmt: skip
    Route("POST", "/nodes/{node}/qemu/{vmid}/termproxy", termproxy("qemu"),
          {**NV, "serial": S(enum=("serial0", "serial1", "serial2", "serial3"))}, perm=CONSOLE),
    Route("POST", "/nodes/{node}/lxc/{vmid}/termproxy", termproxy("lxc"), dict(NV), perm=CONSOLE),
    Route("GET", "/nodes/{node}/qemu/{vmid}/vncwebsocket", vncwebsocket("qemu"), {**NV, **WS_PARAMS},
          perm=CONSOLE),  # fmt: skip
    Route("GET", "/nodes/{node}/lxc/{vmid}/vncwebsocket", vncwebsocket("lxc"), {**NV, **WS_PARAMS},
          perm=CONSOLE),  # fmt: skip
    Route("GET", "/nodes/{node}/vncwebsocket", vncwebsocket("node"), {"node": NODE, **WS_PARAMS},
          perm=SHELL),  # fmt: skip
    Route("POST", "/nodes/{node}/qemu/{vmid}/spiceproxy", spiceproxy("qemu"),
          {**NV, "proxy": S(fmt="address")}, perm=CONSOLE),  # fmt: skip
    Route("POST", "/nodes/{node}/lxc/{vmid}/spiceproxy", spiceproxy("lxc"),
          {**NV, "proxy": S(fmt="address")}, perm=CONSOLE),  # fmt: skip
]
