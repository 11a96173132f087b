"""The ``{…}`` of a GIFT question read into the fields of its type's spec, as Moodle reads them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lms.content.gift_syntax import Part, formatted, number_of, restore, weight_of
from lms.content.questions import NumericalAnswer, TextFormat
from lms.content.questions.base import ONE, ZERO

TRUE_FALSE = {"T", "TRUE", "F", "FALSE"}
Fields = dict[str, Any]


@dataclass
class AnswerReader:
    """Reads one question's answers; ``report`` records a problem at a part of the text and
    ``field_lines`` collects the line of each answer, to point spec problems at it."""

    report: Callable[[Part, str], None]
    line_of: Callable[[Part], int]
    text_format: TextFormat
    field_lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)
    failed: bool = False

    def read(self, answers: Part) -> Fields | None:
        """The type and type-specific fields of non-empty answers; None after a problem."""
        if answers.text.startswith("#"):
            fields = self._numerical(answers.cut(1))
        elif "~" in answers.text:
            fields = self._choice(answers)
        elif "=" in answers.text and "->" in answers.text:
            fields = self._matching(answers)
        elif answers.text.split("#", 1)[0].strip() in TRUE_FALSE:
            fields = self._true_false(answers)
        else:
            fields = self._short_answer(answers)
        return None if self.failed else fields

    def _problem(self, part: Part, message: str) -> None:
        self.report(part, message)
        self.failed = True

    def _choice(self, answers: Part) -> Fields:
        lead, parts = answers.split_before("~=")
        self._nothing_before(lead, "'=' (right) or '~' (wrong)")
        choices = []
        for index, part in enumerate(parts):
            self.field_lines[("choices", index)] = self.line_of(part)
            if part.text.startswith("="):  # '=' is full marks; any %weight% is answer text
                weight, body = ONE, part.cut(1)
            else:
                weight, body = self._weight(part.cut(1).strip(), default=ZERO)
            text, feedback = self._with_feedback(body)
            choices.append({"text": text, "weight": weight, "feedback": feedback})
        kind = "single_choice" if "=" in answers.text else "multiple_response"
        return {"type": kind, "choices": choices}

    def _short_answer(self, answers: Part) -> Fields:
        lead, parts = answers.split_before("=")
        if lead.text.strip().upper() in TRUE_FALSE:
            self._problem(lead.strip(), "write true/false answers in capitals: {T} or {F}")
        else:
            self._nothing_before(lead, "'='")
        accepted = []
        for index, part in enumerate(parts):
            self.field_lines[("answers", index)] = self.line_of(part)
            weight, body = self._weight(part.cut(1).strip(), default=ONE)
            text, feedback = self._with_feedback(body)
            accepted.append({"text": text["text"], "weight": weight, "feedback": feedback})
        return {"type": "short_answer", "answers": accepted}

    def _true_false(self, answers: Part) -> Fields:
        answer, *feedbacks = answers.text.split("#", 2)
        wrong, right = (self._feedback(text) for text in [*feedbacks, "", ""][:2])
        is_true = answer.strip() in {"T", "TRUE"}
        return {
            "type": "true_false",
            "answer": is_true,
            "feedback_true": right if is_true else wrong,
            "feedback_false": wrong if is_true else right,
        }

    def _matching(self, answers: Part) -> Fields:
        lead, parts = answers.split_before("=")
        self._nothing_before(lead, "'='")
        pairs: list[Fields] = []
        distractors: list[str] = []
        for part in parts:
            body = part.cut(1).strip()
            arrow = body.text.find("->")
            answer = restore(body.text[arrow + 2 :]).strip()
            prompt = formatted(body.text[:arrow], self.text_format)
            if arrow < 0:
                self._problem(part, "write each pair as '=prompt -> answer'")
            elif not answer:
                self._problem(part, "a pair has no answer after '->'")
            elif prompt["text"]:
                self.field_lines[("pairs", len(pairs))] = self.line_of(part)
                pairs.append({"prompt": prompt, "answer": answer})
            else:
                distractors.append(answer)
        return {"type": "matching", "pairs": pairs, "distractors": distractors}

    def _numerical(self, answers: Part) -> Fields:
        tilde = answers.text.find("~")
        wrong = answers.cut(tilde) if tilde >= 0 else None
        lead, parts = (answers if wrong is None else answers.cut(0, tilde)).split_before("=")
        segments = ([lead] if lead.text.strip() else []) + [part.cut(1) for part in parts]
        if not segments:
            self._problem(answers, "a numerical question needs an answer, such as {#42:0.5}")
        numbers = []
        for index, segment in enumerate(segments):
            self.field_lines[("answers", index)] = self.line_of(segment.strip())
            weight, body = self._weight(segment.strip(), default=ONE)
            text, feedback = self._with_feedback(body)
            span = self._span(text["text"], segment) if text["text"] else {"value": None}
            numbers.append({**span, "weight": weight, "feedback": feedback})
        if wrong is not None:
            head, _, tail = wrong.text.partition("#")
            if head.strip() != "~":
                self._problem(wrong, "write the feedback for any other number as ~#feedback")
            numbers.append({"value": None, "weight": ZERO, "feedback": self._feedback(tail)})
        return {"type": "numerical", "answers": numbers}

    def _span(self, text: str, part: Part) -> Fields:
        """``42``, ``42:0.5`` (a tolerance) or ``41.5..42.5`` (a range) as value and tolerance;
        ``*`` accepts any number."""
        low, dots, high = text.partition("..")
        value, colon, tolerance = text.partition(":")
        if text == "*":
            return {"value": None}
        if dots and low:
            numbers = self._numbers(part, low, high)
            if numbers:
                between = NumericalAnswer.between(*numbers)
                return {"value": between.value, "tolerance": between.tolerance}
        elif colon and value:
            numbers = self._numbers(part, value, tolerance)
            if numbers and numbers[1] < 0:
                self._problem(part.strip(), "a tolerance cannot be negative")
            if numbers:
                return {"value": numbers[0], "tolerance": numbers[1]}
        elif numbers := self._numbers(part, text):
            return {"value": numbers[0]}
        return {"value": None}

    def _numbers(self, part: Part, *written: str) -> list[Decimal]:
        """``written`` read as numbers; empty after reporting those that are not numbers."""
        found: list[Decimal] = []
        for text in written:
            number = number_of(text.strip())
            if number is None:
                self._problem(part.strip(), f"{text.strip()!r} is not a number")
            else:
                found.append(number)
        return found if len(found) == len(written) else []

    def _weight(self, answer: Part, *, default: Decimal) -> tuple[Decimal, Part]:
        weight, rest = weight_of(answer)
        if weight is None:
            return default, answer
        if not -ONE <= weight <= ONE:
            self._problem(answer, f"weight {weight:.0%} is not between -100% and 100%")
        return weight, rest

    def _with_feedback(self, answer: Part) -> tuple[Fields, Fields | None]:
        """An answer and its ``#feedback``; an answer without text is a problem."""
        text, _, feedback = answer.text.partition("#")
        written = formatted(text, self.text_format)
        if not written["text"]:
            self._problem(answer, "an answer has no text")
        return written, self._feedback(feedback)

    def _feedback(self, text: str) -> Fields | None:
        written = formatted(text, self.text_format)
        return written if written["text"] else None

    def _nothing_before(self, lead: Part, markers: str) -> None:
        if lead.text.strip():
            message = f"{restore(lead.text.strip())!r} comes before the first answer: "
            self._problem(lead.strip(), message + f"start each answer with {markers}")
