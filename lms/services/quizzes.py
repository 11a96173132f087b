"""Quizzes as trainees meet them: what they may do, starting attempts, submitting them.

Every write that matters is guarded in the database, not just checked in Python: an attempt is
numbered uniquely, and an attempt is finished by one conditional UPDATE, so two tabs, a double
click or a replayed form produce one graded attempt.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lms.content.questions import type_of
from lms.models import (
    Account,
    Attempt,
    AttemptItem,
    AttemptState,
    Course,
    Question,
    QuestionVersion,
    Quiz,
    QuizGrade,
    QuizMode,
    QuizSlot,
)
from lms.models.base import insert_unless_present
from lms.services import enrolment, grading, review
from lms.services.errors import NotPermitted
from lms.services.wording import long_date

# Answers sent this long after the deadline still count: the trainee pressed before it.
GRACE = timedelta(seconds=30)


ENROL_FIRST = "Enrol in this course to take its quizzes."


class AttemptClosed(NotPermitted):
    """The attempt takes no more answers: it is finished or its time is up."""


@dataclass(frozen=True)
class AttemptSummary:
    """A finished attempt; ``percent`` is None while marks are hidden or a mark is awaited."""

    attempt: Attempt
    percent: Decimal | None


@dataclass(frozen=True)
class QuizStatus:
    """What a trainee can do with a quiz now, and what they did."""

    quiz: Quiz
    attempts: list[AttemptSummary]
    in_progress: Attempt | None
    grade: QuizGrade | None
    refusal: str | None
    attempts_left: int | None

    @property
    def can_start(self) -> bool:
        return self.in_progress is None and self.refusal is None


@dataclass(frozen=True)
class CourseQuiz:
    """A quiz of a course with the viewer's grade, None while the review settings hide marks."""

    quiz: Quiz
    grade: QuizGrade | None


def course_quizzes(
    session: Session, course: Course, account: Account | None, *, now: datetime
) -> list[CourseQuiz]:
    """A course's published quizzes with ``account``'s grade on each, where it may be shown."""
    quizzes = session.scalars(
        select(Quiz).where(Quiz.course_id == course.id, Quiz.is_published).order_by(Quiz.id)
    ).all()
    grades: dict[int, QuizGrade] = {}
    if account is not None and quizzes:
        grades = {
            grade.quiz_id: grade
            for grade in session.scalars(
                select(QuizGrade).where(
                    QuizGrade.account_id == account.id,
                    QuizGrade.quiz_id.in_([quiz.id for quiz in quizzes]),
                )
            )
        }
    return [CourseQuiz(quiz, _shown(quiz, grades.get(quiz.id), now=now)) for quiz in quizzes]


def _shown(quiz: Quiz, grade: QuizGrade | None, *, now: datetime) -> QuizGrade | None:
    return grade if review.marks_visible(quiz, now=now) else None


def find_quiz(
    session: Session, course: Course, slug: str, *, include_withdrawn: bool = False
) -> Quiz | None:
    """The quiz ``slug`` of ``course``: published ones, and for staff withdrawn ones too."""
    query = select(Quiz).where(Quiz.course_id == course.id, Quiz.slug == slug)
    if not include_withdrawn:
        query = query.where(Quiz.is_published)
    return session.scalars(query).one_or_none()


def find_attempt(session: Session, attempt_id: int, *, account: Account) -> Attempt | None:
    """The attempt ``attempt_id`` if it is ``account``'s own."""
    attempt = session.get(Attempt, attempt_id)
    return attempt if attempt is not None and attempt.account_id == account.id else None


