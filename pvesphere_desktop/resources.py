"""Locate bundled resources (web pages, npm assets, icons, compiled translations).

Three layouts are supported: a source checkout (``resources/`` beside the package), an
installed wheel (``pvesphere_desktop/_resources``) and a PyInstaller bundle (``_MEIPASS``).
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _candidates(name: str) -> list[Path]:
    bundle = getattr(sys, "_MEIPASS", None)
    found = []
    if bundle:
        found.append(Path(bundle) / name)
    found.append(_PACKAGE_DIR.parent / name)
    found.append(_PACKAGE_DIR / f"_{name}")
    return found


def _first_existing(name: str) -> Path:
    candidates = _candidates(name)
    for path in candidates:
        if path.is_dir():
            return path
    return candidates[0]


def resources_dir() -> Path:
    """Return the resources folder (icons, console pages, web assets)."""
    return _first_existing("resources")


def translations_dir() -> Path:
    """Return the folder holding compiled ``.qm`` translation files."""
    return _first_existing("translations")


def web_assets_dir() -> Path:
    """Return the folder where ``npm ci`` put the third-party web packages."""
    return resources_dir() / "web" / "node_modules"


def icon_path() -> Path:
    """Return the application icon (SVG)."""
    return resources_dir() / "icons" / "pvesphere-desktop.svg"
