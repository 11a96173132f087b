"""Single choice and multiple response: pick from listed answers, each with a weight."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

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
    Weight,
    clamp,
    credit,
    first_value,
    position_in,
    require_full_credit,
    shuffled,
)
from lms.content.specs import Spec

# Weights like 33.33333% add up to 99.99999%; Moodle accepts that as whole, and so do we.
_SUM_TOLERANCE = Decimal("0.00001")


class Choice(Spec):
    """One listed answer: its text, the share of the mark it earns, what it tells the trainee."""

    text: FormattedText
    weight: Weight = ZERO
    feedback: FormattedText | None = None


class _ChoiceQuestion(QuestionBase):
    choices: list[Choice] = Field(min_length=2)
    shuffle: bool = True


class SingleChoiceSpec(_ChoiceQuestion):
    """Exactly one answer may be picked; at least one earns full marks."""

    type: Literal["single_choice"] = "single_choice"

    @model_validator(mode="after")
    def _one_right_answer(self) -> SingleChoiceSpec:
        require_full_credit(self.choices, "choice")
        return self


class MultipleResponseSpec(_ChoiceQuestion):
    """Any answers may be picked; their weights add up, and the total never falls below zero."""

    type: Literal["multiple_response"] = "multiple_response"

    @model_validator(mode="after")
    def _weights_add_up(self) -> MultipleResponseSpec:
        positive = sum((choice.weight for choice in self.choices if choice.weight > 0), ZERO)
        if abs(positive - ONE) > _SUM_TOLERANCE:
            raise ValueError(f"the positive weights must add up to 100%, not {positive:.2%}")
        return self


def _layout(spec: _ChoiceQuestion, rng: random.Random) -> Layout:
    return {"choices": shuffled(len(spec.choices), rng, shuffle=spec.shuffle)}


def _read_single(spec: SingleChoiceSpec, layout: Layout, values: FormValues) -> Response | None:
    index = position_in(layout["choices"], first_value(values, "choice"))
    return None if index is None else {"choice": index}


def _score_single(spec: SingleChoiceSpec, response: Response) -> Outcome:
    index = response.get("choice")
    if not isinstance(index, int) or not 0 <= index < len(spec.choices):
        return Outcome(ZERO)
    return credit(spec.choices[index])


def _read_multiple(
    spec: MultipleResponseSpec, layout: Layout, values: FormValues
) -> Response | None:
    picked = {position_in(layout["choices"], value) for value in values.get("choice", ())}
    indices = sorted(index for index in picked if index is not None)
    return {"choices": indices} if indices else None


def _score_multiple(spec: MultipleResponseSpec, response: Response) -> Outcome:
    picked = [
        spec.choices[index]
        for index in response.get("choices", [])
        if isinstance(index, int) and 0 <= index < len(spec.choices)
    ]
    total = sum((choice.weight for choice in picked), ZERO)
    if abs(total - ONE) <= _SUM_TOLERANCE:  # all the right answers, weighted 33.33333% each
        total = ONE
    return Outcome(clamp(total), [choice.feedback for choice in picked if choice.feedback])


def _choice_texts(spec: _ChoiceQuestion) -> tuple[str, ...]:
    return tuple(choice.text.text for choice in spec.choices)


SINGLE_CHOICE = QuestionType(
    name="single_choice",
    label="Single choice",
    spec=SingleChoiceSpec,
    layout=_layout,
    read_response=_read_single,
    score=_score_single,
    parts=_choice_texts,
)
MULTIPLE_RESPONSE = QuestionType(
    name="multiple_response",
    label="Multiple response",
    spec=MultipleResponseSpec,
    layout=_layout,
    read_response=_read_multiple,
    score=_score_multiple,
    parts=_choice_texts,
)
