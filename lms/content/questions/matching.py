"""Matching: pair each prompt with one of a shuffled list of answers, some of them distractors."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from lms.content.questions.base import (
    ZERO,
    FormattedText,
    FormValues,
    Layout,
    Outcome,
    QuestionBase,
    QuestionType,
    Response,
    position_in,
    shuffled,
)
from lms.content.specs import Spec

AnswerText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Pair(Spec):
    prompt: FormattedText
    answer: AnswerText


class MatchingSpec(QuestionBase):
    """Each right pair earns an equal share; ``distractors`` are answers that match no prompt."""

    type: Literal["matching"] = "matching"
    pairs: list[Pair] = Field(min_length=2)
    distractors: list[AnswerText] = []

    @model_validator(mode="after")
    def _prompts_given(self) -> MatchingSpec:
        if any(not pair.prompt for pair in self.pairs):
            raise ValueError("every pair needs a prompt; list answers without one as distractors")
        return self

    def options(self) -> list[str]:
        """The answers offered for every prompt, each once, in authored order."""
        return list(dict.fromkeys([pair.answer for pair in self.pairs] + self.distractors))


def _layout(spec: MatchingSpec, rng: random.Random) -> Layout:
    return {
        "prompts": shuffled(len(spec.pairs), rng),
        "options": shuffled(len(spec.options()), rng),
    }


def _read(spec: MatchingSpec, layout: Layout, values: FormValues) -> Response | None:
    answers: list[int | None] = [None] * len(spec.pairs)
    for position, prompt in enumerate(layout["prompts"]):
        submitted = values.get(f"match-{position}", ())
        answers[prompt] = position_in(layout["options"], submitted[0] if submitted else None)
    return {"answers": answers} if any(answer is not None for answer in answers) else None


def _score(spec: MatchingSpec, response: Response) -> Outcome:
    options = spec.options()
    answers = response.get("answers", [])
    right = sum(
        1
        for pair, answer in zip(spec.pairs, answers, strict=False)
        if isinstance(answer, int) and 0 <= answer < len(options) and options[answer] == pair.answer
    )
    return Outcome(Decimal(right) / len(spec.pairs) if right else ZERO)


def _parts(spec: MatchingSpec) -> tuple[str, ...]:
    return tuple(pair.prompt.text for pair in spec.pairs) + ("->",) + tuple(spec.options())


MATCHING = QuestionType(
    name="matching",
    label="Matching",
    spec=MatchingSpec,
    layout=_layout,
    read_response=_read,
    score=_score,
    parts=_parts,
)
