"""The translatable form of a cluster's health detail.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 09:50:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    with op.batch_alter_table("cluster_state") as batch:
        batch.add_column(sa.Column("health_message", sa.Text(), nullable=True))


def downgrade() -> None:
    """Downgrade the schema."""
    with op.batch_alter_table("cluster_state") as batch:
        batch.drop_column("health_message")
