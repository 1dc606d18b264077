"""The pvesphere command line: version, data directory, usage errors, the paths command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pvesphere_desktop import __version__
from pvesphere_desktop.cli.main import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from pvesphere_desktop.paths import HOME_ENV


def test_version(capsys) -> None:
    assert main(["--version"]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"pvesphere {__version__}"


def test_no_command_is_a_usage_error(capsys) -> None:
    assert main([]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "usage: pvesphere" in err
    assert "paths" in err


@pytest.mark.parametrize("argv", [["frobnicate"], ["paths", "--bogus"], ["--home"]])
def test_bad_arguments_exit_2(capsys, argv: list[str]) -> None:
    assert main(argv) == EXIT_USAGE
    assert "error:" in capsys.readouterr().err


def test_paths_json_under_home(tmp_path: Path, capsys) -> None:
    assert main(["--home", str(tmp_path / "h"), "paths", "--json"]) == EXIT_OK
    entries = json.loads(capsys.readouterr().out)
    assert set(entries) == {"data", "config", "logs", "cache", "settings", "log"}
    for value in entries.values():
        assert Path(value).is_relative_to(tmp_path / "h")
    assert Path(entries["data"]).is_dir()  # the command prepared the folders


def test_paths_table_follows_environment(pvesphere_home: Path, capsys) -> None:
    assert main(["paths"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    table = dict(line.split(None, 1) for line in lines)
    assert Path(table["config"]) == pvesphere_home / "config"
    assert Path(table["log"]) == pvesphere_home / "logs" / "pvesphere.log"


def test_unusable_home_is_a_clear_failure(tmp_path: Path, capsys) -> None:
    (tmp_path / "file").write_text("not a folder")
    assert main(["--home", str(tmp_path / "file"), "paths"]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert err.startswith("pvesphere: cannot use the data directory:")
    assert "Traceback" not in err


def test_commands_log_into_the_home(tmp_path: Path, read_log) -> None:
    assert main(["--home", str(tmp_path), "-v", "paths"]) == EXIT_OK
    import logging

    logging.getLogger("pvesphere_desktop.cli.test").warning("after a command")
    assert "after a command" in read_log(tmp_path / "logs" / "pvesphere.log")


def _script(name: str) -> str:
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.fail(f"{name} is not installed next to {sys.executable}: run ./run setup")
    return str(path)


def test_installed_entry_point(tmp_path: Path) -> None:
    env = {**os.environ, HOME_ENV: str(tmp_path)}
    version = subprocess.run(
        [_script("pvesphere"), "--version"], capture_output=True, text=True, env=env, check=False
    )
    assert version.returncode == 0
    assert version.stdout.strip() == f"pvesphere {__version__}"
    usage = subprocess.run(
        [_script("pvesphere")], capture_output=True, text=True, env=env, check=False
    )
    assert usage.returncode == EXIT_USAGE
