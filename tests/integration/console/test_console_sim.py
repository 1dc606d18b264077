"""Consoles against the simulated PVE fleet (7.4, 8.4, 9.1) with our real client and relay.

The page side is played by a small RFB / termproxy client in the test, so every PVE version's
ticket and password rules are exercised end to end without a browser engine.
"""

from __future__ import annotations

import asyncio
import stat
import struct
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import pytest_asyncio
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin, Subprotocol

from pvesphere_desktop.console import spice
from pvesphere_desktop.console.pve_opener import ConsoleLogins, PveConsoleOpener, spice_reply
from pvesphere_desktop.console.relay import ConsoleRelay, RelayEvent, RelayEventKind
from pvesphere_desktop.console.service import ConsoleLoginRequiredError
from pvesphere_desktop.console.target import ConsoleKind, ConsoleTarget
from pvesphere_desktop.core.config import AuthMethod, ClusterConfig, TlsMode
from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.pve.session import PveSession, parse_token
from pvesphere_desktop.pve.tls import host_port
from pvesphere_desktop.simulator import FleetSpec, SimulatedFleet
from pvesphere_desktop.simulator.consoles.vncauth import vnc_auth_response

# The relay runs on a plain asyncio loop in its own thread in the app: test it on one.
plain_loop = pytest.mark.asyncio(loop_factories=["asyncio"])

VERSIONS = ("7.4", "8.4", "9.1")
WAIT = 10.0


@pytest.fixture(scope="module")
def fleet() -> Iterator[SimulatedFleet]:
    spec = FleetSpec(clusters=3, nodes=2, guests=10, versions=VERSIONS, seed=77, standalone=0)
    with SimulatedFleet(spec, time_scale=0.0, unauthorized_delay=0.0) as running:
        yield running


def cluster_info(fleet: SimulatedFleet, version: str) -> dict[str, Any]:
    return next(i for i in fleet.info() if i["version"] == version)


def token_session(info: dict[str, Any]) -> PveSession:
    user, token_id, secret = parse_token(info["token"])
    config = ClusterConfig(
        name=info["name"],
        url=info["url"],
        auth=AuthMethod.TOKEN,
        user=user,
        token_id=token_id,
        tls=TlsMode.PINNED,
        fingerprints={host_port(n["url"]): n["fingerprint"] for n in info["nodes"]},
        timeout_s=5.0,
    )
    return PveSession(config, secret)


def password_session(info: dict[str, Any]) -> PveSession:
    root = next(u for u in info["users"] if u["userid"] == "root@pam")
    config = ClusterConfig(
        name=info["name"],
        url=info["url"],
        auth=AuthMethod.PASSWORD,
        user="root@pam",
        tls=TlsMode.PINNED,
        fingerprints={host_port(n["url"]): n["fingerprint"] for n in info["nodes"]},
        timeout_s=5.0,
    )
    return PveSession(config, Secret(root["password"]))


def running_guest(session: PveSession, kind: str) -> tuple[str, int, str]:
    """(node, vmid, name) of a running guest of ``kind`` ("qemu" or "lxc")."""
    for row in session.get("/cluster/resources", type="vm"):
        if row.get("type") == kind and row.get("status") == "running":
            return str(row["node"]), int(row["vmid"]), str(row.get("name", ""))
    raise LookupError(kind)


def ensure_running(fleet: SimulatedFleet, info: dict[str, Any], kind: str) -> None:
    """Start a guest of ``kind`` from outside when the generated fleet has none running."""
    sim = fleet[info["name"]]
    guests = sim.model.guests.values()
    if any(g.kind == kind and g.status == "running" for g in guests):
        return
    candidate = next(g for g in guests if g.kind == kind and not g.template)
    sim.outside.start_guest(candidate.vmid)


@pytest_asyncio.fixture
async def relay() -> AsyncIterator[ConsoleRelay]:
    # The simulator keeps TCP open after the close handshake; do not wait long for it.
    server = ConsoleRelay(upstream_close_timeout=0.2)
    await server.start()
    yield server
    await server.stop()


async def through_relay(relay: ConsoleRelay, opener: PveConsoleOpener, target: ConsoleTarget):
    grant = await asyncio.to_thread(opener.grant, target)
    events: list[RelayEvent] = []
    ticket = relay.register(grant.upstream, events.append)
    page = await connect(
        ticket.ws_url,
        origin=Origin(relay.origin),
        subprotocols=[Subprotocol("binary")],
        proxy=None,
        open_timeout=WAIT,
    )
    return grant, page, events


async def read_exactly(page: ClientConnection, buffer: bytearray, count: int) -> bytes:
    async with asyncio.timeout(WAIT):
        while len(buffer) < count:
            message = await page.recv()
            buffer += message if isinstance(message, bytes) else message.encode()
    data = bytes(buffer[:count])
    del buffer[:count]
    return data


async def rfb_login(page: ClientConnection, password: str) -> str:
    """Do an RFB 3.8 handshake with VNC auth; return the desktop name."""
    buffer = bytearray()
    assert await read_exactly(page, buffer, 12) == b"RFB 003.008\n"
    await page.send(b"RFB 003.008\n")
    count = (await read_exactly(page, buffer, 1))[0]
    types = await read_exactly(page, buffer, count)
    assert 2 in types
    await page.send(bytes([2]))
    challenge = await read_exactly(page, buffer, 16)
    await page.send(vnc_auth_response(password, challenge))
    (result,) = struct.unpack(">I", await read_exactly(page, buffer, 4))
    assert result == 0, "VNC authentication failed"
    await page.send(b"\x01")  # ClientInit, shared
    width, height = struct.unpack(">HH", await read_exactly(page, buffer, 4))
    assert width > 0
    assert height > 0
    await read_exactly(page, buffer, 16)  # pixel format
    (length,) = struct.unpack(">I", await read_exactly(page, buffer, 4))
    return (await read_exactly(page, buffer, length)).decode()


