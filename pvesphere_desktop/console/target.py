"""What a console connects to, and what PVE's proxy endpoints grant for it.

PVE opens a console in two steps: ``POST .../vncproxy`` (``websocket=1``) or ``.../termproxy``
returns a one-time ``port`` and ``ticket`` (plus ``user``, and for VNC maybe a ``password``);
then a websocket to ``.../vncwebsocket?port=&vncticket=`` with the API auth relays the console.
This module turns those answers into what the relay and the console pages need, following the
per-version rules of pve-api-notes section 5.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import quote, urlsplit

from pvesphere_desktop.console.relay import UpstreamTarget
from pvesphere_desktop.console.trust import UpstreamTls
from pvesphere_desktop.core.errors import MalformedResponseError
from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP, UserMessage

_CTX = "Console"

# PVE's console tickets are valid from -20 s to +40 s around their creation.
CONSOLE_TICKET_LIFETIME_S = 40.0


class ConsoleKind(StrEnum):
    VNC = "vnc"  # qemu graphical console: vncproxy + noVNC
    LXC = "lxc"  # container console: termproxy + xterm.js
    SHELL = "shell"  # node shell: termproxy + xterm.js
    SERIAL = "serial"  # qemu serial port: termproxy serial0..3 + xterm.js

    @property
    def is_terminal(self) -> bool:
        return self is not ConsoleKind.VNC

    @property
    def page(self) -> str:
        """The console page that shows this kind."""
        return "term.html" if self.is_terminal else "vnc.html"


@dataclass(frozen=True)
class ConsoleTarget:
    """One console: a guest's display or serial port, a container's console or a node's shell."""

    cluster: str
    node: str
    kind: ConsoleKind
    vmid: int | None = None
    name: str = ""  # the guest's name, for titles
    serial: str = "serial0"

    def __post_init__(self) -> None:
        if self.kind is not ConsoleKind.SHELL and self.vmid is None:
            raise ValueError(f"a {self.kind} console needs a VMID")
        if self.kind is ConsoleKind.SERIAL and self.serial not in {f"serial{i}" for i in range(4)}:
            raise ValueError(f"no such serial port: {self.serial}")

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity for "is this console already open?" (a guest's node is only an attribute)."""
        where = self.node if self.kind is ConsoleKind.SHELL else str(self.vmid)
        return (self.cluster, where, self.kind.value + (self.serial if self.is_serial else ""))

    @property
    def is_serial(self) -> bool:
        return self.kind is ConsoleKind.SERIAL

    @property
    def proxy_path(self) -> str:
        """The API path (below /api2/json) that opens this console."""
        if self.kind is ConsoleKind.SHELL:
            return f"/nodes/{self.node}/termproxy"
        guest = "lxc" if self.kind is ConsoleKind.LXC else "qemu"
        verb = "vncproxy" if self.kind is ConsoleKind.VNC else "termproxy"
        return f"/nodes/{self.node}/{guest}/{self.vmid}/{verb}"

    @property
    def proxy_params(self) -> dict[str, str]:
        """The form parameters of the proxy call."""
        if self.kind is ConsoleKind.VNC:
            return {"websocket": "1"}
        if self.kind is ConsoleKind.SERIAL:
            return {"serial": self.serial}
        return {}

    @property
    def websocket_path(self) -> str:
        """The API path (below /api2/json) of the websocket that carries this console."""
        if self.kind is ConsoleKind.SHELL:
            return f"/nodes/{self.node}/vncwebsocket"
        guest = "lxc" if self.kind is ConsoleKind.LXC else "qemu"
        return f"/nodes/{self.node}/{guest}/{self.vmid}/vncwebsocket"

    def title(self) -> UserMessage:
        """Return the tab/window title, naming the cluster so two clusters never look alike."""
        values = {
            "cluster": self.cluster,
            "node": self.node,
            "vmid": self.vmid,
            "name": self.name,
            "serial": self.serial,
        }
        if self.kind is ConsoleKind.SHELL:
            return UserMessage(
                _CTX, QT_TRANSLATE_NOOP("Console", "Shell {node} · {cluster}"), values
            )
        if not self.name:
            values["name"] = (
                f"CT {self.vmid}" if self.kind is ConsoleKind.LXC else f"VM {self.vmid}"
            )
            if self.kind is ConsoleKind.SERIAL:
                return UserMessage(
                    _CTX, QT_TRANSLATE_NOOP("Console", "{name} {serial} · {cluster}"), values
                )
            return UserMessage(_CTX, QT_TRANSLATE_NOOP("Console", "{name} · {cluster}"), values)
        if self.kind is ConsoleKind.SERIAL:
            return UserMessage(
                _CTX, QT_TRANSLATE_NOOP("Console", "{name} ({vmid}) {serial} · {cluster}"), values
            )
        return UserMessage(
            _CTX, QT_TRANSLATE_NOOP("Console", "{name} ({vmid}) · {cluster}"), values
        )


@dataclass(frozen=True)
class ConsoleGrant:
    """Everything needed to show one console: the upstream for the relay, secrets for the page.

    ``page_params`` holds the VNC password or the terminal's user and ticket; it goes to the
    page through the web view's script bridge only, never into a URL, a log or a file.
    """

    kind: ConsoleKind
    upstream: UpstreamTarget
    page_params: Mapping[str, str] = field(repr=False)


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise MalformedResponseError(f"console proxy reply without '{key}'")
    return value


def _port(data: Mapping[str, Any]) -> int:
    raw = data.get("port")
    try:
        port = int(raw)  # type: ignore[arg-type]  # an int, or a string before PVE 6.3
    except (TypeError, ValueError):
        raise MalformedResponseError("console proxy reply without a valid 'port'") from None
    if not 1 <= port <= 65535:
        raise MalformedResponseError("console proxy reply with an invalid 'port'")
    return port


def vnc_password(data: Mapping[str, Any]) -> str:
    """Return the RFB (VNC auth) password for a vncproxy reply.

    qemu-server 9.1.7+ always sends a random ``password`` (and prefixes the ticket with it);
    older versions use the ticket itself, of which QEMU compares the first 8 bytes.
    """
    password = data.get("password")
    if isinstance(password, str) and password:
        return password
    return _text(data, "ticket")


def build_grant(
    target: ConsoleTarget,
    reply: Mapping[str, Any],
    *,
    base_url: str,
    auth_headers: tuple[tuple[str, str], ...],
    tls: UpstreamTls,
    now: float | None = None,
) -> ConsoleGrant:
    """Turn a vncproxy/termproxy reply into a grant for ``base_url`` (``https://host:port``)."""
    parts = urlsplit(base_url)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError("console upstreams are reached over https only")
    port = _port(reply)
    ticket = _text(reply, "ticket")
    netloc = parts.netloc.rsplit("@", 1)[-1]
    # The full ticket goes into vncticket (9.1.7 prefixes it with the password: keep it).
    url = (
        f"wss://{netloc}/api2/json{target.websocket_path}"
        f"?port={port}&vncticket={quote(ticket, safe='')}"
    )
    issued = time.time() if now is None else now
    upstream = UpstreamTarget(
        url=url,
        headers=auth_headers,
        tls=tls,
        ticket_expires_at=issued + CONSOLE_TICKET_LIFETIME_S,
    )
    if target.kind is ConsoleKind.VNC:
        params = {"password": vnc_password(reply)}
    else:
        params = {"user": _text(reply, "user"), "ticket": ticket}
    return ConsoleGrant(target.kind, upstream, params)


def ticket_auth_headers(ticket: str) -> tuple[tuple[str, str], ...]:
    """Return the upgrade headers for a ticket session (what browsers send: the cookie)."""
    # Ticket characters (A-Z0-9:+/=@!) are all valid cookie octets: send it as proxmoxer does.
    return (("Cookie", f"PVEAuthCookie={ticket}"),)


def token_auth_headers(token_user: str, secret: str) -> tuple[tuple[str, str], ...]:
    """Return the upgrade headers for an API token (``user@realm!tokenid`` and its secret)."""
    return (("Authorization", f"PVEAPIToken={token_user}={secret}"),)
