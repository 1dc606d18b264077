"""A small simulated login shell for the termproxy consoles (node shell, LXC, qemu serial).

It is a pure state machine: bytes typed by the client go in, terminal output (``\\r\\n`` line
ends, echo, line editing) comes out. A node shell opened by root@pam starts logged in with
the Debian MOTD, as PVE's ``login -f root`` does; other users, LXC consoles (``lxc-console``
on tty1) and serial consoles get a getty ``login:`` prompt first. Any non-empty password is
accepted. Commands: hostname, uptime, uname, pveversion (nodes only), whoami, id, date, echo,
ls, pwd, stty size, clear, help, exit/logout; anything else is "command not found".
"""

from __future__ import annotations

import codecs
import shlex
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace

from pvesphere_desktop.simulator.consoles.tickets import parse_version

SHELL_KINDS = ("shell", "lxc", "serial")
MAX_LINE = 4096
CLEAR_SCREEN = "\x1b[H\x1b[2J\x1b[3J"
BELL = "\x07"
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ROOT_DIRS = (
    "bin  boot  dev  etc  home  lib  lib64  media  mnt  opt  proc  root  run  sbin  srv  sys"
    "  tmp  usr  var"
)


@dataclass(frozen=True)
class Release:
    """What a PVE major release runs: manager version, kernel and Debian base."""

    manager: str
    manager_hash: str
    kernel: str
    kernel_build: str
    debian: str
    guest_kernel: str
    guest_kernel_build: str


_RELEASES: dict[int, Release] = {
    7: Release(
        "7.4-19",
        "f98bf8d4",
        "5.15.158-2-pve",
        "#1 SMP PVE 5.15.158-2 (2024-07-26T13:41Z)",
        "11",
        "5.10.0-33-amd64",
        "#1 SMP Debian 5.10.226-1 (2024-10-03)",
    ),
    8: Release(
        "8.4.1",
        "2a5fa54a8503f96d",
        "6.8.12-9-pve",
        "#1 SMP PREEMPT_DYNAMIC PMX 6.8.12-9 (2025-03-16T19:18Z)",
        "12",
        "6.1.0-31-amd64",
        "#1 SMP PREEMPT_DYNAMIC Debian 6.1.128-1 (2025-02-07)",
    ),
    9: Release(
        "9.1.2",
        "9d436f37a0ac4172",
        "6.17.2-1-pve",
        "#1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1 (2025-10-21T11:55Z)",
        "13",
        "6.12.48+deb13-amd64",
        "#1 SMP PREEMPT_DYNAMIC Debian 6.12.48-1 (2025-09-20)",
    ),
}


def release_for(version: str) -> Release:
    """Return the release facts for a PVE version (the nearest known major release)."""
    major, _minor = parse_version(version)
    known = sorted(_RELEASES)
    chosen = max((m for m in known if m <= major), default=known[0])
    release = _RELEASES[chosen]
    if version.count(".") >= 2 and major == chosen:
        # A full version ("8.4.1") is what pveversion should print.
        release = replace(release, manager=version.strip())
    return release


def format_date(epoch: float, zone: str | None = "UTC") -> str:
    """Return ``date``'s default output for ``epoch`` in UTC (``zone=None`` omits the zone)."""
    t = time.gmtime(epoch)
    zone_part = f" {zone}" if zone else ""
    return (
        f"{_DAYS[t.tm_wday]} {_MONTHS[t.tm_mon - 1]} {t.tm_mday:2d} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}{zone_part} {t.tm_year}"
    )


def format_uptime(now: float, booted: float, load: tuple[float, float, float]) -> str:
    """Return ``uptime``'s output line."""
    t = time.gmtime(now)
    up = max(0, int(now - booted))
    days, rest = divmod(up, 86400)
    hours, minutes = rest // 3600, rest % 3600 // 60
    clock = f"{hours}:{minutes:02d}" if hours else f"{minutes} min"
    span = f"{days} day{'s' if days != 1 else ''}, {clock:>5}" if days else clock
    return (
        f" {t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} up {span},  1 user,  "
        f"load average: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}"
    )


