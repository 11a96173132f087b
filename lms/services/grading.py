"""Marks: scoring attempts' answers, adding them up, and each trainee's grade on a quiz."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lms.content.questions import QuestionSpec, parse_spec, type_of
from lms.content.questions.base import Outcome
from lms.models import (
    Attempt,
    AttemptItem,
    AttemptState,
    GradingMethod,
    QuestionVersion,
    Quiz,
    QuizGrade,
)
from lms.models.base import insert_unless_present
from lms.services import accreditation

ZERO = Decimal(0)


# Specs parsed from versions' JSON, by content hash (equal hashes are equal specs).
_parsed_specs: dict[str, QuestionSpec] = {}
_PARSED_SPECS_KEPT = 4096


def spec_of(version: QuestionVersion) -> QuestionSpec:
    """The validated spec of a question version, parsed once per content, not per page."""
    spec = _parsed_specs.get(version.content_hash)
    if spec is None:
        if len(_parsed_specs) >= _PARSED_SPECS_KEPT:
            _parsed_specs.clear()
        spec = _parsed_specs[version.content_hash] = parse_spec(version.spec)
    return spec


def is_marked(version: QuestionVersion) -> bool:
    return type_of(spec_of(version)).is_marked


def outcome_of(item: AttemptItem) -> Outcome:
    """Score an item's response against the version it showed; unanswered earns nothing."""
    spec = spec_of(item.question_version)
    question_type = type_of(spec)
    if not question_type.is_marked:
        return Outcome(None)
    if item.response is None:
        return Outcome(ZERO)
    outcome = question_type.score(spec, item.response)
    if outcome.fraction is None and item.fraction is not None:  # a trainer's mark stands
        return Outcome(item.fraction, outcome.feedback)
    return outcome


def score_item(item: AttemptItem) -> None:
    """Store an item's fraction and mark (both None while it waits for a trainer)."""
    outcome = outcome_of(item)
    item.fraction = outcome.fraction
    item.mark = None if outcome.fraction is None else _mark(outcome.fraction, item.max_mark)


def _mark(fraction: Decimal, max_mark: Decimal) -> Decimal:
    return exact(fraction * max_mark)


def total_attempt(attempt: Attempt) -> None:
    """Add up an attempt's marks; the total stays None while any answer awaits a trainer."""
    marked = [item for item in attempt.items if is_marked(item.question_version)]
    attempt.max_mark = sum((item.max_mark for item in marked), ZERO)
    if any(item.mark is None for item in marked):
        attempt.mark = None
    else:
        attempt.mark = sum((item.mark or ZERO for item in marked), ZERO)


def recompute_grade(
    session: Session, quiz: Quiz, account_id: int, *, now: datetime
) -> QuizGrade | None:
    """Recompute a trainee's grade on ``quiz`` from their finished assessed attempts.

    An attempt awaiting a trainer's mark leaves the grade pending (None) whenever the grading
    method may need it: first, last and average always; highest never goes down, so it shows
    the best marked attempt meanwhile.
    """
    attempts = session.scalars(
        select(Attempt)
        .where(
            Attempt.quiz_id == quiz.id,
            Attempt.account_id == account_id,
            Attempt.state == AttemptState.FINISHED,
            Attempt.is_practice.is_(False),
        )
        .order_by(Attempt.number)
    ).all()
    if not attempts:
        return session.get(QuizGrade, (quiz.id, account_id))
    insert_unless_present(
        session,
        QuizGrade,
        {
            "quiz_id": quiz.id,
            "account_id": account_id,
            "is_passed": False,
            "attempts_counted": 0,
            "updated_at": now,
        },
        unique=["quiz_id", "account_id"],
    )
    grade = session.get_one(QuizGrade, (quiz.id, account_id), populate_existing=True)
    grade.percent = _combine(quiz.grading_method, [attempt.percent for attempt in attempts])
    grade.is_passed = grade.percent is not None and grade.percent >= quiz.pass_percent
    grade.attempts_counted = sum(attempt.percent is not None for attempt in attempts)
    grade.updated_at = now
    session.flush()
    accreditation.refresh(session, account_id, now=now)
    return grade


def recompute_quiz_grades(session: Session, quiz: Quiz, *, now: datetime) -> None:
    """Recompute every trainee's grade on ``quiz`` (after its grading settings changed)."""
    account_ids = session.scalars(
        select(Attempt.account_id).where(Attempt.quiz_id == quiz.id).distinct()
    ).all()
    for account_id in account_ids:
        recompute_grade(session, quiz, account_id, now=now)


def _combine(method: GradingMethod, percents: Sequence[Decimal | None]) -> Decimal | None:
    """Combine attempts' percents (None: awaiting a mark) by the quiz's grading method."""
    marked = [percent for percent in percents if percent is not None]
    if method is GradingMethod.HIGHEST:
        return exact(max(marked)) if marked else None
    if None in percents or not marked:
        return None
    if method is GradingMethod.AVERAGE:
        return exact(sum(marked, ZERO) / len(marked))
    return exact(marked[0] if method is GradingMethod.FIRST else marked[-1])


def exact(value: Decimal) -> Decimal:
    """Round to the precision marks are stored with (10⁻⁷)."""
    return value.quantize(Decimal("0.0000001"))


def grade_attempt(session: Session, attempt: Attempt, *, now: datetime) -> None:
    """Score every item of a finished attempt, total it and update the trainee's grade."""
    # Items and versions up front: a lazy load per item would query, and flush, per item.
    session.scalars(
        select(Attempt)
        .where(Attempt.id == attempt.id)
        .options(selectinload(Attempt.items).selectinload(AttemptItem.question_version))
    ).one()
    for item in attempt.items:
        score_item(item)
    total_attempt(attempt)
    session.flush()
    recompute_grade(session, attempt.quiz, attempt.account_id, now=now)


def as_text(value: Decimal | None) -> str | None:
    """A mark as audit records keep it ("1.5"), None staying None."""
    return None if value is None else f"{value.normalize():f}"
