"""Aiken, the one-line-per-part format for single choice questions, read as Moodle reads it.

A question is its text on one line, its choices one a line (``A) text`` or ``A. text``, the space
optional), then ``ANSWER: B``. Lines shorter than two characters are skipped. Texts are plain
(Moodle escapes them into HTML, which shows the same). Problems are reported at the lines Moodle
reports them: an ``ANSWER:`` with fewer than two choices, a choice or ``ANSWER:`` before any
question text, and a question left without ``ANSWER:`` when the next one starts. Beyond Moodle,
choices must be labelled A, B, C… in order, ``ANSWER:`` must name one of them, and a question left
unfinished at the end of the file is a problem, not silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lms.content.errors import ContentProblem
from lms.content.interchange import ImportedQuestion, all_or_nothing, build_spec, default_name
from lms.content.questions import TextFormat

_CHOICE = re.compile(r"([A-Z])[).][ \t]?")
_ANSWER = "ANSWER:"


def parse(text: str, *, path: Path) -> list[ImportedQuestion]:
    """Read every question of an Aiken file, or none: raises ContentError listing every problem,
    each with ``path`` and its line."""
    return all_or_nothing(*read(text, path=path))


@dataclass
class _Open:
    """A question whose ``ANSWER:`` line has not come yet."""

    line: int
    text: str
    choices: list[str] = field(default_factory=list)


def read(text: str, *, path: Path) -> tuple[list[ImportedQuestion], list[ContentProblem]]:
    """Read the questions that are right, and the problems of those that are not."""
    questions: list[ImportedQuestion] = []
    problems: list[ContentProblem] = []

    def problem(line: int, message: str) -> None:
        problems.append(ContentProblem(path, "", line, message))

    question: _Open | None = None
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff")), 1):
        line = raw.strip()
        if len(line) < 2:
            continue
        choice = _CHOICE.match(line)
        if question is None and (choice or line.startswith(_ANSWER)):
            problem(number, "question not started: its text must come on a line before this one")
        elif choice and question is not None:
            expected = chr(ord("A") + len(question.choices))
            if choice.group(1) != expected:
                problem(number, f"choice {choice.group(1)}) should be {expected}): label in order")
            question.choices.append(line[choice.end() :].strip())
        elif line.startswith(_ANSWER) and question is not None:
            spec_problems, imported = _finish(question, line[len(_ANSWER) :], number, path)
            problems += spec_problems
            questions += imported
            question = None
        else:
            if question is not None:
                message = f"question on line {question.line} has no ANSWER: line before this one"
                problem(number, message)
            question = _Open(number, line)
    if question is not None:
        problem(question.line, "question not finished: it has no ANSWER: line")
    return questions, problems


def _finish(
    question: _Open, answer: str, line: int, path: Path
) -> tuple[list[ContentProblem], list[ImportedQuestion]]:
    """The question an ``ANSWER:`` line completes, or the problems that stop it."""
    letter = answer.strip()[:1].upper()
    right = ord(letter) - ord("A") if letter else -1
    count = len(question.choices)
    if count < 2:
        message = "question needs at least 2 choices"
    elif not 0 <= right < count:
        message = f"ANSWER: {letter or '(none)'} names no choice; they run A to {chr(64 + count)}"
    else:
        data = {
            "type": "single_choice",
            "name": default_name(question.text, TextFormat.PLAIN),
            "text": {"text": question.text, "format": TextFormat.PLAIN},
            "choices": [
                {"text": {"text": choice, "format": TextFormat.PLAIN}, "weight": int(i == right)}
                for i, choice in enumerate(question.choices)
            ],
        }
        spec, problems = build_spec(data, path=path, line=question.line, field_lines={})
        return problems, [] if spec is None else [ImportedQuestion(None, spec, question.line)]
    return [ContentProblem(path, "", line, message)], []
