"""Question specs written as GIFT, laid out as Moodle's exporter lays them out."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from lms.content.gift_syntax import escape, percent, plain_number, starts_like_format
from lms.content.questions import (
    DescriptionSpec,
    EssaySpec,
    FormattedText,
    MatchingSpec,
    MultipleResponseSpec,
    NumericalSpec,
    OrderingSpec,
    QuestionSpec,
    ShortAnswerSpec,
    SingleChoiceSpec,
    TextFormat,
    TrueFalseSpec,
)
from lms.content.questions.base import ONE, ZERO


def export(questions: Iterable[tuple[str | None, QuestionSpec]]) -> str:
    """Write ``(category, spec)`` pairs as GIFT, with a ``$CATEGORY:`` line where it changes.

    GIFT cannot hold a question's explanation, mark or answer shuffling, an essay's grader
    information, a short answer's case sensitivity or a description's general feedback: they
    are left out. A question ``export_problem`` names (an ordering question) is skipped, and a
    ``//`` comment in its place says why, so the file still imports.
    """
    chunks = []
    current: str | None = None
    for category, spec in questions:
        problem = export_problem(spec)
        if problem is not None:
            chunks.append(f"// Not exported: {' '.join(spec.name.split())} ({problem})")
            continue
        if category != current:
            # Moodle's own form, read back as the same category here and by Moodle.
            chunks.append("$CATEGORY: $course$/top" + (f"/{category}" if category else ""))
            current = category
        chunks.append(_question(spec))
    return "".join(chunk + "\n\n" for chunk in chunks)


def export_problem(spec: QuestionSpec) -> str | None:
    """Why ``spec`` cannot be written as GIFT, or None when it can."""
    if isinstance(spec, OrderingSpec):
        return "GIFT has no ordering questions"
    if isinstance(spec, MatchingSpec) and any("->" in pair.prompt.text for pair in spec.pairs):
        return "a matching prompt holds '->', which GIFT cannot escape"
    return None


def _question(spec: QuestionSpec) -> str:
    markers = [f"[id:{spec.id}]"] if spec.id else []
    markers += [f"[tag:{tag.replace(']', chr(92) + ']')}]" for tag in spec.tags]
    comment = f"// {' '.join(markers)}\n" if markers else ""
    head = f"{comment}::{escape(spec.name)}::{_text(spec.text, TextFormat.MOODLE)}"
    own = spec.text.format
    general = f"####{_text(spec.general_feedback, own)}" if spec.general_feedback else ""
    if isinstance(spec, DescriptionSpec):
        return head
    if isinstance(spec, EssaySpec):
        return f"{head}{{{general}}}"
    if isinstance(spec, TrueFalseSpec):
        return f"{head}{{{_true_false(spec)}{general}}}"
    if isinstance(spec, SingleChoiceSpec | MultipleResponseSpec):
        lines = _choices(spec)
    elif isinstance(spec, ShortAnswerSpec):
        lines = [
            f"={_weight(answer.weight, answer.text)}{_plain(answer.text)}"
            + _feedback(answer.feedback, own)
            for answer in spec.answers
        ]
    elif isinstance(spec, NumericalSpec):
        lines = _numbers(spec)
    elif isinstance(spec, MatchingSpec):
        lines = [f"={_text(pair.prompt, own)} -> {escape(pair.answer)}" for pair in spec.pairs]
        lines += [f"= -> {escape(answer)}" for answer in spec.distractors]
    else:
        raise ValueError(f"{spec.type} questions have no GIFT form")
    body = "".join(f"\t{line}\n" for line in [*lines, *([general] if general else [])])
    return f"{head}{'{#' if isinstance(spec, NumericalSpec) else '{'}\n{body}}}"


def _true_false(spec: TrueFalseSpec) -> str:
    """``TRUE#feedback if wrong#feedback if right``, as Moodle orders them."""
    right, wrong = (spec.feedback_true, spec.feedback_false)[:: 1 if spec.answer else -1]
    written = "TRUE" if spec.answer else "FALSE"
    if wrong or right:
        written += f"#{_text(wrong, spec.text.format) if wrong else ''}"
    if right:
        written += f"#{_text(right, spec.text.format)}"
    return written


def _choices(spec: SingleChoiceSpec | MultipleResponseSpec) -> list[str]:
    lines = []
    for choice in spec.choices:
        if isinstance(spec, SingleChoiceSpec) and choice.weight == ONE:
            marker = "="  # after '=', Moodle reads no weight, so the text may start with '%'
        else:
            marker = f"~{_weight(choice.weight, choice.text.text, full=ZERO)}"
        own = spec.text.format
        lines.append(marker + _text(choice.text, own) + _feedback(choice.feedback, own))
    return lines


def _numbers(spec: NumericalSpec) -> list[str]:
    lines = []
    for index, answer in enumerate(spec.answers):
        feedback = _feedback(answer.feedback, spec.text.format)
        if answer.value is None and answer.weight == ZERO and index == len(spec.answers) - 1:
            lines.append(f"~{feedback}")  # the catch-all for any other number
        elif answer.value is None:
            lines.append(f"={_weight(answer.weight, '*')}*{feedback}")
        else:
            span = f"{plain_number(answer.value)}:{plain_number(answer.tolerance)}"
            lines.append(f"={_weight(answer.weight, span)}{span}{feedback}")
    return lines


def _weight(weight: Decimal, text: str, *, full: Decimal = ONE) -> str:
    """``%50%``, or nothing for the weight an answer has without one (unless its text starts
    with '%', which would be read as a weight)."""
    return "" if weight == full and not text.startswith("%") else f"%{percent(weight)}%"


def _text(text: FormattedText | None, default: TextFormat) -> str:
    """A text with a ``[format]`` prefix when its format is not ``default`` (or when its start
    would be read as one)."""
    if text is None:
        return ""
    needs_prefix = text.text and (text.format != default or starts_like_format(text.text))
    return (f"[{text.format.value}]" if needs_prefix else "") + escape(text.text)


def _plain(text: str) -> str:
    """A short answer, whose format is not kept: a leading ``[html]`` is guarded as text."""
    return ("[moodle]" if starts_like_format(text) else "") + escape(text)


def _feedback(feedback: FormattedText | None, default: TextFormat) -> str:
    return f"#{_text(feedback, default)}" if feedback else ""
