"""The simulated shell behind termproxy, and the termproxy message parser."""

from __future__ import annotations

import pytest

from pvesphere_desktop.simulator.consoles.connection import ProtocolViolationError
from pvesphere_desktop.simulator.consoles.shell import (
    CLEAR_SCREEN,
    SimShell,
    format_date,
    format_uptime,
)
from pvesphere_desktop.simulator.consoles.termproxy import (
    TermData,
    TermPing,
    TermResize,
    parse_messages,
)

NOW = 1_741_083_121.0  # Tue Mar  4 10:12:01 UTC 2025


def node_shell(version: str = "8.4", user: str = "root@pam") -> SimShell:
    return SimShell(kind="shell", hostname="pve1", user=user, version=version, clock=lambda: NOW)


def run(shell: SimShell, line: str) -> str:
    """Type ``line`` + Enter; return the command's output without echo and prompt."""
    out = shell.feed((line + "\r").encode())
    echo = line + "\r\n"
    assert out.startswith(echo), out
    assert out.endswith(shell.prompt) or shell.closed, out
    return out[len(echo) : len(out) - len(shell.prompt)] if not shell.closed else out[len(echo) :]


def test_root_node_shell_starts_logged_in_with_the_motd() -> None:
    shell = node_shell("9.1")
    greeting = shell.start()
    assert greeting.startswith("Linux pve1 6.17.2-1-pve #1 SMP PREEMPT_DYNAMIC PMX")
    assert "permitted by applicable law.\r\nLast login: " in greeting
    assert greeting.endswith("\r\nroot@pve1:~# ")
    assert "\n" not in greeting.replace("\r\n", "")


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("7.4", "pve-manager/7.4-19/f98bf8d4 (running kernel: 5.15.158-2-pve)"),
        ("8.4", "pve-manager/8.4.1/2a5fa54a8503f96d (running kernel: 6.8.12-9-pve)"),
        ("8.4.5", "pve-manager/8.4.5/2a5fa54a8503f96d (running kernel: 6.8.12-9-pve)"),
        ("9.1", "pve-manager/9.1.2/9d436f37a0ac4172 (running kernel: 6.17.2-1-pve)"),
    ],
)
def test_pveversion_per_release(version: str, expected: str) -> None:
    assert run(node_shell(version), "pveversion") == expected + "\r\n"


def test_commands() -> None:
    shell = node_shell()
    shell.start()
    assert run(shell, "hostname") == "pve1\r\n"
    assert run(shell, "whoami") == "root\r\n"
    assert run(shell, "date") == "Tue Mar  4 10:12:01 UTC 2025\r\n"
    assert run(shell, "uname") == "Linux\r\n"
    assert run(shell, "uname -a").startswith("Linux pve1 6.8.12-9-pve #1 SMP")
    assert run(shell, "uname -r -n") == "6.8.12-9-pve pve1\r\n"
    assert "invalid option -- 'q'" in run(shell, "uname -q")
    assert run(shell, "echo 'a  b' c") == "a  b c\r\n"
    assert run(shell, "ls") == ""
    assert run(shell, "ls /").startswith("bin  boot  dev")
    assert run(shell, "ls /nope") == "ls: cannot access '/nope': No such file or directory\r\n"
    assert run(shell, "pwd") == "/root\r\n"
    assert run(shell, "clear") == CLEAR_SCREEN
    assert "hostname" in run(shell, "help")
    assert run(shell, "") == ""
    assert run(shell, "vim /etc/hosts") == "-bash: vim: command not found\r\n"
    assert run(shell, "echo 'unbalanced").startswith("-bash: unexpected EOF")
    assert shell.commands[:2] == ["hostname", "whoami"]


def test_uptime_line() -> None:
    line = format_uptime(NOW, NOW - (3 * 86400 + 2 * 3600 + 5 * 60), (0.08, 0.12, 0.1))
    assert line == " 10:12:01 up 3 days,  2:05,  1 user,  load average: 0.08, 0.12, 0.10"
    assert "up 7 min," in format_uptime(NOW, NOW - 7 * 60, (0, 0, 0))
    assert run(node_shell(), "uptime").startswith(" 10:12:01 up ")


def test_format_date_pads_the_day() -> None:
    assert format_date(0) == "Thu Jan  1 00:00:00 UTC 1970"
    assert format_date(0, zone=None) == "Thu Jan  1 00:00:00 1970"


