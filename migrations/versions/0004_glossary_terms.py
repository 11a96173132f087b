"""Glossary terms of courses

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 19:49:24.347658
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lms_glossary_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("term", sa.String(length=120), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("meanings", sa.JSON(), nullable=False),
        sa.Column("see_also", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["lms_courses.id"],
            name=op.f("fk_lms_glossary_terms_course_id_lms_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_glossary_terms")),
        sa.UniqueConstraint("course_id", "slug", name=op.f("uq_lms_glossary_terms_course_id_slug")),
    )
    with op.batch_alter_table("lms_glossary_terms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lms_glossary_terms_slug"), ["slug"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lms_glossary_terms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_glossary_terms_slug"))

    op.drop_table("lms_glossary_terms")
