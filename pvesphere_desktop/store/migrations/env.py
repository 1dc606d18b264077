"""Alembic environment: always runs on the connection handed over by ``store.db``."""

from __future__ import annotations

from alembic import context

from pvesphere_desktop.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("migrations run through pvesphere_desktop.store.db.Database.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite rebuilds tables for most ALTERs
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
