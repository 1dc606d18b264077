"""``pvesphere cluster ...`` and ``pvesphere guest ...`` end to end against the simulator.

The commands run in-process (the real ``main``) with a private data directory, the real SQLite
registry and the real encrypted vault (this machine has no OS keyring).
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.errors
import pytest
from conftest import VAULT_PASSWORD
from jaraco.classes import properties
from keyring.backend import KeyringBackend
from pve_simhelpers import SimCluster

from pvesphere_desktop.cli.main import main
from pvesphere_desktop.secrets import SERVICE
from pvesphere_desktop.simulator import SimulatedFleet


@dataclass
class Result:
    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture
def run(home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    def invoke(*argv: str, stdin: str = "") -> Result:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(["--home", str(home), *argv])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


def _add_token(run: Run, cluster: SimCluster, name: str | None = None, *extra: str) -> Result:
    return run(
        "cluster", "add", name or cluster.name, "--url", cluster.url,
        "--token", cluster.info["token"], "--fingerprint", cluster.info["fingerprint"], *extra,
    )  # fmt: skip


def _guest(cluster: SimCluster, kind: str, running: bool, avoid_node: str = "") -> int:
    for guest in cluster.sim.model.guests.values():
        config = guest.config
        plain = not config.get("template") and not config.get("lock")
        if guest.kind == kind and plain and guest.node != avoid_node:
            if guest.running != running:
                if running:
                    cluster.sim.outside.start_guest(guest.vmid)
                else:
                    cluster.sim.outside.stop_guest(guest.vmid)
            return int(guest.vmid)
    raise LookupError(kind)


def test_add_list_verify_remove_with_a_token(run: Run, sim_cluster: SimCluster) -> None:
    added = _add_token(run, sim_cluster)
    assert added.code == 0, added.err
    pveversion = sim_cluster.info["pveversion"]
    assert re.fullmatch(
        rf"Added {sim_cluster.name}: PVE {re.escape(pveversion)}, cluster \S+, 3 nodes "
        rf"\(3 online\), via \S+\n",
        added.out,
    )
    listed = run("cluster", "list", "--json")
    assert listed.code == 0
    rows = json.loads(listed.out)
    assert [(r["name"], r["url"], r["version"], r["health"]) for r in rows] == [
        (sim_cluster.name, sim_cluster.url, pveversion, "ok")
    ]
    offline = json.loads(run("cluster", "list", "--json", "--offline").out)
    assert offline[0]["health"] == "unknown"
    verified = run("cluster", "verify", sim_cluster.name)
    assert verified.code == 0
    assert f"PVE {pveversion}, 3 nodes (3 online)" in verified.out
    details = json.loads(run("cluster", "verify", sim_cluster.name, "--json").out)
    assert details["capabilities"]["ha_rules"] is (sim_cluster.version == "9.1")
    assert run("cluster", "remove", sim_cluster.name).code == 0
    assert json.loads(run("cluster", "list", "--json").out) == []
    again = run("cluster", "remove", sim_cluster.name)
    assert again.code == 1
    assert "no cluster named" in again.err


def test_trust_on_first_use_shows_the_certificate(run: Run, sim_cluster: SimCluster) -> None:
    added = run(
        "cluster", "add", "tofu", "--url", sim_cluster.url, "--token-stdin",
        "--trust-on-first-use", stdin=sim_cluster.info["token"] + "\n",
    )  # fmt: skip
    assert added.code == 0, added.err
    assert sim_cluster.info["fingerprint"] in added.err
    assert "subject:" in added.err
    assert run("cluster", "verify", "tofu").code == 0


def test_password_with_totp_and_ca_file(run: Run, sim_cluster: SimCluster) -> None:
    userid = sim_cluster.tfa_userid()
    password = sim_cluster.user(userid)["password"] + "\n"
    base = ("cluster", "add", "tfa", "--url", sim_cluster.url, "--user", userid,
            "--password-stdin", "--ca-file", sim_cluster.info["ca_file"])  # fmt: skip
    missing = run(*base, stdin=password)
    assert missing.code == 1
    assert "second factor is required" in missing.err
    added = run(*base, "--otp", sim_cluster.totp(userid), stdin=password)
    assert added.code == 0, added.err
    needs = run("cluster", "verify", "tfa")  # a new process must log in again: TFA again
    assert needs.code == 1
    assert "second factor" in needs.err
    assert run("cluster", "verify", "tfa", "--otp", sim_cluster.totp(userid)).code == 0
    rows = json.loads(run("cluster", "list", "--json").out)
    assert rows[0]["health"] == "needs_login"


def test_refusals(run: Run, sim_cluster: SimCluster) -> None:
    assert _add_token(run, sim_cluster, "dup").code == 0
    dup = _add_token(run, sim_cluster, "dup")
    assert dup.code == 1
    assert "already exists" in dup.err
    bad_token = re.sub(
        r"=[^=]+$", "=00000000-0000-0000-0000-000000000000", sim_cluster.info["token"]
    )
    refused = run(
        "cluster", "add", "bad", "--url", sim_cluster.url, "--token", bad_token,
        "--fingerprint", sim_cluster.info["fingerprint"],
    )  # fmt: skip
    assert refused.code == 1
    assert "Authentication failed" in refused.err
    names = [r["name"] for r in json.loads(run("cluster", "list", "--json", "--offline").out)]
    assert names == ["dup"]


@pytest.mark.parametrize(
    "argv",
    [
        ("cluster", "add", "x", "--token", "a@b!c=d", "--system-ca"),  # no --url
        ("cluster", "add", "x", "--url", "https://h", "--token", "a@b!c=d"),  # no trust option
        (
            "cluster",
            "add",
            "x",
            "--url",
            "https://h",
            "--token",
            "t",
            "--user",
            "u@pam",
            "--system-ca",
        ),
        ("cluster", "add", "x", "--url", "https://h", "--user", "u@pam", "--system-ca"),
        ("cluster", "add", "x", "--url", "https://h", "--token", "nope", "--system-ca"),
        ("cluster", "add", "x", "--url", "ftp://h", "--token", "a@b!c=d", "--system-ca"),
        ("cluster", "add", "x", "--url", "https://h", "--token", "a@b!c=d", "--fingerprint", "AB"),
        ("cluster", "repin", "x"),
        ("guest", "start", "no-slash"),
        ("guest", "explode", "c/100"),
        ("cluster",),
    ],
)
def test_usage_errors_exit_2(run: Run, argv: tuple[str, ...]) -> None:
    result = run(*argv)
    assert result.code == 2
    assert result.err
    assert result.out == ""


def test_guest_actions(run: Run, sim_cluster: SimCluster) -> None:
    assert _add_token(run, sim_cluster).code == 0
    name = sim_cluster.name
    vmid = _guest(sim_cluster, "qemu", running=False)
    started = run("guest", "start", f"{name}/{vmid}", "--wait")
    assert started.code == 0, started.err
    assert started.out == f"start {name}/{vmid}: OK\n"
    again = run("guest", "start", f"{name}/{vmid}", "--wait", "--log")
    assert again.code == 1
    assert "already running" in again.err
    assert "TASK ERROR" in again.out
    upid = run("guest", "shutdown", f"{name}/{vmid}")
    assert upid.code == 0
    assert re.fullmatch(
        r"UPID:[^:]+:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:qmshutdown:\d+:\S+:\n", upid.out
    )
    ct = _guest(sim_cluster, "lxc", running=True)
    reset = run("guest", "reset", f"{name}/{ct}")
    assert reset.code == 2
    assert "not possible for a lxc guest" in reset.err
    assert run("guest", "stop", f"{name}/{ct}", "--wait").code == 0
    missing = run("guest", "start", f"{name}/999999")
    assert missing.code == 1
    assert "no guest with VMID 999999" in missing.err
    sim_cluster.sim.fail_tasks("no space left on device")
    failed = run("guest", "start", f"{name}/{ct}", "--wait")
    assert failed.code == 1
    assert failed.err.strip().endswith("no space left on device")


def test_failover_from_the_cli(run: Run, sim_cluster: SimCluster) -> None:
    assert _add_token(run, sim_cluster).code == 0  # learns the nodes and their pins
    sim_cluster.sim.node_down(sim_cluster.node_names[0])
    verified = run("cluster", "verify", sim_cluster.name)
    assert verified.code == 0, verified.err
    assert re.search(r"via \S+ at https://", verified.out)
    assert sim_cluster.url not in verified.out
    vmid = _guest(sim_cluster, "qemu", running=False, avoid_node=sim_cluster.node_names[0])
    assert run("guest", "start", f"{sim_cluster.name}/{vmid}", "--wait").code == 0


def test_changed_certificate_and_repin(run: Run, home: Path, pytestconfig: pytest.Config) -> None:
    from pve_conformance import register_fleet
    from pve_simhelpers import make_fleet

    with make_fleet(seed=53, standalone=0) as fleet:
        register_fleet(pytestconfig, fleet.info())
        cluster = SimCluster(fleet, fleet.info()[0])
        assert _add_token(run, cluster).code == 0
        old = cluster.info["fingerprint"]
        new = cluster.sim.change_certificate(cluster.node_names[0])
        refused = run("cluster", "verify", cluster.name)
        assert refused.code == 1
        assert old in refused.err
        assert new in refused.err
        wrong = run("cluster", "repin", cluster.name, "--fingerprint", old)
        assert wrong.code == 1
        assert "nothing was changed" in wrong.err
        repinned = run("cluster", "repin", cluster.name, "--fingerprint", new.replace(":", ""))
        assert repinned.code == 0
        assert f"Pinned {new}" in repinned.out
        assert run("cluster", "verify", cluster.name).code == 0


def test_no_secret_reaches_disk_logs_or_output(
    run: Run, home: Path, cli_fleet: SimulatedFleet
) -> None:
    """A full session and CLI flow, then a search of everything we wrote for the secrets."""
    infos = cli_fleet.info()
    token_cluster = SimCluster(cli_fleet, infos[0])
    tfa_cluster = SimCluster(cli_fleet, infos[1])
    userid = tfa_cluster.tfa_userid()
    password = tfa_cluster.user(userid)["password"]
    token_secret = token_cluster.info["token"].rpartition("=")[2]
    outputs: list[str] = []

    def step(*argv: str, stdin: str = "", expect: int = 0) -> Result:
        result = run("-v", *argv, stdin=stdin)
        outputs.extend((result.out, result.err))
        assert result.code == expect, result.err
        return result

    fingerprint = token_cluster.info["fingerprint"]
    step("cluster", "add", "tok", "--url", token_cluster.url, "--token-stdin",
         "--fingerprint", fingerprint, stdin=token_cluster.info["token"])  # fmt: skip
    step("cluster", "add", "pw", "--url", tfa_cluster.url, "--user", userid,
         "--password-stdin", "--otp", tfa_cluster.totp(userid), "--trust-on-first-use",
         stdin=password)  # fmt: skip
    step("cluster", "list", "--json")
    step("cluster", "verify", "tok")
    step("cluster", "verify", "pw", expect=1)  # needs the second factor again
    vmid = _guest(token_cluster, "qemu", running=False)
    step("guest", "start", f"tok/{vmid}", "--wait", "--log")
    step("guest", "stop", f"tok/{vmid}", "--wait")
    token_cluster.sim.expire_tickets()
    step("guest", "start", f"tok/{vmid}")
    step("cluster", "remove", "pw")

    secrets = {
        "token secret": token_secret,
        "password": password,
        "vault password": VAULT_PASSWORD,
        "totp secret": tfa_cluster.user(userid)["totp_secret"],
    }
    files = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.name == "pvesphere.log" and p.stat().st_size > 0 for p in files)
    assert any(p.name == "secrets.vault" for p in files)
    ticket = re.compile(rb"PVE:[^\s:]+:[0-9A-F]{8}::[A-Za-z0-9+/=]{16,}")
    csrf = re.compile(rb"\b[0-9A-F]{8}:[A-Za-z0-9+/]{20,}")
    for path in files:
        content = path.read_bytes()
        for what, value in secrets.items():
            assert value.encode() not in content, f"{what} found in {path}"
        assert not ticket.search(content), f"a ticket in {path}"
        if path.suffix != ".vault":
            assert not csrf.search(content), f"a CSRF token in {path}"
    text = "\n".join(outputs)
    for what, value in secrets.items():
        assert value not in text, f"{what} printed"


def test_real_entry_point_exit_codes(home: Path) -> None:
    """The installed ``pvesphere`` program (not the in-process main) keeps the exit codes."""
    exe = Path(sys.executable).with_name("pvesphere")
    usage = subprocess.run(
        [str(exe), "--home", str(home), "guest", "start", "nope"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert usage.returncode == 2
    failed = subprocess.run(
        [str(exe), "--home", str(home), "cluster", "verify", "missing"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert failed.returncode == 1
    assert "no cluster named" in failed.stderr
    assert failed.stdout == ""


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring, viable only while installed (keyring auto-discovers backends)."""

    installed = False

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - a class property
        if not cls.installed:
            raise RuntimeError("only installed explicitly by a test")
        return 1.0

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[service, username] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


def test_secrets_go_to_the_os_keyring_when_there_is_one(
    run: Run, home: Path, sim_cluster: SimCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PVESPHERE_SECRETS")
    monkeypatch.delenv("PVESPHERE_VAULT_PASSWORD")
    previous = keyring.get_keyring()
    MemoryKeyring.installed = True
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        assert _add_token(run, sim_cluster, "kr").code == 0
        secret = sim_cluster.info["token"].rpartition("=")[2]
        assert backend.entries == {(SERVICE, "cluster:kr"): secret}
        assert run("cluster", "verify", "kr").code == 0
        assert run("cluster", "remove", "kr").code == 0
        assert backend.entries == {}
    finally:
        keyring.set_keyring(previous)
        MemoryKeyring.installed = False
    assert not (home / "data" / "secrets.vault").exists()