def quiz_status(session: Session, quiz: Quiz, trainee: Account, *, now: datetime) -> QuizStatus:
    """Finish the trainee's overdue attempt, then say what they may do and what they did."""
    attempts = _attempts(session, quiz, trainee)
    for attempt in attempts:
        finish_if_overdue(session, attempt, now=now)
    finished = [attempt for attempt in attempts if attempt.is_finished]
    counted = [attempt for attempt in finished if not attempt.is_practice]
    marks_shown = review.marks_visible(quiz, now=now)
    left = None if quiz.attempts_allowed is None else max(0, quiz.attempts_allowed - len(counted))
    return QuizStatus(
        quiz=quiz,
        attempts=[
            AttemptSummary(attempt, attempt.percent if marks_shown else None)
            for attempt in finished
        ],
        in_progress=next((attempt for attempt in attempts if not attempt.is_finished), None),
        grade=_shown(quiz, session.get(QuizGrade, (quiz.id, trainee.id)), now=now),
        refusal=_refusal(session, quiz, trainee, finished, attempts_left=left, now=now),
        attempts_left=left,
    )


def _attempts(session: Session, quiz: Quiz, trainee: Account) -> list[Attempt]:
    return list(
        session.scalars(
            select(Attempt)
            .where(Attempt.quiz_id == quiz.id, Attempt.account_id == trainee.id)
            .order_by(Attempt.number)
        )
    )


def _refusal(
    session: Session,
    quiz: Quiz,
    trainee: Account,
    finished: list[Attempt],
    *,
    attempts_left: int | None,
    now: datetime,
) -> str | None:
    """Why a new attempt may not start now, in words; None when it may."""
    if enrolment.find(session, trainee, quiz.course) is None:
        return ENROL_FIRST
    if quiz.opens_at is not None and now < quiz.opens_at:
        return f"This quiz opens on {long_date(quiz.opens_at)} at {quiz.opens_at:%H:%M} UTC."
    if quiz.closes_at is not None and now >= quiz.closes_at:
        return f"This quiz closed on {long_date(quiz.closes_at)} at {quiz.closes_at:%H:%M} UTC."
    if attempts_left == 0:
        return "You have used all your attempts at this quiz."
    if finished and quiz.seconds_between_attempts:
        last = max(attempt.finished_at or attempt.started_at for attempt in finished)
        ready = last + timedelta(seconds=quiz.seconds_between_attempts)
        if now < ready:
            return f"You may start another attempt from {long_date(ready)} at {ready:%H:%M} UTC."
    return None


def start_attempt(session: Session, quiz: Quiz, *, trainee: Account, now: datetime) -> Attempt:
    """Start an attempt, or return the one in progress; the draw and layouts are frozen here.

    Raises NotPermitted saying why when no attempt may start.
    """
    status = quiz_status(session, quiz, trainee, now=now)
    if status.in_progress is not None:
        return status.in_progress
    if status.refusal is not None:
        raise NotPermitted(status.refusal)
    number = 1 + max((summary.attempt.number for summary in status.attempts), default=0)
    deadline = _deadline(quiz, now)
    inserted = insert_unless_present(
        session,
        Attempt,
        {
            "quiz_id": quiz.id,
            "account_id": trainee.id,
            "number": number,
            "is_practice": quiz.mode is QuizMode.PRACTICE,
            "state": AttemptState.IN_PROGRESS,
            "started_at": now,
            "deadline_at": deadline,
            "current_page": 0,
            "max_mark": Decimal(0),
            "was_submitted_by_timer": False,
        },
        unique=["quiz_id", "account_id", "number"],
    )
    attempt = session.scalars(
        select(Attempt).where(
            Attempt.quiz_id == quiz.id, Attempt.account_id == trainee.id, Attempt.number == number
        )
    ).one()
    if inserted:  # else another request (a second tab) started it a moment ago
        _draw(session, quiz, attempt)
    return attempt


def _deadline(quiz: Quiz, now: datetime) -> datetime | None:
    ends = [quiz.closes_at] if quiz.closes_at is not None else []
    if quiz.time_limit_seconds:
        ends.append(now + timedelta(seconds=quiz.time_limit_seconds))
    return min(ends, default=None)


