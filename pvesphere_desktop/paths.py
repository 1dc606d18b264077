"""Where PveSphere keeps its files: one place decides, everything else asks.

The data directory comes from ``--home DIR``, else ``PVESPHERE_HOME``, else the platform's
standard locations (platformdirs). With a home directory every kind of file lives below it,
which keeps tests, the demo and portable installs self-contained.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from pvesphere_desktop import APP_ID

HOME_ENV = "PVESPHERE_HOME"


@dataclass(frozen=True)
class AppPaths:
    """The directories the application reads and writes."""

    data_dir: Path
    config_dir: Path
    log_dir: Path
    cache_dir: Path
    home: Path | None = None

    @classmethod
    def resolve(cls, home: str | os.PathLike[str] | None = None) -> AppPaths:
        """Return the paths for an explicit home, the environment, or the platform default."""
        # An empty value (``--home ""``, ``PVESPHERE_HOME=``) means "not set", never the cwd.
        chosen = os.fspath(home) if home is not None else ""
        if not chosen:
            chosen = os.environ.get(HOME_ENV, "")
        if chosen:
            root = Path(chosen).expanduser().resolve()
            return cls(
                data_dir=root / "data",
                config_dir=root / "config",
                log_dir=root / "logs",
                cache_dir=root / "cache",
                home=root,
            )
        dirs = platformdirs.PlatformDirs(APP_ID, appauthor=False)
        return cls(
            data_dir=Path(dirs.user_data_dir),
            config_dir=Path(dirs.user_config_dir),
            log_dir=Path(dirs.user_log_dir),
            cache_dir=Path(dirs.user_cache_dir),
        )

    def ensure(self) -> AppPaths:
        """Create the directories (owner-only) and return self."""
        for path in (self.data_dir, self.config_dir, self.log_dir, self.cache_dir):
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self

    @property
    def settings_file(self) -> Path:
        """The user's preferences (INI; never secrets)."""
        return self.config_dir / "settings.ini"

    @property
    def log_file(self) -> Path:
        """The current rotating log file."""
        return self.log_dir / "pvesphere.log"


# The desktop app's lock in its data directory (held while it runs; ui/single_instance.py).
INSTANCE_LOCK = "instance.lock"


def running_app_pid(data_dir: Path) -> int | None:
    """The PID of a desktop app running on ``data_dir`` (0 when it cannot be read), else None.

    The app holds its lock file with an OS lock (``flock`` on Unix; a handle that shares no
    writing on Windows) as long as it runs, so a file left by a crash does not count.
    """
    path = Path(data_dir) / INSTANCE_LOCK
    try:
        import fcntl
    except ImportError:  # Windows
        try:
            with open(path, "r+b"):
                return None
        except FileNotFoundError:
            return None
        except PermissionError:
            return 0
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after the lock check
    except FileNotFoundError:
        return None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            first = handle.readline().strip()
            return int(first) if first.isdigit() else 0
        fcntl.flock(handle, fcntl.LOCK_UN)
        return None
