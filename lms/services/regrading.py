"""Regrading a quiz after a question is fixed: attempts move to the fixed version, rescored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lms.content.questions import type_of
from lms.models import Account, Attempt, AttemptItem, Question, QuestionVersion, Quiz
from lms.services import audit, grading, marking
from lms.services.errors import NotPermitted


@dataclass(frozen=True)
class RegradeResult:
    """How many attempts were looked at, whose marks changed, and how many answers stayed on
    their old version because the fix changed what they point at."""

    attempts: int
    changed: int
    kept: int


def regrade_quiz(session: Session, quiz: Quiz, *, actor: Account, now: datetime) -> RegradeResult:
    """Move every attempt of ``quiz`` to its questions' current versions and rescore the finished.

    An answer moves only when the fixed version lists the same parts (choices, items, pairs)
    in the same order, since answers point at parts by position; otherwise it keeps the version
    it was given on. Trainers' marks stand. Raises NotPermitted unless ``actor`` may mark.
    """
    if not marking.may_mark(session, actor, quiz.course_id):
        raise NotPermitted("You do not teach this course.")
    attempts = session.scalars(
        select(Attempt)
        .where(Attempt.quiz_id == quiz.id)
        .options(selectinload(Attempt.items).selectinload(AttemptItem.question_version))
    ).all()
    current = _current_versions(session, attempts)
    changed: list[dict[str, object]] = []
    kept = 0
    for attempt in attempts:
        before = attempt.mark
        for item in attempt.items:
            newest = current[item.question_version.question_id]
            if newest.id != item.question_version_id:
                if _fits(item.question_version, newest):
                    item.question_version = newest
                else:
                    kept += 1
            if attempt.is_finished and item.graded_at is None:
                grading.score_item(item)
        if attempt.is_finished:
            grading.total_attempt(attempt)
        if attempt.mark != before:
            changed.append(_change(attempt, before))
    session.flush()
    grading.recompute_quiz_grades(session, quiz, now=now)
    audit.record(
        session,
        actor=actor,
        action="quiz.regraded",
        subject=quiz,
        now=now,
        after={"attempts": len(attempts), "changed": changed, "kept_on_old_version": kept},
    )
    return RegradeResult(len(attempts), len(changed), kept)


def _current_versions(session: Session, attempts: Sequence[Attempt]) -> dict[int, QuestionVersion]:
    question_ids = {item.question_version.question_id for a in attempts for item in a.items}
    rows = session.scalars(
        select(QuestionVersion)
        .join(Question, QuestionVersion.question_id == Question.id)
        .where(Question.id.in_(question_ids), QuestionVersion.number == Question.current_number)
    )
    return {version.question_id: version for version in rows}


def _fits(old: QuestionVersion, new: QuestionVersion) -> bool:
    old_spec, new_spec = grading.spec_of(old), grading.spec_of(new)
    if old_spec.type != new_spec.type:
        return False
    question_type = type_of(new_spec)
    return question_type.parts(old_spec) == question_type.parts(new_spec)


def _change(attempt: Attempt, before: Decimal | None) -> dict[str, object]:
    return {
        "attempt": attempt.id,
        "before": grading.as_text(before),
        "after": grading.as_text(attempt.mark),
    }
