"""Accounts, courses, progress and audit

Revision ID: 0001
Revises:
Create Date: 2026-11-29 15:13:56.352831
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lms_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("external_id", sa.String(length=255), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_accounts")),
        sa.UniqueConstraint("email", name=op.f("uq_lms_accounts_email")),
        sa.UniqueConstraint("external_id", name=op.f("uq_lms_accounts_external_id")),
    )
    op.create_table(
        "lms_courses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("current_version_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_courses")),
        sa.UniqueConstraint("slug", name=op.f("uq_lms_courses_slug")),
    )
    op.create_table(
        "lms_throttle_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "scope",
            sa.Enum(
                "sign_in_account",
                "sign_in_address",
                "reset_email",
                "reset_address",
                name="throttlescope",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("key", sa.String(length=254), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_throttle_events")),
    )
    with op.batch_alter_table("lms_throttle_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_lms_throttle_events_scope_key_at", ["scope", "key", "at"], unique=False
        )

    op.create_table(
        "lms_account_roles",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum("trainee", "trainer", "admin", name="role", native_enum=False, length=20),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_account_roles_account_id_lms_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "role", name=op.f("pk_lms_account_roles")),
    )
    op.create_table(
        "lms_audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("subject_type", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("subject_label", sa.String(length=254), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_audit_events_actor_id_lms_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_audit_events")),
    )
    with op.batch_alter_table("lms_audit_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_audit_events_actor_id"), ["actor_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_lms_audit_events_at"), ["at"], unique=False)

    op.create_table(
        "lms_course_trainers",
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_course_trainers_account_id_lms_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["lms_courses.id"],
            name=op.f("fk_lms_course_trainers_course_id_lms_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("course_id", "account_id", name=op.f("pk_lms_course_trainers")),
    )
    with op.batch_alter_table("lms_course_trainers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_course_trainers_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "lms_course_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["lms_courses.id"],
            name=op.f("fk_lms_course_versions_course_id_lms_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_course_versions")),
        sa.UniqueConstraint(
            "course_id", "number", name=op.f("uq_lms_course_versions_course_id_number")
        ),
    )
    # Courses and versions point at each other, so this key is added once both tables exist.
    with op.batch_alter_table("lms_courses", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_lms_courses_current_version_id_lms_course_versions"),
            "lms_course_versions",
            ["current_version_id"],
            ["id"],
            ondelete="SET NULL",
        )

    op.create_table(
        "lms_enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_lesson_slug", sa.String(length=80), nullable=True),
        sa.Column("last_active_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_enrolments_account_id_lms_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["lms_courses.id"],
            name=op.f("fk_lms_enrolments_course_id_lms_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_enrolments")),
        sa.UniqueConstraint(
            "account_id", "course_id", name=op.f("uq_lms_enrolments_account_id_course_id")
        ),
    )
    with op.batch_alter_table("lms_enrolments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_enrolments_course_id"), ["course_id"], unique=False
        )

    op.create_table(
        "lms_lesson_completions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("lesson_slug", sa.String(length=80), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_lesson_completions_account_id_lms_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["lms_courses.id"],
            name=op.f("fk_lms_lesson_completions_course_id_lms_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_lesson_completions")),
        sa.UniqueConstraint(
            "account_id",
            "course_id",
            "lesson_slug",
            name=op.f("uq_lms_lesson_completions_account_id_course_id_lesson_slug"),
        ),
    )
    op.create_table(
        "lms_login_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_login_sessions_account_id_lms_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_login_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_lms_login_sessions_token_hash")),
    )
    with op.batch_alter_table("lms_login_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_login_sessions_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "lms_modules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["lms_course_versions.id"],
            name=op.f("fk_lms_modules_version_id_lms_course_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_modules")),
        sa.UniqueConstraint("version_id", "slug", name=op.f("uq_lms_modules_version_id_slug")),
    )
    op.create_table(
        "lms_lessons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["module_id"],
            ["lms_modules.id"],
            name=op.f("fk_lms_lessons_module_id_lms_modules"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["lms_course_versions.id"],
            name=op.f("fk_lms_lessons_version_id_lms_course_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_lessons")),
        sa.UniqueConstraint("version_id", "slug", name=op.f("uq_lms_lessons_version_id_slug")),
    )
    with op.batch_alter_table("lms_lessons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lms_lessons_version_id"), ["version_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lms_courses", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_lms_courses_current_version_id_lms_course_versions"), type_="foreignkey"
        )

    with op.batch_alter_table("lms_lessons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_lessons_version_id"))

    op.drop_table("lms_lessons")
    op.drop_table("lms_modules")
    with op.batch_alter_table("lms_login_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_login_sessions_account_id"))

    op.drop_table("lms_login_sessions")
    op.drop_table("lms_lesson_completions")
    with op.batch_alter_table("lms_enrolments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_enrolments_course_id"))

    op.drop_table("lms_enrolments")
    op.drop_table("lms_course_versions")
    with op.batch_alter_table("lms_course_trainers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_course_trainers_account_id"))

    op.drop_table("lms_course_trainers")
    with op.batch_alter_table("lms_audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_audit_events_at"))
        batch_op.drop_index(batch_op.f("ix_lms_audit_events_actor_id"))

    op.drop_table("lms_audit_events")
    op.drop_table("lms_account_roles")
    with op.batch_alter_table("lms_throttle_events", schema=None) as batch_op:
        batch_op.drop_index("ix_lms_throttle_events_scope_key_at")

    op.drop_table("lms_throttle_events")
    op.drop_table("lms_courses")
    op.drop_table("lms_accounts")
