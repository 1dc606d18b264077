"""Serve the console pages and the npm assets they load, read-only, from fixed folders.

The relay serves them itself so that the pages have one exact origin
(``http://127.0.0.1:PORT``) the relay can insist on for its websockets.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pvesphere_desktop.resources import resources_dir, web_assets_dir

log = logging.getLogger(__name__)

# ES modules only run when served with a JavaScript MIME type; do not trust the system's table.
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".map": "application/json",
}

# Only the packages the pages use are reachable below /web/.
WEB_PACKAGES = ("@novnc/novnc", "@xterm/xterm", "@xterm/addon-fit")


@dataclass(frozen=True)
class StaticFile:
    body: bytes
    content_type: str


class StaticSite:
    """Map URL prefixes to folders and answer GETs for files below them, nothing else."""

    def __init__(self, roots: Mapping[str, Path]) -> None:
        self._roots = {prefix.strip("/"): Path(root).resolve() for prefix, root in roots.items()}

    @classmethod
    def console_pages(cls) -> StaticSite:
        """Return the site of our console pages (/console/) and their web assets (/web/...)."""
        roots: dict[str, Path] = {"console": resources_dir() / "console"}
        for package in WEB_PACKAGES:
            roots[f"web/node_modules/{package}"] = web_assets_dir() / package
        return cls(roots)

    def lookup(self, url_path: str) -> StaticFile | None:
        """Return the file for ``url_path`` (query ignored), or None when there is none."""
        path = url_path.split("?", 1)[0].split("#", 1)[0]
        parts = PurePosixPath(path).parts
        if not parts or parts[0] != "/" or any(p in ("..", ".") or "\\" in p for p in parts):
            return None
        relative = "/".join(parts[1:])
        for prefix, root in sorted(self._roots.items(), key=lambda item: -len(item[0])):
            if relative != prefix and not relative.startswith(prefix + "/"):
                continue
            candidate = (root / relative[len(prefix) :].lstrip("/")).resolve()
            if not candidate.is_relative_to(root) or not candidate.is_file():
                return None
            content_type = _TYPES.get(candidate.suffix.lower())
            if content_type is None:
                guessed, _ = mimetypes.guess_type(candidate.name)
                content_type = guessed or "application/octet-stream"
            try:
                return StaticFile(candidate.read_bytes(), content_type)
            except OSError as exc:
                log.warning("Cannot read console asset %s: %s", candidate, exc)
                return None
        return None
