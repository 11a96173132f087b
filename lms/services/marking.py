"""Trainers' marks for the answers no scorer can mark (essays), from a queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from lms.content.questions import QUESTION_TYPES, QuestionSpec
from lms.models import (
    Account,
    Attempt,
    AttemptItem,
    AttemptState,
    CourseTrainer,
    QuestionVersion,
    Quiz,
    Role,
)
from lms.services import audit, grading
from lms.services.errors import InvalidInput, NotPermitted

ZERO = Decimal(0)
# Types whose answers a trainer marks: marked, but not by a scorer.
TRAINER_MARKED = sorted(
    name for name, kind in QUESTION_TYPES.items() if kind.is_marked and not kind.is_auto_graded
)
QUEUE_LIMIT = 100


@dataclass(frozen=True)
class PendingAnswer:
    """An answer waiting for a trainer's mark."""

    item: AttemptItem
    attempt: Attempt
    quiz: Quiz
    trainee: Account
    spec: QuestionSpec


@dataclass(frozen=True)
class Queue:
    """The oldest answers awaiting a mark (at most ``QUEUE_LIMIT``) and how many wait in all."""

    answers: list[PendingAnswer]
    total: int


def may_mark(session: Session, account: Account, course_id: int) -> bool:
    """Administrators mark anything; trainers mark the courses they teach."""
    if account.has_role(Role.ADMIN):
        return True
    return account.has_role(Role.TRAINER) and (
        session.get(CourseTrainer, (course_id, account.id)) is not None
    )


def pending_answers(session: Session, marker: Account, *, limit: int = QUEUE_LIMIT) -> Queue:
    """Answers awaiting a mark in the courses ``marker`` may mark, oldest first."""
    query = (
        select(AttemptItem)
        .join(Attempt, AttemptItem.attempt_id == Attempt.id)
        .join(Quiz, Attempt.quiz_id == Quiz.id)
        .join(QuestionVersion, AttemptItem.question_version_id == QuestionVersion.id)
        .where(
            Attempt.state == AttemptState.FINISHED,
            AttemptItem.fraction.is_(None),
            AttemptItem.response.is_not(None),
            QuestionVersion.type.in_(TRAINER_MARKED),
        )
    )
    if not marker.has_role(Role.ADMIN):
        query = query.join(CourseTrainer, CourseTrainer.course_id == Quiz.course_id).where(
            CourseTrainer.account_id == marker.id
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    items = session.scalars(
        query.order_by(Attempt.finished_at, AttemptItem.position)
        .limit(limit)
        .options(
            selectinload(AttemptItem.question_version),
            selectinload(AttemptItem.attempt).selectinload(Attempt.account),
            selectinload(AttemptItem.attempt).selectinload(Attempt.quiz).selectinload(Quiz.course),
        )
    )
    answers = [
        PendingAnswer(
            item,
            item.attempt,
            item.attempt.quiz,
            item.attempt.account,
            grading.spec_of(item.question_version),
        )
        for item in items
    ]
    return Queue(answers, total)


def mark_answer(
    session: Session,
    item: AttemptItem,
    *,
    mark: Decimal,
    comment: str,
    marker: Account,
    now: datetime,
) -> None:
    """Record a trainer's mark for an answer; the attempt and the trainee's grade follow at once.

    Raises NotPermitted unless ``marker`` may mark the course and the answer is one a trainer
    marks in a finished attempt; InvalidInput("mark") when the mark is outside 0 to the maximum.
    """
    attempt = item.attempt
    if not may_mark(session, marker, attempt.quiz.course_id):
        raise NotPermitted("You do not teach this course.")
    if item.question_version.type not in TRAINER_MARKED:
        raise NotPermitted("This answer is marked automatically.")
    if not attempt.is_finished:
        raise NotPermitted("The attempt is still in progress.")
    if not ZERO <= mark <= item.max_mark:
        raise InvalidInput("mark", f"Give a mark from 0 to {item.max_mark.normalize():f}.")
    before = {"mark": grading.as_text(item.mark), "comment": item.grader_comment}
    item.fraction = mark / item.max_mark if item.max_mark else ZERO
    item.mark = mark
    item.grader_comment = comment.strip()
    item.graded_by = marker
    item.graded_at = now
    grading.total_attempt(attempt)
    session.flush()
    grading.recompute_grade(session, attempt.quiz, attempt.account_id, now=now)
    audit.record(
        session,
        actor=marker,
        action="answer.graded",
        subject=attempt,
        now=now,
        before=before,
        after={
            "mark": grading.as_text(item.mark),
            "comment": item.grader_comment,
            "question": item.position + 1,
            "attempt_mark": grading.as_text(attempt.mark),
        },
    )
