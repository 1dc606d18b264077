"""Where the application keeps its files: --home, PVESPHERE_HOME, the platform default."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import platformdirs
import pytest

from pvesphere_desktop import APP_ID
from pvesphere_desktop.paths import HOME_ENV, AppPaths


def _below(paths: AppPaths, root: Path) -> None:
    for folder in (paths.data_dir, paths.config_dir, paths.log_dir, paths.cache_dir):
        assert folder.parent == root
    assert paths.settings_file.is_relative_to(root)
    assert paths.log_file.is_relative_to(root)


def test_explicit_home_holds_every_kind_of_file(tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path / "h")
    assert paths.home == tmp_path / "h"
    _below(paths, tmp_path / "h")
    assert len({paths.data_dir, paths.config_dir, paths.log_dir, paths.cache_dir}) == 4


def test_explicit_home_beats_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "from-env"))
    assert AppPaths.resolve(str(tmp_path / "explicit")).home == tmp_path / "explicit"


def test_environment_home_is_used_without_an_explicit_one(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "from-env"))
    paths = AppPaths.resolve()
    assert paths.home == tmp_path / "from-env"
    _below(paths, tmp_path / "from-env")


def test_relative_and_user_homes_become_absolute(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert AppPaths.resolve("rel").home == tmp_path / "rel"
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    assert AppPaths.resolve("~/pv").home == (tmp_path / "user" / "pv").resolve()


@pytest.mark.parametrize("empty", ["", None])
def test_platform_default_without_home(monkeypatch, empty: str | None) -> None:
    if empty is None:
        monkeypatch.delenv(HOME_ENV, raising=False)
    else:
        monkeypatch.setenv(HOME_ENV, empty)
    paths = AppPaths.resolve("" if empty == "" else None)
    dirs = platformdirs.PlatformDirs(APP_ID, appauthor=False)
    assert paths.home is None
    assert paths.data_dir == Path(dirs.user_data_dir)
    assert paths.config_dir == Path(dirs.user_config_dir)
    assert paths.log_dir == Path(dirs.user_log_dir)
    assert paths.cache_dir == Path(dirs.user_cache_dir)
    assert APP_ID in paths.config_dir.parts


@pytest.mark.skipif(sys.platform != "linux", reason="XDG variables are a Linux convention")
def test_platform_default_follows_xdg(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(HOME_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    paths = AppPaths.resolve()
    assert paths.config_dir == tmp_path / "cfg" / APP_ID
    assert paths.data_dir == tmp_path / "data" / APP_ID


def test_ensure_creates_private_folders(tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path / "h").ensure()
    for folder in (paths.data_dir, paths.config_dir, paths.log_dir, paths.cache_dir):
        assert folder.is_dir()
        if os.name == "posix":
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert paths.ensure() == paths  # idempotent


def test_ensure_fails_loudly_when_home_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OSError):  # noqa: PT011 - the OS decides which subclass
        AppPaths.resolve(tmp_path / "file").ensure()
