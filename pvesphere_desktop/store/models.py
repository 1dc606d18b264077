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

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
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


# -- synced: mirrored from PVE, written only by the sync engine --------------------------------


class ClusterStateRow(Base):
    """What the sync engine knows about a cluster as a whole: health, quorum, last contact."""

    __tablename__ = "cluster_state"

    cluster_id: Mapped[int] = mapped_column(_cluster_fk(), primary_key=True)
    health: Mapped[str] = mapped_column(String(20), default="unknown")
    health_detail: Mapped[str] = mapped_column(Text, default="")
    # The same as health_detail as a translatable message (JSON: context, template, args), so
    # a window in another language shows it in that language, offline too.
    health_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    pve_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    quorate: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    node_count: Mapped[int] = mapped_column(Integer, default=0)
    config_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pve_version: Mapped[str | None] = mapped_column(String(50), nullable=True)
    first_synced_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    last_attempt_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    # Everything in the synced tables of this cluster was seen by PVE at last_ok_at.
    last_ok_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    last_change_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    tasks_synced_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)


class NodeRow(Base):
    __tablename__ = "nodes"

    cluster_id: Mapped[int] = mapped_column(_cluster_fk(), primary_key=True)
    node: Mapped[str] = mapped_column(String(200), primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    ip: Mapped[str | None] = mapped_column(String(100), nullable=True)
    local: Mapped[bool] = mapped_column(Boolean, default=False)
    cpu: Mapped[float | None] = mapped_column(Float, nullable=True)
    maxcpu: Mapped[int | None] = mapped_column(Integer, nullable=True)
    mem: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    maxmem: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    disk: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    maxdisk: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    uptime: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    level: Mapped[str | None] = mapped_column(String(20), nullable=True)
    raw: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    first_seen: Mapped[float] = mapped_column(Float)


class GuestRow(Base):
    """A qemu VM or LXC container; identified by cluster + VMID, the node is an attribute."""

    __tablename__ = "guests"
    __table_args__ = (
        Index("ix_guests_cluster_node", "cluster_id", "node"),
        Index("ix_guests_status", "status"),
        Index("ix_guests_name", "name"),
    )

    cluster_id: Mapped[int] = mapped_column(_cluster_fk(), primary_key=True)
    vmid: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(10))
    node: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20))
    tags: Mapped[str] = mapped_column(Text, default="")  # ";"-joined, as PVE stores them
    template: Mapped[bool] = mapped_column(Boolean, default=False)
    lock: Mapped[str | None] = mapped_column(String(50), nullable=True)
    pool: Mapped[str | None] = mapped_column(String(200), nullable=True)
    hastate: Mapped[str | None] = mapped_column(String(50), nullable=True)
    cpu: Mapped[float | None] = mapped_column(Float, nullable=True)
    maxcpu: Mapped[float | None] = mapped_column(Float, nullable=True)
    mem: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    maxmem: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    disk: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    maxdisk: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    netin: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    netout: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    diskread: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    diskwrite: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    uptime: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    raw: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    first_seen: Mapped[float] = mapped_column(Float)


class GuestTagRow(Base):
    """One tag of one guest (a join table, so tag queries use an index)."""

    __tablename__ = "guest_tags"
    __table_args__ = (
        ForeignKeyConstraint(
            ["cluster_id", "vmid"], ["guests.cluster_id", "guests.vmid"], ondelete="CASCADE"
        ),
        Index("ix_guest_tags_tag", "tag"),
    )

    cluster_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vmid: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    tag: Mapped[str] = mapped_column(String(200), primary_key=True)


class StorageRow(Base):
    __tablename__ = "storage"

    cluster_id: Mapped[int] = mapped_column(_cluster_fk(), primary_key=True)
    node: Mapped[str] = mapped_column(String(200), primary_key=True)
    storage: Mapped[str] = mapped_column(String(200), primary_key=True)
    plugintype: Mapped[str | None] = mapped_column(String(50), nullable=True)
    status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    content: Mapped[str] = mapped_column(Text, default="")  # ","-joined
    disk: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    maxdisk: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    raw: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    first_seen: Mapped[float] = mapped_column(Float)