async def term_login(page: ClientConnection, user: str, ticket: str) -> str:
    """Send the termproxy login line; return what the terminal shows first."""
    await page.send(f"{user}:{ticket}\n")
    buffer = bytearray()
    assert await read_exactly(page, buffer, 2) == b"OK"
    async with asyncio.timeout(WAIT):
        while b"login: " not in buffer and b"# " not in buffer:
            message = await page.recv()
            buffer += message if isinstance(message, bytes) else message.encode()
    return buffer.decode(errors="replace")


@pytest.mark.parametrize("version", VERSIONS)
@plain_loop
async def test_vm_console_per_version(fleet, relay, version) -> None:
    info = cluster_info(fleet, version)
    session = token_session(info)
    ensure_running(fleet, info, "qemu")
    node, vmid, name = await asyncio.to_thread(running_guest, session, "qemu")
    opener = PveConsoleOpener(session)
    target = ConsoleTarget(info["name"], node, ConsoleKind.VNC, vmid=vmid, name=name)
    grant, page, events = await through_relay(relay, opener, target)
    async with page:
        desktop = await rfb_login(page, grant.page_params["password"])
    assert str(vmid) in desktop
    assert [e.kind for e in events][:2] == [
        RelayEventKind.PAGE_CONNECTED,
        RelayEventKind.UPSTREAM_CONNECTED,
    ]
    # 9.1 sends a random password and prefixes the ticket with it; older versions use the ticket.
    ticket = grant.upstream.url.split("vncticket=", 1)[1]
    if version == "9.1":
        assert grant.page_params["password"] != ""
        assert len(grant.page_params["password"]) == 8
    else:
        assert grant.page_params["password"].startswith("PVEVNC:")
    assert "PVEVNC" in ticket
    session.close()


@pytest.mark.parametrize("version", VERSIONS)
@plain_loop
async def test_container_console_per_version(fleet, relay, version) -> None:
    info = cluster_info(fleet, version)
    session = token_session(info)
    ensure_running(fleet, info, "lxc")
    node, vmid, name = await asyncio.to_thread(running_guest, session, "lxc")
    target = ConsoleTarget(info["name"], node, ConsoleKind.LXC, vmid=vmid, name=name)
    grant, page, _ = await through_relay(relay, PveConsoleOpener(session), target)
    async with page:
        shown = await term_login(page, grant.page_params["user"], grant.page_params["ticket"])
    assert f"{name} login: " in shown
    session.close()


@pytest.mark.parametrize("version", VERSIONS)
@plain_loop
async def test_node_shell_with_a_token_needs_9_0_13(fleet, relay, version) -> None:
    info = cluster_info(fleet, version)
    session = token_session(info)
    node = info["nodes"][0]["name"]
    target = ConsoleTarget(info["name"], node, ConsoleKind.SHELL)
    logins = ConsoleLogins()
    opener = PveConsoleOpener(session, logins)
    if version == "9.1":
        grant, page, _ = await through_relay(relay, opener, target)
        async with page:
            shown = await term_login(page, grant.page_params["user"], grant.page_params["ticket"])
        assert f"@{node}:~# " in shown
        session.close()
        return

    with pytest.raises(ConsoleLoginRequiredError) as info_error:
        await asyncio.to_thread(opener.grant, target)
    assert "9.0.13" in str(info_error.value)
    # A password login, kept for consoles only and in memory only, opens it.
    login = password_session(info)
    await asyncio.to_thread(login.login)
    logins.put(info["name"], login)
    grant, page, _ = await through_relay(relay, opener, target)
    async with page:
        shown = await term_login(page, grant.page_params["user"], grant.page_params["ticket"])
    assert f"root@{node}:~# " in shown
    assert grant.upstream.headers[0][0] == "Cookie"
    logins.close()
    session.close()


@plain_loop
async def test_serial_console(fleet, relay) -> None:
    info = cluster_info(fleet, "8.4")
    session = token_session(info)
    ensure_running(fleet, info, "qemu")
    node, vmid, name = await asyncio.to_thread(running_guest, session, "qemu")
    target = ConsoleTarget(info["name"], node, ConsoleKind.SERIAL, vmid=vmid, name=name)
    grant, page, _ = await through_relay(relay, PveConsoleOpener(session), target)
    async with page:
        shown = await term_login(page, grant.page_params["user"], grant.page_params["ticket"])
    assert "ttyS0" in shown
    session.close()


def test_spice_file_points_at_the_host_we_reached(fleet, tmp_path) -> None:
    info = cluster_info(fleet, "8.4")
    session = token_session(info)
    ensure_running(fleet, info, "qemu")
    node, vmid, name = running_guest(session, "qemu")
    target = ConsoleTarget(info["name"], node, ConsoleKind.VNC, vmid=vmid, name=name)
    reply, host = spice_reply(session, target)
    reached = urlsplit(info["url"]).hostname
    assert host == reached
    fields = spice.spice_fields(reply, host)
    assert fields["proxy"] == f"http://{reached}:3128"
    assert fields["host"].startswith("pvespiceproxy:")
    path = spice.write_vv(fields, spice.private_dir(tmp_path), name)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert f"password={reply['password']}\n" in path.read_text()
    session.close()
