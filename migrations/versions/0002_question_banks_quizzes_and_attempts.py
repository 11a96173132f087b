"""Question banks, quizzes and attempts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 15:52:31.954030
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lms_question_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["lms_courses.id"],
            name=op.f("fk_lms_question_categories_course_id_lms_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_question_categories")),
        sa.UniqueConstraint(
            "course_id", "path", name=op.f("uq_lms_question_categories_course_id_path")
        ),
    )
    op.create_table(
        "lms_quizzes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("intro_html", sa.Text(), nullable=False),
        sa.Column("module_slug", sa.String(length=80), nullable=True),
        sa.Column(
            "mode",
            sa.Enum("assessed", "practice", name="quizmode", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("attempts_allowed", sa.Integer(), nullable=True),
        sa.Column(
            "grading_method",
            sa.Enum(
                "highest",
                "average",
                "first",
                "last",
                name="gradingmethod",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("pass_percent", sa.BigInteger(), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("time_limit_seconds", sa.Integer(), nullable=True),
        sa.Column("seconds_between_attempts", sa.Integer(), nullable=False),
        sa.Column("questions_per_page", sa.Integer(), nullable=False),
        sa.Column("review", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("is_published", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["lms_courses.id"],
            name=op.f("fk_lms_quizzes_course_id_lms_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_quizzes")),
        sa.UniqueConstraint("course_id", "slug", name=op.f("uq_lms_quizzes_course_id_slug")),
    )
    op.create_table(
        "lms_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("is_practice", sa.Boolean(), nullable=False),
        sa.Column(
            "state",
            sa.Enum("in_progress", "finished", name="attemptstate", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("was_submitted_by_timer", sa.Boolean(), nullable=False),
        sa.Column("current_page", sa.Integer(), nullable=False),
        sa.Column("max_mark", sa.BigInteger(), nullable=False),
        sa.Column("mark", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_attempts_account_id_lms_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["quiz_id"],
            ["lms_quizzes.id"],
            name=op.f("fk_lms_attempts_quiz_id_lms_quizzes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_attempts")),
        sa.UniqueConstraint(
            "quiz_id",
            "account_id",
            "number",
            name=op.f("uq_lms_attempts_quiz_id_account_id_number"),
        ),
    )
    with op.batch_alter_table("lms_attempts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_attempts_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "lms_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("current_number", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["lms_question_categories.id"],
            name=op.f("fk_lms_questions_category_id_lms_question_categories"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["lms_courses.id"],
            name=op.f("fk_lms_questions_course_id_lms_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_questions")),
        sa.UniqueConstraint("course_id", "key", name=op.f("uq_lms_questions_course_id_key")),
    )
    with op.batch_alter_table("lms_questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_questions_category_id"), ["category_id"], unique=False
        )

    op.create_table(
        "lms_quiz_grades",
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("percent", sa.BigInteger(), nullable=True),
        sa.Column("is_passed", sa.Boolean(), nullable=False),
        sa.Column("attempts_counted", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_quiz_grades_account_id_lms_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["quiz_id"],
            ["lms_quizzes.id"],
            name=op.f("fk_lms_quiz_grades_quiz_id_lms_quizzes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("quiz_id", "account_id", name=op.f("pk_lms_quiz_grades")),
    )
    with op.batch_alter_table("lms_quiz_grades", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_quiz_grades_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "lms_question_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["lms_questions.id"],
            name=op.f("fk_lms_question_versions_question_id_lms_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_question_versions")),
        sa.UniqueConstraint(
            "question_id", "number", name=op.f("uq_lms_question_versions_question_id_number")
        ),
    )
    op.create_table(
        "lms_quiz_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("draw_count", sa.Integer(), nullable=False),
        sa.Column("mark", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["lms_question_categories.id"],
            name=op.f("fk_lms_quiz_slots_category_id_lms_question_categories"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["lms_questions.id"],
            name=op.f("fk_lms_quiz_slots_question_id_lms_questions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["quiz_id"],
            ["lms_quizzes.id"],
            name=op.f("fk_lms_quiz_slots_quiz_id_lms_quizzes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_quiz_slots")),
        sa.UniqueConstraint("quiz_id", "position", name=op.f("uq_lms_quiz_slots_quiz_id_position")),
    )
    op.create_table(
        "lms_attempt_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("question_version_id", sa.Integer(), nullable=False),
        sa.Column("max_mark", sa.BigInteger(), nullable=False),
        sa.Column("layout", sa.JSON(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fraction", sa.BigInteger(), nullable=True),
        sa.Column("mark", sa.BigInteger(), nullable=True),
        sa.Column("is_checked", sa.Boolean(), nullable=False),
        sa.Column("grader_comment", sa.Text(), nullable=False),
        sa.Column("graded_by_id", sa.Integer(), nullable=True),
        sa.Column("graded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["lms_attempts.id"],
            name=op.f("fk_lms_attempt_items_attempt_id_lms_attempts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["graded_by_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_attempt_items_graded_by_id_lms_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["question_version_id"],
            ["lms_question_versions.id"],
            name=op.f("fk_lms_attempt_items_question_version_id_lms_question_versions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_attempt_items")),
        sa.UniqueConstraint(
            "attempt_id", "position", name=op.f("uq_lms_attempt_items_attempt_id_position")
        ),
    )
    with op.batch_alter_table("lms_attempt_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_attempt_items_question_version_id"),
            ["question_version_id"],
            unique=False,
        )

    # ### end Alembic commands ###


def downgrade() -> None:
    with op.batch_alter_table("lms_attempt_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_attempt_items_question_version_id"))

    op.drop_table("lms_attempt_items")
    op.drop_table("lms_quiz_slots")
    op.drop_table("lms_question_versions")
    with op.batch_alter_table("lms_quiz_grades", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_quiz_grades_account_id"))

    op.drop_table("lms_quiz_grades")
    with op.batch_alter_table("lms_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_questions_category_id"))

    op.drop_table("lms_questions")
    with op.batch_alter_table("lms_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_attempts_account_id"))

    op.drop_table("lms_attempts")
    op.drop_table("lms_quizzes")
    op.drop_table("lms_question_categories")
    # ### end Alembic commands ###
