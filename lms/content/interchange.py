"""What the question interchange formats (GIFT, Aiken) share: an imported question, Moodle's
naming of unnamed questions, and spec validation worded as problems at a line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from lms.content.errors import ContentError, ContentProblem
from lms.content.questions import QuestionSpec, TextFormat, parse_spec

# Where a part of a question sits in the file: spec field path (as pydantic reports it) -> line.
FieldLines = Mapping[tuple[str | int, ...], int]

_NAME_LENGTH = 80
_ELLIPSIS = "..."
_ID_RULE = "an id is letters, digits, '.', '_' and '-' (up to 100), starting with a letter or digit"
_TAG = re.compile(r"</?[A-Za-z!?][^<>]*>")


@dataclass(frozen=True)
class ImportedQuestion:
    """A question read from an interchange file, with the category in force where it was read
    (None when the file names none) and the 1-based line it starts on, after its comments."""

    category: str | None
    spec: QuestionSpec
    line: int


def default_name(text: str, text_format: TextFormat) -> str:
    """Name an unnamed question after the start of its text, as Moodle does.

    Tags are dropped (unless the text is plain, where they are text) and runs of whitespace
    become one space (Moodle keeps line breaks; a name is one line here); a text longer than 80
    characters is cut after the last space or full stop that leaves room for "...", where
    Moodle's ``shorten_text`` cuts it.
    """
    plain = " ".join(text.split()) if text_format == TextFormat.PLAIN else clean_name(text)
    if len(plain) <= _NAME_LENGTH:
        return plain or "Question"
    room = _NAME_LENGTH - len(_ELLIPSIS)
    cut = room
    while cut > 0 and not _may_break_after(plain[cut]):
        cut -= 1
    cut = room if cut == 0 else min(cut + 1, room)
    return (plain[:cut] + _ELLIPSIS).strip()


def clean_name(name: str) -> str:
    """A name as Moodle cleans it, on one line: tags dropped, whitespace runs made one space."""
    return " ".join(_TAG.sub("", name).split())


def _may_break_after(character: str) -> bool:
    # CJK text has no spaces; Moodle cuts it at any character of three or more UTF-8 bytes.
    return character in ". " or len(character.encode()) > 2


def build_spec(
    data: dict[str, Any], *, path: Path, line: int, field_lines: FieldLines
) -> tuple[QuestionSpec | None, list[ContentProblem]]:
    """Validate ``data`` into a spec; each problem points at the line of the part it is about
    (``field_lines``), else at the question's ``line``."""
    try:
        return parse_spec(data), []
    except ValidationError as error:
        problems = []
        for details in error.errors():
            loc = details["loc"][1:]  # the first item is the question type, already known
            message = details["msg"]
            if details["type"] == "value_error":
                message = str(details.get("ctx", {}).get("error", message))
            elif loc == ("id",):
                message = f"{_ID_RULE} (got {details['input']!r})"
            where = max(
                (prefix for prefix in field_lines if loc[: len(prefix)] == prefix),
                key=len,
                default=None,
            )
            at = line if where is None else field_lines[where]
            problems.append(ContentProblem(path, _field_path(loc), at, message))
        return None, problems


def all_or_nothing(
    questions: list[ImportedQuestion], problems: list[ContentProblem]
) -> list[ImportedQuestion]:
    """``questions`` when nothing was wrong; else raise ContentError listing every problem."""
    if problems:
        raise ContentError(sorted(problems, key=lambda problem: problem.line or 0))
    return questions


def _field_path(loc: tuple[str | int, ...]) -> str:
    """``("choices", 1, "weight")`` → ``choices[1].weight``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
