"""``flask lms courses``: validate and import courses, with their quizzes, role-plays and
glossaries, and the accreditation pathways built on them, from their folders."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from lms import db
from lms.cli.output import fail_with
from lms.content import loader
from lms.content.errors import ContentError, ContentProblem
from lms.content.glossary import GlossarySpec, load_course_glossaries
from lms.content.pathway_loader import CourseContent, load_pathways
from lms.content.pathway_sync import PathwaySyncResult, sync_pathway
from lms.content.pathways import PathwaySpec
from lms.content.quizzes import CourseQuizzes, load_course_quizzes
from lms.content.roleplays import AnyRoleplaySpec, load_course_roleplays
from lms.content.specs import CourseSpec
from lms.content.sync import SyncOutcome, SyncResult, sync_course
from lms.models import utcnow
from lms.services import accreditation, glossary, question_bank, roleplays
from lms.services.errors import NotPermitted
from lms.services.question_bank import Change
from lms.services.wording import counted


@dataclass(frozen=True)
class CourseFiles:
    """What a courses folder holds, validated: each course with its quizzes, role-plays and
    glossary (None for a course without one), and the pathways in its pathways/ folder."""

    courses: list[tuple[str, CourseSpec]]
    quizzes: dict[str, CourseQuizzes]
    roleplays: dict[str, dict[str, AnyRoleplaySpec]]
    glossaries: dict[str, GlossarySpec | None]
    pathways: list[tuple[str, PathwaySpec]]


courses_group = AppGroup("courses", help="Courses from their folders: validate and import.")


def default_courses_path() -> Path:
    """LMS_COURSES_PATH, else the courses/ folder beside the lms package in a source checkout."""
    configured = current_app.config.get("LMS_COURSES_PATH")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "courses"


@courses_group.command("validate")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def courses_validate(path: Path | None) -> None:
    """Check the course at PATH, or every course in PATH, with their quizzes, role-plays and
    glossaries and the pathways in PATH/pathways, importing nothing."""
    files = _load_courses_or_fail(path or default_courses_path())
    courses, quizzes = files.courses, files.quizzes
    click.echo(f"{counted(len(courses), 'course')} valid: {', '.join(slug for slug, _ in courses)}")
    quiz_count = sum(len(content.quizzes) for content in quizzes.values())
    question_count = sum(len(content.bank) for content in quizzes.values())
    if quiz_count or question_count:
        click.echo(
            f"{counted(quiz_count, 'quiz', 'quizzes')} and "
            f"{counted(question_count, 'bank question')} valid"
        )
    roleplay_count = sum(len(specs) for specs in files.roleplays.values())
    if roleplay_count:
        click.echo(f"{counted(roleplay_count, 'role-play')} valid")
    term_count = sum(len(spec.terms) for spec in files.glossaries.values() if spec is not None)
    if term_count:
        click.echo(f"{counted(term_count, 'glossary term')} valid")
    if files.pathways:
        slugs = ", ".join(slug for slug, _ in files.pathways)
        click.echo(f"{counted(len(files.pathways), 'pathway')} valid: {slugs}")


@courses_group.command("import")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def courses_import(path: Path | None) -> None:
    """Import the course at PATH, or every course in PATH, with their question banks, quizzes,
    role-plays and glossaries, then the pathways in PATH/pathways: all of them or, if anything
    is invalid, none.

    Changed content becomes a new version; unchanged courses are left alone.
    """
    files = _load_courses_or_fail(path or default_courses_path(), "nothing was imported")
    now = utcnow()
    lines: list[str] = []
    with db.get_database().sessionmaker() as session:
        for slug, spec in files.courses:
            lines += _import_course(session, slug, spec, files, now=now)
        synced = [
            (slug, sync_pathway(session, slug, spec, now=now)) for slug, spec in files.pathways
        ]
        lines += [f"pathway {slug}: {_describe(result)}" for slug, result in synced]
        changed = any(result.outcome is not SyncOutcome.UNCHANGED for _, result in synced)
        if changed and (refreshed := accreditation.refresh_everyone(session, now=now)):
            lines.append(
                f"pathway progress recomputed for {counted(refreshed, 'person', 'people')}"
            )
        session.commit()
    for line in lines:
        click.echo(line)


def _import_course(
    session: Session, slug: str, spec: CourseSpec, files: CourseFiles, *, now: datetime
) -> list[str]:
    """Sync one course with its quizzes, role-plays and glossary; return the lines that report
    it."""
    result = sync_course(session, slug, spec, now=now)
    lines = [f"{slug}: {_describe(result)}"]
    changes = question_bank.sync_quizzes(session, result.course, files.quizzes[slug], now=now)
    if changes:
        described = ", ".join(f"{quiz} {change}" for quiz, change in changes.items())
        lines.append(f"{slug} quizzes: {described}")
    try:
        roleplay_changes = roleplays.sync_roleplays(
            session, result.course, files.roleplays[slug], now=now
        )
    except NotPermitted as error:
        raise click.ClickException(f"{slug}: {error}; nothing was imported") from None
    if roleplay_changes:
        lines.append(f"{slug} role-plays: {_tally(roleplay_changes)}")
    term_changes = glossary.sync_terms(session, result.course, files.glossaries[slug])
    if term_changes:
        lines.append(f"{slug} glossary: {glossary.tally(term_changes)}")
    return lines


def _load_courses_or_fail(path: Path, consequence: str = "") -> CourseFiles:
    """Load the courses at ``path``, their quizzes, role-plays and glossaries, and the pathways
    of a courses root, or print one line per problem and exit non-zero."""
    try:
        courses = loader.load_path(path)
        if not courses:
            raise click.ClickException(f"no course folders in {path}")
    except ContentError as error:
        fail_with(error, "in the course files", consequence)
    problems: list[ContentProblem] = []
    quizzes: dict[str, CourseQuizzes] = {}
    specs: dict[str, dict[str, AnyRoleplaySpec]] = {}
    glossaries: dict[str, GlossarySpec | None] = {}
    try:
        quizzes = load_course_quizzes(path, courses)
    except ContentError as error:
        problems += error.problems
    try:
        specs = load_course_roleplays(path, courses)
    except ContentError as error:
        problems += error.problems
    try:
        glossaries = load_course_glossaries(path, courses)
    except ContentError as error:
        problems += error.problems
    pathways: list[tuple[str, PathwaySpec]] = []
    if not problems and not (path / loader.COURSE_FILE).exists():
        # Checked only against valid courses, or a broken quiz would show as a missing one.
        try:
            pathways = load_pathways(path, CourseContent(dict(courses), quizzes, specs))
        except ContentError as error:
            problems += error.problems
    if problems:
        fail_with(ContentError(problems), "in the course files", consequence)
    return CourseFiles(courses, quizzes, specs, glossaries, pathways)


def _describe(result: SyncResult | PathwaySyncResult) -> str:
    if result.outcome is SyncOutcome.NEW_VERSION:
        return f"new version {result.version_number}"
    return f"{result.outcome} (version {result.version_number})"


def _tally(changes: dict[str, Change]) -> str:
    """Say how many role-plays each kind of change touched: "2 created, 1 unchanged"."""
    counts = Counter(changes.values())
    return ", ".join(f"{counts[change]} {change}" for change in Change if counts[change])
