"""The database connection: engine setup, transactions and migrations at open.

SQLite is the default (one file in the data directory, WAL, foreign keys, busy timeout); any
other SQLAlchemy URL (PostgreSQL for the shared server) runs the same models and migrations.
Every open brings the schema to the newest Alembic revision; an existing SQLite file is copied
aside first, so a failed migration never costs the user their cache or their notes.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from pvesphere_desktop.core.errors import StoreError

log = logging.getLogger(__name__)

DB_FILENAME = "pvesphere.sqlite"
URL_ENV = "PVESPHERE_DATABASE_URL"
BUSY_TIMEOUT_MS = 10_000
# How many copies taken before migrations are kept next to the database file.
KEEP_BACKUPS = 3

_IMMEDIATE = "pvesphere_immediate"


def resolve_url(data_dir: Path, url: str | None = None) -> str:
    """Return the database URL: ``url``, else ``$PVESPHERE_DATABASE_URL``, else the SQLite file."""
    chosen = url or os.environ.get(URL_ENV) or ""
    if chosen:
        return chosen
    return f"sqlite:///{Path(data_dir) / DB_FILENAME}"


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


class Database:
    """One database: an engine, session factories and the schema kept at the newest revision.

    Use :meth:`open`; then ``session()`` for reads and ``write()`` for a transaction that takes
    the write lock up front (SQLite ``BEGIN IMMEDIATE``), which avoids lock-upgrade failures
    when several sync threads and processes write to the same file.
    """

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self.path = _sqlite_path(url)
        self._write_engine = engine.execution_options(**{_IMMEDIATE: True})
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(bind=self._write_engine, expire_on_commit=False)

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str, *, migrate: bool = True, echo: bool = False) -> Database:
        """Connect to ``url`` and bring its schema to the newest revision.

        Raises StoreError (translatable) when the database cannot be opened or migrated.
        """
        path = _sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Owner-only from the first byte (SQLite gives -wal/-shm the same mode).
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        try:
            engine = _create_engine(url, echo=echo)
        except (SQLAlchemyError, ValueError) as exc:
            raise StoreError(f"{make_url(url).render_as_string()}: {exc}") from exc
        database = cls(url, engine)
        if migrate:
            try:
                database.migrate()
            except StoreError:
                engine.dispose()
                raise
            except SQLAlchemyError as exc:
                engine.dispose()
                raise StoreError(_describe(exc)) from exc
        return database

    @classmethod
    def for_data_dir(cls, data_dir: Path, url: str | None = None) -> Database:
        """Open the database of a data directory (or ``url`` / ``$PVESPHERE_DATABASE_URL``)."""
        return cls.open(resolve_url(data_dir, url))

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Yield an ORM session for reading (and small writes); commit on success."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def write(self) -> Iterator[Session]:
        """Yield a session whose transaction holds the write lock from its start; commit on exit."""
        with self._write_sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """Yield a Core connection in a write transaction (bulk writes of the sync engine)."""
        with self._write_engine.begin() as connection:
            yield connection

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """Yield a Core connection in a read transaction (one consistent snapshot)."""
        with self.engine.begin() as connection:
            yield connection

    # -- migrations -----------------------------------------------------------------------------

    def migrate(self) -> None:
        """Bring the schema to the newest revision, copying the SQLite file aside first."""
        from pvesphere_desktop.store import migrations

        # The common case (already at the newest revision) needs no write lock.
        with self.engine.connect() as connection:
            if migrations.current_revision(connection) == migrations.HEAD:
                return
        with self._write_engine.connect() as connection:
            if self.is_sqlite:
                # Table rebuilds in SQLite migrations must not cascade deletes.
                connection.connection.dbapi_connection.execute(  # type: ignore[union-attr]
                    "PRAGMA foreign_keys=OFF"
                )
            try:
                with connection.begin():
                    current = migrations.current_revision(connection)
                    head = migrations.HEAD
                    if current == head:
                        return
                    if current is not None and self.path is not None:
                        self.backup(suffix=f"before-{head}")
                    log.info("migrating the database from %s to %s", current or "empty", head)
                    migrations.upgrade(connection)
                    if self.is_sqlite:
                        problems = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                        if problems:
                            raise StoreError(
                                f"foreign key check failed after migration: {problems}"
                            )
            finally:
                if self.is_sqlite:
                    connection.connection.dbapi_connection.execute(  # type: ignore[union-attr]
                        "PRAGMA foreign_keys=ON"
                    )

    def backup(self, suffix: str = "backup") -> Path | None:
        """Copy the SQLite file (consistently, through SQLite's backup API) next to itself."""
        if self.path is None or not self.path.exists():
            return None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.{suffix}.{stamp}")
        source = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        os.chmod(target, 0o600)
        log.info("copied the database to %s", target)
        self._prune_backups()
        return target

    def _prune_backups(self) -> None:
        assert self.path is not None
        copies = sorted(
            self.path.parent.glob(f"{self.path.name}.before-*"), key=lambda p: p.stat().st_mtime
        )
        for old in copies[:-KEEP_BACKUPS]:
            old.unlink(missing_ok=True)


def _create_engine(url: str, echo: bool) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, echo=echo, pool_pre_ping=True, future=True)
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below) so that writers can take the lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            _enable_wal(cursor)
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            # WAL + NORMAL: a crash loses at most the last commits, never consistency.
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _enable_wal(cursor: Any) -> None:
    """Switch the file to WAL, waiting for other connections like every other statement does.

    SQLite takes the exclusive lock for this switch without calling the busy handler, so two
    processes opening a new cache at once would otherwise fail at once with "database is
    locked". Once the file is in WAL (a property of the file) the switch is a no-op.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.001
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


def _describe(exc: SQLAlchemyError) -> str:
    if isinstance(exc, OperationalError):
        return str(exc.orig) if exc.orig is not None else str(exc)
    return str(exc).splitlines()[0]
