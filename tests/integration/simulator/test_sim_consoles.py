"""Consoles end to end: vncproxy/termproxy over HTTPS, then vncwebsocket with a real websocket
client speaking RFB 3.8 (VNC authentication) and PVE's termproxy protocol."""

from __future__ import annotations

import asyncio
import ssl
import struct
from typing import Any
from urllib.parse import quote

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from pvesphere_desktop.simulator import SimulatedFleet
from pvesphere_desktop.simulator.consoles.vncauth import vnc_auth_response
from tests.fixtures_sim import PveHttp, cluster_of, fleet_client

VERSIONS = ("7.4", "8.4", "9.1")


def ws_url(info: dict[str, Any], path: str, port: Any, ticket: str) -> str:
    base = info["url"].replace("https://", "wss://")
    return f"{base}/api2/json{path}?port={port}&vncticket={quote(ticket, safe='')}"


class Stream:
    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.buffer = b""

    async def read(self, count: int) -> bytes:
        while len(self.buffer) < count:
            message = await asyncio.wait_for(self.ws.recv(), 5)
            self.buffer += message if isinstance(message, bytes) else message.encode()
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data


async def rfb_handshake(
    url: str, headers: dict[str, str], ctx: ssl.SSLContext, password: str
) -> dict[str, Any]:
    async with connect(url, ssl=ctx, additional_headers=headers, subprotocols=["binary"]) as ws:
        assert ws.subprotocol == "binary"
        stream = Stream(ws)
        assert await stream.read(12) == b"RFB 003.008\n"
        await ws.send(b"RFB 003.008\n")
        count = (await stream.read(1))[0]
        types = list(await stream.read(count))
        assert 2 in types
        await ws.send(bytes([2]))
        challenge = await stream.read(16)
        await ws.send(vnc_auth_response(password, challenge))
        result = struct.unpack(">I", await stream.read(4))[0]
        if result != 0:
            return {"ok": False}
        await ws.send(bytes([1]))  # ClientInit, shared
        width, height = struct.unpack(">HH", await stream.read(4))
        await stream.read(16)  # pixel format
        (length,) = struct.unpack(">I", await stream.read(4))
        name = (await stream.read(length)).decode()
        return {"ok": True, "width": width, "height": height, "name": name}


@pytest.mark.parametrize("version", VERSIONS)
def test_vnc_console_with_vnc_authentication(sim_fleet: SimulatedFleet, version: str) -> None:
    c = fleet_client(sim_fleet, version)
    try:
        guest = next(
            g
            for g in cluster_of(sim_fleet, version).model.guests.values()
            if g.kind == "qemu" and g.running
        )
        data = c.ok("POST", f"/nodes/{guest.node}/qemu/{guest.vmid}/vncproxy", websocket="1")
        assert data["cert"].startswith("-----BEGIN CERTIFICATE-----")
        assert ":vncproxy:" in data["upid"]
        if version == "9.1":
            assert len(data["password"]) == 8
            assert data["ticket"].startswith(data["password"] + ":PVEVNC:")
            password = data["password"]
        else:
            assert "password" not in data
            assert data["ticket"].startswith("PVEVNC:")
            password = data["ticket"]
        url = ws_url(
            c.info,
            f"/nodes/{guest.node}/qemu/{guest.vmid}/vncwebsocket",
            data["port"],
            data["ticket"],
        )
        result = asyncio.run(rfb_handshake(url, c.auth, c.ctx, password))
        assert result["ok"]
        assert str(guest.vmid) in result["name"]
        assert guest.name in result["name"]
        assert result["width"] > 0
        assert result["height"] > 0
        # a plain GET (no upgrade) only echoes the port, as in PVE
        plain = c.get(
            f"/nodes/{guest.node}/qemu/{guest.vmid}/vncwebsocket",
            port=str(data["port"]),
            vncticket=data["ticket"],
        )
        assert plain.data == {"port": str(data["port"])}
    finally:
        c.close()


def test_wrong_vnc_password_fails_authentication(sim_fleet: SimulatedFleet) -> None:
    c = fleet_client(sim_fleet, "8.4")
    try:
        guest = next(
            g
            for g in cluster_of(sim_fleet, "8.4").model.guests.values()
            if g.kind == "qemu" and g.running
        )
        data = c.ok("POST", f"/nodes/{guest.node}/qemu/{guest.vmid}/vncproxy", websocket="1")
        url = ws_url(
            c.info,
            f"/nodes/{guest.node}/qemu/{guest.vmid}/vncwebsocket",
            data["port"],
            data["ticket"],
        )
        assert asyncio.run(rfb_handshake(url, c.auth, c.ctx, "wrongpwd"))["ok"] is False
    finally:
        c.close()


