"""What a trainee sees of each question: their answer, and marks, right answers and feedback
only when the quiz's review settings allow them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from lms.content.questions import Layout, QuestionSpec, Response, type_of
from lms.content.questions.base import Outcome
from lms.content.quizzes import ReviewTime
from lms.models import Attempt, AttemptItem, Quiz
from lms.services import grading


@dataclass(frozen=True)
class ReviewOptions:
    """Which parts of a review may be shown."""

    responses: bool
    marks: bool
    right_answers: bool
    feedback: bool


@dataclass(frozen=True)
class QuestionView:
    """One question of an attempt, with only what the trainee may see now.

    ``outcome`` and ``mark`` are None unless marks or feedback may be shown (in practice
    quizzes, once the question was checked).
    """

    position: int
    number: int | None
    type: str
    spec: QuestionSpec
    layout: Layout
    response: Response | None
    max_mark: Decimal
    is_marked: bool
    show: ReviewOptions
    outcome: Outcome | None
    mark: Decimal | None
    grader_comment: str
    is_checked: bool

    def field(self, name: str) -> str:
        """The form field name of this question's ``name`` input."""
        return f"q{self.position}-{name}"


@dataclass(frozen=True)
class AttemptReview:
    attempt: Attempt
    quiz: Quiz
    options: ReviewOptions
    questions: list[QuestionView]
    percent: Decimal | None
    is_passed: bool | None
    awaiting_grading: bool


_HIDDEN = ReviewOptions(responses=True, marks=False, right_answers=False, feedback=False)


def question_views(
    items: Sequence[AttemptItem],
    numbers: Mapping[int, int],
    options: ReviewOptions,
    *,
    in_progress: bool,
) -> list[QuestionView]:
    """Views of ``items``; during an attempt only checked (practice) questions reveal anything."""
    views = []
    for item in items:
        spec = grading.spec_of(item.question_version)
        show = options if not in_progress or item.is_checked else _HIDDEN
        reveals = show.marks or show.feedback
        outcome = grading.outcome_of(item) if reveals else None
        views.append(
            QuestionView(
                position=item.position,
                number=numbers.get(item.position),
                type=spec.type,
                spec=spec,
                layout=item.layout,
                response=item.response if show.responses else None,
                max_mark=item.max_mark,
                is_marked=type_of(spec).is_marked,
                show=show,
                outcome=outcome,
                mark=item.mark if show.marks else None,
                grader_comment=item.grader_comment if show.feedback else "",
                is_checked=item.is_checked,
            )
        )
    return views


def options_for(quiz: Quiz, attempt: Attempt, *, now: datetime) -> ReviewOptions:
    """What the quiz's review settings let the trainee see of ``attempt`` now."""
    if not attempt.is_finished:
        if not attempt.is_practice:
            return ReviewOptions(responses=True, marks=False, right_answers=False, feedback=False)
        moment = ReviewTime.DURING
    else:
        moment = _moment_after_finishing(quiz, now=now)
    policy: dict[str, Any] = quiz.review
    return ReviewOptions(
        responses=moment in policy.get("responses", []) or not attempt.is_finished,
        marks=moment in policy.get("marks", []),
        right_answers=moment in policy.get("right_answers", []),
        feedback=moment in policy.get("feedback", []),
    )


def marks_visible(quiz: Quiz, *, now: datetime) -> bool:
    """Tell whether a finished attempt's marks, and so the quiz grade, may be shown now."""
    return _moment_after_finishing(quiz, now=now) in quiz.review.get("marks", [])


def _moment_after_finishing(quiz: Quiz, *, now: datetime) -> ReviewTime:
    if quiz.closes_at is not None and now >= quiz.closes_at:
        return ReviewTime.AFTER_CLOSE
    return ReviewTime.IMMEDIATELY_AFTER
