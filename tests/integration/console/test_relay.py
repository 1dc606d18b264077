"""The console relay against a real loopback wss upstream (TLS, pinned or CA-verified)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Origin, Subprotocol

from pvesphere_desktop.console.relay import (
    CloseCode,
    ClosedBy,
    ConsoleRelay,
    RelayEvent,
    RelayEventKind,
    RelayFailure,
    UpstreamTarget,
)
from pvesphere_desktop.console.static import StaticSite
from pvesphere_desktop.console.trust import UpstreamTls
from tests.consolekit.certs import SelfSignedCert, make_cert
from tests.consolekit.upstream import FakeConsoleFront

# The relay runs on a plain asyncio loop in its own thread in the app: test it on one.
plain_loop = pytest.mark.asyncio(loop_factories=["asyncio"])

COOKIE = (
    "PVE:root@pam:66AAAAAA::c2lnbmF0dXJlLXNlY3JldA=="  # house-rules: allow-secret fake for tests
)
TOKEN = (
    "root@pam!desk=0b5a5c52-8d7f-4b5e-9d7c-2a8a3f0d8e11"  # house-rules: allow-secret fake for tests
)
VNC_TICKET = "PVEVNC:66AAAAAA::dGlja2V0LXNpZ25hdHVyZQ=="  # house-rules: allow-secret fake for tests
PATH = "/api2/json/nodes/pve1/qemu/100/vncwebsocket"
WAIT = 5.0


class Events:
    """Collect relay events and wait for one of a kind."""

    def __init__(self) -> None:
        self.items: list[RelayEvent] = []
        self._changed = asyncio.Event()

    def __call__(self, event: RelayEvent) -> None:
        self.items.append(event)
        self._changed.set()

    async def wait_for(self, kind: RelayEventKind) -> RelayEvent:
        async with asyncio.timeout(WAIT):
            while True:
                for event in self.items:
                    if event.kind is kind:
                        return event
                self._changed.clear()
                await self._changed.wait()

    def kinds(self) -> list[RelayEventKind]:
        return [event.kind for event in self.items]


def leaked(caplog: pytest.LogCaptureFixture, *secrets: str) -> list[str]:
    """Return our log lines (the test server's own logs aside) that contain a secret."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("pvesphere_desktop")
        and any(secret in record.getMessage() for secret in secrets)
    ]


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> SelfSignedCert:
    return make_cert(tmp_path_factory.mktemp("certs"))


@pytest.fixture(scope="module")
def other_cert(tmp_path_factory: pytest.TempPathFactory) -> SelfSignedCert:
    return make_cert(tmp_path_factory.mktemp("certs2"), name="other")


@pytest_asyncio.fixture
async def front(cert: SelfSignedCert) -> AsyncIterator[FakeConsoleFront]:
    server = FakeConsoleFront(
        cert,
        cookie=COOKIE,
        api_token=TOKEN,
        check_ticket=lambda ticket, port: (
            None
            if ticket == VNC_TICKET
            else (403, "Permission check failed (permission denied - invalid PVEVNC ticket)")
        ),
    )
    await server.start()
    yield server
    await server.stop()


@pytest_asyncio.fixture
async def relay(tmp_path: Path) -> AsyncIterator[ConsoleRelay]:
    (tmp_path / "console").mkdir()
    (tmp_path / "console" / "vnc.html").write_text("<html>page</html>")
    (tmp_path / "secret.txt").write_text("outside")
    server = ConsoleRelay(StaticSite({"console": tmp_path / "console"}), token_ttl=5.0)
    await server.start()
    yield server
    await server.stop()


def target(
    front: FakeConsoleFront,
    cert: SelfSignedCert,
    *,
    headers: tuple[tuple[str, str], ...] = (("Cookie", f"PVEAuthCookie={COOKIE}"),),
    ticket: str = VNC_TICKET,
    tls: UpstreamTls | None = None,
    expires: float | None = None,
) -> UpstreamTarget:
    return UpstreamTarget(
        url=front.url(PATH, 5900, ticket),
        headers=headers,
        tls=tls or UpstreamTls.pinned([cert.fingerprint], f"127.0.0.1:{front.port}"),
        ticket_expires_at=expires,
    )


