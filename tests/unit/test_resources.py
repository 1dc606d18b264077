"""Resources: found in a checkout, and the shipped list covers what our pages load."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pvesphere_desktop import resources
from pvesphere_desktop.resources import (
    icon_path,
    resources_dir,
    shipped_resource_files,
    translations_dir,
    web_assets_dir,
)

ROOT = Path(__file__).resolve().parents[2]
# src="..." / href="..." / import ... from "..." with a relative target
_LINKS = re.compile(r"""(?:src|href)\s*=\s*["']([^"':]+)["']|from\s+["'](\.[^"']+)["']""")


def test_checkout_layout_is_found() -> None:
    assert resources_dir() == ROOT / "resources"
    assert translations_dir() == ROOT / "translations"
    assert web_assets_dir() == ROOT / "resources" / "web" / "node_modules"
    assert icon_path().read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_installed_copy_wins_over_a_stray_checkout_folder(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "site-packages" / "pvesphere_desktop"
    (package / "_resources" / "icons").mkdir(parents=True)
    (package / "_resources" / "icons" / "pvesphere-desktop.svg").write_text("<svg/>")
    (tmp_path / "site-packages" / "resources").mkdir()  # another distribution's folder
    monkeypatch.setattr(resources, "_PACKAGE_DIR", package)
    assert resources_dir() == package / "_resources"


def test_bundle_wins(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "resources" / "icons").mkdir(parents=True)
    (tmp_path / "resources" / "icons" / "pvesphere-desktop.svg").write_text("<svg/>")
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "resources"


def test_shipped_files_cover_every_link_of_our_pages() -> None:
    shipped = set(shipped_resource_files(ROOT / "resources"))
    pages = sorted((ROOT / "resources" / "console").glob("*.html"))
    assert pages
    checked = 0
    for page in pages:
        assert page.relative_to(ROOT / "resources").as_posix() in shipped
        for match in _LINKS.finditer(page.read_text(encoding="utf-8")):
            target = (page.parent / (match.group(1) or match.group(2))).resolve()
            relative = target.relative_to(ROOT / "resources").as_posix()
            assert relative in shipped, f"{page.name} loads {relative}, which is not shipped"
            checked += 1
    assert checked >= 3


def test_shipped_files_include_licences_and_exclude_sources() -> None:
    shipped = shipped_resource_files(ROOT / "resources")
    for licence in (
        "web/node_modules/@novnc/novnc/LICENSE.txt",
        "web/node_modules/@xterm/xterm/LICENSE",
        "web/node_modules/@xterm/addon-fit/LICENSE",
        "web/node_modules/@novnc/novnc/vendor/pako/LICENSE",
    ):
        assert licence in shipped
    assert not [f for f in shipped if f.endswith((".map", ".ts", "package.json", "README.md"))]
    assert "web/node_modules/@novnc/novnc/core/rfb.js" in shipped
    assert "web/node_modules/@xterm/addon-fit/lib/addon-fit.js" in shipped


def test_missing_web_assets_fail_the_build(tmp_path: Path) -> None:
    (tmp_path / "console").mkdir()
    (tmp_path / "console" / "page.html").write_text("<html/>")
    with pytest.raises(FileNotFoundError, match=r"run \./run setup"):
        shipped_resource_files(tmp_path)
