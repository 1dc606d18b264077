"""tools/house_rules.py: the repository keeps the rules, and each rule can fail."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tools import house_rules
from tools.house_rules import check_tree

ROOT = Path(__file__).resolve().parents[2]


def test_the_repository_keeps_the_house_rules() -> None:
    violations = check_tree(ROOT)
    assert not violations, "\n".join(map(str, violations))


def test_command_line_exit_status(tmp_path: Path) -> None:
    ok = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "house_rules.py"), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stdout
    _write(tmp_path, "pvesphere_desktop/__init__.py", '"""Fine."""\nprint("x")\n')
    bad = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "house_rules.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert "pvesphere_desktop/__init__.py:2: [print]" in bad.stdout


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _rules(root: Path) -> set[tuple[str, int, str]]:
    return {(v.path, v.line, v.rule) for v in check_tree(root)}


def test_print_only_in_cli_and_selftest(tmp_path: Path) -> None:
    _write(tmp_path, "pvesphere_desktop/__init__.py", '"""Fine."""\n')
    _write(tmp_path, "pvesphere_desktop/sync/__init__.py", '"""Fine."""\n')
    _write(tmp_path, "pvesphere_desktop/sync/engine.py", 'print("debug")\n')
    _write(tmp_path, "pvesphere_desktop/cli/__init__.py", '"""Fine."""\n')
    _write(tmp_path, "pvesphere_desktop/cli/info.py", 'print("ok")\n')
    _write(tmp_path, "pvesphere_desktop/ui/__init__.py", '"""Fine."""\n')
    _write(tmp_path, "pvesphere_desktop/ui/selftest.py", 'print("ok")\n')
    _write(tmp_path, "tests/test_x.py", 'print("tests may print")\n')
    assert _rules(tmp_path) == {("pvesphere_desktop/sync/engine.py", 1, "print")}


def test_noqa_and_type_ignore_need_codes(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "tests/test_x.py",
        "a = 1  # noqa\n"
        "b = 2  # noqa: E501\n"
        "c = 3  # NOQA:E501,F401\n"
        "d = 4  # type: ignore\n"
        "e = 5  # type: ignore[attr-defined]\n"
        's = "# noqa in a string is fine"\n',
    )
    assert _rules(tmp_path) == {("tests/test_x.py", 1, "noqa"), ("tests/test_x.py", 4, "noqa")}


def test_no_sleep_in_gui_code(tmp_path: Path) -> None:
    for package in ("ui", "console", "sync"):
        _write(tmp_path, f"pvesphere_desktop/{package}/__init__.py", '"""Fine."""\n')
    _write(tmp_path, "pvesphere_desktop/ui/a.py", "import time\ntime.sleep(1)\n")
    _write(tmp_path, "pvesphere_desktop/ui/b.py", "from time import sleep as nap\nnap(1)\n")
    _write(tmp_path, "pvesphere_desktop/console/c.py", "import time as t\nt.sleep(0.1)\n")
    _write(tmp_path, "pvesphere_desktop/ui/d.py", "import asyncio\nasyncio.sleep(1)\n")
    _write(tmp_path, "pvesphere_desktop/sync/e.py", "import time\ntime.sleep(1)\n")  # a worker
    _write(
        tmp_path,
        "pvesphere_desktop/ui/f.py",
        "import time\n"
        "time.sleep(1)  # house-rules: allow-sleep before the QApplication exists\n"
        "time.sleep(1)  # house-rules: allow-sleep\n",
    )
    assert _rules(tmp_path) == {
        ("pvesphere_desktop/ui/a.py", 2, "sleep"),
        ("pvesphere_desktop/ui/b.py", 2, "sleep"),
        ("pvesphere_desktop/console/c.py", 2, "sleep"),
        ("pvesphere_desktop/ui/f.py", 3, "sleep"),  # an allowance needs a reason
    }


def test_verify_false_anywhere(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "tests/test_tls.py",
        "requests.get(url, verify=False)\n"
        "session.verify = False\n"
        "kwargs = {'verify': False}\n"
        "requests.get(url, verify=ca_file)\n"
        "session.verify = True\n",
    )
    assert _rules(tmp_path) == {
        ("tests/test_tls.py", 1, "verify"),
        ("tests/test_tls.py", 2, "verify"),
        ("tests/test_tls.py", 3, "verify"),
    }


def test_secret_looking_literals(tmp_path: Path) -> None:
    token = str(uuid.uuid4())
    _write(
        tmp_path,
        "tests/data/reply.json",
        '{"ticket": "PVE:root@pam:5FBE5DF6::' + "Ab1+" * 10 + '"}\n'
        '{"CSRFPreventionToken": "5FBE5EB6:' + "Zz9/" * 10 + '"}\n',
    )
    _write(
        tmp_path,
        "tests/test_secret.py",
        f'HEADER = "PVEAPIToken=root@pam!ci={token}"\n'
        'password = "Hunter2-hunter2"\n'
        'config(password="s3cretValue!")\n'
        'PASSWORD = "password"\n'
        'SECRET_ENV = "PVESPHERE_SECRET_KEY"\n'
        'secret = "***"\n'
        'user_password = "correct horse battery"\n'
        f'FAKE = "PVEAPIToken=a@pve!t={token}"  # house-rules: allow-secret fake for a test\n'
        f'BAD = "PVEAPIToken=b@pve!t={token}"  # house-rules: allow-secret\n',
    )
    _write(tmp_path, "keys/id.pem", "-----BEGIN OPENSSH PRIVATE KEY-----\n" + "QUJD" * 20)
    _write(tmp_path, "docs/keys.md", "Paste the `-----BEGIN PRIVATE KEY-----` block.\n")
    assert _rules(tmp_path) == {
        ("tests/data/reply.json", 1, "secret"),
        ("tests/data/reply.json", 2, "secret"),
        ("tests/test_secret.py", 1, "secret"),
        ("tests/test_secret.py", 2, "secret"),
        ("tests/test_secret.py", 3, "secret"),
        ("tests/test_secret.py", 9, "secret"),  # an allowance needs a reason
        ("keys/id.pem", 1, "secret"),
    }


def test_package_docstrings(tmp_path: Path) -> None:
    _write(tmp_path, "pvesphere_desktop/__init__.py", '"""The app."""\n')
    _write(tmp_path, "pvesphere_desktop/good/__init__.py", '"""One line.\n\nMore text.\n"""\n')
    _write(tmp_path, "pvesphere_desktop/none/__init__.py", "X = 1\n")
    _write(tmp_path, "pvesphere_desktop/wrapped/__init__.py", '"""Starts here and\n\ngoes on."""\n')
    _write(tmp_path, "pvesphere_desktop/runon/__init__.py", '"""Summary that\ncontinues."""\n')
    _write(tmp_path, "pvesphere_desktop/noinit/mod.py", '"""A module."""\n')
    assert _rules(tmp_path) == {
        ("pvesphere_desktop/none/__init__.py", 1, "docstring"),
        ("pvesphere_desktop/wrapped/__init__.py", 1, "docstring"),
        ("pvesphere_desktop/runon/__init__.py", 1, "docstring"),
        ("pvesphere_desktop/noinit", 0, "docstring"),
    }


def test_skips_generated_and_binary_files(tmp_path: Path) -> None:
    _write(tmp_path, "resources/web/node_modules/x/a.py", "print(1)  # noqa\n")
    (tmp_path / "blob.bin").write_bytes(b"\0PVE:root@pam:5FBE5DF6::" + b"A" * 40)
    _write(tmp_path, ".venv/lib/x.py", "requests.get(u, verify=False)\n")
    assert _rules(tmp_path) == set()


def test_syntax_errors_are_reported(tmp_path: Path) -> None:
    _write(tmp_path, "tools/broken.py", "def (:\n")
    assert {v.rule for v in check_tree(tmp_path)} == {"syntax"}


@pytest.mark.parametrize("name", ["check_noqa", "check_python", "check_secrets"])
def test_rules_are_public_functions(name: str) -> None:
    assert callable(getattr(house_rules, name))
