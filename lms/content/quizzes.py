"""Quizzes and question banks in a course folder: ``quizzes/*.yaml`` and ``quizzes/bank/``.

A bank file is YAML (``category`` plus ``questions``) or GIFT (categories from ``$CATEGORY:``,
else the file's name). A quiz file names its settings and its slots: fixed questions by id and
random draws from a category.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from lms.content import gift
from lms.content.errors import ContentError, ContentProblem
from lms.content.loader import COURSE_FILE, read_spec, read_text
from lms.content.questions import QuestionSpec
from lms.content.questions.base import Mark
from lms.content.specs import CourseSpec, Slug, Spec, Title
from lms.models.assessment import GradingMethod, QuizMode

QUIZ_FOLDER = "quizzes"
BANK_FOLDER = "bank"

CategoryPath = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255, pattern=r"\S")
]
QuestionKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]


class ReviewTime(enum.StrEnum):
    """When a review option applies.

    ``during`` applies to practice quizzes only (a question's feedback once it is checked);
    ``immediately_after`` from finishing an attempt until the quiz closes (Moodle splits this
    into "immediately after" and "later, while the quiz is still open"); ``after_close`` once
    the quiz's close date has passed, so never for a quiz without one.
    """

    DURING = "during"
    IMMEDIATELY_AFTER = "immediately_after"
    AFTER_CLOSE = "after_close"


_ALWAYS = [ReviewTime.DURING, ReviewTime.IMMEDIATELY_AFTER, ReviewTime.AFTER_CLOSE]


class ReviewSpec(Spec):
    """What a trainee may see of an attempt, and when."""

    responses: list[ReviewTime] = _ALWAYS
    marks: list[ReviewTime] = _ALWAYS
    right_answers: list[ReviewTime] = _ALWAYS
    feedback: list[ReviewTime] = _ALWAYS


class SlotSpec(Spec):
    """A fixed ``question`` (its id) or ``count`` questions drawn at random from ``random``."""

    question: QuestionKey | None = None
    random: CategoryPath | None = None
    count: int = Field(default=1, ge=1, le=100)
    mark: Mark | None = None

    @model_validator(mode="after")
    def _one_source(self) -> SlotSpec:
        if (self.question is None) == (self.random is None):
            raise ValueError("give either 'question' (an id) or 'random' (a category)")
        if self.question is not None and "count" in self.model_fields_set:
            raise ValueError("'count' applies to random questions only")
        return self


class QuizSpec(Spec):
    """A quiz file: settings (Moodle's, with its defaults) and ordered question slots."""

    title: Title
    module: Slug | None = None
    intro: str = ""
    mode: QuizMode = QuizMode.ASSESSED
    attempts: int | None = Field(default=None, ge=1)
    grading: GradingMethod = GradingMethod.HIGHEST
    pass_percent: Decimal = Field(default=Decimal(0), ge=0, le=100)
    opens: AwareDatetime | None = None
    closes: AwareDatetime | None = None
    time_limit_minutes: int | None = Field(default=None, ge=1, le=24 * 60)
    minutes_between_attempts: int = Field(default=0, ge=0)
    questions_per_page: int = Field(default=1, ge=0)
    review: ReviewSpec = ReviewSpec()
    questions: list[SlotSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _opens_before_closing(self) -> QuizSpec:
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValueError("'closes' must be after 'opens'")
        return self


class BankFileSpec(Spec):
    """A YAML bank file: questions of one category, each with an ``id`` quizzes refer to."""

    category: CategoryPath
    questions: list[QuestionSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_given(self) -> BankFileSpec:
        if any(question.id is None for question in self.questions):
            raise ValueError("every question of a bank file needs an 'id'")
        return self


@dataclass(frozen=True)
class BankEntry:
    """A question of a course's bank, where it was written and under which category."""

    key: str
    category: str
    spec: QuestionSpec
    path: Path
    line: int


@dataclass(frozen=True)
class CourseQuizzes:
    """Everything in a course's ``quizzes/`` folder, validated together."""

    bank: list[BankEntry]
    quizzes: dict[str, QuizSpec]


def load_quizzes(course_folder: Path, *, module_slugs: set[str]) -> CourseQuizzes:
    """Read a course's banks and quizzes; every quiz must name questions and categories that exist.

    Raises ContentError listing every problem of every file.
    """
    folder = course_folder / QUIZ_FOLDER
    if not folder.is_dir():
        return CourseQuizzes([], {})
    problems: list[ContentProblem] = []
    bank: list[BankEntry] = []
    bank_folder = folder / BANK_FOLDER
    for path in sorted(bank_folder.iterdir()) if bank_folder.is_dir() else []:
        try:
            bank += _read_bank_file(path)
        except ContentError as error:
            problems += error.problems
    problems += _repeated_keys(bank)
    bank_is_complete = not problems  # else quizzes would report its lost questions as unknown
    quizzes: dict[str, QuizSpec] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            source, spec = read_spec(path, QuizSpec, expected="quiz fields (title, questions...)")
        except ContentError as error:
            problems += error.problems
            continue
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", path.stem):
            problems.append(ContentProblem(path, "", None, "file name is not a valid slug"))
        if bank_is_complete:
            problems += [
                source.problem(loc, message) for loc, message in _unknown_references(spec, bank)
            ]
        if spec.module is not None and spec.module not in module_slugs:
            problems.append(source.problem(("module",), f"no module '{spec.module}' in course"))
        quizzes[path.stem] = spec
    if problems:
        raise ContentError(problems)
    return CourseQuizzes(bank, quizzes)


def _read_bank_file(path: Path) -> list[BankEntry]:
    if path.suffix in {".yaml", ".yml"}:
        source, spec = read_spec(path, BankFileSpec, expected="category and questions")
        return [
            BankEntry(
                key=str(question.id),
                category=spec.category,
                spec=question,
                path=path,
                line=source.problem(("questions", index), "").line or 1,
            )
            for index, question in enumerate(spec.questions)
        ]
    if path.suffix in {".gift", ".txt"}:
        entries = []
        for imported in gift.parse(read_text(path), path=path):
            key = imported.spec.id or slug_of(imported.spec.name)
            category = imported.category or path.stem
            entries.append(BankEntry(key, category, imported.spec, path, imported.line))
        return entries
    if path.name.startswith("."):
        return []
    message = "not a question bank: use .yaml, .gift or .txt (GIFT)"
    raise ContentError([ContentProblem(path, "", None, message)])


def slug_of(name: str) -> str:
    """Turn a question's name into a key ("Opening offer?" → "opening-offer")."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:100] or "question"


def _repeated_keys(bank: list[BankEntry]) -> list[ContentProblem]:
    first: dict[str, BankEntry] = {}
    problems = []
    for entry in bank:
        if entry.key in first:
            earlier = first[entry.key]
            message = (
                f"question id '{entry.key}' is already used at {earlier.path.name}:{earlier.line}"
            )
            problems.append(ContentProblem(entry.path, "", entry.line, message))
        first.setdefault(entry.key, entry)
    return problems


def _unknown_references(
    spec: QuizSpec, bank: list[BankEntry]
) -> list[tuple[tuple[str | int, ...], str]]:
    keys = {entry.key for entry in bank}
    categories: dict[str, int] = {}
    for entry in bank:
        categories[entry.category] = categories.get(entry.category, 0) + 1
    found: list[tuple[tuple[str | int, ...], str]] = []
    for index, slot in enumerate(spec.questions):
        if slot.question is not None and slot.question not in keys:
            found.append((("questions", index, "question"), f"no question '{slot.question}'"))
        if slot.random is not None and categories.get(slot.random, 0) < slot.count:
            have = categories.get(slot.random, 0)
            message = f"category '{slot.random}' has {have} questions; {slot.count} are drawn"
            found.append((("questions", index, "random"), message))
    return found


def load_course_quizzes(
    path: Path, courses: list[tuple[str, CourseSpec]]
) -> dict[str, CourseQuizzes]:
    """Load the quizzes of ``courses`` as loaded from ``path`` (one course folder or a root).

    Raises ContentError listing the problems of every course.
    """
    single = (path / COURSE_FILE).exists()
    loaded: dict[str, CourseQuizzes] = {}
    problems: list[ContentProblem] = []
    for slug, spec in courses:
        module_slugs = {module.slug for module in spec.modules}
        try:
            loaded[slug] = load_quizzes(path if single else path / slug, module_slugs=module_slugs)
        except ContentError as error:
            problems += error.problems
    if problems:
        raise ContentError(problems)
    return loaded
