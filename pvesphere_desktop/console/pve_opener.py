"""Open consoles through a cluster's :class:`PveSession`.

Which credentials open which console: an API token works for guest consoles everywhere, but a
node shell (``/nodes/{node}/termproxy`` + ``vncwebsocket``) accepts tokens only from PVE
9.0.13. Before that the user logs in with a password (+ second factor) for consoles only; that
ticket session lives in memory (:class:`ConsoleLogins`) and is never written anywhere.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from pvesphere_desktop.console.service import ConsoleLoginRequiredError
from pvesphere_desktop.console.target import ConsoleGrant, ConsoleKind, ConsoleTarget, build_grant
from pvesphere_desktop.console.trust import UpstreamTls
from pvesphere_desktop.core.config import AuthMethod
from pvesphere_desktop.core.errors import MalformedResponseError
from pvesphere_desktop.pve.session import PveSession

log = logging.getLogger(__name__)


class ConsoleLogins:
    """Password (+ TFA) sessions made only to open consoles, per cluster, in memory only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[str, PveSession] = {}

    def get(self, cluster: str) -> PveSession | None:
        with self._lock:
            return self._sessions.get(cluster)

    def put(self, cluster: str, session: PveSession) -> None:
        """Keep a logged-in session for ``cluster`` (replacing and closing an older one)."""
        with self._lock:
            old = self._sessions.pop(cluster, None)
            self._sessions[cluster] = session
        if old is not None and old is not session:
            old.close()

    def forget(self, cluster: str) -> None:
        with self._lock:
            session = self._sessions.pop(cluster, None)
        if session is not None:
            session.close()

    def close(self) -> None:
        with self._lock:
            sessions = list(self._sessions.values())
            self._sessions.clear()
        for session in sessions:
            session.close()


def needs_password_login(session: PveSession, target: ConsoleTarget) -> bool:
    """Tell whether ``session``'s credentials cannot open ``target`` (token + old node shell)."""
    if target.kind is not ConsoleKind.SHELL or session.config.auth is not AuthMethod.TOKEN:
        return False
    return not session.capabilities().token_shells


SessionSource = PveSession | Callable[[], PveSession]


class PveConsoleOpener:
    """The :class:`~pvesphere_desktop.console.service.ConsoleOpener` for one PVE cluster.

    ``session`` is the cluster's session, or a callable returning it (it may block: it is only
    called from worker threads); ``host`` names the cluster in messages until a session exists.
    """

    def __init__(
        self, session: SessionSource, logins: ConsoleLogins | None = None, host: str = ""
    ) -> None:
        self._source = session
        self._logins = logins or ConsoleLogins()
        self._host = host

    @property
    def host(self) -> str:
        if isinstance(self._source, PveSession):
            return self._source.active_endpoint.key
        return self._host

    @property
    def session(self) -> PveSession:
        """The cluster's session (blocking when it has to be created: worker threads only)."""
        return self._source if isinstance(self._source, PveSession) else self._source()

    @property
    def logins(self) -> ConsoleLogins:
        return self._logins

    def session_for(self, target: ConsoleTarget) -> PveSession:
        """Return the session that can open ``target``; raise when a password login is needed."""
        session = self.session
        if not needs_password_login(session, target):
            return session
        login = self._logins.get(session.name)
        if login is not None and login.authenticated:
            return login
        version = session.version()
        raise ConsoleLoginRequiredError(cluster=session.name, version=version.version)

    def grant(self, target: ConsoleTarget) -> ConsoleGrant:
        """Ask PVE for the console and return how to reach it (blocking; worker threads)."""
        session = self.session_for(target)
        reply = session.post(target.proxy_path, **target.proxy_params)
        if not isinstance(reply, Mapping):
            raise MalformedResponseError("console proxy reply is not an object", host=self.host)
        endpoint = session.active_endpoint  # the endpoint that answered (failover may move it)
        log.info("cluster %s: %s console granted on %s", session.name, target.kind, target.node)
        return build_grant(
            target,
            _plain(reply),
            base_url=endpoint.url,
            auth_headers=session.upgrade_headers(),
            tls=UpstreamTls.from_policy(session.trust_policy, endpoint.key),
        )


def spice_reply(session: PveSession, target: ConsoleTarget) -> tuple[dict[str, Any], str]:
    """Ask PVE for SPICE settings of a guest; return them and the host we reached.

    The ``proxy`` parameter asks PVE to name the host we talk to as the SPICE proxy (all nodes
    run spiceproxy); :func:`console.spice.spice_fields` rewrites it again, whatever PVE says.
    """
    if target.vmid is None:
        raise ValueError("SPICE needs a guest")
    guest = "lxc" if target.kind is ConsoleKind.LXC else "qemu"
    host = urlsplit(session.active_endpoint.url).hostname or ""
    reply = session.post(f"/nodes/{target.node}/{guest}/{target.vmid}/spiceproxy", proxy=host)
    if not isinstance(reply, Mapping):
        raise MalformedResponseError("spiceproxy reply is not an object", host=host)
    return dict(reply), urlsplit(session.active_endpoint.url).hostname or host


def _plain(reply: Mapping[str, Any]) -> dict[str, Any]:
    return dict(reply)
