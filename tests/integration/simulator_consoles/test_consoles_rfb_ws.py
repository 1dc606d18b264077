"""The simulated VNC console over a real websocket, driven by a spec-written RFB client."""

from __future__ import annotations

import random
import time

import pytest
from simcon_harness import (
    NOVNC_FORMAT,
    ClientPixelFormat,
    FakeClock,
    RfbTestClient,
    console_server,
    wait_closed,
    wait_for,
    ws_connect,
)

from pvesphere_desktop.simulator.consoles import ConsoleHub
from pvesphere_desktop.simulator.consoles import font as font_module
from pvesphere_desktop.simulator.consoles.framebuffer import PALETTE, Colour
from pvesphere_desktop.simulator.consoles.screen import ScreenLayout, TextLine

pytestmark = pytest.mark.asyncio

MAX_FRAME = 128 * 1024
# What noVNC 1.7 announces (Tight, ZRLE, ..., Raw, pseudo-encodings).
NOVNC_ENCODINGS = [
    1, 7, -260, 16, 21, 5, 2, 6, 0, -26, -6, -223, -224, -258, -261, -308, -309, -312, -313,
    -307, -1063131698, -316, 0x574D5664, -239,
]  # fmt: skip
GLYPHS = {font_module.glyph(char): char for char in font_module.characters()}
XK_BACKSPACE, XK_RETURN = 0xFF08, 0xFF0D