def test_line_editing() -> None:
    shell = node_shell()
    shell.start()
    assert shell.feed(b"hostx") == "hostx"
    assert shell.feed(b"\x7f") == "\b \b"
    assert shell.feed(b"\x08") == "\b \b"
    assert shell.feed(b"tname\r") == "tname\r\npve1\r\nroot@pve1:~# "
    # Arrow keys and other escape sequences are swallowed.
    assert shell.feed(b"\x1b[A\x1bOB\x1b[1;5C") == ""
    assert shell.feed(b"ab\x15") == "ab\b \b\b \b"  # Ctrl+U
    assert shell.feed(b"xy\x03") == "xy^C\r\nroot@pve1:~# "
    assert shell.feed(b"\x7f") == ""  # nothing left to delete
    assert shell.feed(b"\x0c").startswith(CLEAR_SCREEN)
    assert shell.feed(b"\t") == "\x07"
    # A pasted CRLF is one Enter.
    assert shell.feed(b"whoami\r\n").count("root@pve1:~# ") == 1


def test_utf8_split_across_messages() -> None:
    shell = node_shell()
    shell.start()
    data = "ü".encode()
    assert shell.feed(data[:1]) == ""
    assert shell.feed(data[1:]) == "ü"


def test_exit_and_ctrl_d_close_a_node_shell() -> None:
    shell = node_shell()
    shell.start()
    assert shell.feed(b"exit\r") == "exit\r\nlogout\r\n"
    assert shell.closed
    other = node_shell()
    other.start()
    assert other.feed(b"\x04") == "logout\r\n"
    assert other.closed


def test_non_root_users_log_in_through_a_prompt_and_passwords_are_not_echoed() -> None:
    shell = node_shell(user="alice@pve")
    assert shell.start() == "pve1 login: "
    assert shell.feed(b"alice\r") == "alice\r\nPassword: "
    assert shell.feed(b"\r") == "\r\n\r\nLogin incorrect\r\npve1 login: "
    shell.feed(b"alice\r")
    out = shell.feed(b"hunter2\r")
    assert "hunter2" not in out
    assert out.endswith("alice@pve1:~$ ")
    assert run(shell, "id") == "uid=1000(alice) gid=1000(alice) groups=1000(alice)\r\n"
    assert run(shell, "pwd") == "/home/alice\r\n"


def test_a_root_api_token_gets_the_root_shell() -> None:
    assert node_shell(user="root@pam!automation").start().endswith("root@pve1:~# ")


def test_serial_console_getty_and_relogin() -> None:
    shell = SimShell(kind="serial", hostname="web01", user="root@pam", version="8.4")
    greeting = shell.start()
    assert greeting == "\r\nDebian GNU/Linux 12 web01 ttyS0\r\n\r\nweb01 login: "
    shell.feed(b"root\r")
    assert shell.feed(b"pw\r").endswith("root@web01:~# ")
    assert "6.1.0-31-amd64" in run(shell, "uname -a")
    assert run(shell, "pveversion") == "-bash: pveversion: command not found\r\n"
    out = shell.feed(b"logout\r")
    assert out.endswith("web01 login: ")
    assert not shell.closed


def test_lxc_console_shares_the_node_kernel_and_ctrl_a_q_leaves() -> None:
    shell = SimShell(kind="lxc", hostname="db01", user="root@pam", version="9.1")
    assert shell.start().startswith("\r\nConnected to tty 1\r\n")
    shell.feed(b"root\rpw\r")
    assert "6.17.2-1-pve" in run(shell, "uname -r")
    shell.feed(b"\x01\x01")  # Ctrl+a Ctrl+a is a literal Ctrl+a, not an exit
    assert not shell.closed
    shell.feed(b"\x01q")
    assert shell.closed


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown terminal kind"):
        SimShell(kind="vnc", hostname="h", user="root@pam", version="8.4")


# --- termproxy framing ----------------------------------------------------------------------


def test_parse_complete_messages() -> None:
    buffer = b"0:5:hello1:80:24:20:3:\xc3\xbcx"
    messages, consumed = parse_messages(buffer)
    assert messages == [
        TermData(b"hello"),
        TermResize(80, 24),
        TermPing(),
        TermData("üx".encode()),
    ]
    assert consumed == len(buffer)


@pytest.mark.parametrize("partial", [b"0", b"0:", b"0:5", b"0:5:hel", b"1:80", b"1:80:24"])
def test_incomplete_messages_wait(partial: bytes) -> None:
    messages, consumed = parse_messages(b"2" + partial)
    assert messages == [TermPing()]
    assert consumed == 1


def test_data_may_contain_protocol_characters() -> None:
    messages, _ = parse_messages(b"0:6:1:2:0:")
    assert messages == [TermData(b"1:2:0:")]


@pytest.mark.parametrize(
    "bad",
    [b"x", b"3", b"0x", b"0::", b"0:a:", b"0:-1:", b"1:0:5:", b"1:5:0:", b"1:99999:5:",
     b"0:" + b"9" * 21, b"0:2000000:"],
)  # fmt: skip
def test_malformed_messages_raise(bad: bytes) -> None:
    with pytest.raises(ProtocolViolationError):
        parse_messages(bad)
