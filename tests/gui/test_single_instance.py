"""One running app per data directory: the lock, its takeover after a crash, the activation."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pvesphere_desktop.paths import AppPaths, running_app_pid
from pvesphere_desktop.ui.single_instance import InstanceGuard, server_name


def test_a_second_start_finds_the_first_and_raises_its_window(qapp, qtbot, tmp_path: Path):
    first = InstanceGuard(tmp_path)
    assert first.acquire()
    raised: list[int] = []
    first.listen(lambda: raised.append(1))
    try:
        second = InstanceGuard(tmp_path)
        assert not second.acquire()
        assert second.holder_pid() == os.getpid()
        assert second.activate_running(timeout_s=5)
        qtbot.waitUntil(lambda: raised == [1], timeout=5_000)
        # Another data directory is another app.
        other = InstanceGuard(tmp_path / "other")
        (tmp_path / "other").mkdir()
        assert other.name != first.name
        assert other.acquire()
        other.release()
    finally:
        first.release()
    assert InstanceGuard(tmp_path).acquire()


def test_a_holder_that_does_not_answer_is_reported(qapp, tmp_path: Path):
    first = InstanceGuard(tmp_path)
    assert first.acquire()  # holds the lock but never listens (hung, or still starting)
    try:
        assert not InstanceGuard(tmp_path).activate_running(timeout_s=0.5)
    finally:
        first.release()


_HOLD = textwrap.dedent(
    """
    import sys, time
    from pvesphere_desktop.ui.single_instance import InstanceGuard
    guard = InstanceGuard(sys.argv[1])
    assert guard.acquire()
    guard.listen(lambda: None)
    print("held", flush=True)
    time.sleep(600)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_the_lock_of_a_crashed_app_is_taken_over(qapp, qtbot, tmp_path: Path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        assert not InstanceGuard(tmp_path).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()
    # Its lock file and its socket are still there; neither stops the next start.
    assert (tmp_path / "instance.lock").exists()
    assert running_app_pid(tmp_path) is None
    guard = InstanceGuard(tmp_path)
    assert guard.acquire()
    raised: list[int] = []
    guard.listen(lambda: raised.append(1))
    try:
        assert InstanceGuard(tmp_path).activate_running(timeout_s=5)
        qtbot.waitUntil(lambda: raised == [1], timeout=5_000)
    finally:
        guard.release()
    assert server_name(tmp_path) == guard.name


def _pvesphere(*args: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "pvesphere"
    return subprocess.run(
        [str(script), *args], capture_output=True, text=True, check=False, timeout=120
    )


def test_the_cli_does_not_sync_a_cache_the_app_keeps(qapp, tmp_path: Path):
    data_dir = AppPaths.resolve(tmp_path).ensure().data_dir
    assert running_app_pid(data_dir) is None
    guard = InstanceGuard(data_dir)
    assert guard.acquire()
    try:
        assert running_app_pid(data_dir) == os.getpid()
        refused = _pvesphere("--home", str(tmp_path), "sync")
        assert refused.returncode == 1
        assert f"the desktop app (pid {os.getpid()})" in refused.stderr
        assert "sync --once" in refused.stderr
        assert "Traceback" not in refused.stderr
        # One extra cycle on request is fine (no clusters here: nothing to do).
        once = _pvesphere("--home", str(tmp_path), "sync", "--once")
        assert once.returncode == 0, once.stderr
    finally:
        guard.release()
    assert running_app_pid(data_dir) is None