def page_connect(relay: ConsoleRelay, url: str, origin: str | None = None) -> connect:
    return connect(
        url,
        origin=Origin(origin or relay.origin),
        subprotocols=[Subprotocol("binary")],
        proxy=None,
        open_timeout=WAIT,
    )


async def expect_refused(relay: ConsoleRelay, url: str, origin: str | None = None) -> int:
    with pytest.raises(InvalidStatus) as info:
        async with page_connect(relay, url, origin):
            pass
    return info.value.response.status_code


async def closed_code(page: ClientConnection) -> int | None:
    with pytest.raises(ConnectionClosed) as info:
        async with asyncio.timeout(WAIT):
            await page.recv()
    return info.value.rcvd.code if info.value.rcvd else None


@plain_loop
async def test_relays_frames_both_ways_with_cookie_auth(relay, front, cert) -> None:
    events = Events()
    ticket = relay.register(target(front, cert), events)
    async with page_connect(relay, ticket.ws_url) as page:
        await events.wait_for(RelayEventKind.UPSTREAM_CONNECTED)
        await page.send(b"\x00\x01binary")
        assert await page.recv() == b"\x00\x01binary"
        await page.send("0:5:hello")
        assert await page.recv() == "0:5:hello"  # text frames stay text (termproxy framing)
    closed = await events.wait_for(RelayEventKind.CLOSED)
    assert closed.closed_by is ClosedBy.PAGE
    seen = front.requests[-1]
    assert seen.path == PATH
    assert seen.query == {"port": "5900", "vncticket": VNC_TICKET}
    assert seen.headers["cookie"] == f"PVEAuthCookie={COOKIE}"
    assert "origin" not in seen.headers
    assert seen.headers["sec-websocket-protocol"] == "binary"
    assert events.kinds()[:2] == [RelayEventKind.PAGE_CONNECTED, RelayEventKind.UPSTREAM_CONNECTED]
    assert relay.active_count() == 0


@plain_loop
async def test_api_token_header_is_sent_upstream(relay, front, cert) -> None:
    events = Events()
    auth = (("Authorization", f"PVEAPIToken={TOKEN}"),)
    ticket = relay.register(target(front, cert, headers=auth), events)
    async with page_connect(relay, ticket.ws_url) as page:
        await page.send(b"ping")
        assert await page.recv() == b"ping"
    assert front.requests[-1].headers["authorization"] == f"PVEAPIToken={TOKEN}"


@plain_loop
async def test_unknown_token_is_refused(relay, front, cert) -> None:
    relay.register(target(front, cert), Events())
    bogus = f"ws://127.0.0.1:{relay.port}/relay/not-a-real-token"
    assert await expect_refused(relay, bogus) == 403
    assert front.requests == []


@plain_loop
async def test_reused_token_is_refused(relay, front, cert) -> None:
    events = Events()
    ticket = relay.register(target(front, cert), events)
    async with page_connect(relay, ticket.ws_url) as page:
        await page.send(b"x")
        assert await page.recv() == b"x"
        # While the first page is connected, and after: the same token never works again.
        assert await expect_refused(relay, ticket.ws_url) == 403
    await events.wait_for(RelayEventKind.CLOSED)
    assert await expect_refused(relay, ticket.ws_url) == 403
    assert len(front.requests) == 1


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:1"])
@plain_loop
async def test_foreign_origin_is_refused_and_burns_the_token(relay, front, cert, origin) -> None:
    events = Events()
    ticket = relay.register(target(front, cert), events)
    assert await expect_refused(relay, ticket.ws_url, origin=origin) == 403
    failed = await events.wait_for(RelayEventKind.FAILED)
    assert failed.failure is RelayFailure.FORBIDDEN
    assert front.requests == []  # nothing reached PVE
    assert await expect_refused(relay, ticket.ws_url) == 403


@plain_loop
async def test_missing_origin_is_refused(relay, front, cert) -> None:
    ticket = relay.register(target(front, cert), Events())
    with pytest.raises(InvalidStatus) as info:
        async with connect(
            ticket.ws_url, subprotocols=[Subprotocol("binary")], proxy=None, open_timeout=WAIT
        ):
            pass
    assert info.value.response.status_code == 403


