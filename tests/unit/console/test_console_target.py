"""Console targets and what PVE's proxy replies grant, per version."""

from __future__ import annotations

import pytest

from pvesphere_desktop.console.target import (
    CONSOLE_TICKET_LIFETIME_S,
    ConsoleKind,
    ConsoleTarget,
    build_grant,
    ticket_auth_headers,
    token_auth_headers,
    vnc_password,
)
from pvesphere_desktop.console.trust import UpstreamTls
from pvesphere_desktop.core.errors import MalformedResponseError

PIN = "AB:" * 31 + "AB"
TLS = UpstreamTls.pinned([PIN], "pve1:8006")
HEADERS = token_auth_headers("root@pam!desk", "0b5a5c52-8d7f-4b5e-9d7c-2a8a3f0d8e11")


@pytest.mark.parametrize(
    ("target", "proxy", "params", "websocket"),
    [
        (
            ConsoleTarget("c", "pve1", ConsoleKind.VNC, vmid=100),
            "/nodes/pve1/qemu/100/vncproxy",
            {"websocket": "1"},
            "/nodes/pve1/qemu/100/vncwebsocket",
        ),
        (
            ConsoleTarget("c", "pve1", ConsoleKind.LXC, vmid=200),
            "/nodes/pve1/lxc/200/termproxy",
            {},
            "/nodes/pve1/lxc/200/vncwebsocket",
        ),
        (
            ConsoleTarget("c", "pve2", ConsoleKind.SHELL),
            "/nodes/pve2/termproxy",
            {},
            "/nodes/pve2/vncwebsocket",
        ),
        (
            ConsoleTarget("c", "pve1", ConsoleKind.SERIAL, vmid=100, serial="serial1"),
            "/nodes/pve1/qemu/100/termproxy",
            {"serial": "serial1"},
            "/nodes/pve1/qemu/100/vncwebsocket",
        ),
    ],
    ids=["vnc", "lxc", "shell", "serial"],
)
def test_paths(target, proxy, params, websocket) -> None:
    assert target.proxy_path == proxy
    assert target.proxy_params == params
    assert target.websocket_path == websocket
    assert target.kind.page == ("vnc.html" if target.kind is ConsoleKind.VNC else "term.html")


def test_identity_ignores_the_node_of_a_guest() -> None:
    here = ConsoleTarget("c", "pve1", ConsoleKind.VNC, vmid=100)
    migrated = ConsoleTarget("c", "pve2", ConsoleKind.VNC, vmid=100)
    other_cluster = ConsoleTarget("d", "pve1", ConsoleKind.VNC, vmid=100)
    assert here.key == migrated.key
    assert here.key != other_cluster.key
    assert here.key != ConsoleTarget("c", "pve1", ConsoleKind.SERIAL, vmid=100).key


def test_invalid_targets() -> None:
    with pytest.raises(ValueError, match="VMID"):
        ConsoleTarget("c", "pve1", ConsoleKind.VNC)
    with pytest.raises(ValueError, match="serial"):
        ConsoleTarget("c", "pve1", ConsoleKind.SERIAL, vmid=1, serial="serial9")


def test_titles_name_the_cluster() -> None:
    assert str(ConsoleTarget("lab", "n1", ConsoleKind.SHELL).title()) == "Shell n1 · lab"
    vm = ConsoleTarget("lab", "n1", ConsoleKind.VNC, vmid=101, name="web")
    assert str(vm.title()) == "web (101) · lab"
    assert str(ConsoleTarget("lab", "n1", ConsoleKind.VNC, vmid=7).title()) == "VM 7 · lab"
    assert str(ConsoleTarget("lab", "n1", ConsoleKind.LXC, vmid=8).title()) == "CT 8 · lab"
    serial = ConsoleTarget("lab", "n1", ConsoleKind.SERIAL, vmid=9)
    assert str(serial.title()) == "VM 9 serial0 · lab"


