"""Packaging: the wheel carries resources and translations; Linux metadata is valid.

The PyInstaller bundle is built and self-tested by ``./run bundle`` (the last step of
``./run test``), not here: it takes minutes.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from pvesphere_desktop import APP_ID, __version__
from pvesphere_desktop.resources import shipped_resource_files

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP_FILE = LINUX / "pvesphere-desktop.desktop"
METAINFO = LINUX / "io.github.pvesphere.Desktop.metainfo.xml"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if sys.platform == "linux":
            pytest.fail(f"{name} is missing: ./run setup installs it (Debian: apt-get install)")
        pytest.skip(f"{name} exists on Linux only")
    return path


def test_desktop_file_is_valid_and_matches_the_program() -> None:
    result = subprocess.run(
        [_tool("desktop-file-validate"), str(DESKTOP_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout  # not even a hint
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(DESKTOP_FILE, encoding="utf-8")
    section = entry["Desktop Entry"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["gui-scripts"]
    assert section["Exec"] in scripts
    assert section["Icon"] == APP_ID == DESKTOP_FILE.stem  # Qt's desktop file name
    assert (ROOT / "resources" / "icons" / f"{section['Icon']}.svg").is_file()
    assert section["Name"] == "PveSphere Desktop"
    assert {"Comment[de]", "Comment[zh_CN]", "GenericName[de]", "GenericName[zh_CN]"} <= set(
        section
    )


def test_appstream_metadata_is_valid_and_consistent() -> None:
    result = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for line in result.stdout.splitlines():
        # Errors and warnings fail; an old appstreamcli only does not know <developer> yet.
        assert not line.startswith(("E:", "W:")), result.stdout
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == METAINFO.name.removesuffix(".metainfo.xml")
    assert component.findtext("launchable") == DESKTOP_FILE.name
    assert component.find("releases/release").get("version") == __version__
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    binaries = {b.text for b in component.iter("binary")}
    assert binaries == set(project["scripts"]) | set(project["gui-scripts"])
    assert component.findtext("project_license") == project["license"]


def test_spec_builds_both_programs_from_the_shipped_list() -> None:
    spec = (ROOT / "packaging" / "pvesphere-desktop.spec").read_text(encoding="utf-8")
    assert "shipped_resource_files(RESOURCES)" in spec
    assert 'name="pvesphere-desktop"' in spec
    assert 'name="pvesphere"' in spec
    for entry in ("gui_entry.py", "cli_entry.py"):
        assert (ROOT / "packaging" / entry).is_file()


@pytest.mark.slow
@pytest.mark.webengine
def test_wheel_ships_resources_and_self_tests(tmp_path: Path) -> None:
    """Build the wheel, install it alone into a folder and run the self-test from there."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    [wheel] = (tmp_path / "dist").glob("pvesphere_desktop-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for relative in shipped_resource_files(ROOT / "resources"):
        assert f"pvesphere_desktop/_resources/{relative}" in names
    for ts in sorted((ROOT / "translations").glob("*.ts")):
        assert f"pvesphere_desktop/_translations/{ts.stem}.qm" in names
    assert not [n for n in names if n.startswith(("tests/", "tools/", "resources/"))]
    assert not [n for n in names if n.endswith(".map")]

    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site),
         str(wheel)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    # The installed copy comes first on the path; its dependencies come from this venv.
    env = {**os.environ, "PYTHONPATH": str(site), "QT_QPA_PLATFORM": "offscreen"}
    probe = subprocess.run(
        [sys.executable, "-c",
         "import pvesphere_desktop.resources as r; print(r.resources_dir()); "
         "print(r.translations_dir())"],
        capture_output=True, text=True, check=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert probe.stdout.split() == [
        str(site / "pvesphere_desktop" / "_resources"),
        str(site / "pvesphere_desktop" / "_translations"),
    ]
    result = subprocess.run(
        [sys.executable, "-m", "pvesphere_desktop.ui.main", "--self-test", "--lang", "de",
         "--home", str(tmp_path / "home")],
        capture_output=True, text=True, check=False, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test: passed" in result.stdout
    assert (
        "No translation catalogue" not in (tmp_path / "home" / "logs" / "pvesphere.log").read_text()
    )
