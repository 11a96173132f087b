"""Accreditation pathways, practicum and certificates

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 08:43:06.588567
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lms_pathways",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("current_version_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_pathways")),
        sa.UniqueConstraint("slug", name=op.f("uq_lms_pathways_slug")),
    )
    op.create_table(
        "lms_signing_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_multikey", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_signing_keys")),
        sa.UniqueConstraint("public_multikey", name=op.f("uq_lms_signing_keys_public_multikey")),
    )
    op.create_table(
        "lms_approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("pathway_id", sa.Integer(), nullable=False),
        sa.Column("stage_slug", sa.String(length=80), nullable=False),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_approvals_account_id_lms_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["approved_by_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_approvals_approved_by_id_lms_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["pathway_id"],
            ["lms_pathways.id"],
            name=op.f("fk_lms_approvals_pathway_id_lms_pathways"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_approvals")),
        sa.UniqueConstraint(
            "account_id",
            "pathway_id",
            "stage_slug",
            name=op.f("uq_lms_approvals_account_id_pathway_id_stage_slug"),
        ),
    )
    op.create_table(
        "lms_certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("status_index", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("pathway_id", sa.Integer(), nullable=False),
        sa.Column("stage_slug", sa.String(length=80), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("holder_name", sa.String(length=200), nullable=False),
        sa.Column("award_title", sa.String(length=200), nullable=False),
        sa.Column("pathway_title", sa.String(length=200), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("signing_key_id", sa.Integer(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("credential", sa.JSON(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revocation_reason", sa.Text(), nullable=False),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_certificates_account_id_lms_accounts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_certificates_issued_by_id_lms_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["pathway_id"],
            ["lms_pathways.id"],
            name=op.f("fk_lms_certificates_pathway_id_lms_pathways"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_certificates_revoked_by_id_lms_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["signing_key_id"],
            ["lms_signing_keys.id"],
            name=op.f("fk_lms_certificates_signing_key_id_lms_signing_keys"),
        ),
        sa.ForeignKeyConstraint(
            ["superseded_by_id"],
            ["lms_certificates.id"],
            name=op.f("fk_lms_certificates_superseded_by_id_lms_certificates"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_certificates")),
        sa.UniqueConstraint(
            "account_id",
            "pathway_id",
            "stage_slug",
            "sequence",
            name=op.f("uq_lms_certificates_account_id_pathway_id_stage_slug_sequence"),
        ),
        sa.UniqueConstraint("code", name=op.f("uq_lms_certificates_code")),
        sa.UniqueConstraint("number", name=op.f("uq_lms_certificates_number")),
        sa.UniqueConstraint("status_index", name=op.f("uq_lms_certificates_status_index")),
    )
    with op.batch_alter_table("lms_certificates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_certificates_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "lms_cpd_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("pathway_id", sa.Integer(), nullable=False),
        sa.Column("request_key", sa.String(length=64), nullable=False),
        sa.Column("activity", sa.String(length=200), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("hours", sa.BigInteger(), nullable=False),
        sa.Column("reflection", sa.Text(), nullable=False),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_cpd_entries_account_id_lms_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pathway_id"],
            ["lms_pathways.id"],
            name=op.f("fk_lms_cpd_entries_pathway_id_lms_pathways"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_cpd_entries")),
        sa.UniqueConstraint(
            "account_id", "request_key", name=op.f("uq_lms_cpd_entries_account_id_request_key")
        ),
    )
    with op.batch_alter_table("lms_cpd_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_cpd_entries_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "lms_pathway_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pathway_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("ethics_text", sa.Text(), nullable=False),
        sa.Column("ethics_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pathway_id"],
            ["lms_pathways.id"],
            name=op.f("fk_lms_pathway_versions_pathway_id_lms_pathways"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_pathway_versions")),
        sa.UniqueConstraint(
            "pathway_id", "number", name=op.f("uq_lms_pathway_versions_pathway_id_number")
        ),
    )
    with op.batch_alter_table("lms_pathways", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_lms_pathways_current_version_id_lms_pathway_versions"),
            "lms_pathway_versions",
            ["current_version_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "lms_requirement_statuses",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("pathway_id", sa.Integer(), nullable=False),
        sa.Column("stage_slug", sa.String(length=80), nullable=False),
        sa.Column("requirement_key", sa.String(length=200), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "not_started",
                "in_progress",
                "met",
                name="requirementstate",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.String(length=500), nullable=False),
        sa.Column("met_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_requirement_statuses_account_id_lms_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pathway_id"],
            ["lms_pathways.id"],
            name=op.f("fk_lms_requirement_statuses_pathway_id_lms_pathways"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "account_id",
            "pathway_id",
            "stage_slug",
            "requirement_key",
            name=op.f("pk_lms_requirement_statuses"),
        ),
    )
    with op.batch_alter_table("lms_requirement_statuses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_requirement_statuses_pathway_id_account_id"),
            ["pathway_id", "account_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_lms_requirement_statuses_pathway_id_stage_slug_state"),
            ["pathway_id", "stage_slug", "state"],
            unique=False,
        )

    op.create_table(
        "lms_ethics_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("pathway_id", sa.Integer(), nullable=False),
        sa.Column("pathway_version_id", sa.Integer(), nullable=False),
        sa.Column("typed_name", sa.String(length=200), nullable=False),
        sa.Column("ethics_hash", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_ethics_signatures_account_id_lms_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pathway_id"],
            ["lms_pathways.id"],
            name=op.f("fk_lms_ethics_signatures_pathway_id_lms_pathways"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pathway_version_id"],
            ["lms_pathway_versions.id"],
            name=op.f("fk_lms_ethics_signatures_pathway_version_id_lms_pathway_versions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_ethics_signatures")),
        sa.UniqueConstraint(
            "account_id",
            "pathway_id",
            "ethics_hash",
            name=op.f("uq_lms_ethics_signatures_account_id_pathway_id_ethics_hash"),
        ),
    )
    op.create_table(
        "lms_practicums",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("pathway_id", sa.Integer(), nullable=False),
        sa.Column("pathway_version_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "applied",
                "declined",
                "active",
                "submitted",
                "moderation",
                "referred",
                "passed",
                name="practicumstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("foundation_course", sa.String(length=200), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=False),
        sa.Column("partnership", sa.Text(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=True),
        sa.Column("examiner_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column("passed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_practicums_account_id_lms_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_practicums_decided_by_id_lms_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["examiner_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_practicums_examiner_id_lms_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_practicums_mentor_id_lms_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["pathway_id"],
            ["lms_pathways.id"],
            name=op.f("fk_lms_practicums_pathway_id_lms_pathways"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pathway_version_id"],
            ["lms_pathway_versions.id"],
            name=op.f("fk_lms_practicums_pathway_version_id_lms_pathway_versions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_practicums")),
        sa.UniqueConstraint(
            "account_id", "pathway_id", name=op.f("uq_lms_practicums_account_id_pathway_id")
        ),
    )
    with op.batch_alter_table("lms_practicums", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_practicums_examiner_id"), ["examiner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_lms_practicums_mentor_id"), ["mentor_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_lms_practicums_status"), ["status"], unique=False)

    op.create_table(
        "lms_logbook_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practicum_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["practicum_id"],
            ["lms_practicums.id"],
            name=op.f("fk_lms_logbook_entries_practicum_id_lms_practicums"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_logbook_entries")),
        sa.UniqueConstraint(
            "practicum_id", "week", name=op.f("uq_lms_logbook_entries_practicum_id_week")
        ),
    )
    op.create_table(
        "lms_logbook_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practicum_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "pending",
                "passed",
                "referred",
                name="submissionoutcome",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("feedback", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["practicum_id"],
            ["lms_practicums.id"],
            name=op.f("fk_lms_logbook_submissions_practicum_id_lms_practicums"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_logbook_submissions")),
        sa.UniqueConstraint(
            "practicum_id", "number", name=op.f("uq_lms_logbook_submissions_practicum_id_number")
        ),
    )
    op.create_table(
        "lms_logbook_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("request_key", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_logbook_comments_author_id_lms_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["lms_logbook_entries.id"],
            name=op.f("fk_lms_logbook_comments_entry_id_lms_logbook_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_logbook_comments")),
        sa.UniqueConstraint(
            "author_id", "request_key", name=op.f("uq_lms_logbook_comments_author_id_request_key")
        ),
    )
    with op.batch_alter_table("lms_logbook_comments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lms_logbook_comments_entry_id"), ["entry_id"], unique=False
        )

    op.create_table(
        "lms_logbook_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "mentor", "examiner", "moderator", name="markerrole", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("marker_id", sa.Integer(), nullable=True),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["marker_id"],
            ["lms_accounts.id"],
            name=op.f("fk_lms_logbook_marks_marker_id_lms_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["lms_logbook_submissions.id"],
            name=op.f("fk_lms_logbook_marks_submission_id_lms_logbook_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_logbook_marks")),
        sa.UniqueConstraint(
            "submission_id", "role", name=op.f("uq_lms_logbook_marks_submission_id_role")
        ),
    )
    op.create_table(
        "lms_logbook_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("aims", sa.Text(), nullable=False),
        sa.Column("strategies", sa.Text(), nullable=False),
        sa.Column("activities", sa.Text(), nullable=False),
        sa.Column("reflection", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["lms_logbook_entries.id"],
            name=op.f("fk_lms_logbook_revisions_entry_id_lms_logbook_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lms_logbook_revisions")),
        sa.UniqueConstraint(
            "entry_id", "number", name=op.f("uq_lms_logbook_revisions_entry_id_number")
        ),
    )


def downgrade() -> None:
    op.drop_table("lms_logbook_revisions")
    op.drop_table("lms_logbook_marks")
    with op.batch_alter_table("lms_logbook_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_logbook_comments_entry_id"))

    op.drop_table("lms_logbook_comments")
    op.drop_table("lms_logbook_submissions")
    op.drop_table("lms_logbook_entries")
    with op.batch_alter_table("lms_practicums", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_practicums_status"))
        batch_op.drop_index(batch_op.f("ix_lms_practicums_mentor_id"))
        batch_op.drop_index(batch_op.f("ix_lms_practicums_examiner_id"))

    op.drop_table("lms_practicums")
    op.drop_table("lms_ethics_signatures")
    with op.batch_alter_table("lms_requirement_statuses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_requirement_statuses_pathway_id_stage_slug_state"))
        batch_op.drop_index(batch_op.f("ix_lms_requirement_statuses_pathway_id_account_id"))

    op.drop_table("lms_requirement_statuses")
    with op.batch_alter_table("lms_pathways", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_lms_pathways_current_version_id_lms_pathway_versions"),
            type_="foreignkey",
        )
    op.drop_table("lms_pathway_versions")
    with op.batch_alter_table("lms_cpd_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_cpd_entries_account_id"))

    op.drop_table("lms_cpd_entries")
    with op.batch_alter_table("lms_certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lms_certificates_account_id"))

    op.drop_table("lms_certificates")
    op.drop_table("lms_approvals")
    op.drop_table("lms_signing_keys")
    op.drop_table("lms_pathways")