class PoolRow(Base):
    __tablename__ = "pools"

    cluster_id: Mapped[int] = mapped_column(_cluster_fk(), primary_key=True)
    poolid: Mapped[str] = mapped_column(String(200), primary_key=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    first_seen: Mapped[float] = mapped_column(Float)


class HaResourceRow(Base):
    """An HA-managed resource (``vm:100``) and its current state."""

    __tablename__ = "ha_resources"

    cluster_id: Mapped[int] = mapped_column(_cluster_fk(), primary_key=True)
    sid: Mapped[str] = mapped_column(String(100), primary_key=True)
    type: Mapped[str] = mapped_column(String(10), default="vm")
    state: Mapped[str | None] = mapped_column(String(30), nullable=True)
    node: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[str | None] = mapped_column(Text, nullable=True)
    request_state: Mapped[str | None] = mapped_column(String(30), nullable=True)
    crm_state: Mapped[str | None] = mapped_column(String(30), nullable=True)
    raw: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    fetched_at: Mapped[float] = mapped_column(Float)


class TaskRow(Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_cluster_start", "cluster_id", "starttime"),)

    cluster_id: Mapped[int] = mapped_column(_cluster_fk(), primary_key=True)
    upid: Mapped[str] = mapped_column(String(500), primary_key=True)
    node: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(50))
    obj_id: Mapped[str] = mapped_column(String(200), default="")
    user: Mapped[str] = mapped_column(String(200), default="")
    starttime: Mapped[int] = mapped_column(BigInteger)
    endtime: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    state: Mapped[str] = mapped_column(String(20))
    status: Mapped[str | None] = mapped_column(Text, nullable=True)


class GuestDetailRow(Base):
    """Details fetched on request (config with digest, snapshots, agent data), with fetch times."""

    __tablename__ = "guest_details"
    __table_args__ = (
        ForeignKeyConstraint(
            ["cluster_id", "vmid"], ["guests.cluster_id", "guests.vmid"], ondelete="CASCADE"
        ),
    )

    cluster_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vmid: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    config: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    digest: Mapped[str | None] = mapped_column(String(100), nullable=True)
    config_fetched_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    snapshots: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    snapshots_fetched_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    agent: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    agent_fetched_at: Mapped[float | None] = mapped_column(Float, nullable=True)


class MetricSampleRow(Base):
    """One point of metric history (rrddata) of a node, guest or storage; bounded per object."""

    __tablename__ = "metric_samples"

    cluster_id: Mapped[int] = mapped_column(_cluster_fk(), primary_key=True)
    object_id: Mapped[str] = mapped_column(String(300), primary_key=True)  # "qemu/100", "node/x"
    timeframe: Mapped[str] = mapped_column(String(10), primary_key=True)
    time: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)


class EventRow(Base):
    """Something that changed in a cluster (seen by sync, including changes made elsewhere)."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_time", "time"),
        Index("ix_events_cluster_time", "cluster_id", "time"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    time: Mapped[float] = mapped_column(Float)
    cluster_id: Mapped[int] = mapped_column(_cluster_fk())
    kind: Mapped[str] = mapped_column(String(30))
    object_type: Mapped[str] = mapped_column(String(20))  # guest | node | storage | cluster
    object_key: Mapped[str] = mapped_column(String(300))  # vmid, node name, node/storage
    name: Mapped[str] = mapped_column(String(500), default="")
    old: Mapped[str | None] = mapped_column(Text, nullable=True)
    new: Mapped[str | None] = mapped_column(Text, nullable=True)


# -- user-owned: written only by the user; sync never touches these tables ----------------------


class NoteRow(Base):
    __tablename__ = "user_notes"

    cluster_id: Mapped[int] = mapped_column(_cluster_fk(), primary_key=True)
    object_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    object_key: Mapped[str] = mapped_column(String(300), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[float] = mapped_column(Float)


class FavouriteRow(Base):
    __tablename__ = "user_favourites"

    cluster_id: Mapped[int] = mapped_column(_cluster_fk(), primary_key=True)
    object_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    object_key: Mapped[str] = mapped_column(String(300), primary_key=True)
    created_at: Mapped[float] = mapped_column(Float)


class LabelRow(Base):
    """A colour label (``#RRGGBB``) the user gave an object."""

    __tablename__ = "user_labels"

    cluster_id: Mapped[int] = mapped_column(_cluster_fk(), primary_key=True)
    object_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    object_key: Mapped[str] = mapped_column(String(300), primary_key=True)
    colour: Mapped[str] = mapped_column(String(9))
    updated_at: Mapped[float] = mapped_column(Float)


class SavedSearchRow(Base):
    __tablename__ = "user_saved_searches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    query: Mapped[str] = mapped_column(Text)
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)


SYNCED_TABLES = (
    ClusterStateRow,
    NodeRow,
    GuestRow,
    GuestTagRow,
    StorageRow,
    PoolRow,
    HaResourceRow,
    TaskRow,
    GuestDetailRow,
    MetricSampleRow,
    EventRow,
)
USER_TABLES = (NoteRow, FavouriteRow, LabelRow, SavedSearchRow)
