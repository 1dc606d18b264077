"""SPICE consoles: a ``.vv`` file for remote-viewer, made from PVE's ``spiceproxy`` answer.

PVE answers ``POST .../spiceproxy`` with virt-viewer settings, including ``proxy`` (the
spiceproxy on port 3128 of the guest's node, by the name or address PVE knows). The desktop
may have reached the cluster through another address (a failover node, a tunnel, NAT), so the
proxy is rewritten to the host we actually reached. The file holds a one-time password: it is
written readable by the user only, in a private folder, and remote-viewer deletes it after
reading (``delete-this-file=1``).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pvesphere_desktop.core.i18n import QT_TRANSLATE_NOOP, UserMessage

log = logging.getLogger(__name__)

_CTX = "Console"
SPICE_PROXY_PORT = 3128
VIEWER = "remote-viewer"


def has_spice_display(config: Mapping[str, Any]) -> bool:
    """Tell whether a qemu config's display is SPICE (``vga: qxl``, ``qxl2``... ``,memory=``)."""
    vga = str(config.get("vga", ""))
    return vga.split(",", 1)[0].startswith("qxl")


def spice_fields(reply: Mapping[str, Any], reached_host: str) -> dict[str, str]:
    """Return the virt-viewer settings with the proxy pointing at ``reached_host``.

    ``reached_host`` is the host name or address (no port) the desktop talks to.
    """
    fields = {str(key): str(value) for key, value in reply.items() if value is not None}
    if fields.get("type", "spice") != "spice" or "host" not in fields:
        raise ValueError("not a SPICE answer")
    old = urlsplit(fields.get("proxy", "") or f"http://x:{SPICE_PROXY_PORT}")
    port = old.port or SPICE_PROXY_PORT
    host = f"[{reached_host}]" if ":" in reached_host else reached_host
    fields["proxy"] = f"http://{host}:{port}"
    fields.setdefault("delete-this-file", "1")
    return fields


def vv_text(fields: Mapping[str, str]) -> str:
    """Return the ``.vv`` file content (one ``key=value`` per line; newlines escaped)."""
    lines = ["[virt-viewer]"]
    for key, value in fields.items():
        if "\n" in key or "=" in key:
            raise ValueError(f"bad virt-viewer key {key!r}")
        lines.append(f"{key}={value.replace(chr(13), '').replace(chr(10), chr(92) + 'n')}")
    return "\n".join(lines) + "\n"


def private_dir(base: Path | None = None) -> Path:
    """Return a folder only the user can enter (created if needed)."""
    root = base or Path(tempfile.gettempdir())
    getuid = getattr(os, "getuid", None)
    folder = root / (f"pvesphere-spice-{getuid()}" if getuid else "pvesphere-spice")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if getuid is not None:
        if folder.stat().st_uid != getuid():
            raise PermissionError(f"{folder} belongs to another user")
        folder.chmod(0o700)
    return folder


def write_vv(fields: Mapping[str, str], directory: Path, name: str = "console") -> Path:
    """Write a ``.vv`` file readable only by the user (0600); return its path."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name) or "console"
    # mkstemp creates the file with mode 0600, atomically: nobody else can open it first.
    handle, path = tempfile.mkstemp(prefix=f"{safe}-", suffix=".vv", dir=directory)
    try:
        os.write(handle, vv_text(fields).encode("utf-8"))
    finally:
        os.close(handle)
    return Path(path)


def find_viewer() -> str | None:
    """Return the path of remote-viewer, if installed."""
    found = shutil.which(VIEWER)
    if found is None and sys.platform == "win32":  # pragma: no cover - not this machine
        for root in (os.environ.get("PROGRAMFILES", ""), os.environ.get("PROGRAMFILES(X86)", "")):
            for candidate in Path(root).glob("VirtViewer*/bin/remote-viewer.exe"):
                return str(candidate)
    return found


def install_hint() -> UserMessage:
    """Explain how to install remote-viewer on this platform."""
    if sys.platform == "darwin":
        text = QT_TRANSLATE_NOOP(
            "Console", "remote-viewer is not installed. Install it with: brew install virt-viewer"
        )
    elif sys.platform == "win32":
        text = QT_TRANSLATE_NOOP(
            "Console",
            "remote-viewer is not installed. Install virt-viewer for Windows from "
            "https://virt-manager.org/download and try again.",
        )
    else:
        text = QT_TRANSLATE_NOOP(
            "Console",
            "remote-viewer is not installed. Install the virt-viewer package, for example: "
            "sudo apt install virt-viewer (Debian, Ubuntu) or sudo dnf install virt-viewer "
            "(Fedora).",
        )
    return UserMessage(_CTX, text, {})


@dataclass(frozen=True)
class SpiceLaunch:
    """What happened: the viewer started on ``vv_file``, or ``hint`` says what to install."""

    vv_file: Path | None
    viewer: str | None
    hint: UserMessage | None = None
    process: subprocess.Popen[bytes] | None = None


# Viewers we started, kept so they are reaped (not left as zombies) once they exit.
_children: list[subprocess.Popen[bytes]] = []


def launch_viewer(vv_file: Path, viewer: str) -> subprocess.Popen[bytes]:
    """Start remote-viewer on ``vv_file`` in its own session; return the process."""
    _children[:] = [child for child in _children if child.poll() is None]
    # The file name is ours and the viewer came from PATH: no shell, no user text.
    process = subprocess.Popen(  # noqa: S603
        [viewer, str(vv_file)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    _children.append(process)
    return process


def open_spice(
    reply: Mapping[str, Any], reached_host: str, name: str, directory: Path | None = None
) -> SpiceLaunch:
    """Write the ``.vv`` file for a spiceproxy ``reply`` and start remote-viewer on it.

    Without remote-viewer nothing is written (the file would only hold a live password).
    """
    viewer = find_viewer()
    if viewer is None:
        return SpiceLaunch(None, None, install_hint())
    fields = spice_fields(reply, reached_host)
    path = write_vv(fields, private_dir(directory), name)
    log.info("Starting remote-viewer for %s", name)
    process = launch_viewer(path, viewer)
    return SpiceLaunch(path, viewer, process=process)
