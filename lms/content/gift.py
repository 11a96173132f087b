"""GIFT, Moodle's text format for questions: read as Moodle's importer reads it, and written back.

Reading follows Moodle's ``qformat_gift``. Questions are separated by blank lines and each line is
trimmed; ``//`` lines are comments, and the ``[id:…]`` and ``[tag:…]`` in a question's comments
give its id and tags. ``$CATEGORY:`` sets the category of the questions after it, without
Moodle's context and root: ``$course$/top/Default for X`` and ``$course$/Default for X`` are both
``Default for X``, and the root alone (``$course$/top``) means no category. ``::name::`` names a
question; an unnamed one is named after the start of its text, as Moodle names it.
``[html]``, ``[moodle]``, ``[plain]`` and ``[markdown]`` set a text's format; without one a
question's text is ``moodle`` and its answers and feedback take the question's format.

The ``{…}`` decides the type: none is a description, ``{}`` an essay, ``{#…}`` numerical, any
``~`` multiple choice (single choice when an answer is ``=``, else multiple response),
``=a -> b`` matching, ``{T}``/``{F}`` true/false, else short answer. Text after the ``}`` makes a
missing-word question, whose text shows ``_____`` where the answers were.

Where Moodle quietly guesses at a mistake, reading reports it: text before the first ``=`` or
``~``, a second ``{…}`` in a question (two questions without a blank line between them), a
question run into a ``$CATEGORY:`` line, answers without text, numbers that are not numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lms.content.errors import ContentProblem
from lms.content.gift_answers import AnswerReader
from lms.content.gift_syntax import Part, formatted, hide_escapes, restore
from lms.content.gift_writer import export, export_problem
from lms.content.interchange import (
    ImportedQuestion,
    all_or_nothing,
    build_spec,
    clean_name,
    default_name,
)
from lms.content.questions import TextFormat

_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])+)\]")
_CONTEXT = re.compile(r"^\$[a-z]+\$(?:/|$)")  # Moodle's $course$/, $system$/… context prefix
_BLANK = "_____"

__all__ = ["ImportedQuestion", "export", "export_problem", "parse", "read"]


def parse(text: str, *, path: Path) -> list[ImportedQuestion]:
    """Read every question of a GIFT file, or none: raises ContentError listing every problem,
    each with ``path`` and its line."""
    return all_or_nothing(*read(text, path=path))


def read(text: str, *, path: Path) -> tuple[list[ImportedQuestion], list[ContentProblem]]:
    """Read the questions that are right, and the problems of those that are not."""
    questions: list[ImportedQuestion] = []
    problems: list[ContentProblem] = []
    category: str | None = None
    for block in _blocks(text, path):
        whole = block.part().strip()
        if whole.text.startswith("$CATEGORY:"):
            category = _category(block, whole.cut(len("$CATEGORY:")))
        elif whole.text:  # a block of comments only is no question
            question = _question(block, whole, category)
            if question is not None:
                questions.append(question)
        problems += block.problems
    return questions, problems


@dataclass
class _Block:
    """The lines of one question (escapes hidden), its comments, and the problems found."""

    path: Path
    first_line: int
    lines: list[str]
    comments: list[tuple[int, str]]  # line number and text of each comment line
    problems: list[ContentProblem] = field(default_factory=list)

    def part(self) -> Part:
        return Part("\n".join(self.lines), 0)

    def line_of(self, part: Part) -> int:
        at = part.at
        for number, text in enumerate(self.lines):
            if at <= len(text):
                return self.first_line + number
            at -= len(text) + 1
        return self.first_line + len(self.lines) - 1

    def report(self, part: Part, message: str) -> None:
        self.problems.append(ContentProblem(self.path, "", self.line_of(part), message))


def _blocks(text: str, path: Path) -> Iterator[_Block]:
    """Each run of non-blank lines, trimmed; a comment line stays in its question as a space."""
    lines: list[str] = []
    comments: list[tuple[int, str]] = []
    number = 0
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff")), 1):
        line = raw.strip()
        if line:
            if line.startswith("//"):
                comments.append((number, line))
                line = " "
            lines.append(hide_escapes(line))
        elif lines:
            yield _Block(path, number - len(lines), lines, comments)
            lines, comments = [], []
    if lines:
        yield _Block(path, number + 1 - len(lines), lines, comments)


def _category(block: _Block, rest: Part) -> str | None:
    """The category a ``$CATEGORY:`` line sets, without Moodle's context and ``top`` root."""
    category = restore(rest.text).strip()
    if "\n" in category:
        run_in = rest.cut(rest.text.rindex("\n") + 1)
        block.report(run_in, "put a blank line between $CATEGORY: and the next question")
    category = _CONTEXT.sub("", category)
    category = "" if category == "top" else category.removeprefix("top/")
    return category or None


