"""Short answer: a typed word or phrase compared with accepted patterns (``*`` is a wildcard)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from lms.content.questions.base import (
    ONE,
    ZERO,
    FormattedText,
    Outcome,
    QuestionBase,
    QuestionType,
    Response,
    Weight,
    first_accepted,
    no_layout,
    read_typed_text,
    require_full_credit,
)
from lms.content.specs import Spec


class AcceptedAnswer(Spec):
    """A pattern a typed answer may match; ``*`` stands for any text, even none."""

    text: str = Field(min_length=1)
    weight: Weight = ONE
    feedback: FormattedText | None = None


class ShortAnswerSpec(QuestionBase):
    """The first accepted answer the response matches decides the mark; case is ignored unless
    ``case_sensitive``, and runs of spaces count as one."""

    type: Literal["short_answer"] = "short_answer"
    answers: list[AcceptedAnswer] = Field(min_length=1)
    case_sensitive: bool = False

    @model_validator(mode="after")
    def _one_right_answer(self) -> ShortAnswerSpec:
        require_full_credit(self.answers, "answer")
        return self


def normalise(text: str) -> str:
    """Collapse whitespace, so "no  one " matches "no one"."""
    return " ".join(text.split())


def matches(pattern: str, response: str, *, case_sensitive: bool) -> bool:
    """Tell whether ``response`` matches ``pattern``, whose ``*`` matches any text."""
    parts = (re.escape(part) for part in normalise(pattern).split("*"))
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.fullmatch(".*".join(parts), normalise(response), flags | re.DOTALL) is not None


def _score(spec: ShortAnswerSpec, response: Response) -> Outcome:
    text = response.get("text")
    if not isinstance(text, str):
        return Outcome(ZERO)
    return first_accepted(
        spec.answers, lambda answer: matches(answer.text, text, case_sensitive=spec.case_sensitive)
    )


SHORT_ANSWER = QuestionType(
    name="short_answer",
    label="Short answer",
    spec=ShortAnswerSpec,
    layout=no_layout,
    read_response=read_typed_text,
    score=_score,
)
