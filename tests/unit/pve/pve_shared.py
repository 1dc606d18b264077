"""Access to the real PVE recordings and the official schemas in ../shared (read, never copied)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[3]
SHARED = REPO_ROOT.parent / "shared"
RECORDINGS = SHARED / "pve-recordings"


@cache
def recording_index() -> list[dict[str, Any]]:
    index = RECORDINGS / "index.json"
    assert index.is_file(), f"the shared PVE recordings are missing: {index}"
    return list(json.loads(index.read_text(encoding="utf-8")))


@cache
def recording_file(relative: str) -> Any:
    return json.loads((RECORDINGS / relative).read_text(encoding="utf-8"))


def load_recording(entry: dict[str, Any]) -> dict[str, Any]:
    """Return ``{status, reason, body (text), json}`` of one index entry."""
    relative, _, number = entry["file"].partition("#")
    data = recording_file(relative)
    if number:
        interaction = data["interactions"][int(number)]
        return {
            "status": interaction["status"],
            "reason": interaction.get("reason") or "",
            "body": interaction.get("body") or "",
            "json": interaction.get("body_json"),
        }
    return {
        "status": entry["status"],
        "reason": entry.get("reason") or "",
        "body": json.dumps(data),
        "json": data,
    }
