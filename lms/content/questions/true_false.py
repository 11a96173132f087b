"""True or false: one statement, with feedback for each answer."""

from __future__ import annotations

from typing import Literal

from lms.content.questions.base import (
    ONE,
    ZERO,
    FormattedText,
    FormValues,
    Layout,
    Outcome,
    QuestionBase,
    QuestionType,
    Response,
    first_value,
    no_layout,
)


class TrueFalseSpec(QuestionBase):
    """``feedback_true`` is shown to a trainee who answered true, ``feedback_false`` likewise."""

    type: Literal["true_false"] = "true_false"
    answer: bool
    feedback_true: FormattedText | None = None
    feedback_false: FormattedText | None = None


def _read(spec: TrueFalseSpec, layout: Layout, values: FormValues) -> Response | None:
    given = first_value(values, "answer")
    return {"answer": given == "true"} if given in {"true", "false"} else None


def _score(spec: TrueFalseSpec, response: Response) -> Outcome:
    given = response.get("answer")
    if not isinstance(given, bool):
        return Outcome(ZERO)
    feedback = spec.feedback_true if given else spec.feedback_false
    return Outcome(ONE if given == spec.answer else ZERO, [feedback] if feedback else [])


TRUE_FALSE = QuestionType(
    name="true_false",
    label="True/false",
    spec=TrueFalseSpec,
    layout=no_layout,
    read_response=_read,
    score=_score,
)
