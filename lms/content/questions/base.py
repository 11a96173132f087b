"""What every question type shares: texts with a format, weights, responses, layouts, outcomes."""

from __future__ import annotations

import enum
import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Generic, Protocol, TypeVar

from pydantic import Field, StringConstraints, model_validator

from lms.content.specs import Spec


class TextFormat(enum.StrEnum):
    """How a text is written; Moodle's names, so GIFT's ``[html]`` and friends map one to one."""

    MARKDOWN = "markdown"
    HTML = "html"
    PLAIN = "plain"
    MOODLE = "moodle"  # Moodle's "auto-format": plain text whose line breaks are kept


class FormattedText(Spec):
    """A text and its format; course files may give a bare string, which is Markdown."""

    text: str
    format: TextFormat = TextFormat.MARKDOWN

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    def __bool__(self) -> bool:
        return bool(self.text.strip())


# Share of a question's mark an answer earns: 1 is full credit, negative answers take marks away.
Weight = Annotated[Decimal, Field(ge=-1, le=1, max_digits=8, decimal_places=7)]
Mark = Annotated[Decimal, Field(ge=0, le=1000, max_digits=9, decimal_places=4)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]

ZERO = Decimal(0)
ONE = Decimal(1)


class QuestionBase(Spec):
    """Fields every question has; ``id`` (Moodle's idnumber) names it across edits and imports."""

    id: Identifier | None = None
    name: Name
    text: FormattedText
    general_feedback: FormattedText | None = None
    explanation: FormattedText | None = None
    default_mark: Mark = ONE
    tags: list[Tag] = []


# The order a trainee sees a question's parts in, frozen when the attempt starts:
# part name ("choices", "items", "prompts", "answers") -> indices into the spec's list.
Layout = dict[str, list[int]]
# A trainee's answer in terms of the spec's own indices (never display positions), as JSON.
Response = dict[str, Any]
# Form values of one question, keyed by the names its rendering partial uses.
FormValues = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Outcome:
    """A response scored: ``fraction`` of the mark (None until a trainer grades it) and the
    feedback of each answer the trainee gave."""

    fraction: Decimal | None
    feedback: list[FormattedText] = field(default_factory=list)


S = TypeVar("S", bound=QuestionBase)


@dataclass(frozen=True)
class QuestionType(Generic[S]):
    """One kind of question: its spec, how it is laid out, read from a form and scored.

    ``is_marked`` is False for text-only questions; ``is_auto_graded`` False for those a trainer
    marks. ``read_response`` returns None when the trainee gave no answer. ``parts`` lists the
    texts that responses and layouts point at by index: a new version with the same parts can
    take over an old version's answers.
    """

    name: str
    label: str
    spec: type[S]
    layout: Callable[[S, random.Random], Layout]
    read_response: Callable[[S, Layout, FormValues], Response | None]
    score: Callable[[S, Response], Outcome]
    parts: Callable[[S], tuple[str, ...]] = lambda spec: ()
    is_marked: bool = True
    is_auto_graded: bool = True


def no_layout(spec: QuestionBase, rng: random.Random) -> Layout:
    """Layout of a question whose parts are shown as written."""
    return {}


def shuffled(count: int, rng: random.Random, *, shuffle: bool = True) -> list[int]:
    """Indices ``0..count-1``, shuffled unless the author fixed the order."""
    order = list(range(count))
    if shuffle:
        rng.shuffle(order)
    return order


def first_value(values: FormValues, key: str) -> str | None:
    """The first non-blank value submitted under ``key``, stripped."""
    for value in values.get(key, ()):
        if value.strip():
            return value.strip()
    return None


def small_number(submitted: str | None) -> int | None:
    """Read a form's whole number ("0" to "999999"); None for anything else, such as "²"."""
    if submitted is None or not re.fullmatch(r"[0-9]{1,6}", submitted):
        return None
    return int(submitted)


def position_in(layout: list[int], submitted: str | None) -> int | None:
    """Map a displayed position (as submitted by a form) back to the spec's index, or None."""
    position = small_number(submitted)
    return layout[position] if position is not None and position < len(layout) else None


def clamp(fraction: Decimal) -> Decimal:
    """Keep a question's score between nothing and full marks."""
    return max(ZERO, min(ONE, fraction))


def read_typed_text(spec: QuestionBase, layout: Layout, values: FormValues) -> Response | None:
    """Read an answer typed into the question's one ``text`` field."""
    text = first_value(values, "text")
    return None if text is None else {"text": text}


class WeightedAnswer(Protocol):
    """An answer that earns a share of the mark and may tell the trainee something."""

    @property
    def weight(self) -> Decimal: ...

    @property
    def feedback(self) -> FormattedText | None: ...


A = TypeVar("A", bound=WeightedAnswer)


def credit(answer: WeightedAnswer) -> Outcome:
    """The outcome of giving ``answer``: its weight (never below zero) and its feedback."""
    return Outcome(clamp(answer.weight), [answer.feedback] if answer.feedback else [])


def first_accepted(answers: Iterable[A], accepts: Callable[[A], bool]) -> Outcome:
    """Score a typed response by the first answer that accepts it, as Moodle does."""
    for answer in answers:
        if accepts(answer):
            return credit(answer)
    return Outcome(ZERO)


def require_full_credit(answers: Iterable[WeightedAnswer], kind: str) -> None:
    """Refuse a question no answer of which earns full marks (Moodle refuses it too)."""
    if max(answer.weight for answer in answers) != ONE:
        raise ValueError(f"at least one {kind} must be worth 100% (weight 1)")
