"""A console opener that asks the simulator's ConsoleHub directly (stands in for vncproxy).

It answers exactly what PVE's vncproxy/termproxy endpoints answer (the hub builds the reply)
and points the grant at a :class:`FakeConsoleFront`, which serves the websocket with the hub's
real RFB and termproxy servers. Hooks let tests spoil the reply (wrong ticket) or let time
pass between the grant and the connection (expired ticket).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pvesphere_desktop.console.target import (
    ConsoleGrant,
    ConsoleKind,
    ConsoleTarget,
    build_grant,
    ticket_auth_headers,
    token_auth_headers,
)
from pvesphere_desktop.console.trust import UpstreamTls
from tests.consolekit.certs import SelfSignedCert
from tests.consolekit.upstream import FakeConsoleFront

_HUB_KINDS = {
    ConsoleKind.LXC: "lxc",
    ConsoleKind.SHELL: "shell",
    ConsoleKind.SERIAL: "serial",
}


@dataclass
class FakeClock:
    """Wall-clock time plus an offset the test may move forward."""

    offset: float = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


@dataclass
class HubOpener:
    front: FakeConsoleFront
    cert: SelfSignedCert
    auth: str = "cookie"  # or "token"
    clock: Callable[[], float] = time.time
    spoil: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    after_grant: Callable[[], None] | None = None
    port_override: int | None = None  # send the websocket somewhere else (unreachable)
    grants: list[ConsoleGrant] = field(default_factory=list)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port_override or self.front.port}"

    def _user_and_headers(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        if self.auth == "token":
            assert self.front.api_token is not None
            token_user, _, secret = self.front.api_token.rpartition("=")
            return token_user, token_auth_headers(token_user, secret)
        assert self.front.cookie is not None
        return self.front.cookie_user, ticket_auth_headers(self.front.cookie)

    def grant(self, target: ConsoleTarget) -> ConsoleGrant:
        hub = self.front.hub
        assert hub is not None
        user, headers = self._user_and_headers()
        name = target.name or str(target.vmid)
        if target.kind is ConsoleKind.VNC:
            reply: Mapping[str, Any] = hub.open_vnc(
                node=target.node,
                vmid=target.vmid,
                title=f"VM {target.vmid} ({name})",
                user=user,
                version=self.front.version,
                kind="qemu",
            )
        else:
            reply = hub.open_term(
                node=target.node,
                vmid=target.vmid,
                hostname=target.node if target.kind is ConsoleKind.SHELL else name,
                user=user,
                version=self.front.version,
                kind=_HUB_KINDS[target.kind],
            )
        data = dict(reply)
        if self.spoil is not None:
            data = self.spoil(data)
        grant = build_grant(
            target,
            data,
            base_url=f"https://{self.host}",
            auth_headers=headers,
            tls=UpstreamTls.pinned([self.cert.fingerprint], self.host),
            now=self.clock(),
        )
        self.grants.append(grant)
        if self.after_grant is not None:
            self.after_grant()
        return grant
