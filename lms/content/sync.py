"""Bring a validated course into the database: new courses and changed content become versions."""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.content import markdown
from lms.content.specs import CourseSpec
from lms.models import Course, CourseVersion, Lesson, Module


class SyncOutcome(enum.StrEnum):
    """What importing a course did to it."""

    CREATED = "created"
    NEW_VERSION = "new version"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class SyncResult:
    """The course after an import, what happened to it, and its current version number."""

    course: Course
    outcome: SyncOutcome
    version_number: int


def content_hash(spec: CourseSpec) -> str:
    """Fingerprint everything a trainee would see, so unchanged content is never rewritten.

    The Markdown renderer's version is part of it: lessons are stored rendered, so a change in
    how Markdown becomes HTML must reach trainees as a new version too.
    """
    payload = spec.model_dump(mode="json")
    for module in payload["modules"]:
        for lesson in module["lessons"]:
            del lesson["file"]  # where the text came from does not change what trainees see
    payload["renderer"] = markdown.RENDERER_VERSION
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def sync_course(session: Session, slug: str, spec: CourseSpec, *, now: datetime) -> SyncResult:
    """Create the course, add a version if its content changed, or leave it alone.

    Every lesson of ``spec`` must carry its Markdown in ``body`` (the loader reads the files).
    Earlier versions stay as they were, and completions are keyed by lesson slug, so what trainees
    completed is kept.
    """
    fingerprint = content_hash(spec)
    course = session.scalars(select(Course).where(Course.slug == slug)).one_or_none()
    if course is None:
        course = Course(slug=slug, title=spec.title, summary=spec.summary, created_at=now)
        session.add(course)
        outcome = SyncOutcome.CREATED
    elif course.current_version is not None and course.current_version.content_hash == fingerprint:
        return SyncResult(course, SyncOutcome.UNCHANGED, course.current_version.number)
    else:
        outcome = SyncOutcome.NEW_VERSION
    last_number = max((version.number for version in course.versions), default=0)
    version = _build_version(spec, number=last_number + 1, fingerprint=fingerprint, now=now)
    course.versions.append(version)
    course.title = spec.title
    course.summary = spec.summary
    session.flush()
    course.current_version = version
    session.flush()
    return SyncResult(course, outcome, version.number)


def _build_version(
    spec: CourseSpec, *, number: int, fingerprint: str, now: datetime
) -> CourseVersion:
    version = CourseVersion(
        number=number,
        label=spec.version,
        title=spec.title,
        summary=spec.summary,
        content_hash=fingerprint,
        published_at=now,
    )
    position = 0
    for module_position, module_spec in enumerate(spec.modules, start=1):
        module = Module(position=module_position, slug=module_spec.slug, title=module_spec.title)
        version.modules.append(module)
        for lesson_spec in module_spec.lessons:
            if lesson_spec.body is None:
                raise ValueError(f"lesson {lesson_spec.slug!r} has no body; load it from its file")
            position += 1
            module.lessons.append(
                Lesson(
                    version=version,
                    position=position,
                    slug=lesson_spec.slug,
                    title=lesson_spec.title,
                    body_html=markdown.render(lesson_spec.body),
                )
            )
    return version