def open_vm(hub: ConsoleHub, version: str, **extra: object) -> dict:
    return hub.open_vnc(
        node="pve1", vmid=100, title="VM 100 (web01)", user="root@pam", version=version,
        kind="qemu", **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def make_hub(**extra: object) -> ConsoleHub:
    return ConsoleHub(clock=FakeClock(), rng=random.Random(5), **extra)  # type: ignore[arg-type]


def read_line(client: RfbTestClient, line: TextLine, colour: int, count: int) -> str:
    """Read ``count`` glyphs back from the client's framebuffer copy (ink = ``colour``)."""
    ink = client.format.value_of(PALETTE[colour])
    s = line.scale
    text = []
    for index in range(count):
        x0 = line.x + index * (font_module.GLYPH_WIDTH + 1) * s
        rows = tuple(
            "".join(
                "#"
                if client.pixel(x0 + col * s + s // 2, line.y + row * s + s // 2) == ink
                else "."
                for col in range(font_module.GLYPH_WIDTH)
            )
            for row in range(font_module.GLYPH_HEIGHT)
        )
        text.append(GLYPHS.get(rows, "\ufffd"))
    return "".join(text)


def echo_row(layout: ScreenLayout, row: int) -> TextLine:
    rect = layout.echo_line_rect(row)
    return TextLine(rect.x, rect.y, layout.echo_scale, "")


def inside(rect: tuple[int, int, int, int], box: tuple[int, int, int, int]) -> bool:
    x, y, w, h = rect
    bx, by, bw, bh = box
    return bx <= x and by <= y and x + w <= bx + bw and y + h <= by + bh


async def connect_and_init(client: RfbTestClient, password: str) -> None:
    assert await client.handshake(password) is None
    await client.init()
    await client.set_pixel_format(NOVNC_FORMAT)
    await client.set_encodings(NOVNC_ENCODINGS)
    await client.request(False)
    await client.read_update()


async def test_handshake_full_update_shows_title_and_vmid() -> None:
    hub = make_hub()
    data = open_vm(hub, "8.4")
    async with console_server(hub, "8.4") as server, ws_connect(server.url(data)) as ws:
        client = RfbTestClient(ws)
        # Before 9.1 the ticket is the VNC password.
        assert await client.handshake(data["ticket"]) is None
        await client.init()
        assert (client.width, client.height) == (1024, 768)
        assert client.name == "VM 100 (web01)"
        await client.set_pixel_format(NOVNC_FORMAT)
        await client.set_encodings(NOVNC_ENCODINGS)
        started = time.perf_counter()
        await client.request(False)
        rects = await client.read_update()
        elapsed = time.perf_counter() - started
        assert rects == [(0, 0, 1024, 768)]
        session = hub.session(data["port"])
        assert session is not None
        assert session.screen is not None
        layout = session.screen.layout
        assert read_line(client, layout.title, Colour.TITLE, 15) == "VM 100 (web01) "
        assert read_line(client, layout.subtitle, Colour.VMID, 9) == "VMID 100 "
        background = NOVNC_FORMAT.value_of(PALETTE[Colour.BACKGROUND])
        assert client.pixel(1023, 767 // 3) == background
        # 3 MiB of pixels arrive in frames no larger than pveproxy's 128 KiB.
        assert len(client.frame_sizes) > 20
        assert max(client.frame_sizes) <= MAX_FRAME
        assert elapsed < 2.0, f"a full 1024x768 update took {elapsed:.2f} s"


async def test_typed_keys_show_up_in_the_echo_region_via_incremental_updates() -> None:
    hub = make_hub()
    data = open_vm(hub, "8.4")
    async with console_server(hub, "8.4") as server, ws_connect(server.url(data)) as ws:
        client = RfbTestClient(ws)
        await connect_and_init(client, data["ticket"])
        session = hub.session(data["port"])
        assert session is not None
        assert session.screen is not None
        layout = session.screen.layout
        box = (layout.echo_box.x, layout.echo_box.y, layout.echo_box.w, layout.echo_box.h)
        before = list(client.pixels)

        # Nothing changed yet: the incremental request waits; the key event answers it.
        await client.request(True)
        await client.key(ord("h"))
        rects = await client.read_update()
        assert rects
        assert all(inside(rect, box) for rect in rects)
        assert sum(w * h for _, _, w, h in rects) < 1024 * 768 // 20
        assert client.pixels != before

        for keysym in (ord("i"), ord("!"), XK_BACKSPACE):
            await client.request(True)
            await client.key(keysym)
            await client.read_update()
        assert read_line(client, echo_row(layout, 0), Colour.ECHO_TEXT, 4) == "hi_ "

        await client.request(True)
        await client.key(XK_RETURN)
        await client.read_update()
        for keysym in (ord("O"), ord("k"), 0x010000E9):  # U+00E9 has no glyph: drawn as '?'
            await client.request(True)
            await client.key(keysym)
            await client.read_update()
        assert read_line(client, echo_row(layout, 0), Colour.ECHO_TEXT, 3) == "hi "
        assert read_line(client, echo_row(layout, 1), Colour.ECHO_TEXT, 5) == "Ok?_ "
        assert "".join(session.screen.typed) == "hi!\b\nOk\u00e9"


async def test_changes_accumulate_until_the_next_request() -> None:
    hub = make_hub(screen_size=(320, 240))
    data = open_vm(hub, "8.4")
    async with console_server(hub, "8.4") as server, ws_connect(server.url(data)) as ws:
        client = RfbTestClient(ws)
        await connect_and_init(client, data["ticket"])
        session = hub.session(data["port"])
        assert session is not None
        assert session.screen is not None
        # Keys without a pending request produce no update; the next request gets them all.
        for char in "abc":
            await client.key(ord(char))
        await client.request(True)
        await client.read_update()
        row = echo_row(session.screen.layout, 0)
        assert read_line(client, row, Colour.ECHO_TEXT, 4) == "abc_"


async def test_pointer_events_update_the_status_line_and_clipboard_is_kept() -> None:
    hub = make_hub(screen_size=(640, 480))
    data = open_vm(hub, "8.4")
    async with console_server(hub, "8.4") as server, ws_connect(server.url(data)) as ws:
        client = RfbTestClient(ws)
        await connect_and_init(client, data["ticket"])
        session = hub.session(data["port"])
        assert session is not None
        assert session.screen is not None
        status = session.screen.layout.status
        await client.request(True)
        await client.pointer(123, 45, 1)
        rects = await client.read_update()
        assert all(inside(rect, (status.x, status.y, status.w, status.h)) for rect in rects)
        line = TextLine(status.x, status.y, session.screen.layout.status_scale, "")
        assert read_line(client, line, Colour.INFO, 24) == "pointer 123,45 buttons 1"
        await client.cut_text("copied text")
        # Round-trip a request so the cut text has surely been processed.
        await client.request(False, 0, 0, 1, 1)
        await client.read_update()
        assert session.rfb is not None
        assert session.rfb.clipboard == "copied text"
        assert session.rfb.encodings == NOVNC_ENCODINGS


FORMATS = {
    "32-bit little-endian (noVNC)": NOVNC_FORMAT,
    "32-bit big-endian xRGB": ClientPixelFormat(32, 24, True, 255, 255, 255, 16, 8, 0),
    "16-bit little-endian RGB565": ClientPixelFormat(16, 16, False, 31, 63, 31, 11, 5, 0),
    "16-bit big-endian RGB565": ClientPixelFormat(16, 16, True, 31, 63, 31, 11, 5, 0),
    "8-bit BGR233": ClientPixelFormat(8, 8, False, 7, 7, 3, 0, 3, 6),
}


@pytest.mark.parametrize("fmt", FORMATS.values(), ids=FORMATS.keys())
async def test_pixel_formats_are_honoured(fmt: ClientPixelFormat) -> None:
    hub = make_hub(screen_size=(400, 300))
    data = open_vm(hub, "8.4")
    async with console_server(hub, "8.4") as server, ws_connect(server.url(data)) as ws:
        client = RfbTestClient(ws)
        assert await client.handshake(data["ticket"]) is None
        await client.init()
        await client.set_pixel_format(fmt)
        await client.request(False)
        await client.read_update()
        session = hub.session(data["port"])
        assert session is not None
        assert session.screen is not None
        layout = session.screen.layout
        assert read_line(client, layout.subtitle, Colour.VMID, 8) == "VMID 100"
        assert client.pixel(399, 150) == fmt.value_of(PALETTE[Colour.BACKGROUND])
        accent = fmt.value_of(PALETTE[Colour.ACCENT])
        assert client.pixel(200, 0) == accent
        assert accent != fmt.value_of(PALETTE[Colour.BACKGROUND])


async def test_wrong_password_fails_with_a_reason_and_closes() -> None:
    hub = make_hub()
    data = open_vm(hub, "8.4")
    async with console_server(hub, "8.4") as server, ws_connect(server.url(data)) as ws:
        client = RfbTestClient(ws)
        assert await client.handshake("not-it") == "Authentication failed"
        await wait_closed(ws)
    assert hub.history[-1].state == "closed"
    assert not hub.check_ticket(
        port=data["port"], vncticket=data["ticket"], user="root@pam", path_vmid=100,
        version="8.4",
    )  # fmt: skip


@pytest.mark.parametrize(("version", "reason"), [(b"RFB 003.007\n", ""), (b"RFB 003.003\n", "")])
async def test_older_rfb_versions_get_no_reason_string(version: bytes, reason: str) -> None:
    hub = make_hub()
    data = open_vm(hub, "8.4")
    async with console_server(hub, "8.4") as server, ws_connect(server.url(data)) as ws:
        client = RfbTestClient(ws)
        assert await client.handshake("wrong", version=version) == reason
        await wait_closed(ws)


async def test_rfb_3_3_client_can_log_in() -> None:
    hub = make_hub(screen_size=(200, 150))
    data = open_vm(hub, "8.4")
    async with console_server(hub, "8.4") as server, ws_connect(server.url(data)) as ws:
        client = RfbTestClient(ws)
        assert await client.handshake(data["ticket"], version=b"RFB 003.003\n") is None
        await client.init()
        assert (client.width, client.height) == (200, 150)


async def test_9_1_password_and_prefixed_ticket_both_work_the_old_ticket_form_not() -> None:
    hub = make_hub(screen_size=(200, 150))
    async with console_server(hub, "9.1") as server:
        first = open_vm(hub, "9.1")
        async with ws_connect(server.url(first)) as ws:
            assert await RfbTestClient(ws).handshake(first["password"]) is None
        # Old clients pass the ticket: its first 8 characters are the password.
        second = open_vm(hub, "9.1")
        async with ws_connect(server.url(second)) as ws:
            assert await RfbTestClient(ws).handshake(second["ticket"]) is None
        # The PVEVNC part alone is not the password any more.
        third = open_vm(hub, "9.1")
        inner = third["ticket"].split(":", 1)[1]
        async with ws_connect(server.url(third)) as ws:
            assert await RfbTestClient(ws).handshake(inner) == "Authentication failed"


async def test_generate_password_before_9_1_replaces_the_ticket_as_password() -> None:
    hub = make_hub(screen_size=(200, 150))
    async with console_server(hub, "8.4") as server:
        data = open_vm(hub, "8.4", generate_password=True)
        async with ws_connect(server.url(data)) as ws:
            assert await RfbTestClient(ws).handshake(data["ticket"]) == "Authentication failed"
        data = open_vm(hub, "8.4", generate_password=True)
        async with ws_connect(server.url(data)) as ws:
            assert await RfbTestClient(ws).handshake(data["password"]) is None


async def test_a_session_serves_one_connection_only() -> None:
    hub = make_hub(screen_size=(200, 150))
    data = open_vm(hub, "8.4")
    async with console_server(hub, "8.4") as server, ws_connect(server.url(data)) as ws:
        client = RfbTestClient(ws)
        assert await client.handshake(data["ticket"]) is None
        # A second connection with the same ticket and port gets nothing and is closed.
        assert not hub.check_ticket(
            port=data["port"], vncticket=data["ticket"], user="root@pam", path_vmid=100,
            version="8.4",
        )  # fmt: skip
        async with ws_connect(server.url(data)) as second:
            assert await wait_closed(second) == b""
        await client.init()  # the first session is unaffected
        assert client.name == "VM 100 (web01)"


@pytest.mark.parametrize(
    ("change", "query"),
    [
        ("wrong vmid in the path", {"vmid": 101}),
        ("wrong user", {"user": "audit@pve"}),
        ("tampered ticket", {"vncticket": "PVEVNC:00000000::AAAA"}),
    ],
)
async def test_rejected_requests_are_closed_before_rfb(change: str, query: dict) -> None:
    hub = make_hub(screen_size=(200, 150))
    data = open_vm(hub, "8.4")
    vmid = query.pop("vmid", 100)
    async with console_server(hub, "8.4") as server:
        async with ws_connect(server.url(data, vmid=vmid, **query)) as ws:
            assert await wait_closed(ws) == b"", change
        # The listener is still there for the right request.
        async with ws_connect(server.url(data)) as ws:
            assert await RfbTestClient(ws).handshake(data["ticket"]) is None


async def test_expired_ticket_is_closed_before_rfb() -> None:
    clock = FakeClock()
    hub = ConsoleHub(clock=clock, rng=random.Random(9), listen_timeout=120)
    data = open_vm(hub, "8.4")
    clock.now += 41
    async with console_server(hub, "8.4") as server, ws_connect(server.url(data)) as ws:
        assert await wait_closed(ws) == b""


async def test_unknown_client_message_closes_the_session() -> None:
    hub = make_hub(screen_size=(200, 150))
    data = open_vm(hub, "8.4")
    async with console_server(hub, "8.4") as server, ws_connect(server.url(data)) as ws:
        client = RfbTestClient(ws)
        await connect_and_init(client, data["ticket"])
        await ws.send(b"\xfe")
        await wait_closed(ws)
    assert "unknown RFB client message type 254" in hub.history[-1].notes


@pytest.mark.parametrize(
    ("kind", "vmid", "subtitle"), [("shell", None, "NODE pve1"), ("lxc", 101, "VMID 101")]
)
async def test_node_shell_and_container_displays(
    kind: str, vmid: int | None, subtitle: str
) -> None:
    hub = make_hub()
    data = hub.open_vnc(
        node="pve1", vmid=vmid, title="pve1" if vmid is None else "CT 101 (db01)",
        user="root@pam", version="8.4", kind=kind, width=640, height=480,
    )  # fmt: skip
    async with console_server(hub, "8.4") as server:
        url = server.url(data, vmid=vmid).replace("/qemu/", "/lxc/")
        async with ws_connect(url) as ws:
            client = RfbTestClient(ws)
            await connect_and_init(client, data["ticket"])
            assert (client.width, client.height) == (640, 480)
            session = hub.session(data["port"])
            assert session is not None
            assert session.screen is not None
            layout = session.screen.layout
            assert read_line(client, layout.subtitle, Colour.VMID, len(subtitle)) == subtitle


async def test_two_consoles_at_once_are_independent() -> None:
    ended: list = []
    hub = ConsoleHub(
        clock=FakeClock(), rng=random.Random(6), screen_size=(320, 240),
        on_session_end=ended.append,
    )  # fmt: skip
    first = open_vm(hub, "9.1")
    second = open_vm(hub, "9.1")
    assert first["port"] != second["port"]
    async with (
        console_server(hub, "9.1") as server,
        ws_connect(server.url(first)) as ws1,
        ws_connect(server.url(second)) as ws2,
    ):
        one, two = RfbTestClient(ws1), RfbTestClient(ws2)
        await connect_and_init(one, first["password"])
        await connect_and_init(two, second["password"])
        for client, char in ((one, "1"), (two, "2")):
            await client.request(True)
            await client.key(ord(char))
            await client.read_update()
        for client, port, char in ((one, first["port"], "1"), (two, second["port"], "2")):
            session = hub.session(port)
            assert session is not None
            assert session.screen is not None
            row = echo_row(session.screen.layout, 0)
            assert read_line(client, row, Colour.ECHO_TEXT, 2) == f"{char}_"
    await wait_for(lambda: len(ended) == 2)
    assert {s.port for s in ended} == {first["port"], second["port"]}