def test_invalid_vnc_ticket_is_refused_before_the_upgrade(sim_fleet: SimulatedFleet) -> None:
    c = fleet_client(sim_fleet, "8.4")
    try:
        guest = next(
            g
            for g in cluster_of(sim_fleet, "8.4").model.guests.values()
            if g.kind == "qemu" and g.running
        )
        data = c.ok("POST", f"/nodes/{guest.node}/qemu/{guest.vmid}/vncproxy", websocket="1")
        url = ws_url(
            c.info,
            f"/nodes/{guest.node}/qemu/{guest.vmid}/vncwebsocket",
            data["port"],
            "PVEVNC:00000000::forged",
        )
        with pytest.raises(InvalidStatus) as info:
            asyncio.run(rfb_handshake(url, c.auth, c.ctx, "x"))
        assert info.value.response.status_code == 403
        # and without API credentials at all: 401
        with pytest.raises(InvalidStatus) as info:
            asyncio.run(rfb_handshake(url, {}, c.ctx, "x"))
        assert info.value.response.status_code == 401
    finally:
        c.close()


async def term_session(
    url: str,
    headers: dict[str, str],
    ctx: ssl.SSLContext,
    user: str,
    ticket: str,
    lines: list[str],
    expect: str,
) -> str:
    """Send the ticket line, type ``lines``; return the output once ``expect`` shows."""
    async with connect(url, ssl=ctx, additional_headers=headers, subprotocols=["binary"]) as ws:
        await ws.send(f"{user}:{ticket}\n")
        output = b""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 5

        async def read_until(marker: bytes) -> None:
            nonlocal output
            while marker not in output:
                if loop.time() > deadline:
                    raise AssertionError(f"{marker!r} not in {output!r}")
                message = await asyncio.wait_for(ws.recv(), 5)
                output += message if isinstance(message, bytes) else message.encode()

        await read_until(b"OK")
        await ws.send("1:100:30:")
        await ws.send("2")
        for line in lines:
            typed = line + "\r"
            await ws.send(f"0:{len(typed.encode())}:{typed}")
        await read_until(expect.encode())
        return output.decode("utf-8", "replace")


@pytest.mark.parametrize("version", VERSIONS)
def test_lxc_terminal_login_and_echo(sim_fleet: SimulatedFleet, version: str) -> None:
    c = fleet_client(sim_fleet, version)
    try:
        guest = next(
            g
            for g in cluster_of(sim_fleet, version).model.guests.values()
            if g.kind == "lxc" and g.running
        )
        data = c.ok("POST", f"/nodes/{guest.node}/lxc/{guest.vmid}/termproxy")
        assert set(data) == {"user", "ticket", "port", "upid"}
        url = ws_url(
            c.info,
            f"/nodes/{guest.node}/lxc/{guest.vmid}/vncwebsocket",
            data["port"],
            data["ticket"],
        )
        lines = ["root", "secret", "hostname"]
        output = asyncio.run(
            term_session(
                url, c.auth, c.ctx, data["user"], data["ticket"], lines, f"hostname\r\n{guest.name}"
            )
        )
        assert output.startswith("OK")
        assert "login:" in output
    finally:
        c.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_node_shell_needs_a_ticket_before_9_1(sim_fleet: SimulatedFleet, version: str) -> None:
    c = fleet_client(sim_fleet, version)
    try:
        node = cluster_of(sim_fleet, version).model.first_node.name
        answer = c.post(f"/nodes/{node}/termproxy")
        if version != "9.1":
            assert (answer.status, answer.reason) == (403, "Permission check failed (realm != pam)")
            ticket_client = PveHttp(c.info)
            assert ticket_client.login("root@pam", c.user("root@pam")["password"]).status == 200
            c.close()
            c = ticket_client
            answer = c.post(f"/nodes/{node}/termproxy")
        assert answer.status == 200
        data = answer.data
        url = ws_url(c.info, f"/nodes/{node}/vncwebsocket", data["port"], data["ticket"])
        output = asyncio.run(
            term_session(
                url,
                c.auth,
                c.ctx,
                data["user"],
                data["ticket"],
                ["hostname"],
                f"hostname\r\n{node}",
            )
        )
        assert output.startswith("OK")
    finally:
        c.close()
