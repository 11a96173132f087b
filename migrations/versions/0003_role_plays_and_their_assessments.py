"""Role-plays, scenario plays, written submissions, live sessions and rubric assessments

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 18:07:38.433689
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lms_roleplays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "scenario", "written", "live", name="roleplaykind", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("module_slug", sa.String(length=80), nullable=True),
        sa.Column("is_published", sa.Boolean(), nullable=False),
        sa.Column("current_version_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["lms_courses.id"],
            name=op.f("fk_lms_roleplays_course_id_lms_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_roleplays")),
        sa.UniqueConstraint("course_id", "slug", name=op.f("uq_lms_roleplays_course_id_slug")),
    )
    op.create_table(
        "lms_roleplay_outcomes",
        sa.Column("roleplay_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_passed", sa.Boolean(), nullable=False),
        sa.Column("percent", sa.BigInteger(), nullable=True),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_roleplay_outcomes_account_id_lms_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["roleplay_id"],
            ["lms_roleplays.id"],
            name=op.f("fk_lms_roleplay_outcomes_roleplay_id_lms_roleplays"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("roleplay_id", "account_id", name=op.f("pk_lms_roleplay_outcomes")),
    )
    with op.batch_alter_table("lms_roleplay_outcomes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_roleplay_outcomes_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "lms_roleplay_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roleplay_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["roleplay_id"],
            ["lms_roleplays.id"],
            name=op.f("fk_lms_roleplay_versions_roleplay_id_lms_roleplays"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_roleplay_versions")),
        sa.UniqueConstraint(
            "roleplay_id", "number", name=op.f("uq_lms_roleplay_versions_roleplay_id_number")
        ),
    )
    # Role-plays and versions point at each other, so this key is added once both tables exist.
    with op.batch_alter_table("lms_roleplays", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_lms_roleplays_current_version_id_lms_roleplay_versions"),
            "lms_roleplay_versions",
            ["current_version_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "lms_live_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_key", sa.String(length=64), nullable=False),
        sa.Column("roleplay_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("scheduled_for", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scheduled_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["roleplay_id"],
            ["lms_roleplays.id"],
            name=op.f("fk_lms_live_sessions_roleplay_id_lms_roleplays"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scheduled_by_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_live_sessions_scheduled_by_id_lms_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["lms_roleplay_versions.id"],
            name=op.f("fk_lms_live_sessions_version_id_lms_roleplay_versions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_live_sessions")),
        sa.UniqueConstraint("request_key", name=op.f("uq_lms_live_sessions_request_key")),
    )
    op.create_table(
        "lms_scenario_plays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roleplay_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("node", sa.String(length=40), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("steps_taken", sa.Integer(), nullable=False),
        sa.Column("is_passed", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_scenario_plays_account_id_lms_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["roleplay_id"],
            ["lms_roleplays.id"],
            name=op.f("fk_lms_scenario_plays_roleplay_id_lms_roleplays"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["lms_roleplay_versions.id"],
            name=op.f("fk_lms_scenario_plays_version_id_lms_roleplay_versions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_scenario_plays")),
        sa.UniqueConstraint(
            "roleplay_id",
            "account_id",
            "number",
            name=op.f("uq_lms_scenario_plays_roleplay_id_account_id_number"),
        ),
    )
    with op.batch_alter_table("lms_scenario_plays", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_scenario_plays_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "lms_written_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roleplay_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("reflection", sa.Text(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_written_submissions_account_id_lms_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["roleplay_id"],
            ["lms_roleplays.id"],
            name=op.f("fk_lms_written_submissions_roleplay_id_lms_roleplays"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["lms_roleplay_versions.id"],
            name=op.f("fk_lms_written_submissions_version_id_lms_roleplay_versions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_written_submissions")),
        sa.UniqueConstraint(
            "roleplay_id",
            "account_id",
            "number",
            name=op.f("uq_lms_written_submissions_roleplay_id_account_id_number"),
        ),
    )
    with op.batch_alter_table("lms_written_submissions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_written_submissions_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "lms_live_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("party", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_live_participants_account_id_lms_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["lms_live_sessions.id"],
            name=op.f("fk_lms_live_participants_session_id_lms_live_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_live_participants")),
        sa.UniqueConstraint(
            "session_id", "account_id", name=op.f("uq_lms_live_participants_session_id_account_id")
        ),
    )
    with op.batch_alter_table("lms_live_participants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_live_participants_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "lms_scenario_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("play_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("node", sa.String(length=40), nullable=False),
        sa.Column("choice", sa.String(length=40), nullable=False),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_node", sa.String(length=40), nullable=False),
        sa.Column("state_after", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["play_id"],
            ["lms_scenario_plays.id"],
            name=op.f("fk_lms_scenario_steps_play_id_lms_scenario_plays"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_scenario_steps")),
        sa.UniqueConstraint(
            "play_id", "position", name=op.f("uq_lms_scenario_steps_play_id_position")
        ),
    )
    op.create_table(
        "lms_live_observations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_key", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("observer_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("criterion", sa.String(length=40), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("strength", "concern", name="observationkind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["observer_id"],
            ["lms_live_participants.id"],
            name=op.f("fk_lms_live_observations_observer_id_lms_live_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["lms_live_sessions.id"],
            name=op.f("fk_lms_live_observations_session_id_lms_live_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["lms_live_participants.id"],
            name=op.f("fk_lms_live_observations_subject_id_lms_live_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_live_observations")),
        sa.UniqueConstraint("request_key", name=op.f("uq_lms_live_observations_request_key")),
    )
    with op.batch_alter_table("lms_live_observations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_live_observations_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "lms_rubric_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roleplay_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("assessor_id", sa.Integer(), nullable=True),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("comments", sa.JSON(), nullable=False),
        sa.Column("overall_comment", sa.Text(), nullable=False),
        sa.Column("percent", sa.BigInteger(), nullable=False),
        sa.Column("is_passed", sa.Boolean(), nullable=False),
        sa.Column("asks_resubmission", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_rubric_assessments_account_id_lms_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assessor_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_rubric_assessments_assessor_id_lms_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["lms_live_participants.id"],
            name=op.f("fk_lms_rubric_assessments_participant_id_lms_live_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["roleplay_id"],
            ["lms_roleplays.id"],
            name=op.f("fk_lms_rubric_assessments_roleplay_id_lms_roleplays"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["lms_written_submissions.id"],
            name=op.f("fk_lms_rubric_assessments_submission_id_lms_written_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_rubric_assessments")),
        sa.UniqueConstraint(
            "participant_id", "number", name=op.f("uq_lms_rubric_assessments_participant_id_number")
        ),
        sa.UniqueConstraint(
            "submission_id", "number", name=op.f("uq_lms_rubric_assessments_submission_id_number")
        ),
    )
    with op.batch_alter_table("lms_rubric_assessments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_rubric_assessments_account_id"), ["account_id"], unique=False
        )

    with op.batch_alter_table("lms_accounts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "sector",
                sa.Enum(
                    "business",
                    "un",
                    "government",
                    "civil_society",
                    "other",
                    name="sector",
                    native_enum=False,
                    length=20,
                ),
                nullable=True,
            )
        )

    # ### end Alembic commands ###


def downgrade() -> None:
    with op.batch_alter_table("lms_roleplays", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_lms_roleplays_current_version_id_lms_roleplay_versions"),
            type_="foreignkey",
        )
    with op.batch_alter_table("lms_accounts", schema=None) as batch_op:
        batch_op.drop_column("sector")

    with op.batch_alter_table("lms_rubric_assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_rubric_assessments_account_id"))

    op.drop_table("lms_rubric_assessments")
    with op.batch_alter_table("lms_live_observations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_live_observations_session_id"))

    op.drop_table("lms_live_observations")
    op.drop_table("lms_scenario_steps")
    with op.batch_alter_table("lms_live_participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_live_participants_account_id"))

    op.drop_table("lms_live_participants")
    with op.batch_alter_table("lms_written_submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_written_submissions_account_id"))

    op.drop_table("lms_written_submissions")
    with op.batch_alter_table("lms_scenario_plays", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_scenario_plays_account_id"))

    op.drop_table("lms_scenario_plays")
    op.drop_table("lms_live_sessions")
    op.drop_table("lms_roleplay_versions")
    with op.batch_alter_table("lms_roleplay_outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_roleplay_outcomes_account_id"))

    op.drop_table("lms_roleplay_outcomes")
    op.drop_table("lms_roleplays")
    # ### end Alembic commands ###
