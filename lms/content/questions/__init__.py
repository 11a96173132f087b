"""The question types: each module owns a type's spec, layout, form reading and scoring.

A new type is one new module plus its rendering partial; register it in ``QUESTION_TYPES`` and in
the ``QuestionSpec`` union.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from lms.content.questions.base import (
    FormattedText,
    Layout,
    Outcome,
    QuestionBase,
    QuestionType,
    Response,
    TextFormat,
)
from lms.content.questions.choice import (
    MULTIPLE_RESPONSE,
    SINGLE_CHOICE,
    Choice,
    MultipleResponseSpec,
    SingleChoiceSpec,
)
from lms.content.questions.essay import DESCRIPTION, ESSAY, DescriptionSpec, EssaySpec
from lms.content.questions.matching import MATCHING, MatchingSpec, Pair
from lms.content.questions.numerical import NUMERICAL, NumericalAnswer, NumericalSpec
from lms.content.questions.ordering import ORDERING, OrderingSpec
from lms.content.questions.short_answer import SHORT_ANSWER, AcceptedAnswer, ShortAnswerSpec
from lms.content.questions.true_false import TRUE_FALSE, TrueFalseSpec

QuestionSpec = Annotated[
    SingleChoiceSpec
    | MultipleResponseSpec
    | TrueFalseSpec
    | ShortAnswerSpec
    | NumericalSpec
    | MatchingSpec
    | OrderingSpec
    | EssaySpec
    | DescriptionSpec,
    Field(discriminator="type"),
]

QUESTION_TYPES: dict[str, QuestionType[Any]] = {
    question_type.name: question_type
    for question_type in (
        SINGLE_CHOICE,
        MULTIPLE_RESPONSE,
        TRUE_FALSE,
        SHORT_ANSWER,
        NUMERICAL,
        MATCHING,
        ORDERING,
        ESSAY,
        DESCRIPTION,
    )
}

question_spec_adapter: TypeAdapter[QuestionSpec] = TypeAdapter(QuestionSpec)


def type_of(spec: QuestionBase) -> QuestionType[Any]:
    """The registered type of ``spec``."""
    return QUESTION_TYPES[spec.type]  # type: ignore[attr-defined]


def parse_spec(data: Any) -> QuestionSpec:
    """Validate ``data`` (a dict, as stored or authored) into the spec of its ``type``."""
    return question_spec_adapter.validate_python(data)


__all__ = [
    "QUESTION_TYPES",
    "AcceptedAnswer",
    "Choice",
    "DescriptionSpec",
    "EssaySpec",
    "FormattedText",
    "Layout",
    "MatchingSpec",
    "MultipleResponseSpec",
    "NumericalAnswer",
    "NumericalSpec",
    "OrderingSpec",
    "Outcome",
    "Pair",
    "QuestionBase",
    "QuestionSpec",
    "QuestionType",
    "Response",
    "ShortAnswerSpec",
    "SingleChoiceSpec",
    "TextFormat",
    "TrueFalseSpec",
    "parse_spec",
    "type_of",
]
