"""ConsoleHub ticket, password and port rules per emulated PVE version."""

from __future__ import annotations

import base64
import random
import re

import pytest

from pvesphere_desktop.simulator.consoles import ConsoleError, ConsoleHub, TicketCheck

T0 = 1_700_000_000.0
TICKET_RE = re.compile(r"^PVEVNC:([0-9A-F]{8})::([A-Za-z0-9+/]+={0,2})$")


class FakeClock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def hub(clock: FakeClock) -> ConsoleHub:
    return ConsoleHub(clock=clock, rng=random.Random(42))


def open_qemu(hub: ConsoleHub, version: str, vmid: int = 100, **extra: object) -> dict:
    return hub.open_vnc(
        node="pve1",
        vmid=vmid,
        title=f"VM {vmid} (web01)",
        user="root@pam",
        version=version,
        kind="qemu",
        **extra,  # type: ignore[arg-type]
    )


def check(hub: ConsoleHub, data: dict, version: str, **overrides: object) -> TicketCheck:
    args: dict = {
        "port": data["port"],
        "vncticket": data["ticket"],
        "user": data["user"],
        "path_vmid": 100,
        "version": version,
    }
    args.update(overrides)
    return hub.verify_ticket(**args)


@pytest.mark.parametrize("version", ["7.4", "8.4"])
def test_before_9_1_no_password_and_a_plain_ticket(hub: ConsoleHub, version: str) -> None:
    data = open_qemu(hub, version)
    assert set(data) == {"user", "ticket", "port"}
    match = TICKET_RE.match(data["ticket"])
    assert match is not None, data["ticket"]
    assert int(match.group(1), 16) == int(T0)
    assert len(base64.b64decode(match.group(2))) == 256  # RSA-2048 sized, as PVE's
    assert isinstance(data["port"], int)
    assert 5900 <= data["port"] <= 5999
    session = hub.session(data["port"])
    assert session is not None
    # The ticket is the VNC password; only its first 8 bytes take part in DES.
    assert session.vnc_password == data["ticket"]


def test_before_9_1_generate_password_gives_a_separate_password(hub: ConsoleHub) -> None:
    data = open_qemu(hub, "8.4", generate_password=True)
    assert TICKET_RE.match(data["ticket"])
    assert len(data["password"]) == 8
    session = hub.session(data["port"])
    assert session is not None
    assert session.vnc_password == data["password"]
    # generate-password exists for qemu only; lxc/vncshell had no password before 9.1.
    lxc = hub.open_vnc(
        node="pve1", vmid=101, title="CT 101", user="root@pam", version="8.4", kind="lxc",
        generate_password=True,
    )  # fmt: skip
    assert "password" not in lxc


@pytest.mark.parametrize("kind", ["qemu", "lxc", "shell"])
def test_9_1_always_generates_a_password_and_prefixes_the_ticket(
    hub: ConsoleHub, kind: str
) -> None:
    vmid = None if kind == "shell" else 100
    data = hub.open_vnc(
        node="pve1", vmid=vmid, title="x", user="root@pam", version="9.1", kind=kind
    )
    password = data["password"]
    assert len(password) == 8
    assert all("!" <= char <= "~" for char in password)
    assert data["ticket"].startswith(password + ":PVEVNC:")
    assert TICKET_RE.match(data["ticket"][9:])
    session = hub.session(data["port"])
    assert session is not None
    assert session.vnc_password == password
    # Old clients send the ticket as password: its first 8 bytes are the password.
    assert data["ticket"][:8] == password


def test_passwords_differ_between_sessions(hub: ConsoleHub) -> None:
    passwords = {open_qemu(hub, "9.1", vmid=100 + n)["password"] for n in range(10)}
    assert len(passwords) == 10


def test_term_sessions_have_no_password_even_on_9_1(hub: ConsoleHub) -> None:
    data = hub.open_term(
        node="pve1", vmid=None, hostname="pve1", user="root@pam", version="9.1", kind="shell"
    )
    assert set(data) == {"user", "ticket", "port"}
    assert TICKET_RE.match(data["ticket"])


@pytest.mark.parametrize("version", ["7.4", "8.4", "9.1"])
def test_a_fresh_ticket_is_accepted(hub: ConsoleHub, version: str) -> None:
    data = open_qemu(hub, version)
    assert check(hub, data, version) is TicketCheck.OK
    assert hub.check_ticket(
        port=data["port"], vncticket=data["ticket"], user="root@pam", path_vmid=100,
        version=version,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (-21, TicketCheck.EXPIRED),
        (-20, TicketCheck.OK),
        (40, TicketCheck.OK),
        (41, TicketCheck.EXPIRED),
    ],
)
def test_ticket_time_window(clock: FakeClock, offset: int, expected: TicketCheck) -> None:
    # A long listen timeout separates the ticket window from the listener's lifetime.
    hub = ConsoleHub(clock=clock, rng=random.Random(1), listen_timeout=120)
    data = open_qemu(hub, "8.4")
    assert check(hub, data, "8.4", now=T0 + offset) is expected


