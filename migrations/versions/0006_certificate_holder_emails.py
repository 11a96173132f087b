"""When each certificate's holder was emailed

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 13:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lms_certificates") as batch_op:
        batch_op.add_column(sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lms_certificates") as batch_op:
        batch_op.drop_column("notified_at")