def _draw(session: Session, quiz: Quiz, attempt: Attempt) -> None:
    """Choose the attempt's questions and shuffle their parts, once and for all."""
    rng = secrets.SystemRandom()  # layouts must not be guessable from the attempt's start
    slots = list(quiz.slots)
    fixed = {slot.question_id for slot in slots if slot.question_id is not None}
    categories = {slot.category_id for slot in slots if slot.category_id is not None}
    rows = session.execute(
        select(Question.category_id, QuestionVersion)
        .join(
            QuestionVersion,
            (QuestionVersion.question_id == Question.id)
            & (QuestionVersion.number == Question.current_number),
        )
        .where(Question.id.in_(fixed) | Question.category_id.in_(categories))
    ).all()
    current = {version.question_id: version for _, version in rows}
    by_category: dict[int, list[int]] = {}
    for category_id, version in rows:
        by_category.setdefault(category_id, []).append(version.question_id)
    used = set(fixed)
    versions: list[tuple[QuizSlot, QuestionVersion]] = []
    for slot in slots:
        if slot.question_id is not None:
            versions.append((slot, current[slot.question_id]))
            continue
        pool = sorted(set(by_category.get(slot.category_id or 0, [])) - used)
        for question_id in rng.sample(pool, min(slot.draw_count, len(pool))):
            used.add(question_id)
            versions.append((slot, current[question_id]))
    per_page = quiz.questions_per_page
    for position, (slot, version) in enumerate(versions):
        spec = grading.spec_of(version)
        question_type = type_of(spec)
        max_mark = slot.mark if slot.mark is not None else spec.default_mark
        attempt.items.append(
            AttemptItem(
                position=position,
                page=position // per_page if per_page else 0,
                question_version=version,
                max_mark=max_mark if question_type.is_marked else Decimal(0),
                layout=question_type.layout(spec, rng),
            )
        )
    grading.total_attempt(attempt)
    session.flush()


def finish_overdue(session: Session, *, now: datetime, quiz: Quiz | None = None) -> int:
    """Submit every attempt (of ``quiz``, or of all quizzes) whose time ran out; how many."""
    query = select(Attempt).where(
        Attempt.state == AttemptState.IN_PROGRESS, Attempt.deadline_at < now - GRACE
    )
    if quiz is not None:
        query = query.where(Attempt.quiz_id == quiz.id)
    return sum(finish_if_overdue(session, attempt, now=now) for attempt in session.scalars(query))


def finish_if_overdue(session: Session, attempt: Attempt, *, now: datetime) -> bool:
    """Submit an attempt whose time ran out, with the answers saved in time (or in the grace)."""
    if attempt.is_finished or attempt.deadline_at is None or now <= attempt.deadline_at + GRACE:
        return False
    return _finish(session, attempt, now=attempt.deadline_at, by_timer=True)


def submit_attempt(session: Session, attempt: Attempt, *, now: datetime) -> Attempt:
    """Finish and grade an attempt; finishing one that is already finished changes nothing.

    Arriving at or after the deadline (the page's countdown submits at zero), it counts as
    submitted by the timer, at the deadline.
    """
    if not attempt.is_finished:
        deadline = attempt.deadline_at
        timed_out = deadline is not None and now >= deadline
        finished_at = deadline if deadline is not None and timed_out else now
        _finish(session, attempt, now=finished_at, by_timer=timed_out)
    return attempt


def _finish(session: Session, attempt: Attempt, *, now: datetime, by_timer: bool) -> bool:
    """Finish ``attempt`` unless another request did; True if this call finished it."""
    finished = session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.state == AttemptState.IN_PROGRESS)
        .values(state=AttemptState.FINISHED, finished_at=now, was_submitted_by_timer=by_timer)
        .execution_options(synchronize_session=False)
    )
    session.refresh(attempt)
    if finished.rowcount != 1:  # type: ignore[attr-defined]
        return False
    grading.grade_attempt(session, attempt, now=now)
    return True
