"""Marking a submitted logbook: mentor and examiner mark it blind against the weighted rubric;
agreement decides it, disagreement sends it to an administrator's moderation.

Totals further apart than the rubric's ``moderation_threshold``, or one pass against one
referral, go to moderation; the moderator's marks then decide.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lms.content.pathways import PracticumAccepted
from lms.models import (
    Account,
    LogbookMark,
    LogbookSubmission,
    MarkerRole,
    Practicum,
    PracticumStatus,
    Role,
    SubmissionOutcome,
)
from lms.models.base import insert_unless_present, lock_row
from lms.services import accreditation, audit, logbook, practicum
from lms.services.errors import InvalidInput, NotPermitted

COMMENTS_LIMIT = 10_000


def rubric_of(case: Practicum) -> PracticumAccepted:
    """The practicum requirement, rubric included, of the version the trainee applied under."""
    return practicum.terms_of(case.pathway_version).requirement


def role_of(case: Practicum, account: Account) -> MarkerRole | None:
    """Whether ``account`` marks this practicum as its mentor or its examiner."""
    if account.id == case.mentor_id:
        return MarkerRole.MENTOR
    if account.id == case.examiner_id:
        return MarkerRole.EXAMINER
    return None


def marks_of(session: Session, submission: LogbookSubmission) -> dict[MarkerRole, LogbookMark]:
    """Every mark recorded on the submission, by the role of its marker."""
    marks = session.scalars(
        select(LogbookMark)
        .where(LogbookMark.submission_id == submission.id)
        .options(selectinload(LogbookMark.marker))
    )
    return {mark.role: mark for mark in marks}


def has_marked(case: Practicum, marks: Mapping[MarkerRole, LogbookMark], marker: Account) -> bool:
    """Whether ``marker``, as the practicum's mentor or examiner now, has marked it themselves.

    A mark in the same role by someone who held it before does not count.
    """
    role = role_of(case, marker)
    mark = marks.get(role) if role is not None else None
    return mark is not None and mark.marker_id == marker.id


def visible_marks(
    case: Practicum, marks: Mapping[MarkerRole, LogbookMark], viewer: Account | None
) -> dict[MarkerRole, LogbookMark]:
    """The marks ``viewer`` may see: none of the others' until their own is in (blind marking).

    ``viewer`` None stands for an administrator, who sees every mark.
    """
    if viewer is None or has_marked(case, marks, viewer):
        return dict(marks)
    return {}


def record_mark(
    session: Session,
    case: Practicum,
    *,
    marker: Account,
    scores: Mapping[str, int],
    comments: str,
    now: datetime,
) -> LogbookMark:
    """Record the mentor's or the examiner's mark of the submitted logbook; a repeat of the same
    mark returns it. Once both are in, decide the outcome or send it to moderation.

    Raises NotPermitted unless ``marker`` is the practicum's mentor or examiner, the logbook
    awaits marks and they have not marked it differently; InvalidInput on ``score-<key>`` or
    ``comments`` for a value that does not fit.
    """
    locked = _lock(session, case)
    role = role_of(locked, marker)
    if role is None:
        raise NotPermitted("Only the practicum's mentor and examiner mark its logbook.")
    if locked.status is not PracticumStatus.SUBMITTED:
        raise NotPermitted("The logbook is not awaiting marks.")
    if locked.examiner_id is None:
        raise NotPermitted("An examiner must be allocated before the logbook is marked.")
    submission = logbook.latest_submission(session, locked)
    if submission is None:  # a submitted practicum always has one
        raise NotPermitted("The logbook has no submission to mark.")
    mark = _insert_mark(session, submission, role, marker, scores, comments, rubric_of(locked), now)
    marks = marks_of(session, submission)
    if MarkerRole.MENTOR in marks and MarkerRole.EXAMINER in marks:
        _settle(session, locked, submission, marks, actor=marker, now=now)
    return mark


def moderate(
    session: Session,
    case: Practicum,
    *,
    moderator: Account,
    scores: Mapping[str, int],
    comments: str,
    now: datetime,
) -> LogbookMark:
    """Record an administrator's moderating mark, which decides the outcome.

    Raises NotPermitted unless ``moderator`` is an administrator and the logbook awaits
    moderation; InvalidInput as record_mark does, and on ``comments`` when no note is given.
    """
    if not moderator.has_role(Role.ADMIN):
        raise NotPermitted("Only an administrator moderates a logbook.")
    locked = _lock(session, case)
    submission = logbook.latest_submission(session, locked)
    if locked.status is not PracticumStatus.MODERATION or submission is None:
        if submission is not None and MarkerRole.MODERATOR in marks_of(session, submission):
            return marks_of(session, submission)[MarkerRole.MODERATOR]
        raise NotPermitted("The logbook is not awaiting moderation.")
    if not comments.strip():
        raise InvalidInput("comments", "Explain the moderation decision.")
    rubric = rubric_of(locked)
    mark = _insert_mark(
        session, submission, MarkerRole.MODERATOR, moderator, scores, comments, rubric, now
    )
    _conclude(
        session,
        locked,
        submission,
        passed=mark.passed,
        feedback=mark.comments,
        actor=moderator,
        now=now,
    )
    return mark


def _lock(session: Session, case: Practicum) -> Practicum:
    """The practicum re-read under a row lock, so two marks in at once settle it once."""
    return lock_row(session, Practicum, Practicum.id == case.id)


def _checked_scores(rubric: PracticumAccepted, scores: Mapping[str, int]) -> dict[str, int]:
    checked = {}
    for criterion in rubric.rubric:
        score = scores.get(criterion.key)
        if score is None or not 0 <= score <= criterion.weight:
            raise InvalidInput(
                f"score-{criterion.key}", f"Give a score from 0 to {criterion.weight}."
            )
        checked[criterion.key] = score
    return checked


def _insert_mark(
    session: Session,
    submission: LogbookSubmission,
    role: MarkerRole,
    marker: Account,
    scores: Mapping[str, int],
    comments: str,
    rubric: PracticumAccepted,
    now: datetime,
) -> LogbookMark:
    checked = _checked_scores(rubric, scores)
    text = comments.strip()
    if len(text) > COMMENTS_LIMIT:
        raise InvalidInput("comments", f"Keep the comments under {COMMENTS_LIMIT} characters.")
    total = sum(checked.values())
    inserted = insert_unless_present(
        session,
        LogbookMark,
        {
            "submission_id": submission.id,
            "role": role,
            "marker_id": marker.id,
            "scores": checked,
            "total": total,
            "passed": total >= rubric.pass_mark,
            "comments": text,
            "marked_at": now,
        },
        unique=["submission_id", "role"],
    )
    mark = session.scalars(
        select(LogbookMark)
        .where(LogbookMark.submission_id == submission.id, LogbookMark.role == role)
        .execution_options(populate_existing=True)
    ).one()
    if not inserted:
        if mark.marker_id == marker.id and mark.scores == checked and mark.comments == text:
            return mark
        raise NotPermitted("This logbook has already been marked in that role.")
    audit.record(
        session,
        actor=marker,
        action=f"logbook.marked_by_{role.value}",
        subject=mark,
        now=now,
        after={"scores": checked, "total": total, "passed": mark.passed},
    )
    return mark


def _settle(
    session: Session,
    case: Practicum,
    submission: LogbookSubmission,
    marks: Mapping[MarkerRole, LogbookMark],
    *,
    actor: Account,
    now: datetime,
) -> None:
    mentor, examiner = marks[MarkerRole.MENTOR], marks[MarkerRole.EXAMINER]
    threshold = rubric_of(case).moderation_threshold
    difference = abs(mentor.total - examiner.total)
    if difference > threshold or mentor.passed != examiner.passed:
        case.status = PracticumStatus.MODERATION
        audit.record(
            session,
            actor=actor,
            action="practicum.sent_to_moderation",
            subject=case,
            now=now,
            after={"mentor_total": mentor.total, "examiner_total": examiner.total},
        )
        return
    feedback = "\n\n".join(mark.comments for mark in (mentor, examiner) if mark.comments)
    _conclude(
        session, case, submission, passed=mentor.passed, feedback=feedback, actor=actor, now=now
    )


def _conclude(
    session: Session,
    case: Practicum,
    submission: LogbookSubmission,
    *,
    passed: bool,
    feedback: str,
    actor: Account,
    now: datetime,
) -> None:
    """Pass or refer the submission; a pass counts toward the trainee's accreditation."""
    submission.outcome = SubmissionOutcome.PASSED if passed else SubmissionOutcome.REFERRED
    submission.decided_at = now
    submission.feedback = feedback
    case.status = PracticumStatus.PASSED if passed else PracticumStatus.REFERRED
    if passed:
        case.passed_at = now
    audit.record(
        session,
        actor=actor,
        action="practicum.passed" if passed else "practicum.referred",
        subject=submission,
        now=now,
        after={"outcome": submission.outcome.value},
    )
    if passed:
        accreditation.refresh(session, case.account_id, now=now)
