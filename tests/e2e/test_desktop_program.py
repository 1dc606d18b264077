"""The installed ``pvesphere-desktop`` program, started as users start it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pvesphere_desktop import __version__

EXIT_USAGE = 2


def _script(name: str) -> str:
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.fail(f"{name} is not installed next to {sys.executable}: run ./run setup")
    return str(path)


def _run(args: list[str], env: dict[str, str] | None = None, timeout: float = 120):
    return subprocess.run(
        args, capture_output=True, text=True, check=False, timeout=timeout, env=env
    )


def test_version_and_usage() -> None:
    ok = _run([_script("pvesphere-desktop"), "--version"])
    assert ok.returncode == 0
    assert ok.stdout.strip() == f"PveSphere Desktop {__version__}"
    bad = _run([_script("pvesphere-desktop"), "--no-such-flag"])
    assert bad.returncode == EXIT_USAGE
    assert "unrecognized arguments" in bad.stderr


def test_unusable_home_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    result = _run([_script("pvesphere-desktop"), "--home", str(tmp_path / "file")])
    assert result.returncode == EXIT_USAGE
    assert "cannot use the data directory" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.webengine
@pytest.mark.slow
def test_self_test_passes(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = _run([_script("pvesphere-desktop"), "--self-test", "--home", str(tmp_path)], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("self-test: passed: web assets loaded")
    log = (tmp_path / "logs" / "pvesphere.log").read_text(encoding="utf-8")
    assert "Starting PveSphere Desktop" in log
    assert "Stopped" in log


_REPORT_LANGUAGE = textwrap.dedent(
    """
    import sys
    from pvesphere_desktop.paths import AppPaths
    from pvesphere_desktop.ui.app import create_application
    app = create_application(AppPaths.resolve(sys.argv[1]), install_hook=False)
    print(app.language, app.window.menuBar().actions()[0].text())
    app.close()
    """
)


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de &Datei"),
        ({"LC_ALL": "zh_CN.UTF-8"}, "zh_CN 文件(&F)"),
        ({"LANG": "fr_FR.UTF-8"}, "en &File"),
        ({"LANG": "C.UTF-8"}, "en &File"),
    ],
)
def test_language_follows_the_system_locale(
    tmp_path: Path, variables: dict[str, str], expected: str
) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")
    }
    env.update(variables, QT_QPA_PLATFORM="offscreen")
    result = _run([sys.executable, "-c", _REPORT_LANGUAGE, str(tmp_path)], env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_saved_language_beats_the_system(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir(parents=True)
    (tmp_path / "config" / "settings.ini").write_text("[ui]\nlanguage=de\n")
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL")}
    env.update(LANG="zh_CN.UTF-8", QT_QPA_PLATFORM="offscreen")
    result = _run([sys.executable, "-c", _REPORT_LANGUAGE, str(tmp_path)], env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "de &Datei"


def _wait_for_log(path: Path, text: str, within: float) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(encoding="utf-8"):
            return
        time.sleep(0.05)  # polling a file written by another process
    pytest.fail(f"{text!r} did not appear in {path} within {within} s")


def _open_window(home: Path) -> tuple[subprocess.Popen[str], Path]:
    """Start the program on ``home`` (offscreen) and wait for its window; return it and its log."""
    process = subprocess.Popen(
        [_script("pvesphere-desktop"), "--home", str(home)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = home / "logs" / "pvesphere.log"
    try:
        _wait_for_log(log, "Main window open", within=60)
    except BaseException:
        process.kill()
        process.communicate()
        raise
    return process, log


@pytest.mark.skipif(not hasattr(signal, "SIGTERM"), reason="POSIX signals")
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_signal_quits_cleanly(tmp_path: Path, number: int) -> None:
    process, log = _open_window(tmp_path)
    try:
        process.send_signal(number)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    text = log.read_text(encoding="utf-8")
    assert f"Quitting on signal {int(number)}" in text
    assert text.rstrip().endswith("Stopped")
    assert "geometry=" in (tmp_path / "config" / "settings.ini").read_text()


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGTERM"), reason="POSIX signals")
def test_a_second_start_brings_the_running_window_forward(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    first, log = _open_window(tmp_path)
    try:
        second = _run([_script("pvesphere-desktop"), "--home", str(tmp_path)], env, timeout=60)
        assert second.returncode == 0, second.stderr
        assert "already running" in second.stderr
        assert "brought to the front" in second.stderr
        _wait_for_log(log, "a second start asked for this window", within=10)
        first.send_signal(signal.SIGTERM)
        _, err = first.communicate(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    assert first.returncode == 0, err
    # Only the first start wrote the log: one start, one stop.
    text = log.read_text(encoding="utf-8")
    assert text.count("Starting PveSphere Desktop") == 1
    # Once it ended, a new start is the app again (it does not look for the old one).
    assert not (tmp_path / "instance.lock").exists()


@pytest.mark.slow
def test_startup_timing_reports_the_phases_then_quits(tmp_path: Path) -> None:
    """The cold-start benchmark's hook: phases in order, the populated table, then exit 0."""
    from tests.gui.bigfleet import fill_cache

    fill_cache(tmp_path, clusters=2, guests=15)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    origin = time.time()
    env["PVESPHERE_STARTUP_TIMING"] = repr(origin)
    result = _run([_script("pvesphere-desktop"), "--home", str(tmp_path)], env, timeout=120)
    elapsed = time.time() - origin
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("{")]
    assert len(lines) == 1, result.stderr
    report = json.loads(lines[0])
    assert report["guests"] == report["table_rows"] == 30
    marks = report["marks"]
    order = ["origin", "main", "imports", "qapp", "backend", "window", "shown", "filled"]
    assert [marks[name] for name in order] == sorted(marks[name] for name in order)
    # The cache is read while the window is being built.
    assert marks["qapp"] <= marks["read_start"] <= marks["read_end"] <= marks["filled"]
    assert marks["first_frame"] <= marks["painted"] == report["startup"]
    # Counted from the launch: the interpreter's start is in, the exit is not.
    assert marks["main"] > 0
    assert report["startup"] < elapsed
    assert set(report["phases"]) >= {"interpreter_imports", "model_fill", "first_paint"}
    assert report["cpu_s"] > 0
    assert report["rss_mb"] > 50