def test_vnc_grant_before_9_1_uses_the_ticket_as_password() -> None:
    reply = {"user": "root@pam", "ticket": "PVEVNC:66AAAAAA::c2ln+/=", "port": "5901"}
    target = ConsoleTarget("c", "pve1", ConsoleKind.VNC, vmid=100)
    grant = build_grant(
        target, reply, base_url="https://pve1:8006", auth_headers=HEADERS, tls=TLS, now=1000.0
    )
    assert grant.page_params == {"password": "PVEVNC:66AAAAAA::c2ln+/="}
    assert grant.upstream.url == (
        "wss://pve1:8006/api2/json/nodes/pve1/qemu/100/vncwebsocket"
        "?port=5901&vncticket=PVEVNC%3A66AAAAAA%3A%3Ac2ln%2B%2F%3D"
    )
    assert grant.upstream.ticket_expires_at == 1000.0 + CONSOLE_TICKET_LIFETIME_S
    assert grant.upstream.headers == HEADERS
    assert "PVEVNC" not in repr(grant)
    assert "0b5a5c52" not in repr(grant)


def test_vnc_grant_from_9_1_uses_the_password_and_the_full_ticket() -> None:
    reply = {
        "user": "u@pve",
        "ticket": "xY7kPq2z:PVEVNC:66AAAAAA::sig",
        "port": 5900,
        "password": "xY7kPq2z",  # house-rules: allow-secret fake for tests
    }
    assert vnc_password(reply) == "xY7kPq2z"
    target = ConsoleTarget("c", "pve1", ConsoleKind.VNC, vmid=100)
    grant = build_grant(target, reply, base_url="https://10.0.0.1:8006", auth_headers=(), tls=TLS)
    assert grant.page_params == {"password": "xY7kPq2z"}  # house-rules: allow-secret fake for tests
    assert "vncticket=xY7kPq2z%3APVEVNC%3A66AAAAAA%3A%3Asig" in grant.upstream.url


def test_terminal_grant_carries_user_and_ticket() -> None:
    reply = {"user": "root@pam!desk", "ticket": "PVEVNC:66AAAAAA::t", "port": 5902, "upid": "x"}
    target = ConsoleTarget("c", "pve1", ConsoleKind.SHELL)
    grant = build_grant(target, reply, base_url="https://[::1]:8006", auth_headers=(), tls=TLS)
    assert grant.page_params == {"user": "root@pam!desk", "ticket": "PVEVNC:66AAAAAA::t"}
    assert grant.upstream.url.startswith("wss://[::1]:8006/api2/json/nodes/pve1/vncwebsocket?")


@pytest.mark.parametrize(
    "reply",
    [
        {"user": "u", "ticket": "t"},
        {"user": "u", "ticket": "t", "port": "x"},
        {"user": "u", "ticket": "t", "port": 70000},
        {"user": "u", "port": 5900},
    ],
)
def test_malformed_replies(reply) -> None:
    target = ConsoleTarget("c", "pve1", ConsoleKind.SHELL)
    with pytest.raises(MalformedResponseError):
        build_grant(target, reply, base_url="https://h:8006", auth_headers=(), tls=TLS)


def test_only_https_bases() -> None:
    target = ConsoleTarget("c", "pve1", ConsoleKind.SHELL)
    reply = {"user": "u", "ticket": "t", "port": 5900}
    with pytest.raises(ValueError, match="https"):
        build_grant(target, reply, base_url="http://h:8006", auth_headers=(), tls=TLS)


def test_auth_headers() -> None:
    assert ticket_auth_headers("PVE:root@pam:66AAAAAA::s+/=") == (
        ("Cookie", "PVEAuthCookie=PVE:root@pam:66AAAAAA::s+/="),
    )
    assert token_auth_headers("a@pve!t", "sec") == (("Authorization", "PVEAPIToken=a@pve!t=sec"),)
