"""The simulated termproxy consoles over a real websocket, driven like xterm.js pages do."""

from __future__ import annotations

import random
import time

import pytest
from simcon_harness import (
    FakeClock,
    TermTestClient,
    console_server,
    wait_closed,
    wait_for,
    ws_connect,
)

from pvesphere_desktop.simulator.consoles import ConsoleHub

pytestmark = pytest.mark.asyncio

PROMPT = "root@pve1:~# "


def make_hub(clock: FakeClock | None = None, **extra: object) -> ConsoleHub:
    return ConsoleHub(clock=clock or FakeClock(), rng=random.Random(8), **extra)  # type: ignore[arg-type]


def open_shell(hub: ConsoleHub, version: str = "8.4", user: str = "root@pam") -> dict:
    return hub.open_term(
        node="pve1", vmid=None, hostname="pve1", user=user, version=version, kind="shell"
    )


async def test_node_shell_logs_in_and_runs_hostname() -> None:
    hub = make_hub()
    data = open_shell(hub)
    async with (
        console_server(hub, "8.4") as server,
        ws_connect(server.url(data, vmid=None)) as ws,
    ):
        term = TermTestClient(ws)
        await term.login(data["user"], data["ticket"])
        greeting = await term.read_until(PROMPT)
        assert greeting.startswith("OK")
        assert "Linux pve1 6.8.12-9-pve" in greeting
        assert "Debian GNU/Linux comes with ABSOLUTELY NO WARRANTY" in greeting
        assert "\r\n" in greeting
        await term.type("hostname\r")
        assert await term.read_until(PROMPT) == f"hostname\r\npve1\r\n{PROMPT}"
        await term.type("pveversion\r")
        assert "pve-manager/8.4.1/" in await term.read_until(PROMPT)


async def test_line_editing_resize_ping_and_unknown_commands() -> None:
    hub = make_hub()
    data = open_shell(hub)
    async with (
        console_server(hub, "8.4") as server,
        ws_connect(server.url(data, vmid=None)) as ws,
    ):
        term = TermTestClient(ws)
        await term.login(data["user"], data["ticket"])
        await term.read_until(PROMPT)
        await term.type("hostnamx")
        await term.type("\x7f")
        await term.type("e\r")
        assert await term.read_until(PROMPT) == f"hostnamx\b \be\r\npve1\r\n{PROMPT}"
        await term.resize(132, 43)
        await term.ping()
        await term.type("stty size\r")
        assert "43 132\r\n" in await term.read_until(PROMPT)
        await term.type("frobnicate --now\r")
        assert "-bash: frobnicate: command not found\r\n" in await term.read_until(PROMPT)
        # A data message split over two frames is one message (the stream has no boundaries).
        await ws.send("0:9:host")
        await ws.send("name\r")
        assert "\r\npve1\r\n" in await term.read_until(PROMPT)
        # Multi-byte UTF-8: the length counts bytes.
        await term.type("echo grüße\r")
        assert "\r\ngrüße\r\n" in await term.read_until(PROMPT)
    assert hub.history[-1].shell is not None
    assert "stty size" in hub.history[-1].shell.commands


async def test_exit_ends_the_session() -> None:
    hub = make_hub()
    data = open_shell(hub)
    async with (
        console_server(hub, "8.4") as server,
        ws_connect(server.url(data, vmid=None)) as ws,
    ):
        term = TermTestClient(ws)
        await term.login(data["user"], data["ticket"])
        await term.read_until(PROMPT)
        await term.type("exit\r")
        rest = await wait_closed(ws)
        assert b"logout" in rest
    assert hub.history[-1].state == "closed"


@pytest.mark.parametrize(
    "frame",
    ["x", "0:abc:", "1:0:24:", "1:80:x:", "0-3:abc", "3", "0:99999999999999999999999:"],
)
async def test_malformed_frames_close_the_connection(frame: str) -> None:
    hub = make_hub()
    data = open_shell(hub)
    async with (
        console_server(hub, "8.4") as server,
        ws_connect(server.url(data, vmid=None)) as ws,
    ):
        term = TermTestClient(ws)
        await term.login(data["user"], data["ticket"])
        await term.read_until(PROMPT)
        await ws.send(frame)
        await wait_closed(ws)
    assert hub.history[-1].notes, "the violation is recorded"


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("root@pam:PVEVNC:00000000::AAAA\n", "a ticket never issued"),
        ("audit@pve:{ticket}\n", "another user"),
        ("{ticket}\n", "no user part"),
        ("garbage-without-colon\n", "no separator"),
    ],
)
async def test_bad_authentication_lines_close_without_ok(line: str, why: str) -> None:
    hub = make_hub()
    data = open_shell(hub)
    async with (
        console_server(hub, "8.4") as server,
        ws_connect(server.url(data, vmid=None)) as ws,
    ):
        await ws.send(line.format(ticket=data["ticket"]))
        assert await wait_closed(ws) == b"", why


