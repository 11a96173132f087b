"""Marks: scoring attempts, trainers' marks for essays, quiz grades and regrading."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lms.content.questions import QuestionSpec, parse_spec, type_of
from lms.content.questions.base import Outcome
from lms.models import (
    Account,
    Attempt,
    AttemptItem,
    AttemptState,
    CourseTrainer,
    GradingMethod,
    Question,
    QuestionVersion,
    Quiz,
    QuizGrade,
    Role,
)
from lms.services import audit
from lms.services.errors import InvalidInput, NotPermitted
from lms.services.question_bank import current_version

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
    return (fraction * max_mark).quantize(Decimal("0.0000001"))


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
    """Recompute a trainee's grade on ``quiz`` from their graded assessed attempts."""
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
    percents = [attempt.percent for attempt in attempts if attempt.percent is not None]
    grade = session.get(QuizGrade, (quiz.id, account_id))
    if not attempts:
        return grade
    if grade is None:
        grade = QuizGrade(quiz_id=quiz.id, account_id=account_id)
        session.add(grade)
    grade.percent = _combine(quiz.grading_method, percents)
    grade.is_passed = grade.percent is not None and grade.percent >= quiz.pass_percent
    grade.attempts_counted = len(percents)
    grade.updated_at = now
    session.flush()
    return grade


def _combine(method: GradingMethod, percents: Sequence[Decimal]) -> Decimal | None:
    if not percents:
        return None
    if method is GradingMethod.HIGHEST:
        result = max(percents)
    elif method is GradingMethod.AVERAGE:
        result = sum(percents, ZERO) / len(percents)
    elif method is GradingMethod.FIRST:
        result = percents[0]
    else:
        result = percents[-1]
    return result.quantize(Decimal("0.0000001"))


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


@dataclass(frozen=True)
class PendingAnswer:
    """An essay answer waiting for a trainer's mark."""

    item: AttemptItem
    attempt: Attempt
    quiz: Quiz
    trainee: Account
    spec: QuestionSpec


def may_grade(session: Session, grader: Account, course_id: int) -> bool:
    """Administrators mark anything; trainers mark the courses they teach."""
    if grader.has_role(Role.ADMIN):
        return True
    return session.get(CourseTrainer, (course_id, grader.id)) is not None and grader.has_role(
        Role.TRAINER
    )


def pending_answers(session: Session, grader: Account) -> list[PendingAnswer]:
    """Essays awaiting a mark in the courses ``grader`` may mark, oldest first."""
    query = (
        select(AttemptItem)
        .join(Attempt, AttemptItem.attempt_id == Attempt.id)
        .join(Quiz, Attempt.quiz_id == Quiz.id)
        .join(QuestionVersion, AttemptItem.question_version_id == QuestionVersion.id)
        .where(
            Attempt.state == AttemptState.FINISHED,
            AttemptItem.fraction.is_(None),
            AttemptItem.response.is_not(None),
            QuestionVersion.type == "essay",
        )
        .order_by(Attempt.finished_at, AttemptItem.position)
        .options(
            selectinload(AttemptItem.question_version),
            selectinload(AttemptItem.attempt).selectinload(Attempt.account),
            selectinload(AttemptItem.attempt).selectinload(Attempt.quiz),
        )
    )
    if not grader.has_role(Role.ADMIN):
        query = query.join(CourseTrainer, CourseTrainer.course_id == Quiz.course_id).where(
            CourseTrainer.account_id == grader.id
        )
    return [
        PendingAnswer(
            item,
            item.attempt,
            item.attempt.quiz,
            item.attempt.account,
            spec_of(item.question_version),
        )
        for item in session.scalars(query)
    ]


def grade_answer(
    session: Session,
    item: AttemptItem,
    *,
    mark: Decimal,
    comment: str,
    grader: Account,
    now: datetime,
) -> None:
    """Record a trainer's mark for an answer; the attempt and the trainee's grade follow at once.

    Raises NotPermitted unless ``grader`` may mark the course, InvalidInput("mark") when the mark
    is outside 0 to the question's maximum.
    """
    attempt = item.attempt
    if not may_grade(session, grader, attempt.quiz.course_id):
        raise NotPermitted("You do not teach this course.")
    if not attempt.is_finished:
        raise NotPermitted("The attempt is still in progress.")
    if not ZERO <= mark <= item.max_mark:
        raise InvalidInput("mark", f"Give a mark from 0 to {item.max_mark.normalize():f}.")
    before = {"mark": _text(item.mark), "comment": item.grader_comment}
    item.fraction = mark / item.max_mark if item.max_mark else ZERO
    item.mark = mark
    item.grader_comment = comment.strip()
    item.graded_by = grader
    item.graded_at = now
    total_attempt(attempt)
    session.flush()
    recompute_grade(session, attempt.quiz, attempt.account_id, now=now)
    audit.record(
        session,
        actor=grader,
        action="answer.graded",
        subject=attempt,
        now=now,
        before=before,
        after={
            "mark": _text(item.mark),
            "comment": item.grader_comment,
            "question": item.position + 1,
            "attempt_mark": _text(attempt.mark),
        },
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


@dataclass(frozen=True)
class RegradeResult:
    attempts: int
    changed: int


def regrade_quiz(session: Session, quiz: Quiz, *, actor: Account, now: datetime) -> RegradeResult:
    """Rescore every finished attempt of ``quiz`` with its questions' current versions.

    An item moves to the current version only when that version is the same type with the same
    number of parts, so the frozen layout still fits; trainers' marks for essays stand.
    """
    if not may_grade(session, actor, quiz.course_id):
        raise NotPermitted("You do not teach this course.")
    attempts = session.scalars(
        select(Attempt)
        .where(Attempt.quiz_id == quiz.id, Attempt.state == AttemptState.FINISHED)
        .options(selectinload(Attempt.items).selectinload(AttemptItem.question_version))
    ).all()
    changed: list[dict[str, object]] = []
    for attempt in attempts:
        before = attempt.mark
        for item in attempt.items:
            _move_to_current(session, item)
            if item.question_version.type != "essay" or item.graded_at is None:
                score_item(item)
        total_attempt(attempt)
        if attempt.mark != before:
            changed.append(
                {"attempt": attempt.id, "before": _text(before), "after": _text(attempt.mark)}
            )
    session.flush()
    for account_id in {attempt.account_id for attempt in attempts}:
        recompute_grade(session, quiz, account_id, now=now)
    audit.record(
        session,
        actor=actor,
        action="quiz.regraded",
        subject=quiz,
        now=now,
        before=None,
        after={"attempts": len(attempts), "changed": changed},
    )
    return RegradeResult(len(attempts), len(changed))


def _move_to_current(session: Session, item: AttemptItem) -> None:
    question = session.get(Question, item.question_version.question_id)
    if question is None or question.current_number == item.question_version.number:
        return
    newest = current_version(session, question)
    old_spec, new_spec = spec_of(item.question_version), spec_of(newest)
    if old_spec.type != new_spec.type or type_of(new_spec).layout is not type_of(old_spec).layout:
        return
    if _part_counts(old_spec) == _part_counts(new_spec):
        item.question_version = newest


def _part_counts(spec: QuestionSpec) -> tuple[int, ...]:
    return tuple(
        len(getattr(spec, part))
        for part in ("choices", "items", "pairs", "answers")
        if hasattr(spec, part)
    ) + ((len(spec.options()),) if hasattr(spec, "options") else ())
