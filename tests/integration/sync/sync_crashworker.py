"""The process the crash test kills: a sync engine writing as fast as it can."""

from __future__ import annotations

import threading
from pathlib import Path

from pvesphere_desktop.core.secret import Secret
from pvesphere_desktop.store.db import Database
from pvesphere_desktop.sync.coordinator import SyncSettings
from pvesphere_desktop.sync.engine import SyncEngine

PRELOAD = [
    "pvesphere_desktop.sync.engine",
    "pvesphere_desktop.store.db",
    "tests.integration.sync.sync_crashworker",
]


def run(data_dir: str, secrets: dict[str, str]) -> None:
    """Sync every registered cluster continuously until killed."""
    database = Database.for_data_dir(Path(data_dir))
    settings = SyncSettings(metrics_flush_s=0.0, stagger_s=0.01, registry_poll_s=0.05)
    engine = SyncEngine(database, secrets=lambda c: Secret(secrets[c.name]), settings=settings)
    engine.start()
    threading.Event().wait()  # until SIGKILL
