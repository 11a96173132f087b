"""Course folders to validated specs: ``course.yaml`` plus the lesson Markdown files it names.

The specs in specs.py decide what valid content is; this module only reads files, checks what only
the file system knows (a file exists, is UTF-8, is not empty, stays inside its course folder) and
points every problem at the file, line and field an author has to fix.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from lms.content.errors import ContentError, ContentProblem
from lms.content.specs import CourseSpec, LessonSpec, Slug

COURSE_FILE = "course.yaml"
# Folders of the courses root that hold something other than a course.
NOT_COURSES = frozenset({"pathways"})

Loc = tuple[int | str, ...]

_slug = TypeAdapter(Slug)

M = TypeVar("M", bound=BaseModel)


def load_course(folder: Path) -> CourseSpec:
    """Read ``folder/course.yaml`` and every lesson file it names; the folder name is the slug.

    Returns the spec with every lesson's ``body`` filled. Raises ContentError listing every problem
    found in the folder.
    """
    name_problems = _folder_name_problems(folder)
    course_file = folder / COURSE_FILE
    try:
        source, spec = read_spec(
            course_file, CourseSpec, expected="course fields (title, version, modules...)"
        )
        spec = _with_bodies(spec, folder=folder, source=source)
    except ContentError as error:
        raise ContentError(name_problems + error.problems) from None
    if name_problems:
        raise ContentError(name_problems)
    return spec


def load_courses(root: Path) -> list[tuple[str, CourseSpec]]:
    """Load every course folder in ``root`` as ``(slug, spec)`` pairs, sorted by slug.

    ``pathways/`` and hidden folders are skipped; any other folder is a course and needs a
    course.yaml. Raises ContentError listing the problems of every course, not just the first.
    """
    if not root.is_dir():
        message = "not a folder" if root.exists() else "no such folder"
        raise ContentError([ContentProblem(root, "", None, message)])
    courses: list[tuple[str, CourseSpec]] = []
    problems: list[ContentProblem] = []
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or folder.name.startswith(".") or folder.name in NOT_COURSES:
            continue
        try:
            courses.append((course_slug(folder), load_course(folder)))
        except ContentError as error:
            problems += error.problems
    if problems:
        raise ContentError(problems)
    return courses


def load_path(path: Path) -> list[tuple[str, CourseSpec]]:
    """Load ``path`` as one course folder when it has a course.yaml, else as a folder of them."""
    if (path / COURSE_FILE).exists():
        return [(course_slug(path), load_course(path))]
    return load_courses(path)


def course_slug(folder: Path) -> str:
    """A course's slug is its folder's name (as linked, so a symlinked folder keeps its name)."""
    return Path(os.path.abspath(folder)).name


@dataclass(frozen=True)
class _Source:
    """A parsed YAML file, kept to point problems at the line of a field."""

    path: Path
    root: yaml.Node

    def problem(self, loc: Loc, message: str) -> ContentProblem:
        return ContentProblem(self.path, _field_path(loc), _line_at(self.root, loc), message)


def _folder_name_problems(folder: Path) -> list[ContentProblem]:
    try:
        _slug.validate_python(course_slug(folder))
    except ValidationError as error:
        message = error.errors()[0]["msg"]
        return [ContentProblem(folder, "", None, f"folder name is not a valid slug: {message}")]
    return []


def read_spec(path: Path, model: type[M], *, expected: str) -> tuple[_Source, M]:
    """Read the YAML file at ``path`` as a ``model``; ``expected`` words what its mapping holds.

    Raises ContentError naming the line of every problem (bad YAML, keys given twice, fields).
    """
    try:
        text = read_text(path)
    except FileNotFoundError:
        raise _single(path, "file not found; every course folder needs one") from None
    except OSError as error:
        raise _single(path, f"cannot read the file: {error.strerror}") from None
    root, data = _parse_yaml(path, text, expected=expected)
    source = _Source(path, root)
    duplicates = list(_duplicate_keys(source, root, ()))
    if duplicates:
        raise ContentError(duplicates)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        raise ContentError([source.problem((), f"expected a mapping of {expected}, not {kind}")])
    try:
        return source, model.model_validate(data)
    except ValidationError as error:
        raise ContentError([_problem_from(source, details) for details in error.errors()]) from None


def read_text(path: Path) -> str:
    """Return the UTF-8 text of ``path``; OSError passes through for the caller to word."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        raise ContentError(
            [ContentProblem(path, "", line, f"not UTF-8 text (byte {byte:#04x}); save it as UTF-8")]
        ) from None


