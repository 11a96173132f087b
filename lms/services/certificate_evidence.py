"""What a certificate's credential may say about how the award was earned: the practicum's rubric
totals and a one-line summary, never the text of the logbook itself."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.content.pathways import PracticumAccepted, StageSpec
from lms.models import Account, Pathway
from lms.models.practicum import (
    LogbookMark,
    LogbookSubmission,
    MarkerRole,
    Practicum,
    PracticumStatus,
    SubmissionOutcome,
)
from lms.services.certificate_credentials import RubricTotal, practicum_evidence

MARKER_ORDER = (MarkerRole.MENTOR, MarkerRole.EXAMINER, MarkerRole.MODERATOR)


def practicum_summary(
    session: Session, account: Account, pathway: Pathway, stages: Sequence[StageSpec]
) -> tuple[list[RubricTotal], list[str]]:
    """Return the rubric totals of the passed logbook and its evidence line, when one of
    ``stages`` (the certified stage and those before it, which it builds on) requires a practicum
    that ``account`` has passed; empty lists otherwise."""
    requirement = next(
        (
            item
            for stage in stages
            for item in stage.requirements
            if isinstance(item, PracticumAccepted)
        ),
        None,
    )
    if requirement is None:
        return [], []
    practicum = session.scalars(
        select(Practicum).where(
            Practicum.account_id == account.id,
            Practicum.pathway_id == pathway.id,
            Practicum.status == PracticumStatus.PASSED,
        )
    ).one_or_none()
    if practicum is None:
        return [], []
    submission = session.scalars(
        select(LogbookSubmission)
        .where(
            LogbookSubmission.practicum_id == practicum.id,
            LogbookSubmission.outcome == SubmissionOutcome.PASSED,
        )
        .order_by(LogbookSubmission.number.desc())
        .limit(1)
    ).first()
    marks = (
        {}
        if submission is None
        else {
            mark.role: mark
            for mark in session.scalars(
                select(LogbookMark).where(LogbookMark.submission_id == submission.id)
            )
        }
    )
    ordered = [marks[role] for role in MARKER_ORDER if role in marks]
    totals = [RubricTotal(str(mark.role), mark.total, requirement.total) for mark in ordered]
    passed_by = [str(mark.role) for mark in ordered if mark.passed]
    return totals, [practicum_evidence(practicum.weeks, passed_by)]