async def test_ticket_too_old_when_the_line_arrives_is_refused() -> None:
    clock = FakeClock()
    hub = make_hub(clock)
    data = open_shell(hub)
    async with (
        console_server(hub, "8.4") as server,
        ws_connect(server.url(data, vmid=None)) as ws,
    ):
        # The websocket is accepted and served ...
        await wait_for(lambda: getattr(hub.session(data["port"]), "state", "") == "connected")
        clock.now += 41  # ... but the ticket has expired by the time the line comes
        await ws.send(f"{data['user']}:{data['ticket']}\n")
        assert await wait_closed(ws) == b""


async def test_no_authentication_line_within_the_timeout_closes() -> None:
    hub = make_hub(login_timeout=0.3)
    data = open_shell(hub)
    async with console_server(hub, "8.4") as server:
        started = time.monotonic()
        async with ws_connect(server.url(data, vmid=None)) as ws:
            assert await wait_closed(ws) == b""
        assert time.monotonic() - started >= 0.3


async def test_a_bad_vncwebsocket_ticket_is_closed_before_the_protocol() -> None:
    hub = make_hub()
    data = open_shell(hub)
    async with console_server(hub, "8.4") as server:
        url = server.url({**data, "ticket": data["ticket"][:-4] + "AAA="}, vmid=None)
        async with ws_connect(url) as ws:
            assert await wait_closed(ws) == b""
        # The session still listens for a correct request.
        async with ws_connect(server.url(data, vmid=None)) as ws:
            term = TermTestClient(ws)
            await term.login(data["user"], data["ticket"])
            assert (await term.read_until(PROMPT)).startswith("OK")


async def test_serial_console_shows_a_getty_login() -> None:
    hub = make_hub()
    data = hub.open_term(
        node="pve1", vmid=100, hostname="web01", user="root@pam", version="9.1", kind="serial"
    )
    async with console_server(hub, "9.1") as server, ws_connect(server.url(data)) as ws:
        term = TermTestClient(ws)
        await term.login(data["user"], data["ticket"])
        greeting = await term.read_until("web01 login: ")
        assert greeting.startswith("OK")
        assert "Debian GNU/Linux 13 web01 ttyS0" in greeting
        await term.type("root\r")
        await term.read_until("Password: ")
        await term.type("secret\r")
        motd = await term.read_until("root@web01:~# ")
        assert "secret" not in motd  # passwords are not echoed
        await term.type("uname -r\r")
        assert "6.12.48+deb13-amd64" in await term.read_until("root@web01:~# ")
        await term.type("pveversion\r")
        assert "-bash: pveversion: command not found" in await term.read_until("# ")
        # Logging out respawns the getty; the console stays open.
        await term.type("exit\r")
        assert "web01 login: " in await term.read_until("web01 login: ")


async def test_lxc_console_and_its_ctrl_a_q_escape() -> None:
    hub = make_hub()
    data = hub.open_term(
        node="pve1", vmid=101, hostname="db01", user="root@pam", version="7.4", kind="lxc"
    )
    async with console_server(hub, "7.4") as server:
        url = server.url(data, vmid=101).replace("/qemu/", "/lxc/")
        async with ws_connect(url) as ws:
            term = TermTestClient(ws)
            await term.login(data["user"], data["ticket"])
            greeting = await term.read_until("db01 login: ")
            assert "Connected to tty 1" in greeting
            assert "Debian GNU/Linux 11 db01 tty1" in greeting
            await term.type("\x01q")
            await wait_closed(ws)


async def test_non_root_node_shell_asks_for_a_login() -> None:
    hub = make_hub()
    data = open_shell(hub, user="alice@pve")
    async with (
        console_server(hub, "8.4") as server,
        ws_connect(server.url(data, vmid=None)) as ws,
    ):
        term = TermTestClient(ws)
        await term.login(data["user"], data["ticket"])
        assert (await term.read_until("pve1 login: ")).startswith("OK")
