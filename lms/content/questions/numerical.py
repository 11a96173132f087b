"""Numerical: a typed number, right when within an answer's tolerance (a range is a tolerance)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

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

_THOUSANDS = re.compile(r"[-+]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_LARGEST_EXPONENT = 30
Bounded = Annotated[Decimal, Field(ge=Decimal("-1E15"), le=Decimal("1E15"))]


class NumericalAnswer(Spec):
    """Numbers within ``tolerance`` of ``value`` earn ``weight``; no value accepts any number."""

    value: Bounded | None
    tolerance: Bounded = Field(default=ZERO, ge=0)
    weight: Weight = ONE
    feedback: FormattedText | None = None

    @classmethod
    def between(cls, low: Decimal, high: Decimal, **fields: object) -> NumericalAnswer:
        """The answer accepting every number from ``low`` to ``high``."""
        low, high = min(low, high), max(low, high)
        return cls.model_validate(
            {"value": (low + high) / 2, "tolerance": (high - low) / 2, **fields}
        )

    def accepts(self, number: Decimal) -> bool:
        return self.value is None or abs(number - self.value) <= self.tolerance


class NumericalSpec(QuestionBase):
    """Answers are tried in order; the first that accepts the number gives the mark."""

    type: Literal["numerical"] = "numerical"
    answers: list[NumericalAnswer] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_right_answer(self) -> NumericalSpec:
        require_full_credit(self.answers, "answer")
        return self


def parse_number(text: str) -> Decimal | None:
    """Read a typed number ("1822", "-3.5", "1e3", "25,000", "3,14"); None if it is not one.

    A comma is a thousands separator when it groups digits in threes, else a decimal comma.
    Magnitudes past 10³⁰ either way are refused: nobody means them, and they overflow arithmetic.
    """
    cleaned = text.strip().replace(" ", "")
    if _THOUSANDS.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    elif "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not number.is_finite() or (number and abs(number.adjusted()) > _LARGEST_EXPONENT):
        return None
    return number


def _score(spec: NumericalSpec, response: Response) -> Outcome:
    text = response.get("text")
    number = parse_number(text) if isinstance(text, str) else None
    if number is None:
        return Outcome(ZERO)
    return first_accepted(spec.answers, lambda answer: answer.accepts(number))


NUMERICAL = QuestionType(
    name="numerical",
    label="Numerical",
    spec=NumericalSpec,
    layout=no_layout,
    read_response=read_typed_text,
    score=_score,
)