def test_unused_session_expires_after_the_listen_timeout(hub: ConsoleHub, clock: FakeClock) -> None:
    data = open_qemu(hub, "8.4")
    clock.now = T0 + 9.5
    assert check(hub, data, "8.4") is TicketCheck.OK
    clock.now = T0 + 10.5
    assert check(hub, data, "8.4") is TicketCheck.NO_LISTENER
    assert hub.session(data["port"]) is None
    assert hub.history[-1].state == "expired"
    # The port is free again.
    assert open_qemu(hub, "8.4")["port"] == data["port"]


def test_ports_are_unique_per_open_session_and_exhausted_cleanly(clock: FakeClock) -> None:
    hub = ConsoleHub(clock=clock, rng=random.Random(3), port_range=(5900, 5904))
    ports = [open_qemu(hub, "8.4", vmid=100 + n)["port"] for n in range(5)]
    assert sorted(ports) == [5900, 5901, 5902, 5903, 5904]
    with pytest.raises(ConsoleError, match=r"unable to find free port \(5900-5904\)"):
        open_qemu(hub, "8.4", vmid=200)


@pytest.mark.parametrize("version", ["7.4", "8.4", "9.1"])
def test_wrong_vmid_user_or_garbage_is_invalid(hub: ConsoleHub, version: str) -> None:
    data = open_qemu(hub, version)
    assert check(hub, data, version, path_vmid=101) is TicketCheck.INVALID
    assert check(hub, data, version, user="audit@pve") is TicketCheck.INVALID
    assert check(hub, data, version, vncticket=data["ticket"] + "x") is TicketCheck.INVALID
    assert check(hub, data, version, vncticket="PVEVNC:00000000::AAAA") is TicketCheck.INVALID


def test_9_1_requires_the_full_prefixed_ticket(hub: ConsoleHub) -> None:
    data = open_qemu(hub, "9.1")
    inner = data["ticket"].split(":", 1)[1]
    assert check(hub, data, "9.1", vncticket=inner) is TicketCheck.INVALID


def test_9_1_binds_tickets_to_their_port(hub: ConsoleHub) -> None:
    first = open_qemu(hub, "9.1")
    second = open_qemu(hub, "9.1")
    assert check(hub, second, "9.1", vncticket=first["ticket"]) is TicketCheck.INVALID
    assert check(hub, first, "9.1", port=second["port"]) is TicketCheck.INVALID


def test_before_9_1_tickets_are_not_bound_to_a_port(hub: ConsoleHub) -> None:
    # The weakness 9.1 fixed: any valid ticket for the guest opens any of its listeners.
    first = open_qemu(hub, "8.4")
    second = open_qemu(hub, "8.4")
    assert check(hub, second, "8.4", vncticket=first["ticket"]) is TicketCheck.OK


def test_a_listener_for_another_guest_is_not_served(hub: ConsoleHub) -> None:
    guest_100 = open_qemu(hub, "8.4", vmid=100)
    guest_101 = open_qemu(hub, "8.4", vmid=101)
    # A valid ticket for 100, but the port belongs to 101's listener.
    assert check(hub, guest_100, "8.4", port=guest_101["port"]) is TicketCheck.NO_LISTENER


def test_node_shell_tickets_are_for_the_node_path(hub: ConsoleHub) -> None:
    data = hub.open_term(
        node="pve1", vmid=None, hostname="pve1", user="root@pam", version="8.4", kind="shell"
    )
    assert check(hub, data, "8.4", path_vmid=None) is TicketCheck.OK
    assert check(hub, data, "8.4", path_vmid=None, node="pve1") is TicketCheck.OK
    assert check(hub, data, "8.4", path_vmid=None, node="pve2") is TicketCheck.INVALID
    assert check(hub, data, "8.4", path_vmid=100) is TicketCheck.INVALID


def test_unknown_port_has_no_listener(hub: ConsoleHub) -> None:
    data = open_qemu(hub, "8.4")
    other_port = 5999 if data["port"] != 5999 else 5998
    assert check(hub, data, "8.4", port=other_port) is TicketCheck.NO_LISTENER


def test_bad_kinds_and_vmids_are_rejected(hub: ConsoleHub) -> None:
    with pytest.raises(ConsoleError):
        hub.open_vnc(node="n", vmid=100, title="t", user="u@pam", version="8.4", kind="spice")
    with pytest.raises(ConsoleError):
        hub.open_vnc(node="n", vmid=None, title="t", user="u@pam", version="8.4", kind="qemu")
    with pytest.raises(ConsoleError):
        hub.open_term(node="n", vmid=100, hostname="h", user="u@pam", version="8.4", kind="shell")
    with pytest.raises(ConsoleError):
        hub.open_term(node="n", vmid=100, hostname="h", user="u@pam", version="8.4", kind="vnc")


def test_session_repr_holds_no_secret(hub: ConsoleHub) -> None:
    data = open_qemu(hub, "9.1")
    text = repr(hub.session(data["port"]))
    assert data["password"] not in text
    assert "PVEVNC" not in text


def test_session_end_callback_reports_expired_sessions_once(clock: FakeClock) -> None:
    ended = []
    hub = ConsoleHub(clock=clock, rng=random.Random(2), on_session_end=ended.append)
    data = open_qemu(hub, "8.4")
    hub.sessions()
    assert ended == []
    clock.now += 11
    assert hub.sessions() == []
    hub.sessions()
    assert [(s.port, s.state) for s in ended] == [(data["port"], "expired")]
