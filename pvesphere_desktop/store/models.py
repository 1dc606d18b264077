"""SQLAlchemy table models of the local cache.

Three groups of tables, kept apart on purpose:

* configuration: ``clusters`` (connection settings, never a secret);
* synced: everything mirrored from PVE (nodes, guests, storage, ...); only the sync engine
  writes them, and it may replace them at any time;
* user-owned: notes, favourites, colour labels, saved searches; sync never touches them.

Times are stored as UNIX epoch seconds (float): cheap to compare and portable across SQLite and
PostgreSQL. Sizes in bytes are BigInteger.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Naming convention so migrations (and batch table rebuilds on SQLite) get stable names.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _cluster_fk() -> Any:
    return ForeignKey("clusters.id", ondelete="CASCADE")


# -- configuration ------------------------------------------------------------------------------


class ClusterRow(Base):
    """One cluster connection (``core.config.ClusterConfig``). Secrets live in the secrets layer."""

    __tablename__ = "clusters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    auth: Mapped[str] = mapped_column(String(20))
    user: Mapped[str] = mapped_column(String(200), default="")
    token_id: Mapped[str] = mapped_column(String(200), default="")
    tls: Mapped[str] = mapped_column(String(20))
    ca_file: Mapped[str | None] = mapped_column(String(4000), nullable=True)
    fingerprints: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    known_endpoints: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    failover: Mapped[bool] = mapped_column(Boolean, default=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    interval_s: Mapped[float] = mapped_column(Float, default=5.0)
    timeout_s: Mapped[float] = mapped_column(Float, default=10.0)
    # Bumped on every change (settings or credentials) so running sync engines notice.
    generation: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)
