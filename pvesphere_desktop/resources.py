"""Locate bundled resources (web pages, npm assets, icons, compiled translations).

Three layouts are supported: a source checkout (``resources/`` beside the package), an
installed wheel (``pvesphere_desktop/_resources`` and ``_translations``) and a PyInstaller
bundle (``_MEIPASS``). Inside each, files keep their relative paths, so the console pages'
relative links to ``../web/node_modules/...`` work everywhere.

:func:`shipped_resource_files` is the single list of what wheels and bundles carry; the wheel
build (``setup.py``) and the PyInstaller spec both use it.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The npm files we load (relative to resources/web/node_modules), with their licences.
WEB_ASSET_PATTERNS: tuple[str, ...] = (
    "@novnc/novnc/core/**/*.js",
    "@novnc/novnc/vendor/pako/lib/**/*.js",
    "@novnc/novnc/vendor/pako/LICENSE",
    "@novnc/novnc/LICENSE.txt",
    "@novnc/novnc/docs/LICENSE.*",
    "@novnc/novnc/AUTHORS",
    "@xterm/xterm/lib/xterm.js",
    "@xterm/xterm/lib/xterm.mjs",
    "@xterm/xterm/css/xterm.css",
    "@xterm/xterm/LICENSE",
    "@xterm/addon-fit/lib/addon-fit.js",
    "@xterm/addon-fit/lib/addon-fit.mjs",
    "@xterm/addon-fit/LICENSE",
)
# Our own resources (relative to resources/); web/ holds only npm's input and output.
OWN_RESOURCE_PATTERNS: tuple[str, ...] = ("console/**/*", "icons/**/*")

_PACKAGE_DIR = Path(__file__).resolve().parent
ICON_NAME = "icons/pvesphere-desktop.svg"


def _candidates(name: str) -> list[Path]:
    # The bundle first, then the installed package's own copy, then a source checkout: a
    # stray top-level "resources" folder in site-packages must never win over ours.
    found = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        found.append(Path(bundle) / name)
    found.append(_PACKAGE_DIR / f"_{name}")
    found.append(_PACKAGE_DIR.parent / name)
    return found


def _first_existing(name: str, marker: str | None = None) -> Path:
    candidates = _candidates(name)
    for path in candidates:
        if path.is_dir() and (marker is None or (path / marker).exists()):
            return path
    return candidates[0]


def resources_dir() -> Path:
    """Return the resources folder (icons, console pages, web assets)."""
    return _first_existing("resources", marker=ICON_NAME)


def translations_dir() -> Path:
    """Return the folder holding compiled ``.qm`` translation files."""
    return _first_existing("translations")


def web_assets_dir() -> Path:
    """Return the folder where ``npm ci`` put the third-party web packages."""
    return resources_dir() / "web" / "node_modules"


def icon_path() -> Path:
    """Return the application icon (SVG)."""
    return resources_dir() / ICON_NAME


def shipped_resource_files(resources_root: Path) -> list[str]:
    """Return the files under ``resources_root`` that wheels and bundles ship (relative, POSIX).

    Raises FileNotFoundError when a web-asset pattern matches nothing: npm ci has not run, or
    a package changed its layout, and a build without the files would fail only at runtime.
    """
    found: set[str] = set()
    for pattern in OWN_RESOURCE_PATTERNS:
        found.update(
            p.relative_to(resources_root).as_posix()
            for p in resources_root.glob(pattern)
            if p.is_file()
        )
    modules = resources_root / "web" / "node_modules"
    for pattern in WEB_ASSET_PATTERNS:
        matches = [p for p in modules.glob(pattern) if p.is_file()]
        if not matches:
            raise FileNotFoundError(
                f"no web asset matches {pattern} under {modules} (run ./run setup first)"
            )
        found.update(p.relative_to(resources_root).as_posix() for p in matches)
    return sorted(found)
