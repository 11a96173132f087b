"""The append-only audit log: every state change that matters writes one record here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from lms.models import (
    Account,
    Approval,
    Attempt,
    AuditEvent,
    Certificate,
    Course,
    CpdEntry,
    EthicsSignature,
    LogbookMark,
    LogbookSubmission,
    Practicum,
    Quiz,
    Roleplay,
)

AuditSubject = (
    Account
    | Course
    | Quiz
    | Attempt
    | Roleplay
    | Practicum
    | LogbookSubmission
    | LogbookMark
    | EthicsSignature
    | Approval
    | Certificate
    | CpdEntry
)


def record(
    session: Session,
    *,
    actor: Account | None,
    action: str,
    subject: AuditSubject,
    now: datetime,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit record; ``action`` is a dotted verb such as ``account.deactivated``."""
    session.flush()  # the subject needs its id
    event = AuditEvent(
        at=now,
        actor=actor,
        action=action,
        subject_type=type(subject).__name__.lower(),
        subject_id=str(subject.id),
        subject_label=_label(subject),
        before=before,
        after=after,
    )
    session.add(event)
    return event


def _label(subject: AuditSubject) -> str:
    match subject:
        case Account():
            return subject.email
        case Attempt():
            return f"{subject.quiz.slug} #{subject.number} of {subject.account.email}"
        case Course() | Quiz() | Roleplay():
            return subject.slug
        case Practicum():
            return f"practicum of {subject.account.email}"
        case LogbookSubmission():
            return f"logbook #{subject.number} of {subject.practicum.account.email}"
        case LogbookMark():
            return f"{subject.role} mark of logbook #{subject.submission.number}"
        case Certificate():
            return subject.code
        case EthicsSignature() | Approval():
            return subject.account.email
        case CpdEntry():
            return subject.activity
