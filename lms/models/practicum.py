"""The Level 2 practicum: the application, the weekly logbook (append-only), the mentor's
comments, submissions, and the marks of mentor, examiner and moderator."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.accounts import Account
from lms.models.accreditation import Pathway, PathwayVersion
from lms.models.base import Base, enum_by_value, utcnow


class PracticumStatus(enum.StrEnum):
    """Where a practicum is: applied, declined, running, submitted for marking, then decided."""

    APPLIED = "applied"
    DECLINED = "declined"
    ACTIVE = "active"
    SUBMITTED = "submitted"
    MODERATION = "moderation"
    REFERRED = "referred"
    PASSED = "passed"


class Practicum(Base):
    """A trainee's mentored period of practice on one pathway, from application to outcome."""

    __tablename__ = "lms_practicums"
    __table_args__ = (UniqueConstraint("account_id", "pathway_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("lms_accounts.id", ondelete="CASCADE"))
    pathway_id: Mapped[int] = mapped_column(ForeignKey("lms_pathways.id", ondelete="CASCADE"))
    pathway_version_id: Mapped[int] = mapped_column(
        ForeignKey("lms_pathway_versions.id", ondelete="RESTRICT")
    )
    status: Mapped[PracticumStatus] = mapped_column(enum_by_value(PracticumStatus), index=True)
    foundation_course: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(40))
    partnership: Mapped[str] = mapped_column(Text)
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="SET NULL")
    )
    decision_note: Mapped[str] = mapped_column(Text, default="")
    mentor_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="SET NULL"), index=True
    )
    examiner_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="SET NULL"), index=True
    )
    starts_on: Mapped[date | None]
    weeks: Mapped[int] = mapped_column(default=12)
    passed_at: Mapped[datetime | None]

    account: Mapped[Account] = relationship(foreign_keys=[account_id])
    pathway: Mapped[Pathway] = relationship()
    pathway_version: Mapped[PathwayVersion] = relationship()
    mentor: Mapped[Account | None] = relationship(foreign_keys=[mentor_id])
    examiner: Mapped[Account | None] = relationship(foreign_keys=[examiner_id])
    decided_by: Mapped[Account | None] = relationship(foreign_keys=[decided_by_id])


class LogbookEntry(Base):
    """One week of the logbook; what it says lives in its revisions, never overwritten."""

    __tablename__ = "lms_logbook_entries"
    __table_args__ = (UniqueConstraint("practicum_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practicum_id: Mapped[int] = mapped_column(ForeignKey("lms_practicums.id", ondelete="CASCADE"))
    week: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    practicum: Mapped[Practicum] = relationship()
    revisions: Mapped[list[LogbookRevision]] = relationship(
        order_by="LogbookRevision.number", back_populates="entry"
    )


class LogbookRevision(Base):
    """What a week's entry said at one time: number 1 is the original, later ones corrections."""

    __tablename__ = "lms_logbook_revisions"
    __table_args__ = (UniqueConstraint("entry_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("lms_logbook_entries.id", ondelete="CASCADE"))
    number: Mapped[int]
    aims: Mapped[str] = mapped_column(Text)
    strategies: Mapped[str] = mapped_column(Text)
    activities: Mapped[str] = mapped_column(Text)
    reflection: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(default=utcnow)

    entry: Mapped[LogbookEntry] = relationship(back_populates="revisions")


class LogbookComment(Base):
    """A mentor's comment on one week; ``request_key`` makes a repeated submit count once."""

    __tablename__ = "lms_logbook_comments"
    __table_args__ = (UniqueConstraint("author_id", "request_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("lms_logbook_entries.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="SET NULL")
    )
    request_key: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[Account | None] = relationship()


class SubmissionOutcome(enum.StrEnum):
    PENDING = "pending"
    PASSED = "passed"
    REFERRED = "referred"


class LogbookSubmission(Base):
    """The logbook closed for marking; a referred logbook is resubmitted as the next number."""

    __tablename__ = "lms_logbook_submissions"
    __table_args__ = (UniqueConstraint("practicum_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practicum_id: Mapped[int] = mapped_column(ForeignKey("lms_practicums.id", ondelete="CASCADE"))
    number: Mapped[int]
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[SubmissionOutcome] = mapped_column(
        enum_by_value(SubmissionOutcome), default=SubmissionOutcome.PENDING
    )
    decided_at: Mapped[datetime | None]
    feedback: Mapped[str] = mapped_column(Text, default="")

    practicum: Mapped[Practicum] = relationship()


class MarkerRole(enum.StrEnum):
    MENTOR = "mentor"
    EXAMINER = "examiner"
    MODERATOR = "moderator"


class LogbookMark(Base):
    """One marker's independent marks of a submission against the weighted rubric."""

    __tablename__ = "lms_logbook_marks"
    __table_args__ = (UniqueConstraint("submission_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("lms_logbook_submissions.id", ondelete="CASCADE")
    )
    role: Mapped[MarkerRole] = mapped_column(enum_by_value(MarkerRole))
    marker_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="SET NULL")
    )
    scores: Mapped[dict[str, int]] = mapped_column(JSON)
    total: Mapped[int]
    passed: Mapped[bool]
    comments: Mapped[str] = mapped_column(Text, default="")
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)

    submission: Mapped[LogbookSubmission] = relationship()
    marker: Mapped[Account | None] = relationship()
