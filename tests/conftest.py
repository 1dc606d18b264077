"""Test-suite wiring: the process environment before Qt starts, then the fixture modules.

Keep this file small. Fixtures live in ``tests/fixtures/<topic>.py``; add a module there and
list it in ``pytest_plugins`` below. docs/testing.md describes each fixture.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

# --- environment: must be set before any QApplication or QtWebEngine process starts -------
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")  # qasync picks its binding from this
if hasattr(os, "geteuid") and os.geteuid() == 0:
    # QtWebEngine's sandbox cannot run as root; elsewhere it stays on.
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

# Nothing a test does may touch the developer's real files: every standard location
# (platformdirs, QStandardPaths, QtWebEngine's profile) points into one session folder.
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="pvesphere-tests-"))
for _name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = str(_SESSION_DIR / _name.lower())
os.environ["XDG_RUNTIME_DIR"] = str(_SESSION_DIR / "runtime")
(_SESSION_DIR / "runtime").mkdir(mode=0o700)
os.environ["PVESPHERE_HOME"] = str(_SESSION_DIR / "home")

# QtWebEngine must be imported before the QApplication exists (pytest-qt creates it lazily).
import PySide6.QtWebEngineWidgets  # noqa: E402, F401

pytest_plugins = [
    "tests.fixtures.paths",
    "tests.fixtures.logs",
    "tests.fixtures.leaks",
    "tests.fixtures.qt",
    "tests.fixtures.asyncio_qt",
    "tests.fixtures_sim",
]


def pytest_unconfigure() -> None:
    """Remove the session folder."""
    shutil.rmtree(_SESSION_DIR, ignore_errors=True)
