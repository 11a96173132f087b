"""Accreditation pathways: their versions, each trainee's standing on every requirement, ethics
signatures, administrators' approvals and continuing professional development (CPD)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.accounts import Account
from lms.models.base import Base, enum_by_value, utcnow


class Pathway(Base):
    """A way to accreditation, defined in ``courses/pathways/<slug>.yaml``."""

    __tablename__ = "lms_pathways"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_pathway_versions.id", use_alter=True, ondelete="SET NULL")
    )

    current_version: Mapped[PathwayVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )


class PathwayVersion(Base):
    """One state of a pathway's file; a practicum and a signature keep the version they began on."""

    __tablename__ = "lms_pathway_versions"
    __table_args__ = (UniqueConstraint("pathway_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pathway_id: Mapped[int] = mapped_column(ForeignKey("lms_pathways.id", ondelete="CASCADE"))
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    ethics_text: Mapped[str] = mapped_column(Text)
    ethics_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    pathway: Mapped[Pathway] = relationship(foreign_keys=[pathway_id])


class RequirementState(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    MET = "met"


class RequirementStatus(Base):
    """Where one trainee stands on one requirement of a pathway stage.

    Recomputed on the event that changes it, so pages and the cohort report read it directly.
    """

    __tablename__ = "lms_requirement_statuses"
    __table_args__ = (
        Index(None, "pathway_id", "stage_slug", "state"),
        Index(None, "pathway_id", "account_id"),
    )

    account_id: Mapped[int] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="CASCADE"), primary_key=True
    )
    pathway_id: Mapped[int] = mapped_column(
        ForeignKey("lms_pathways.id", ondelete="CASCADE"), primary_key=True
    )
    stage_slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    requirement_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    state: Mapped[RequirementState] = mapped_column(enum_by_value(RequirementState))
    percent: Mapped[int] = mapped_column(default=0)
    evidence: Mapped[str] = mapped_column(String(500), default="")
    met_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class EthicsSignature(Base):
    """A trainee's signature of one version of the ethics commitment (name typed, text hashed)."""

    __tablename__ = "lms_ethics_signatures"
    __table_args__ = (UniqueConstraint("account_id", "pathway_id", "ethics_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("lms_accounts.id", ondelete="CASCADE"))
    pathway_id: Mapped[int] = mapped_column(ForeignKey("lms_pathways.id", ondelete="CASCADE"))
    pathway_version_id: Mapped[int] = mapped_column(
        ForeignKey("lms_pathway_versions.id", ondelete="RESTRICT")
    )
    typed_name: Mapped[str] = mapped_column(String(200))
    ethics_hash: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)

    account: Mapped[Account] = relationship()
    pathway_version: Mapped[PathwayVersion] = relationship()


class Approval(Base):
    """An administrator's approval of a trainee for a stage that requires one."""

    __tablename__ = "lms_approvals"
    __table_args__ = (UniqueConstraint("account_id", "pathway_id", "stage_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("lms_accounts.id", ondelete="CASCADE"))
    pathway_id: Mapped[int] = mapped_column(ForeignKey("lms_pathways.id", ondelete="CASCADE"))
    stage_slug: Mapped[str] = mapped_column(String(80))
    approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(Text, default="")
    approved_at: Mapped[datetime] = mapped_column(default=utcnow)

    account: Mapped[Account] = relationship(foreign_keys=[account_id])
    approved_by: Mapped[Account | None] = relationship(foreign_keys=[approved_by_id])


class CpdEntry(Base):
    """Continuing professional development logged toward renewal: hours and a short reflection.

    ``request_key`` comes from the form, so a repeated submit records the activity once.
    """

    __tablename__ = "lms_cpd_entries"
    __table_args__ = (UniqueConstraint("account_id", "request_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="CASCADE"), index=True
    )
    pathway_id: Mapped[int] = mapped_column(ForeignKey("lms_pathways.id", ondelete="CASCADE"))
    request_key: Mapped[str] = mapped_column(String(64))
    activity: Mapped[str] = mapped_column(String(200))
    done_on: Mapped[date]
    hours: Mapped[Decimal]
    reflection: Mapped[str] = mapped_column(Text)
    logged_at: Mapped[datetime] = mapped_column(default=utcnow)