def _parse_yaml(path: Path, text: str, *, expected: str) -> tuple[yaml.Node, Any]:
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise _single(path, f"file is empty; it needs {expected}", line=1)
        return root, loader.construct_document(root)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        detail = f" ({error.context})" if error.context else ""
        raise _single(path, f"invalid YAML: {error.problem}{detail}", line=line) from None
    except yaml.YAMLError as error:
        raise _single(path, "invalid YAML: " + " ".join(str(error).split())) from None
    finally:
        loader.dispose()


def _duplicate_keys(
    source: _Source, node: yaml.Node, loc: Loc, parents: frozenset[int] = frozenset()
) -> Iterator[ContentProblem]:
    """Find keys given twice in one mapping: YAML would silently keep only the last."""
    if id(node) in parents:  # an alias to one of its own parents: a cycle
        return
    parents |= {id(node)}
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(source, item, (*loc, index), parents)
    elif isinstance(node, yaml.MappingNode):
        first_lines: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                line = key.start_mark.line + 1
                if key.value in first_lines:
                    yield source.problem(
                        (*loc, key.value),
                        f"given twice (first on line {first_lines[key.value]})",
                    )
                first_lines.setdefault(key.value, line)
                yield from _duplicate_keys(source, value, (*loc, key.value), parents)


def _problem_from(source: _Source, details: ErrorDetails) -> ContentProblem:
    """Word one pydantic error as a problem at the line of the field it is about."""
    if details["type"] == "value_error":
        message = str(details.get("ctx", {}).get("error", details["msg"]))
    else:
        message = details["msg"]
    given = details.get("input")
    if details["type"] not in {"missing", "extra_forbidden"} and isinstance(
        given, str | int | float | bool
    ):
        message += f" (got {given!r})"
    return source.problem(details["loc"], message)


def _with_bodies(spec: CourseSpec, *, folder: Path, source: _Source) -> CourseSpec:
    """Return ``spec`` with each lesson's Markdown read from its file into ``body``."""
    problems: list[ContentProblem] = []
    modules = []
    for module_index, module in enumerate(spec.modules):
        lessons = []
        for lesson_index, lesson in enumerate(module.lessons):
            loc = ("modules", module_index, "lessons", lesson_index, "file")
            try:
                lessons.append(_with_body(lesson, folder=folder, source=source, loc=loc))
            except ContentError as error:
                problems += error.problems
        modules.append(module.model_copy(update={"lessons": lessons}))
    if problems:
        raise ContentError(problems)
    return spec.model_copy(update={"modules": modules})


def _with_body(lesson: LessonSpec, *, folder: Path, source: _Source, loc: Loc) -> LessonSpec:
    if lesson.body is not None:
        return lesson
    relative = lesson.file or f"lessons/{lesson.slug}.md"
    default = "" if lesson.file else " (the default file of a lesson with neither file nor body)"
    path = folder / relative
    if not path.resolve().is_relative_to(folder.resolve()):
        raise ContentError([source.problem(loc, f"{relative} is outside the course folder")])
    try:
        body = read_text(path)
    except FileNotFoundError:
        raise ContentError([source.problem(loc, f"{relative} not found{default}")]) from None
    except OSError as error:
        message = f"cannot read {relative}: {error.strerror}"
        raise ContentError([source.problem(loc, message)]) from None
    if not body.strip():
        raise ContentError([source.problem(loc, f"{relative} is empty")])
    return lesson.model_copy(update={"body": body})


def _line_at(root: yaml.Node, loc: Loc) -> int:
    """Return the 1-based line of the field at ``loc``, or of its nearest parent in the file."""
    node = root
    line: int = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            # The last of repeated keys wins, as when YAML builds the mapping.
            found = [(key, value) for key, value in node.value if key.value == part]
            if not found:
                continue  # a missing field, or the tag pydantic adds to a tagged union's path
            key, node = found[-1]
            line = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _field_path(loc: Loc) -> str:
    """``("modules", 1, "lessons", 0, "slug")`` → ``modules[1].lessons[0].slug``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _single(path: Path, message: str, *, line: int | None = None) -> ContentError:
    return ContentError([ContentProblem(path, "", line, message)])
