"""SPICE: .vv files readable by the user only, proxy rewritten, remote-viewer started."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from pvesphere_desktop.console import spice

REPLY = {
    "type": "spice",
    "host": "pvespiceproxy:66AAAAAA:100:pve1::abcdef",
    "proxy": "http://pve1.internal.example:3128",
    "tls-port": 61000,
    "password": "0123456789abcdef0123456789abcdef01234567",  # house-rules: allow-secret fake
    "ca": "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n",
    "host-subject": "OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=pve1",
    "title": "VM 100",
    "secure-attention": "Ctrl+Alt+Ins",
    "delete-this-file": 1,
}


def test_proxy_is_the_host_we_reached() -> None:
    fields = spice.spice_fields(REPLY, "127.0.0.5")
    assert fields["proxy"] == "http://127.0.0.5:3128"
    assert fields["tls-port"] == "61000"
    assert spice.spice_fields(REPLY, "::1")["proxy"] == "http://[::1]:3128"
    with pytest.raises(ValueError, match="SPICE"):
        spice.spice_fields({"type": "vnc"}, "h")


def test_vv_text_keeps_one_setting_per_line() -> None:
    text = spice.vv_text({"title": "a\nb", "ca": "x\\ny"})
    assert text == "[virt-viewer]\ntitle=a\\nb\nca=x\\ny\n"


def test_vv_file_is_private(tmp_path: Path) -> None:
    folder = spice.private_dir(tmp_path)
    path = spice.write_vv(spice.spice_fields(REPLY, "127.0.0.5"), folder, "VM 100 · lab")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert path.name.startswith("VM-100---lab-")
    content = path.read_text()
    assert content.startswith("[virt-viewer]\n")
    assert "proxy=http://127.0.0.5:3128\n" in content
    assert "delete-this-file=1\n" in content


def test_has_spice_display() -> None:
    assert spice.has_spice_display({"vga": "qxl"})
    assert spice.has_spice_display({"vga": "qxl2,memory=32"})
    assert not spice.has_spice_display({"vga": "std"})
    assert not spice.has_spice_display({})


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for the viewer")
def test_starts_remote_viewer_on_the_file(tmp_path: Path, monkeypatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "viewer-saw.txt"
    viewer = bin_dir / "remote-viewer"
    # A stand-in viewer (remote-viewer itself needs a display): it records what it was given.
    viewer.write_text(f'#!/bin/sh\ncat "$1" > "{record}.part" && mv "{record}.part" "{record}"\n')
    viewer.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    result = spice.open_spice(REPLY, "127.0.0.9", "VM 100", tmp_path)
    assert result.hint is None
    assert result.viewer == str(viewer)
    assert result.process is not None
    assert result.process.wait(timeout=10) == 0
    assert "proxy=http://127.0.0.9:3128" in record.read_text()


def test_without_remote_viewer_it_explains_and_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = spice.open_spice(REPLY, "127.0.0.9", "VM 100", tmp_path)
    assert result.vv_file is None
    assert result.hint is not None
    assert "virt-viewer" in str(result.hint)
    assert not list(tmp_path.rglob("*.vv"))
