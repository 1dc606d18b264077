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
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

HERE = Path(__file__).resolve().parent

HEAD = "0003"
"""The newest revision. Opening a database at HEAD never imports Alembic (it costs 0.3 s at
every start); a test checks this constant against the scripts."""


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic configuration pointing at our scripts (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """Return the newest revision id, as the scripts say."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """Return the database's revision (None for an empty database)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) != 1:  # branches are not used; anything else needs Alembic's judgement
        from alembic.runtime.migration import MigrationContext

        return MigrationContext.configure(connection).get_current_revision()
    return str(rows[0])


def upgrade(connection: Connection, target: str = "head") -> None:
    """Upgrade the database behind ``connection`` (inside the caller's transaction)."""
    from alembic import command

    command.upgrade(alembic_config(connection), target)


def _main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "revision":
        sys.stderr.write('usage: python -m pvesphere_desktop.store.migrations revision "MESSAGE"\n')
        return 2
    # Autogenerate against a scratch database at the current head.
    from alembic import command

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
