"""Inventory, history and user-owned tables.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 03:39:43.490156
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_table(
        "user_saved_searches",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_saved_searches")),
        sa.UniqueConstraint("name", name=op.f("uq_user_saved_searches_name")),
    )
    op.create_table(
        "cluster_state",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("health", sa.String(length=20), nullable=False),
        sa.Column("health_detail", sa.Text(), nullable=False),
        sa.Column("pve_name", sa.String(length=200), nullable=True),
        sa.Column("quorate", sa.Boolean(), nullable=True),
        sa.Column("node_count", sa.Integer(), nullable=False),
        sa.Column("config_version", sa.Integer(), nullable=True),
        sa.Column("pve_version", sa.String(length=50), nullable=True),
        sa.Column("first_synced_at", sa.Float(), nullable=True),
        sa.Column("last_attempt_at", sa.Float(), nullable=True),
        sa.Column("last_ok_at", sa.Float(), nullable=True),
        sa.Column("last_change_at", sa.Float(), nullable=True),
        sa.Column("tasks_synced_at", sa.Float(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_cluster_state_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cluster_id", name=op.f("pk_cluster_state")),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("time", sa.Float(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("object_type", sa.String(length=20), nullable=False),
        sa.Column("object_key", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_events_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_cluster_time", ["cluster_id", "time"], unique=False)
        batch_op.create_index("ix_events_time", ["time"], unique=False)

    op.create_table(
        "guests",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("vmid", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("type", sa.String(length=10), nullable=False),
        sa.Column("node", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("template", sa.Boolean(), nullable=False),
        sa.Column("lock", sa.String(length=50), nullable=True),
        sa.Column("pool", sa.String(length=200), nullable=True),
        sa.Column("hastate", sa.String(length=50), nullable=True),
        sa.Column("cpu", sa.Float(), nullable=True),
        sa.Column("maxcpu", sa.Float(), nullable=True),
        sa.Column("mem", sa.BigInteger(), nullable=True),
        sa.Column("maxmem", sa.BigInteger(), nullable=True),
        sa.Column("disk", sa.BigInteger(), nullable=True),
        sa.Column("maxdisk", sa.BigInteger(), nullable=True),
        sa.Column("netin", sa.BigInteger(), nullable=True),
        sa.Column("netout", sa.BigInteger(), nullable=True),
        sa.Column("diskread", sa.BigInteger(), nullable=True),
        sa.Column("diskwrite", sa.BigInteger(), nullable=True),
        sa.Column("uptime", sa.BigInteger(), nullable=True),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("first_seen", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_guests_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cluster_id", "vmid", name=op.f("pk_guests")),
    )
    with op.batch_alter_table("guests", schema=None) as batch_op:
        batch_op.create_index("ix_guests_cluster_node", ["cluster_id", "node"], unique=False)
        batch_op.create_index("ix_guests_name", ["name"], unique=False)
        batch_op.create_index("ix_guests_status", ["status"], unique=False)

    op.create_table(
        "ha_resources",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("sid", sa.String(length=100), nullable=False),
        sa.Column("type", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=True),
        sa.Column("node", sa.String(length=200), nullable=True),
        sa.Column("status", sa.Text(), nullable=True),
        sa.Column("request_state", sa.String(length=30), nullable=True),
        sa.Column("crm_state", sa.String(length=30), nullable=True),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("fetched_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_ha_resources_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cluster_id", "sid", name=op.f("pk_ha_resources")),
    )
    op.create_table(
        "metric_samples",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("object_id", sa.String(length=300), nullable=False),
        sa.Column("timeframe", sa.String(length=10), nullable=False),
        sa.Column("time", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_metric_samples_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "cluster_id", "object_id", "timeframe", "time", name=op.f("pk_metric_samples")
        ),
    )
    op.create_table(
        "nodes",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("node", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("ip", sa.String(length=100), nullable=True),
        sa.Column("local", sa.Boolean(), nullable=False),
        sa.Column("cpu", sa.Float(), nullable=True),
        sa.Column("maxcpu", sa.Integer(), nullable=True),
        sa.Column("mem", sa.BigInteger(), nullable=True),
        sa.Column("maxmem", sa.BigInteger(), nullable=True),
        sa.Column("disk", sa.BigInteger(), nullable=True),
        sa.Column("maxdisk", sa.BigInteger(), nullable=True),
        sa.Column("uptime", sa.BigInteger(), nullable=True),
        sa.Column("level", sa.String(length=20), nullable=True),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("first_seen", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_nodes_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cluster_id", "node", name=op.f("pk_nodes")),
    )
    op.create_table(
        "pools",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("poolid", sa.String(length=200), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_pools_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cluster_id", "poolid", name=op.f("pk_pools")),
    )
    op.create_table(
        "storage",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("node", sa.String(length=200), nullable=False),
        sa.Column("storage", sa.String(length=200), nullable=False),
        sa.Column("plugintype", sa.String(length=50), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=True),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("disk", sa.BigInteger(), nullable=True),
        sa.Column("maxdisk", sa.BigInteger(), nullable=True),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("first_seen", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_storage_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cluster_id", "node", "storage", name=op.f("pk_storage")),
    )
    op.create_table(
        "tasks",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("upid", sa.String(length=500), nullable=False),
        sa.Column("node", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=50), nullable=False),
        sa.Column("obj_id", sa.String(length=200), nullable=False),
        sa.Column("user", sa.String(length=200), nullable=False),
        sa.Column("starttime", sa.BigInteger(), nullable=False),
        sa.Column("endtime", sa.BigInteger(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("status", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_tasks_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cluster_id", "upid", name=op.f("pk_tasks")),
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index("ix_tasks_cluster_start", ["cluster_id", "starttime"], unique=False)

    op.create_table(
        "user_favourites",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(length=20), nullable=False),
        sa.Column("object_key", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_user_favourites_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "cluster_id", "object_type", "object_key", name=op.f("pk_user_favourites")
        ),
    )
    op.create_table(
        "user_labels",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(length=20), nullable=False),
        sa.Column("object_key", sa.String(length=300), nullable=False),
        sa.Column("colour", sa.String(length=9), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_user_labels_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "cluster_id", "object_type", "object_key", name=op.f("pk_user_labels")
        ),
    )
    op.create_table(
        "user_notes",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(length=20), nullable=False),
        sa.Column("object_key", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_user_notes_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "cluster_id", "object_type", "object_key", name=op.f("pk_user_notes")
        ),
    )
    op.create_table(
        "guest_details",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("vmid", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("config", sa.JSON(), nullable=True),
        sa.Column("digest", sa.String(length=100), nullable=True),
        sa.Column("config_fetched_at", sa.Float(), nullable=True),
        sa.Column("snapshots", sa.JSON(), nullable=True),
        sa.Column("snapshots_fetched_at", sa.Float(), nullable=True),
        sa.Column("agent", sa.JSON(), nullable=True),
        sa.Column("agent_fetched_at", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cluster_id", "vmid"],
            ["guests.cluster_id", "guests.vmid"],
            name=op.f("fk_guest_details_cluster_id_guests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cluster_id", "vmid", name=op.f("pk_guest_details")),
    )
    op.create_table(
        "guest_tags",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("vmid", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("tag", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id", "vmid"],
            ["guests.cluster_id", "guests.vmid"],
            name=op.f("fk_guest_tags_cluster_id_guests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cluster_id", "vmid", "tag", name=op.f("pk_guest_tags")),
    )
    with op.batch_alter_table("guest_tags", schema=None) as batch_op:
        batch_op.create_index("ix_guest_tags_tag", ["tag"], unique=False)


def downgrade() -> None:
    """Downgrade the schema."""
    with op.batch_alter_table("guest_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_guest_tags_tag")

    op.drop_table("guest_tags")
    op.drop_table("guest_details")
    op.drop_table("user_notes")
    op.drop_table("user_labels")
    op.drop_table("user_favourites")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_cluster_start")

    op.drop_table("tasks")
    op.drop_table("storage")
    op.drop_table("pools")
    op.drop_table("nodes")
    op.drop_table("metric_samples")
    op.drop_table("ha_resources")
    with op.batch_alter_table("guests", schema=None) as batch_op:
        batch_op.drop_index("ix_guests_status")
        batch_op.drop_index("ix_guests_name")
        batch_op.drop_index("ix_guests_cluster_node")

    op.drop_table("guests")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_time")
        batch_op.drop_index("ix_events_cluster_time")

    op.drop_table("events")
    op.drop_table("cluster_state")
    op.drop_table("user_saved_searches")