class SimShell:
    """Terminal state machine: :meth:`start` and :meth:`feed` return output to send."""

    def __init__(
        self,
        *,
        kind: str,
        hostname: str,
        user: str,
        version: str,
        clock: Callable[[], float] = time.time,
        booted: float | None = None,
    ) -> None:
        if kind not in SHELL_KINDS:
            raise ValueError(f"unknown terminal kind {kind!r}")
        self.kind = kind
        self.hostname = hostname
        self.release = release_for(version)
        self._clock = clock
        seed = zlib.crc32(hostname.encode("utf-8"))
        now = clock()
        # A stable, host-specific uptime between 1 and 40 days.
        self._booted = booted if booted is not None else now - 86400 - seed % (39 * 86400)
        self._load = (seed % 97 / 100, seed % 89 / 100, seed % 83 / 100)
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._line = ""
        self._escape: str | None = None
        self._last_cr = False
        self._ctrl_a = False
        self.cols, self.rows = 80, 24
        self.closed = False
        self.commands: list[str] = []
        pve_user = user.split("!", 1)[0]  # an API token acts for its owner
        self._auto_login = kind == "shell" and pve_user == "root@pam"
        self.login_name = "root" if self._auto_login else ""
        self.mode = "shell" if self._auto_login else "login"

    # -- output pieces -------------------------------------------------------------------

    @property
    def prompt(self) -> str:
        """Return the prompt for the current mode."""
        if self.mode == "login":
            return f"{self.hostname} login: "
        if self.mode == "password":
            return "Password: "
        sign = "#" if self.login_name == "root" else "$"
        return f"{self.login_name}@{self.hostname}:~{sign} "

    def _uname_a(self) -> str:
        if self.kind == "serial":
            kernel, build = self.release.guest_kernel, self.release.guest_kernel_build
        else:  # containers share the node's kernel
            kernel, build = self.release.kernel, self.release.kernel_build
        return f"Linux {self.hostname} {kernel} {build} x86_64 GNU/Linux"

    def _motd(self) -> str:
        uname = self._uname_a().removesuffix(" GNU/Linux")
        lines = [
            uname,
            "",
            "The programs included with the Debian GNU/Linux system are free software;",
            "the exact distribution terms for each program are described in the",
            "individual files in /usr/share/doc/*/copyright.",
            "",
            "Debian GNU/Linux comes with ABSOLUTELY NO WARRANTY, to the extent",
            "permitted by applicable law.",
            f"Last login: {format_date(self._booted + 3600, zone=None)}",
        ]
        return "\r\n".join(lines) + "\r\n"

    def _getty_banner(self) -> str:
        tty = "ttyS0" if self.kind == "serial" else "tty1"
        return f"\r\nDebian GNU/Linux {self.release.debian} {self.hostname} {tty}\r\n\r\n"

    def start(self) -> str:
        """Return what the terminal shows right after the termproxy ``OK``."""
        if self.mode == "shell":
            return self._motd() + self.prompt
        if self.kind == "shell":
            return self.prompt  # PVE runs plain /bin/login for other users
        head = ""
        if self.kind == "lxc":
            head = (
                "\r\nConnected to tty 1\r\n"
                "Type <Ctrl+a q> to exit the console, <Ctrl+a Ctrl+a> to enter Ctrl+a itself\r\n"
            )
        return head + self._getty_banner() + self.prompt

    def resize(self, cols: int, rows: int) -> None:
        """Record the terminal size the client reported."""
        self.cols, self.rows = cols, rows

    # -- input ---------------------------------------------------------------------------

    def feed(self, data: bytes) -> str:
        """Process typed bytes; return the output (``closed`` turns True on logout)."""
        out: list[str] = []
        for char in self._decoder.decode(data):
            if self.closed:
                break
            self._key(char, out)
        return "".join(out)

    def _key(self, char: str, out: list[str]) -> None:
        if self._escape is not None:
            self._escape += char
            # CSI/SS3 sequences end with a final byte 0x40..0x7e; others after one character.
            if (len(self._escape) == 1 and char not in "[O") or (
                len(self._escape) > 1 and "\x40" <= char <= "\x7e"
            ):
                self._escape = None
            return
        if self.kind == "lxc" and self._ctrl_a:
            self._ctrl_a = False
            if char == "q":  # lxc-console's escape: leave the console
                self.closed = True
            return
        last_cr, self._last_cr = self._last_cr, char == "\r"
        if char == "\x1b":
            self._escape = ""
        elif char == "\x01" and self.kind == "lxc":
            self._ctrl_a = True
        elif char in "\r\n":
            if char == "\n" and last_cr:
                return  # "\r\n" from a paste is one Enter
            out.append("\r\n")
            self._enter(out)
        elif char in "\x7f\x08":
            if self._line:
                self._line = self._line[:-1]
                if self.mode != "password":
                    out.append("\b \b")
        elif char == "\x03":  # Ctrl+C
            self._line = ""
            if self.mode == "password":
                self.mode = "login"
            out.append("^C\r\n" + self.prompt)
        elif char == "\x04":  # Ctrl+D on an empty line logs out
            if not self._line and self.mode == "shell":
                out.append("logout\r\n")
                self._logout(out)
        elif char == "\x15":  # Ctrl+U kills the line
            if self.mode != "password":
                out.append("\b \b" * len(self._line))
            self._line = ""
        elif char == "\x0c":  # Ctrl+L clears the screen
            out.append(CLEAR_SCREEN + self.prompt + self._line)
        elif char < " ":
            if char == "\t":
                out.append(BELL)  # no completion here
        elif len(self._line) >= MAX_LINE:
            out.append(BELL)
        else:
            self._line += char
            if self.mode != "password":
                out.append(char)

    def _enter(self, out: list[str]) -> None:
        line, self._line = self._line, ""
        if self.mode == "login":
            if line.strip():
                self.login_name = line.strip()
                self.mode = "password"
            out.append(self.prompt)
        elif self.mode == "password":
            if line:
                self.mode = "shell"
                out.append(self._motd() + self.prompt)
            else:
                self.mode = "login"
                out.append("\r\nLogin incorrect\r\n" + self.prompt)
        else:
            self.commands.append(line)
            result = self._run(line)
            if self.closed:
                out.append(result)
                return
            if self.mode == "shell":
                out.append(result + self.prompt)
            else:
                out.append(result)

    def _logout(self, out: list[str]) -> None:
        if self._auto_login or self.kind == "shell":
            self.closed = True  # login exits, termproxy ends, pveproxy drops the websocket
            return
        # A getty respawns and asks again.
        self.mode = "login"
        self.login_name = ""
        out.append(self._getty_banner() + self.prompt)

    # -- commands ------------------------------------------------------------------------

    def _run(self, line: str) -> str:
        try:
            argv = shlex.split(line)
        except ValueError:
            return "-bash: unexpected EOF while looking for matching quote\r\n"
        if not argv:
            return ""
        name, args = argv[0], argv[1:]
        handler = getattr(self, f"_cmd_{name}", None) if name.isidentifier() else None
        if name == "pveversion" and self.kind != "shell":
            handler = None  # a guest is not a PVE node
        if handler is None:
            return f"-bash: {name}: command not found\r\n"
        text: str = handler(args)
        return text

    def _cmd_hostname(self, args: list[str]) -> str:
        return self.hostname + "\r\n"

    def _cmd_uptime(self, args: list[str]) -> str:
        return format_uptime(self._clock(), self._booted, self._load) + "\r\n"

    def _cmd_uname(self, args: list[str]) -> str:
        parts = {
            "-s": "Linux",
            "-n": self.hostname,
            "-r": self._uname_a().split()[2],
            "-m": "x86_64",
            "-o": "GNU/Linux",
        }
        if not args:
            return "Linux\r\n"
        if args == ["-a"]:
            return self._uname_a() + "\r\n"
        out = []
        for arg in args:
            if arg not in parts:
                return (
                    f"uname: invalid option -- '{arg.lstrip('-')[:1]}'\r\n"
                    "Try 'uname --help' for more information.\r\n"
                )
            out.append(parts[arg])
        return " ".join(out) + "\r\n"

    def _cmd_pveversion(self, args: list[str]) -> str:
        release = self.release
        return (
            f"pve-manager/{release.manager}/{release.manager_hash} "
            f"(running kernel: {release.kernel})\r\n"
        )

    def _cmd_whoami(self, args: list[str]) -> str:
        return self.login_name + "\r\n"

    def _cmd_id(self, args: list[str]) -> str:
        if self.login_name == "root":
            return "uid=0(root) gid=0(root) groups=0(root)\r\n"
        name = self.login_name
        return f"uid=1000({name}) gid=1000({name}) groups=1000({name})\r\n"

    def _cmd_date(self, args: list[str]) -> str:
        return format_date(self._clock()) + "\r\n"

    def _cmd_echo(self, args: list[str]) -> str:
        return " ".join(args) + "\r\n"

    def _cmd_pwd(self, args: list[str]) -> str:
        return ("/root" if self.login_name == "root" else f"/home/{self.login_name}") + "\r\n"

    def _cmd_ls(self, args: list[str]) -> str:
        paths = [arg for arg in args if not arg.startswith("-")]
        out = []
        for path in paths or ["."]:
            if path == "/":
                out.append(_ROOT_DIRS + "\r\n")
            elif path not in (".", "~", "/root"):
                out.append(f"ls: cannot access '{path}': No such file or directory\r\n")
        return "".join(out)

    def _cmd_stty(self, args: list[str]) -> str:
        if args == ["size"]:
            return f"{self.rows} {self.cols}\r\n"
        return ""

    def _cmd_clear(self, args: list[str]) -> str:
        return CLEAR_SCREEN

    def _cmd_help(self, args: list[str]) -> str:
        names = "clear date echo exit help hostname id logout ls pwd stty uname uptime whoami"
        if self.kind == "shell":
            names += " pveversion"
        return (
            "GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)\r\n"
            "This simulated shell knows these commands:\r\n"
            f"  {' '.join(sorted(names.split()))}\r\n"
        )

    def _cmd_exit(self, args: list[str]) -> str:
        out = ["logout\r\n"]
        self._logout(out)
        return "".join(out)

    _cmd_logout = _cmd_exit
