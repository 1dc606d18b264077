"""The database opens with the right settings, migrates, and copies the file before migrating."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from pvesphere_desktop.core.errors import StoreError
from pvesphere_desktop.store import migrations
from pvesphere_desktop.store.db import DB_FILENAME, URL_ENV, Database, resolve_url
from pvesphere_desktop.store.models import Base


def test_sqlite_pragmas(database: Database) -> None:
    with database.read_connection() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_file_is_private(tmp_path: Path) -> None:
    db = Database.for_data_dir(tmp_path)
    db.close()
    assert (tmp_path / DB_FILENAME).stat().st_mode & 0o077 == 0


def test_schema_at_head_and_matches_models(database: Database) -> None:
    with database.read_connection() as conn:
        assert migrations.current_revision(conn) == migrations.head_revision()
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_head_constant_matches_the_scripts() -> None:
    assert migrations.head_revision() == migrations.HEAD


def test_reopen_does_not_migrate_or_copy(tmp_path: Path) -> None:
    Database.for_data_dir(tmp_path).close()
    Database.for_data_dir(tmp_path).close()
    assert list(tmp_path.glob(f"{DB_FILENAME}.before-*")) == []


def test_file_copied_aside_before_migration(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / DB_FILENAME}"
    db = Database.open(url, migrate=False)
    with db.write_connection() as conn:
        migrations.upgrade(conn, "0001")
        conn.execute(
            text(
                "INSERT INTO clusters (name, url, auth, user, token_id, tls, fingerprints, "
                "known_endpoints, failover, enabled, interval_s, timeout_s, generation, "
                "created_at, updated_at) VALUES ('keep', 'https://127.0.0.1:8006', 'token', "
                "'root@pam', 't', 'pinned', '{}', '{}', 1, 1, 5, 10, 1, 0, 0)"
            )
        )
    db.close()
    if migrations.head_revision() == "0001":
        pytest.skip("only one revision so far")
    Database.open(url).close()
    copies = list(tmp_path.glob(f"{DB_FILENAME}.before-*"))
    assert len(copies) == 1
    with sqlite3.connect(copies[0]) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert copy.execute("SELECT name FROM clusters").fetchall() == [("keep",)]


def test_concurrent_opens_migrate_once(tmp_path: Path) -> None:
    errors: list[BaseException] = []

    def open_close() -> None:
        try:
            Database.for_data_dir(tmp_path).close()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_close) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    db = Database.for_data_dir(tmp_path)
    with db.read_connection() as conn:
        assert migrations.current_revision(conn) == migrations.head_revision()
    db.close()


def test_open_waits_for_another_process_switching_to_wal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's switch to WAL skips the busy handler; opening must still wait, not fail."""
    from pvesphere_desktop.store import db as db_module

    path = tmp_path / DB_FILENAME
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE other_writer (x)")
    # Another connection about to write the still rollback-journal file, as a second process
    # does while it switches a new cache to WAL: SQLite fails the switch at once here.
    holder.execute("BEGIN IMMEDIATE")
    waiting = threading.Event()
    real_sleep = db_module.time.sleep

    def sleep(seconds: float) -> None:
        waiting.set()
        real_sleep(seconds)

    monkeypatch.setattr(db_module.time, "sleep", sleep)
    outcome: list[object] = []

    def open_close() -> None:
        try:
            Database.for_data_dir(tmp_path).close()
            outcome.append("opened")
        except BaseException as exc:  # pragma: no cover - reported below
            outcome.append(exc)

    thread = threading.Thread(target=open_close)
    thread.start()
    try:
        assert waiting.wait(timeout=10), f"open did not wait for the lock: {outcome}"
    finally:
        holder.execute("COMMIT")
        holder.close()
        thread.join(timeout=30)
    assert outcome == ["opened"]
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_unreadable_database_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / DB_FILENAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as info:
        Database.for_data_dir(tmp_path)
    assert "local cache" in str(info.value)


def test_url_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(URL_ENV, raising=False)
    assert resolve_url(tmp_path) == f"sqlite:///{tmp_path / DB_FILENAME}"
    monkeypatch.setenv(URL_ENV, "postgresql+psycopg://127.0.0.1/x")
    assert resolve_url(tmp_path) == "postgresql+psycopg://127.0.0.1/x"
    assert resolve_url(tmp_path, "sqlite:///y.sqlite") == "sqlite:///y.sqlite"


def test_write_transaction_rolls_back_on_error(database: Database) -> None:
    def insert_then_fail() -> None:
        with database.write_connection() as conn:
            conn.execute(
                text(
                    "INSERT INTO clusters (name, url, auth, user, token_id, tls, fingerprints, "
                    "known_endpoints, failover, enabled, interval_s, timeout_s, generation, "
                    "created_at, updated_at) VALUES ('gone', 'u', 'token', '', '', 'pinned', "
                    "'{}', '{}', 1, 1, 5, 10, 1, 0, 0)"
                )
            )
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        insert_then_fail()
    with database.read_connection() as conn:
        assert conn.execute(text("SELECT count(*) FROM clusters")).scalar() == 0
