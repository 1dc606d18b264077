"""One simulated cluster at run time: its listeners, request dispatch, faults and tasks."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlencode

from pvesphere_desktop.simulator.auth import (
    AuthError,
    Identity,
    Permissions,
    TicketIssuer,
    parse_token_header,
)
from pvesphere_desktop.simulator.consoles import ConsoleHub
from pvesphere_desktop.simulator.faults import Faults
from pvesphere_desktop.simulator.httpserver import (
    Request,
    Response,
    Upgrade,
    make_server_ssl_context,
    serve_connection,
)
from pvesphere_desktop.simulator.routing import ApiError, Ctx, Extra, Perm, RawJson, Router
from pvesphere_desktop.simulator.schema import OfficialSchema, validate_params
from pvesphere_desktop.simulator.tasks import TaskEngine
from pvesphere_desktop.simulator.tls import CertPair, ClusterCA
from pvesphere_desktop.simulator.versions import VersionProfile, profile

if TYPE_CHECKING:
    from pvesphere_desktop.simulator.clock import SimClock
    from pvesphere_desktop.simulator.model import Cluster

log = logging.getLogger(__name__)

_API_RE = re.compile(r"^/api2/([a-z][a-z0-9]*)(/.*)?$")
_MULTI_SLASH = re.compile(r"/{2,}")


class ClusterSim:
    """Serve one cluster's API on each of its nodes' loopback addresses."""

    def __init__(
        self,
        model: Cluster,
        *,
        router: Router,
        clock: SimClock,
        lock: threading.RLock,
        official: Callable[[], OfficialSchema | None],
        workdir: Path,
        unauthorized_delay: float,
        use_gzip: bool,
    ) -> None:
        self.model = model
        self.prof: VersionProfile = profile(model.version)
        self.router = router
        self.clock = clock
        self.lock = lock
        self._official_loader = official
        self._official: OfficialSchema | None = None
        self._official_resolved = False
        self.workdir = workdir
        self.unauthorized_delay = unauthorized_delay
        self.use_gzip = use_gzip
        self._console_hubs: dict[str, ConsoleHub] = {}
        self.issuer = TicketIssuer()
        self.faults = Faults(seed=model.seed)
        self.tasks = TaskEngine(self)
        self.port = 0
        self.loop: asyncio.AbstractEventLoop | None = None
        self.generation = 0
        self.cache: dict[Any, Any] = {}
        self.ca: ClusterCA | None = None
        self.certs: dict[str, CertPair] = {}
        self._ssl: dict[str, Any] = {}
        self._servers: dict[str, asyncio.AbstractServer] = {}
        self._hang = asyncio.Event()  # replaced on start (bound to the loop)
        self._connections: dict[str, set[asyncio.Task[Any]]] = {}
        self.proxy_error: dict[str, tuple[int, str]] = {}
        self._gz_cache: dict[int, tuple[bytes, bytes]] = {}

    # --- life cycle -----------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.model.name

    def bump(self) -> None:
        """Invalidate cached views after a state change."""
        self.generation += 1

    def call_later(self, delay: float, fn: Callable[..., Any], *args: Any) -> asyncio.TimerHandle:
        assert self.loop is not None
        return self.loop.call_later(delay, fn, *args)

    @property
    def official(self) -> OfficialSchema | None:
        """The official schema of the emulated version (loaded on first use), if available."""
        if not self._official_resolved:
            self._official = self._official_loader()
            self._official_resolved = True
        return self._official

    def console_hub(self, node: str) -> ConsoleHub:
        """Return the console hub of a node (console ports and tickets are per node)."""
        hub = self._console_hubs.get(node)
        if hub is None:
            hub = self._console_hubs[node] = ConsoleHub(clock=self.clock.now)
        return hub

    def prepare_certificates(self) -> None:
        self.ca = ClusterCA.create(self.name)
        for node in self.model.nodes.values():
            self._issue(node.name)

    def _issue(self, node: str) -> None:
        assert self.ca is not None
        pair = self.ca.issue(node, self.model.nodes[node].ip)
        certfile, keyfile = pair.write(self.workdir, f"{self.name}-{node}")
        self.certs[node] = pair
        self.model.nodes[node].fingerprint = pair.fingerprint
        self._ssl[node] = make_server_ssl_context(str(certfile), str(keyfile))

    async def start(self, port: int) -> None:
        """Listen on every online node's address with the same port."""
        self.loop = asyncio.get_running_loop()
        self._hang = asyncio.Event()
        self.port = port
        for node in self.model.nodes.values():
            if node.online:
                await self._listen(node.name)

    async def _listen(self, node: str) -> None:
        address = self.model.nodes[node].ip

        conns = self._connections.setdefault(node, set())

        async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            # The TLS handshake runs in this task (not in the server, before it): a node that
            # goes down or changes its certificate drops connections mid-handshake too.
            task = asyncio.current_task()
            if task is not None:
                conns.add(task)
            try:
                try:
                    await writer.start_tls(self._ssl_for(node), ssl_handshake_timeout=15)
                except (ConnectionError, ssl.SSLError, TimeoutError, OSError):
                    writer.transport.abort()
                    return
                await serve_connection(
                    reader, writer, self.handle, local_address=address, use_gzip=self.use_gzip
                )
            except asyncio.CancelledError:
                # dropped on purpose (node down, fault, shutdown): cut the connection
                writer.transport.abort()
            finally:
                if task is not None:
                    conns.discard(task)

        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, self.port))
        sock.listen(256)
        sock.setblocking(False)
        server = await asyncio.start_server(on_connect, sock=sock, limit=64 * 1024)
        self._servers[node] = server

    def _ssl_for(self, node: str) -> Any:
        return self._ssl[node]

    async def _close_listener(self, node: str, *, drop_connections: bool) -> None:
        server = self._servers.pop(node, None)
        if server is not None:
            server.close()
        if drop_connections:
            for task in list(self._connections.get(node, ())):
                task.cancel()

    async def stop(self) -> None:
        for node in list(self._servers):
            await self._close_listener(node, drop_connections=False)
        self._hang.set()
        for conns in self._connections.values():
            for task in list(conns):
                task.cancel()

    # --- request handling -----------------------------------------------------------------------

    async def handle(self, req: Request) -> Response | Upgrade | None:
        """Answer one HTTP request as pveproxy would (faults first)."""
        faults = self.faults
        if faults.unreachable == "hang":
            await self._hang.wait()
            return None
        if faults.latency > 0:
            await asyncio.sleep(faults.latency)
        m = _API_RE.match(req.path)
        if not m:
            if req.method == "GET" and req.path in ("/", ""):
                return Response(
                    200,
                    "OK",
                    b"<html><body>Proxmox VE (simulated)</body></html>",
                    content_type="text/html;charset=UTF-8",
                )
            return self.error(501, f"no such file '{req.path}'")
        fmt = m.group(1)
        rel = unquote(_MULTI_SLASH.sub("/", m.group(2) or "/"))
        if len(rel) > 1:
            rel = rel.rstrip("/")
        with self.lock:
            result = self.dispatch(req, fmt, rel)
        if isinstance(result, Response):
            if result.status == 401 and self.unauthorized_delay > 0:
                loop = asyncio.get_running_loop()
                remaining = self.unauthorized_delay - (loop.time() - req.started)
                if remaining > 0:
                    await asyncio.sleep(remaining)
            if result.status == 200 and faults.body_fault and faults.roll(faults.body_fault_rate):
                self._damage(result)
        return result

    def _damage(self, resp: Response) -> None:
        body = resp.body
        if self.faults.body_fault == "truncated":
            cut = body[: max(1, len(body) // 2)]
            resp.raw_body_override = cut
        else:
            resp.raw_body_override = (
                b'{"data":[{"id":"qemu/100",' + b"\x00<html>502 Bad Gateway</html>"
            )

    def error(self, status: int, message: str, errors: dict[str, str] | None = None) -> Response:
        """Format an error answer: reason phrase always, JSON ``message`` on 8.4+."""
        body: dict[str, Any] = {"data": None}
        if errors is not None:
            body["errors"] = errors
        if self.prof.message_in_body:
            body["message"] = message if message.endswith("\n") else message + "\n"
        return Response(
            status, message, json.dumps(body, separators=(",", ":")).encode(), close=True
        )

    def _auth_failure(self, reason: str) -> Response:
        return Response(401, reason, b"", content_type=None, close=True)

    def authenticate(self, req: Request, method: str, now: float) -> Identity:
        """Return the caller's identity or raise AuthError with PVE's reason."""
        detailed = self.prof.detailed_auth_errors
        ticket = None
        cookie_header = req.header("cookie")
        if cookie_header:
            try:
                jar = SimpleCookie()
                jar.load(cookie_header)
                if "PVEAuthCookie" in jar:
                    ticket = unquote(jar["PVEAuthCookie"].value)
            except CookieError:
                ticket = None
            if ticket is None:
                for part in cookie_header.split(";"):
                    name, _, value = part.strip().partition("=")
                    if name == "PVEAuthCookie":
                        ticket = unquote(value)
        authz = req.header("authorization")
        if ticket is None and authz.startswith("PVEAuthCookie="):
            ticket = unquote(authz[len("PVEAuthCookie=") :])
        if ticket is not None:
            verified = self.issuer.verify(ticket, now)
            user = self.model.users.get(verified[0]) if verified else None
            if not verified or user is None or not user.enable or verified[0].startswith("!"):
                raise AuthError(
                    "permission denied - invalid PVE ticket"
                    if detailed
                    else "Authentication failed!"
                )
            if method != "GET":
                token = req.header("csrfpreventiontoken")
                if not self.issuer.verify_csrf(token, user.userid, now):
                    raise AuthError("Permission denied - invalid csrf token")
            return Identity(user.userid, via_ticket=True)
        parsed = parse_token_header(authz) if authz else None
        if parsed is None:
            raise AuthError("No ticket")
        userid, tokenid, secret = parsed
        user = self.model.users.get(userid)
        api_token = user.tokens.get(tokenid) if user else None
        if user is None or api_token is None or not user.enable or api_token.secret != secret:
            raise AuthError("invalid token value!" if detailed else "Authentication failed!")
        if api_token.expire and api_token.expire < now:
            raise AuthError(
                f"token '{tokenid}' access expired" if detailed else "Authentication failed!"
            )
        return Identity(userid, tokenid=tokenid)

    def node_for_address(self, address: str) -> str:
        """Return the name of the node listening on ``address`` (the first node otherwise)."""
        host = address.split(":", maxsplit=1)[0].strip("[]")
        return next(
            (n.name for n in self.model.nodes.values() if n.ip == host), self.model.first_node.name
        )

    def quorate(self) -> bool:
        nodes = self.model.nodes.values()
        online = sum(1 for n in nodes if n.online)
        return self.model.standalone or online * 2 > len(self.model.nodes)

    def dispatch(
        self, req: Request, fmt: str, rel: str, *, acting: Identity | None = None
    ) -> Response | Upgrade:
        """Authenticate, route, proxy-check, validate, authorise and run a handler.

        ``acting`` skips authentication: someone at the cluster itself (see ``act_as``).
        """
        method = req.method
        if method not in ("GET", "POST", "PUT", "DELETE"):
            return self.error(501, f"method '{method}' not available")
        if fmt not in ("json", "spiceconfig"):
            return self.error(501, f"no formatter for uri {req.path}")
        now = self.clock.now()
        public = (rel == "/access/domains" and method == "GET") or (
            rel == "/access/ticket" and method in ("GET", "POST")
        )
        ident: Identity | None = acting
        if not public and acting is None:
            try:
                ident = self.authenticate(req, method, now)
            except AuthError as exc:
                if "csrf" in str(exc):
                    return self.error(401, str(exc))
                return self._auth_failure(str(exc))
        route, args, _other = self.router.match(method, rel, self.prof.key)
        if route is None:
            return self.error(501, f"Method '{method} {rel}' not implemented")
        if ident is not None and ident.tokenid and not route.allowtoken:
            return self.error(
                403,
                f"Permission check failed (URI '{rel}' not available with API token,"
                " need proper ticket.)",
            )
        if route.proxy and "node" in args:
            node_name = args["node"]
            node = self.model.nodes.get(node_name)
            if node is None and node_name != "localhost":
                return self.error(
                    500,
                    f"hostname lookup '{node_name}' failed - failed to get address info for:"
                    f" {node_name}: Name or service not known",
                )
            if node is not None and not node.online:
                status, text = self.proxy_error.get(node_name, (595, "No route to host"))
                return self.error(status, text)
            if node_name == "localhost":
                local = next(
                    (n for n in self.model.nodes.values() if n.ip == req.local_address),
                    self.model.first_node,
                )
                args["node"] = local.name
        if self.faults.roll(self.faults.error_rate):
            return self.error(500, self.faults.error_message)
        if method != "GET" and not self.quorate() and not rel.startswith("/access/ticket"):
            return self.error(500, "cluster not ready - no quorum?")
        params: dict[str, Any] = dict(req.params())
        params.update(args)
        official = self.official
        schema = official.parameters(method, route.path) if official else None
        strict = schema is not None
        spec = schema if schema is not None else route.spec_for(self.prof.key)
        errors = validate_params(spec, params, strict=strict)
        if errors:
            return self.error(400, "Parameter verification failed.", errors)
        perms = Permissions(self.model, ident, self.prof.major)
        ctx = Ctx(self, self.prof, ident, perms, params, args, req, now, route)
        try:
            perm = route.perm_for(self.prof.key)
            if isinstance(perm, Perm):
                ctx.check(_fill(perm.path, params), *perm.privs, any_of=perm.any)
            data = route.handler(ctx)
        except ApiError as exc:
            return self.error(exc.status, exc.message, exc.errors)
        except Exception as exc:  # a handler bug: PVE answers 500 with the die message
            log.exception("simulator handler %s %s failed", method, route.path)
            return self.error(500, f"internal error: {type(exc).__name__}: {exc}")
        if isinstance(data, Upgrade):
            return data
        if isinstance(data, Response):
            return data
        if fmt == "spiceconfig" and isinstance(data, dict):
            text = "[virt-viewer]\n" + "".join(f"{k}={v}\n" for k, v in data.items())
            return Response(200, "OK", text.encode(), content_type="application/x-virt-viewer")
        if isinstance(data, RawJson) and fmt == "json":
            return self._ok(b'{"data":' + data.raw + b"}")
        if isinstance(data, RawJson):
            data = json.loads(data.raw)
        body = {**data.extra, "data": data.data} if isinstance(data, Extra) else {"data": data}
        return self._ok(json.dumps(body, separators=(",", ":")).encode())

    def act_as(
        self, userid: str, method: str, rel: str, params: dict[str, str] | None = None
    ) -> Any:
        """Call the API as ``userid`` without HTTP, as a colleague in the PVE GUI would: the
        same routing, validation, permissions and tasks. Returns ``data``; raises ApiError.

        The caller holds ``self.lock`` (as the HTTP server does around ``dispatch``).
        """
        body = urlencode(params or {}).encode() if method in ("POST", "PUT") else b""
        query = urlencode(params or {}) if method not in ("POST", "PUT") else ""
        first = self.model.first_node
        req = Request(
            method=method,
            target=f"/api2/json{rel}" + (f"?{query}" if query else ""),
            path=f"/api2/json{rel}",
            query=query,
            version="HTTP/1.1",
            headers={"content-type": "application/x-www-form-urlencoded"} if body else {},
            body=body,
            raw_head=b"",
            peer=first.ip,
            local_address=first.ip,
        )
        result = self.dispatch(req, "json", rel, acting=Identity(userid))
        if not isinstance(result, Response):
            raise ApiError(501, f"{method} {rel} cannot be called without HTTP")
        document = json.loads(result.body or b"{}")
        if result.status != 200:
            raise ApiError(result.status, result.reason, document.get("errors"))
        return document.get("data")

    def _ok(self, body: bytes) -> Response:
        """Answer 200 with ``body``; large bodies keep their gzip form while they repeat."""
        resp = Response(200, "OK", body)
        if self.use_gzip and len(body) > 1024:
            cached = self._gz_cache.get(len(body))
            if cached is not None and cached[0] == body:
                resp.precompressed = cached[1]
            else:
                resp.precompressed = gzip.compress(body, compresslevel=1, mtime=0)
                if len(self._gz_cache) > 16:
                    self._gz_cache.clear()
                self._gz_cache[len(body)] = (body, resp.precompressed)
        return resp

    # --- faults (callable from any thread) ----------------------------------------------------

    def _run(self, coro: Any) -> None:
        loop = self.loop
        assert loop is not None
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            loop.create_task(coro)
        else:
            asyncio.run_coroutine_threadsafe(coro, loop).result(30)

    def node_down(self, node: str, *, proxy_error: tuple[int, str] | None = None) -> None:
        """Power a node off: its address refuses connections, members answer 595 for it."""
        self._run(self.set_node_online(node, False, proxy_error=proxy_error))

    def node_up(self, node: str) -> None:
        self._run(self.set_node_online(node, True))

    def unreachable(self, mode: str = "refused") -> None:
        """Make the whole cluster unreachable: ``refused`` connections or ``hang`` forever."""
        if mode not in ("refused", "hang"):
            raise ValueError(mode)
        self._run(self.set_unreachable(mode))

    def reachable(self) -> None:
        self._run(self.set_unreachable(None))

    def set_latency(self, seconds: float) -> None:
        self.faults.latency = max(0.0, seconds)

    def set_error_rate(self, rate: float, message: str | None = None) -> None:
        """Answer this share of API requests with ``500 <message>``."""
        self.faults.error_rate = rate
        if message:
            self.faults.error_message = message

    def set_body_fault(self, kind: str | None, rate: float = 1.0) -> None:
        """Send ``malformed`` or ``truncated`` JSON bodies for this share of 200 answers."""
        if kind not in (None, "malformed", "truncated"):
            raise ValueError(kind)
        self.faults.body_fault = kind
        self.faults.body_fault_rate = rate

    def expire_tickets(self) -> None:
        """Invalidate every ticket and CSRF token issued so far (as a key rotation would)."""
        with self.lock:
            self.issuer.rotate()

    def change_certificate(self, node: str | None = None) -> str:
        """Issue new node certificates (all nodes, or one); return the first node's fingerprint."""
        self._run(self.rotate_certificate(node))
        return self.model.first_node.fingerprint

    def hold_tasks(self, hold: bool = True) -> None:
        """Keep new tasks running until :meth:`release_tasks` (or ``hold_tasks(False)``)."""
        self.faults.hold_tasks = hold
        if not hold:
            self.release_tasks()

    def release_tasks(self) -> None:
        with self.lock:
            self.tasks.release_all()

    def slow_tasks(self, seconds: float | None) -> None:
        """Make every new task take this many real seconds (None: back to the time-scale)."""
        self.faults.task_delay = seconds

    def fail_tasks(
        self, message: str = "simulated failure", types: tuple[str, ...] = ("*",)
    ) -> None:
        """End new tasks of these types (``*`` = all) with ``TASK ERROR: <message>``."""
        for ttype in types:
            self.faults.fail_tasks[ttype] = message

    def clear_faults(self) -> None:
        """Switch every fault off and bring nodes and listeners back."""
        unreachable = self.faults.unreachable
        hold = self.faults.hold_tasks
        self.faults.clear()
        if unreachable:
            self.reachable()
        for node in self.model.nodes.values():
            if not node.online:
                self.node_up(node.name)
        if hold:
            self.release_tasks()

    # --- fault internals (on the loop) ---------------------------------------------------------

    async def set_node_online(
        self, node: str, online: bool, *, proxy_error: tuple[int, str] | None = None
    ) -> None:
        with self.lock:
            self.model.nodes[node].online = online
            if proxy_error:
                self.proxy_error[node] = proxy_error
            else:
                self.proxy_error.pop(node, None)
            self.bump()
        if online:
            if node not in self._servers and self.faults.unreachable != "refused":
                await self._listen(node)
        else:
            await self._close_listener(node, drop_connections=True)

    async def set_unreachable(self, mode: str | None) -> None:
        self.faults.unreachable = mode
        if mode == "refused":
            for node in list(self._servers):
                await self._close_listener(node, drop_connections=True)
        elif mode is None:
            self._hang.set()
            self._hang = asyncio.Event()
            for member in self.model.nodes.values():
                if member.online and member.name not in self._servers:
                    await self._listen(member.name)

    async def rotate_certificate(self, node: str | None) -> None:
        nodes = [node] if node else list(self.model.nodes)
        with self.lock:
            for name in nodes:
                self._issue(name)
            self.bump()
        for name in nodes:
            if name in self._servers:
                await self._close_listener(name, drop_connections=True)
                await self._listen(name)


def _fill(template: str, params: dict[str, Any]) -> str:
    def repl(m: re.Match[str]) -> str:
        return str(params.get(m.group(1), m.group(0)))

    return re.sub(r"\{([^}]+)\}", repl, template)


def monotonic() -> float:
    return time.monotonic()
