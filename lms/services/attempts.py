"""One attempt as its trainee works through it: its pages, saving answers, and its review."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from lms.content.questions import type_of
from lms.models import Attempt, AttemptItem, AttemptState, Quiz
from lms.services import grading, quizzes, review
from lms.services.errors import NotFound, NotPermitted
from lms.services.quizzes import AttemptClosed


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
    questions: list[review.QuestionView]
    seconds_left: int | None
    navigation: list[NavEntry]

    @property
    def is_last_page(self) -> bool:
        return self.page == self.page_count - 1


def attempt_page(session: Session, attempt: Attempt, page: int, *, now: datetime) -> AttemptPage:
    """Page ``page`` of an attempt in progress, remembered as the page to resume from.

    Raises AttemptClosed once the attempt is finished.
    """
    if quizzes.finish_if_overdue(session, attempt, now=now) or attempt.is_finished:
        raise AttemptClosed("This attempt is finished.")
    items = _items(session, attempt)
    page_count = 1 + max((item.page for item in items), default=0)
    if not 0 <= page < page_count:
        raise NotFound("There is no such page in this attempt.")
    attempt.current_page = page
    quiz = attempt.quiz
    options = review.options_for(quiz, attempt, now=now)
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
        questions=review.question_views(on_page, numbers, options, in_progress=True),
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
    """Save the answers posted with a page; ``check`` (practice quizzes) also scores them,
    which shows their feedback and locks them.

    Only questions whose form was posted (``q<position>-shown``) are touched, so a stale or
    partial form never blanks answers saved from another page. Raises AttemptClosed when the
    attempt is finished or its time is up.
    """
    if attempt.deadline_at is not None and now > attempt.deadline_at + quizzes.GRACE:
        quizzes.finish_if_overdue(session, attempt, now=now)
        raise AttemptClosed("Time is up: answers sent after the deadline are not accepted.")
    claimed = session.execute(  # holds the attempt until commit, so a submit waits for us
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.state == AttemptState.IN_PROGRESS)
        .values(current_page=Attempt.current_page)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise AttemptClosed("This attempt is finished; your answers were already submitted.")
    items = _items(session, attempt)
    attempt.current_page = min(max(0, page), max((item.page for item in items), default=0))
    may_check = check and attempt.is_practice
    for item in items:
        prefix = f"q{item.position}-"
        if prefix + "shown" not in values or item.is_checked:
            continue
        fields = {
            key.removeprefix(prefix): value
            for key, value in values.items()
            if key.startswith(prefix)
        }
        spec = grading.spec_of(item.question_version)
        item.response = type_of(spec).read_response(spec, item.layout, fields)
        item.saved_at = now
        if may_check and item.response is not None:  # a blank answer stays open to answer
            grading.score_item(item)
            item.is_checked = True
    session.flush()


def attempt_review(session: Session, attempt: Attempt, *, now: datetime) -> review.AttemptReview:
    """A finished attempt as the quiz's review settings show it now.

    Raises NotPermitted while the attempt is in progress.
    """
    quizzes.finish_if_overdue(session, attempt, now=now)
    if not attempt.is_finished:
        raise NotPermitted("Finish the attempt to review it.")
    quiz = attempt.quiz
    options = review.options_for(quiz, attempt, now=now)
    items = _items(session, attempt)
    percent = attempt.percent if options.marks else None
    passed = None if percent is None else percent >= quiz.pass_percent
    return review.AttemptReview(
        attempt=attempt,
        quiz=quiz,
        options=options,
        questions=review.question_views(items, _numbers(items), options, in_progress=False),
        percent=percent,
        is_passed=passed if quiz.pass_percent else None,
        awaiting_grading=attempt.mark is None,
    )
