"""Alembic migrations of the local cache, run programmatically when a database is opened.

New revision after changing ``store/models.py``::

    .venv/bin/python -m pvesphere_desktop.store.migrations revision "what changed"

then review the generated file under ``versions/`` (SQLite needs batch operations for most
ALTERs; ``render_as_batch`` is on).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

HERE = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic configuration pointing at our scripts (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """Return the newest revision id."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """Return the database's revision (None for an empty database)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, target: str = "head") -> None:
    """Upgrade the database behind ``connection`` (inside the caller's transaction)."""
    command.upgrade(alembic_config(connection), target)


def _main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "revision":
        sys.stderr.write('usage: python -m pvesphere_desktop.store.migrations revision "MESSAGE"\n')
        return 2
    # Autogenerate against a scratch database at the current head.
    from pvesphere_desktop.store.db import Database

    with tempfile.TemporaryDirectory() as scratch:
        database = Database.open(f"sqlite:///{scratch}/scratch.sqlite")
        try:
            with database.engine.begin() as connection:
                command.revision(alembic_config(connection), message=argv[1], autogenerate=True)
        finally:
            database.close()
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
