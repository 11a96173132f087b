"""Pathway files to validated specs, checked against the courses they refer to.

pathways.py decides what a well-formed pathway is; this module reads the files, the ethics
commitment beside each, and checks what only the course files know: that every course, quiz,
role-play, dimension and rubric level a requirement names exists and fits. Requirements without a
``label`` get one from the titles of what they name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lms.content import loader
from lms.content.errors import ContentError, ContentProblem
from lms.content.loader import Loc, read_spec, read_text
from lms.content.pathways import (
    AnyRequirement,
    CourseCompleted,
    PathwaySpec,
    QuizPassed,
    RoleplayPassed,
    WrittenAssessed,
)
from lms.content.quizzes import CourseQuizzes, load_course_quizzes
from lms.content.roleplays import AnyRoleplaySpec, ScenarioSpec, WrittenSpec, load_course_roleplays
from lms.content.specs import CourseSpec
from lms.models.assessment import QuizMode

PATHWAY_FOLDER = "pathways"


@dataclass(frozen=True)
class CourseContent:
    """The validated courses of a courses folder, with their quizzes and role-plays by slug."""

    courses: dict[str, CourseSpec]
    quizzes: dict[str, CourseQuizzes]
    roleplays: dict[str, dict[str, AnyRoleplaySpec]]


def load_course_content(root: Path) -> CourseContent:
    """Load the courses of ``root`` with their quizzes and role-plays; raises ContentError."""
    courses = loader.load_courses(root)
    return CourseContent(
        dict(courses), load_course_quizzes(root, courses), load_course_roleplays(root, courses)
    )


def load_pathways(
    root: Path, content: CourseContent | None = None
) -> list[tuple[str, PathwaySpec]]:
    """Load ``root/pathways/*.yaml`` as ``(slug, spec)`` pairs sorted by slug (the file's stem).

    References are checked against ``content``, loaded from ``root`` when not given. Each spec
    comes back with ``ethics_text`` read and every requirement labelled. Raises ContentError
    listing every problem of every file.
    """
    folder = root / PATHWAY_FOLDER
    if not folder.is_dir():
        return []
    if content is None:
        content = load_course_content(root)
    pathways: list[tuple[str, PathwaySpec]] = []
    problems: list[ContentProblem] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.suffix == ".md":
            continue  # Markdown files are the ethics commitments pathways name
        if path.suffix not in {".yaml", ".yml"}:
            problems.append(ContentProblem(path, "", None, "not a pathway: use a .yaml file"))
            continue
        try:
            pathways.append((path.stem, load_pathway(path, content)))
        except ContentError as error:
            problems += error.problems
    if problems:
        raise ContentError(problems)
    return pathways


def load_pathway(path: Path, content: CourseContent) -> PathwaySpec:
    """Read one pathway file and its ethics commitment; raises ContentError listing problems."""
    source, spec = read_spec(path, PathwaySpec, expected="pathway fields (title, stages...)")
    problems: list[ContentProblem] = []
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", path.stem):
        problems.append(ContentProblem(path, "", None, "file name is not a valid slug"))
    if spec.ethics_text is not None:
        message = "is read from the file named in 'ethics'; leave it out"
        problems.append(source.problem(("ethics_text",), message))
    ethics_text = _ethics_text(path.parent / spec.ethics)
    if isinstance(ethics_text, str):
        spec = spec.model_copy(update={"ethics_text": ethics_text})
    else:
        problems.append(source.problem(("ethics",), ethics_text.message))
    stages = []
    for stage_index, stage in enumerate(spec.stages):
        requirements = []
        for index, requirement in enumerate(stage.requirements):
            loc: Loc = ("stages", stage_index, "requirements", index)
            found = [
                source.problem((*loc, *field), message)
                for field, message in _reference_problems(requirement, content)
            ]
            problems += found
            if not found and requirement.label is None:
                label = _label(requirement, content)
                requirement = requirement.model_copy(update={"label": label})
            requirements.append(requirement)
        stages.append(stage.model_copy(update={"requirements": requirements}))
    if problems:
        raise ContentError(problems)
    return spec.model_copy(update={"stages": stages})


@dataclass(frozen=True)
class _Unreadable:
    message: str


def _ethics_text(path: Path) -> str | _Unreadable:
    try:
        text = read_text(path)
    except FileNotFoundError:
        return _Unreadable(f"{path.name} not found beside the pathway file")
    except OSError as error:
        return _Unreadable(f"cannot read {path.name}: {error.strerror}")
    if not text.strip():
        return _Unreadable(f"{path.name} is empty")
    return text


def _reference_problems(
    requirement: AnyRequirement, content: CourseContent
) -> Iterator[tuple[tuple[str, ...], str]]:
    """Say what a requirement names that the course files lack, as (field, message) pairs."""
    if not isinstance(requirement, CourseCompleted | QuizPassed | RoleplayPassed | WrittenAssessed):
        return
    course = requirement.course
    if course not in content.courses:
        yield ("course",), f"no course '{course}' in the courses folder"
        return
    if isinstance(requirement, QuizPassed):
        quiz = content.quizzes[course].quizzes.get(requirement.quiz)
        if quiz is None:
            yield ("quiz",), f"no quiz '{requirement.quiz}' in course '{course}'"
        elif quiz.mode is QuizMode.PRACTICE:
            yield ("quiz",), f"'{requirement.quiz}' is a practice quiz; only assessed ones count"
    elif isinstance(requirement, RoleplayPassed | WrittenAssessed):
        roleplay = content.roleplays[course].get(requirement.roleplay)
        wanted = ScenarioSpec if isinstance(requirement, RoleplayPassed) else WrittenSpec
        if roleplay is None:
            yield ("roleplay",), f"no role-play '{requirement.roleplay}' in course '{course}'"
        elif not isinstance(roleplay, wanted):
            message = (
                f"'{requirement.roleplay}' is a {roleplay.kind} role-play; "
                f"{requirement.kind} needs a {'scenario' if wanted is ScenarioSpec else 'written'}"
                " one"
            )
            yield ("roleplay",), message
        elif isinstance(roleplay, ScenarioSpec) and isinstance(requirement, RoleplayPassed):
            yield from _floor_problems(requirement, roleplay)
        elif isinstance(roleplay, WrittenSpec) and isinstance(requirement, WrittenAssessed):
            yield from _level_problems(requirement, roleplay)


def _floor_problems(
    requirement: RoleplayPassed, roleplay: ScenarioSpec
) -> Iterator[tuple[tuple[str, ...], str]]:
    for key, floor in requirement.floors.items():
        dimension = roleplay.dimension(key)
        if dimension is None:
            yield ("floors", key), f"no dimension '{key}' in role-play '{requirement.roleplay}'"
        elif not dimension.min <= floor <= dimension.max:
            message = f"{floor} is outside the dimension's range {dimension.min} to {dimension.max}"
            yield ("floors", key), message


def _level_problems(
    requirement: WrittenAssessed, roleplay: WrittenSpec
) -> Iterator[tuple[tuple[str, ...], str]]:
    short = [
        criterion.id
        for criterion in roleplay.rubric.criteria
        if criterion.max_points < requirement.min_level
    ]
    if short:
        message = (
            f"no level worth {requirement.min_level} points in criteria {', '.join(short)} "
            f"of role-play '{requirement.roleplay}'"
        )
        yield ("min_level",), message


def _label(requirement: AnyRequirement, content: CourseContent) -> str:
    """A title naming what the requirement refers to by its title in the course files."""
    if isinstance(requirement, CourseCompleted):
        return f"Complete the course “{content.courses[requirement.course].title}”"
    if isinstance(requirement, QuizPassed):
        quiz = content.quizzes[requirement.course].quizzes[requirement.quiz]
        return f"Pass “{quiz.title}” with {requirement.min_percent}% or more"
    if isinstance(requirement, RoleplayPassed | WrittenAssessed):
        title = content.roleplays[requirement.course][requirement.roleplay].title
        if isinstance(requirement, RoleplayPassed):
            return f"Pass the role-play “{title}”"
        return (
            f"Have “{title}” assessed at level {requirement.min_level} or above on every criterion"
        )
    return requirement.default_title()
