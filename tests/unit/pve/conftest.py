"""Fixtures for the pve unit tests: the real PVE recordings in ../shared."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pve_shared import recording_file, recording_index


@pytest.fixture(scope="session")
def recordings() -> list[dict[str, Any]]:
    return recording_index()


@pytest.fixture(scope="session")
def recording() -> Callable[[str], Any]:
    """Return the JSON body of a body-only recording file, e.g. ``go-proxmox/nodes.json``."""
    return recording_file