def _question(block: _Block, whole: Part, category: str | None) -> ImportedQuestion | None:
    name, body = None, whole
    if body.text.startswith("::"):
        body = body.cut(2)
        end = body.text.find("::")
        if end >= 0:  # else, as in Moodle, the '::' is dropped and the name taken from the text
            name = restore(body.text[:end])
            body = body.cut(end + 2).strip()
    opening, closing = body.text.find("{"), body.text.find("}")
    if (opening >= 0 or closing >= 0) and not _braces_right(block, body, opening, closing):
        return None
    fields: dict[str, Any] | None
    field_lines: dict[tuple[str | int, ...], int] = {}
    general = None
    if opening < 0:
        text = formatted(body.text, TextFormat.MOODLE)
        fields = {"type": "description"}
    else:
        rest = body.text[closing + 1 :]
        text = formatted(body.text[:opening] + (_BLANK + rest if rest else ""), TextFormat.MOODLE)
        answers = body.cut(opening + 1, closing).strip()
        separator = answers.text.rfind("####")
        if separator >= 0:
            general = formatted(answers.text[separator + 4 :], text["format"])
            answers = answers.cut(0, separator).strip()
        reader = AnswerReader(block.report, block.line_of, text["format"], field_lines)
        fields = reader.read(answers) if answers.text else {"type": "essay"}
    if fields is None:
        return None
    line = block.line_of(whole)
    marker_id, tags = _markers(block.comments, field_lines)
    data = {
        **fields,
        "name": clean_name(name or "") or default_name(text["text"], text["format"]),
        "text": text,
        "general_feedback": general if general and general["text"] else None,
        "id": marker_id,
        "tags": tags,
    }
    spec, problems = build_spec(data, path=block.path, line=line, field_lines=field_lines)
    block.problems += problems
    return None if spec is None else ImportedQuestion(category, spec, line)


def _braces_right(block: _Block, body: Part, opening: int, closing: int) -> bool:
    """Tell whether the question has one ``{…}``; report what is wrong when it has not."""
    if closing < 0:
        block.report(body.cut(opening), "'{' opens answers no '}' closes; write \\{ for a brace")
    elif opening < 0 or closing < opening:
        block.report(body.cut(closing), "'}' closes answers no '{' opened; write \\} for a brace")
    elif after := re.search(r"[{}]", body.text[closing + 1 :]):
        block.report(
            body.cut(closing + 1 + after.start()),
            "a second '{' or '}' after the answers: separate questions with a blank line, "
            "or write \\{ and \\} for braces",
        )
    else:
        return True
    return False


def _markers(
    comments: list[tuple[int, str]], field_lines: dict[tuple[str | int, ...], int]
) -> tuple[str | None, list[str]]:
    """The first ``[id:…]`` and every ``[tag:…]`` in a question's comments (``\\]`` read as
    ``]``), noting the line of each in ``field_lines``."""
    marker_id: str | None = None
    tags: list[str] = []
    for number, comment in comments:
        for found in _ID.findall(comment):
            if marker_id is None and found.strip():
                marker_id = found.replace("\\]", "]").strip()
                field_lines[("id",)] = number
        for found in _TAG.findall(comment):
            tag = found.replace("\\]", "]").strip()
            if tag and tag not in tags:
                field_lines[("tags", len(tags))] = number
                tags.append(tag)
    return marker_id, tags
