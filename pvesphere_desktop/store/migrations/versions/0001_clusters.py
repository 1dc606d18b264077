"""Clusters: connection settings of each cluster (no secrets).

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-26 03:36:23.777670
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_table(
        "clusters",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("auth", sa.String(length=20), nullable=False),
        sa.Column("user", sa.String(length=200), nullable=False),
        sa.Column("token_id", sa.String(length=200), nullable=False),
        sa.Column("tls", sa.String(length=20), nullable=False),
        sa.Column("ca_file", sa.String(length=4000), nullable=True),
        sa.Column("fingerprints", sa.JSON(), nullable=False),
        sa.Column("known_endpoints", sa.JSON(), nullable=False),
        sa.Column("failover", sa.Boolean(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("interval_s", sa.Float(), nullable=False),
        sa.Column("timeout_s", sa.Float(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clusters")),
        sa.UniqueConstraint("name", name=op.f("uq_clusters_name")),
    )


def downgrade() -> None:
    """Downgrade the schema."""
    op.drop_table("clusters")