@plain_loop
async def test_token_expires_when_the_page_never_comes(front, cert) -> None:
    relay = ConsoleRelay(token_ttl=0.2)
    await relay.start()
    try:
        events = Events()
        ticket = relay.register(target(front, cert), events)
        failed = await events.wait_for(RelayEventKind.FAILED)
        assert failed.failure is RelayFailure.PAGE_TIMEOUT
        assert await expect_refused(relay, ticket.ws_url) == 403
    finally:
        await relay.stop()


@plain_loop
async def test_fingerprint_mismatch_sends_no_credentials(
    relay, front, cert, other_cert, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    events = Events()
    wrong = UpstreamTls.pinned([other_cert.fingerprint], f"127.0.0.1:{front.port}")
    ticket = relay.register(target(front, cert, tls=wrong), events)
    async with page_connect(relay, ticket.ws_url) as page:
        assert await closed_code(page) == CloseCode.FAILED
    failed = await events.wait_for(RelayEventKind.FAILED)
    assert failed.failure is RelayFailure.FINGERPRINT
    assert cert.fingerprint in failed.detail  # the presented one, for the user to compare
    assert front.requests == []  # the upgrade (with the cookie) was never written
    assert not leaked(caplog, COOKIE, VNC_TICKET)


@plain_loop
async def test_ca_verified_upstream(relay, front, cert) -> None:
    events = Events()
    tls = UpstreamTls.verified(str(cert.cert_file), f"127.0.0.1:{front.port}")
    ticket = relay.register(target(front, cert, tls=tls), events)
    async with page_connect(relay, ticket.ws_url) as page:
        await page.send(b"ca")
        assert await page.recv() == b"ca"


@plain_loop
async def test_untrusted_ca_fails_even_with_env_bundle(
    relay, front, cert, other_cert, monkeypatch
) -> None:
    # The environment pointing at the server's certificate must change nothing.
    for name in ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.setenv(name, str(cert.cert_file))
    events = Events()
    tls = UpstreamTls.verified(str(other_cert.cert_file), f"127.0.0.1:{front.port}")
    ticket = relay.register(target(front, cert, tls=tls), events)
    async with page_connect(relay, ticket.ws_url) as page:
        assert await closed_code(page) == CloseCode.FAILED
    failed = await events.wait_for(RelayEventKind.FAILED)
    assert failed.failure is RelayFailure.TLS
    assert front.requests == []


@pytest.mark.parametrize(
    ("headers", "ticket", "expires_in", "failure", "status"),
    [
        ((("Cookie", "PVEAuthCookie=wrong"),), VNC_TICKET, None, RelayFailure.REJECTED, 401),
        (
            (("Cookie", f"PVEAuthCookie={COOKIE}"),),
            "PVEVNC:BAD::x",
            +40.0,
            RelayFailure.REJECTED,
            403,
        ),
        (
            (("Cookie", f"PVEAuthCookie={COOKIE}"),),
            "PVEVNC:OLD::x",
            -60.0,
            RelayFailure.TICKET_EXPIRED,
            403,
        ),
    ],
    ids=["wrong-cookie", "wrong-ticket", "expired-ticket"],
)
@plain_loop
async def test_refused_upgrade_is_classified(
    relay, front, cert, headers, ticket, expires_in, failure, status, caplog
) -> None:
    expires = None if expires_in is None else time.time() + expires_in
    caplog.set_level(logging.DEBUG)
    events = Events()
    relay_ticket = relay.register(
        target(front, cert, headers=headers, ticket=ticket, expires=expires), events
    )
    async with page_connect(relay, relay_ticket.ws_url) as page:
        assert await closed_code(page) == CloseCode.FAILED
    failed = await events.wait_for(RelayEventKind.FAILED)
    assert failed.failure is failure
    assert failed.status == status
    assert not leaked(caplog, COOKIE, ticket)


@plain_loop
async def test_forbidden_upgrade(relay, front, cert) -> None:
    front.check_ticket = lambda ticket, port: (
        403,
        "Permission check failed (/vms/100, VM.Console)",
    )
    events = Events()
    ticket = relay.register(target(front, cert), events)
    async with page_connect(relay, ticket.ws_url) as page:
        assert await closed_code(page) == CloseCode.FAILED
    failed = await events.wait_for(RelayEventKind.FAILED)
    assert failed.failure is RelayFailure.FORBIDDEN
    assert "VM.Console" in failed.detail


@plain_loop
async def test_unreachable_upstream(relay, front, cert) -> None:
    # A port that was just free: nothing listens there.
    probe = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = probe.sockets[0].getsockname()[1]
    probe.close()
    await probe.wait_closed()
    events = Events()
    unreachable = UpstreamTarget(
        url=f"wss://127.0.0.1:{port}{PATH}?port=5900&vncticket=x",
        headers=(),
        tls=UpstreamTls.pinned([cert.fingerprint], f"127.0.0.1:{port}"),
    )
    ticket = relay.register(unreachable, events)
    async with page_connect(relay, ticket.ws_url) as page:
        assert await closed_code(page) == CloseCode.FAILED
    failed = await events.wait_for(RelayEventKind.FAILED)
    assert failed.failure is RelayFailure.UNREACHABLE
    assert failed.detail == "connection refused"


@plain_loop
async def test_upstream_close_reaches_the_page(relay, front, cert) -> None:
    events = Events()
    ticket = relay.register(target(front, cert), events)
    async with page_connect(relay, ticket.ws_url) as page:
        await page.send(b"x")
        assert await page.recv() == b"x"
        await front.close_all(1000, "guest stopped")
        assert await closed_code(page) == CloseCode.UPSTREAM_CLOSED
    closed = await events.wait_for(RelayEventKind.CLOSED)
    assert closed.closed_by is ClosedBy.UPSTREAM
    assert closed.code == 1000


@plain_loop
async def test_local_end_closes_both_sides(relay, front, cert) -> None:
    events = Events()
    ticket = relay.register(target(front, cert), events)
    async with page_connect(relay, ticket.ws_url) as page:
        await page.send(b"x")
        assert await page.recv() == b"x"
        upstream_side = front.connections[0]
        relay.end(ticket.token)
        assert await closed_code(page) == CloseCode.ENDED
    closed = await events.wait_for(RelayEventKind.CLOSED)
    assert closed.closed_by is ClosedBy.LOCAL
    async with asyncio.timeout(WAIT):
        await upstream_side.wait_closed()
    assert front.connections == []
    assert relay.active_count() == 0


@plain_loop
async def test_end_before_the_page_connects(relay, front, cert) -> None:
    events = Events()
    ticket = relay.register(target(front, cert), events)
    relay.end(ticket.token)
    closed = await events.wait_for(RelayEventKind.CLOSED)
    assert closed.closed_by is ClosedBy.LOCAL
    assert await expect_refused(relay, ticket.ws_url) == 403


async def http_get(
    port: int, path: str, host: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host or f'127.0.0.1:{port}'}\r\n\r\n".encode())
    await writer.drain()
    raw = await asyncio.wait_for(reader.read(), WAIT)
    writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = {}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


@plain_loop
async def test_serves_pages_with_a_strict_policy(relay) -> None:
    status, headers, body = await http_get(relay.port, "/console/vnc.html")
    assert status == 200
    assert body == b"<html>page</html>"
    assert headers["content-type"].startswith("text/html")
    assert f"connect-src ws://127.0.0.1:{relay.port}" in headers["content-security-policy"]


@pytest.mark.parametrize(
    "path", ["/console/../secret.txt", "/console/%2e%2e/secret.txt", "/secret.txt", "/console/"]
)
@plain_loop
async def test_serves_nothing_outside_its_folders(relay, path: str) -> None:
    status, _, body = await http_get(relay.port, path)
    assert status == 404
    assert b"outside" not in body


@plain_loop
async def test_refuses_other_host_names(relay) -> None:
    status, _, _ = await http_get(relay.port, "/console/vnc.html", host="attacker.example")
    assert status == 421


def test_console_site_serves_the_web_assets() -> None:
    site = StaticSite.console_pages()
    rfb = site.lookup("/web/node_modules/@novnc/novnc/core/rfb.js")
    xterm = site.lookup("/web/node_modules/@xterm/xterm/lib/xterm.js")
    assert rfb is not None
    assert rfb.content_type.startswith("text/javascript")
    assert xterm is not None
    assert b"Terminal" in xterm.body
    assert site.lookup("/web/node_modules/.package-lock.json") is None
    assert site.lookup("/web/package.json") is None
