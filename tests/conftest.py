"""Test-suite wiring: fixture modules are listed in ``pytest_plugins``."""

from __future__ import annotations

pytest_plugins = [
    "tests.fixtures_sim",
]
