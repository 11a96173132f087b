"""Taking quizzes: starting attempts, drawing questions, saving answers, submitting, reviewing.

Every write that matters is guarded in the database, not just checked in Python: an attempt is
numbered uniquely, and an attempt is finished by one conditional UPDATE, so two tabs, a double
click or a replayed form produce one graded attempt.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from lms.content.questions import type_of
from lms.content.quizzes import ReviewTime
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
from lms.services import grading
from lms.services.errors import NotFound, NotPermitted
from lms.services.review import AttemptReview, QuestionView, ReviewOptions, question_views

# Answers sent this long after the deadline still count: the trainee pressed before it.
GRACE = timedelta(seconds=30)


class AttemptClosed(NotPermitted):
    """The attempt takes no more answers: it is finished or its time is up."""


@dataclass(frozen=True)
class NavEntry:
    number: int
    page: int
    is_answered: bool


@dataclass(frozen=True)
class AttemptPage:
    """One page of an attempt in progress, as the trainee sees it."""

    attempt: Attempt
    quiz: Quiz
    page: int
    page_count: int
    questions: list[QuestionView]
    seconds_left: int | None
    navigation: list[NavEntry]

    @property
    def is_last_page(self) -> bool:
        return self.page == self.page_count - 1


@dataclass(frozen=True)
class AttemptSummary:
    attempt: Attempt
    percent: Decimal | None
    is_reviewable: bool


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
    quiz: Quiz
    grade: QuizGrade | None


def course_quizzes(session: Session, course: Course, account: Account | None) -> list[CourseQuiz]:
    """A course's published quizzes with ``account``'s grade on each."""
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
    return [CourseQuiz(quiz, grades.get(quiz.id)) for quiz in quizzes]


def find_quiz(session: Session, course: Course, slug: str) -> Quiz | None:
    """The published quiz ``slug`` of ``course``."""
    return session.scalars(
        select(Quiz).where(Quiz.course_id == course.id, Quiz.slug == slug, Quiz.is_published)
    ).one_or_none()


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
    summaries = []
    for attempt in finished:
        options = review_options(quiz, attempt, now=now)
        percent = attempt.percent if options.marks else None
        summaries.append(AttemptSummary(attempt, percent, is_reviewable=True))
    in_progress = next((attempt for attempt in attempts if not attempt.is_finished), None)
    counted = [attempt for attempt in finished if not attempt.is_practice]
    left = None if quiz.attempts_allowed is None else max(0, quiz.attempts_allowed - len(counted))
    return QuizStatus(
        quiz=quiz,
        attempts=summaries,
        in_progress=in_progress,
        grade=session.get(QuizGrade, (quiz.id, trainee.id)),
        refusal=_refusal(quiz, finished, now=now),
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


def _refusal(quiz: Quiz, finished: list[Attempt], *, now: datetime) -> str | None:
    """Why a new attempt may not start now, in words; None when it may."""
    if quiz.opens_at is not None and now < quiz.opens_at:
        return f"This quiz opens on {quiz.opens_at:%d %B %Y at %H:%M} UTC."
    if quiz.closes_at is not None and now >= quiz.closes_at:
        return f"This quiz closed on {quiz.closes_at:%d %B %Y at %H:%M} UTC."
    counted = [attempt for attempt in finished if not attempt.is_practice]
    if quiz.attempts_allowed is not None and len(counted) >= quiz.attempts_allowed:
        return "You have used all your attempts at this quiz."
    if finished and quiz.seconds_between_attempts:
        last = max(attempt.finished_at or attempt.started_at for attempt in finished)
        ready = last + timedelta(seconds=quiz.seconds_between_attempts)
        if now < ready:
            return f"You may start another attempt from {ready:%d %B %Y at %H:%M} UTC."
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


def finish_if_overdue(session: Session, attempt: Attempt, *, now: datetime) -> bool:
    """Submit an attempt whose time ran out, with the answers saved before the deadline."""
    if attempt.is_finished or attempt.deadline_at is None or now <= attempt.deadline_at + GRACE:
        return False
    return _finish(session, attempt, now=attempt.deadline_at, by_timer=True)


def attempt_page(session: Session, attempt: Attempt, page: int, *, now: datetime) -> AttemptPage:
    """Page ``page`` of an attempt in progress, remembered as the page to resume from.

    Raises AttemptClosed once the attempt is finished.
    """
    if finish_if_overdue(session, attempt, now=now) or attempt.is_finished:
        raise AttemptClosed("This attempt is finished.")
    items = _items(session, attempt)
    page_count = 1 + max((item.page for item in items), default=0)
    if not 0 <= page < page_count:
        raise NotFound("There is no such page in this attempt.")
    attempt.current_page = page
    quiz = attempt.quiz
    options = review_options(quiz, attempt, now=now)
    on_page = [item for item in items if item.page == page]
    numbers = _numbers(items)
    seconds_left = None
    if attempt.deadline_at is not None:
        seconds_left = max(0, int((attempt.deadline_at - now).total_seconds()))
    return AttemptPage(
        attempt=attempt,
        quiz=quiz,
        page=page,
        page_count=page_count,
        questions=question_views(on_page, numbers, options, in_progress=True),
        seconds_left=seconds_left,
        navigation=[
            NavEntry(numbers[item.position], item.page, item.response is not None)
            for item in items
            if item.position in numbers
        ],
    )


def _items(session: Session, attempt: Attempt) -> list[AttemptItem]:
    return list(
        session.scalars(
            select(AttemptItem)
            .where(AttemptItem.attempt_id == attempt.id)
            .order_by(AttemptItem.position)
            .options(selectinload(AttemptItem.question_version))
        )
    )


def _numbers(items: Sequence[AttemptItem]) -> dict[int, int]:
    """Question numbers by position; text-only items take no number."""
    numbers: dict[int, int] = {}
    for item in items:
        if grading.is_marked(item.question_version):
            numbers[item.position] = len(numbers) + 1
    return numbers


def save_page(
    session: Session,
    attempt: Attempt,
    *,
    page: int,
    values: Mapping[str, Sequence[str]],
    now: datetime,
    check: bool = False,
) -> None:
    """Save the answers posted with a page; ``check`` (practice quizzes) also scores them.

    Only questions whose form was posted (``q<position>-shown``) are touched, so a stale or
    partial form never blanks answers saved from another page. Raises AttemptClosed when the
    attempt is finished or its time is up.
    """
    if attempt.deadline_at is not None and now > attempt.deadline_at + GRACE:
        finish_if_overdue(session, attempt, now=now)
        raise AttemptClosed("Time is up: answers sent after the deadline are not accepted.")
    claimed = session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.state == AttemptState.IN_PROGRESS)
        .values(current_page=max(0, page))
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise AttemptClosed("This attempt is finished; your answers were already submitted.")
    attempt.current_page = max(0, page)
    may_check = check and attempt.is_practice
    for item in _items(session, attempt):
        prefix = f"q{item.position}-"
        if prefix + "shown" not in values or item.is_checked:
            continue
        fields = {
            key[len(prefix) :]: value for key, value in values.items() if key.startswith(prefix)
        }
        spec = grading.spec_of(item.question_version)
        item.response = type_of(spec).read_response(spec, item.layout, fields)
        item.saved_at = now
        if may_check:
            grading.score_item(item)
            item.is_checked = True
    session.flush()


def submit_attempt(session: Session, attempt: Attempt, *, now: datetime) -> Attempt:
    """Finish and grade an attempt; finishing one that is already finished changes nothing."""
    if not attempt.is_finished:
        finished_at = now
        if attempt.deadline_at is not None and now > attempt.deadline_at:
            finished_at = attempt.deadline_at
        _finish(session, attempt, now=finished_at, by_timer=False)
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


def review_options(quiz: Quiz, attempt: Attempt, *, now: datetime) -> ReviewOptions:
    """What the quiz's review settings let the trainee see of ``attempt`` now."""
    if not attempt.is_finished:
        if not attempt.is_practice:
            return ReviewOptions(responses=True, marks=False, right_answers=False, feedback=False)
        moment = ReviewTime.DURING
    elif quiz.closes_at is not None and now >= quiz.closes_at:
        moment = ReviewTime.AFTER_CLOSE
    else:
        moment = ReviewTime.IMMEDIATELY_AFTER
    policy: dict[str, Any] = quiz.review
    return ReviewOptions(
        responses=moment in policy.get("responses", []) or not attempt.is_finished,
        marks=moment in policy.get("marks", []),
        right_answers=moment in policy.get("right_answers", []),
        feedback=moment in policy.get("feedback", []),
    )


def review(
    session: Session, attempt: Attempt, *, now: datetime, as_staff: bool = False
) -> AttemptReview:
    """A finished attempt as the review settings (or, for staff, everything) show it.

    Raises NotPermitted while the attempt is in progress.
    """
    finish_if_overdue(session, attempt, now=now)
    if not attempt.is_finished and not as_staff:
        raise NotPermitted("Finish the attempt to review it.")
    quiz = attempt.quiz
    options = (
        ReviewOptions(responses=True, marks=True, right_answers=True, feedback=True)
        if as_staff
        else review_options(quiz, attempt, now=now)
    )
    items = _items(session, attempt)
    percent = attempt.percent if options.marks else None
    passed = None if percent is None else percent >= quiz.pass_percent
    return AttemptReview(
        attempt=attempt,
        quiz=quiz,
        options=options,
        questions=question_views(items, _numbers(items), options, in_progress=False),
        percent=percent,
        is_passed=passed if quiz.pass_percent else None,
        awaiting_grading=attempt.is_finished and attempt.mark is None,
    )
