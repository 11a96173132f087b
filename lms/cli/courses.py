"""``flask lms courses``: validate and import courses, with their quizzes, from their folders."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from lms import db
from lms.cli.output import fail_with
from lms.content import loader
from lms.content.errors import ContentError
from lms.content.quizzes import CourseQuizzes, load_course_quizzes
from lms.content.specs import CourseSpec
from lms.content.sync import SyncOutcome, SyncResult, sync_course
from lms.models import utcnow
from lms.services import question_bank
from lms.services.wording import counted

courses_group = AppGroup("courses", help="Courses from their folders: validate and import.")


def default_courses_path() -> Path:
    """LMS_COURSES_PATH, else the courses/ folder beside the lms package in a source checkout."""
    configured = current_app.config.get("LMS_COURSES_PATH")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "courses"


@courses_group.command("validate")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def courses_validate(path: Path | None) -> None:
    """Check the course at PATH, or every course in PATH, and their quizzes, importing nothing."""
    courses, quizzes = _load_courses_or_fail(path or default_courses_path())
    click.echo(f"{counted(len(courses), 'course')} valid: {', '.join(slug for slug, _ in courses)}")
    quiz_count = sum(len(content.quizzes) for content in quizzes.values())
    question_count = sum(len(content.bank) for content in quizzes.values())
    if quiz_count or question_count:
        click.echo(
            f"{counted(quiz_count, 'quiz', 'quizzes')} and "
            f"{counted(question_count, 'bank question')} valid"
        )


@courses_group.command("import")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def courses_import(path: Path | None) -> None:
    """Import the course at PATH, or every course in PATH, with their question banks and quizzes:
    all of them or, if anything is invalid, none.

    Changed content becomes a new version; unchanged courses are left alone.
    """
    courses, quizzes = _load_courses_or_fail(path or default_courses_path(), "nothing was imported")
    now = utcnow()
    lines = []
    with db.get_database().sessionmaker() as session:
        for slug, spec in courses:
            result = sync_course(session, slug, spec, now=now)
            lines.append(f"{slug}: {_describe(result)}")
            changes = question_bank.sync_quizzes(session, result.course, quizzes[slug], now=now)
            if changes:
                described = ", ".join(f"{quiz} {change}" for quiz, change in changes.items())
                lines.append(f"{slug} quizzes: {described}")
        session.commit()
    for line in lines:
        click.echo(line)


def _load_courses_or_fail(
    path: Path, consequence: str = ""
) -> tuple[list[tuple[str, CourseSpec]], dict[str, CourseQuizzes]]:
    """Load the courses at ``path`` and their quizzes, or print one line per problem and exit
    non-zero."""
    try:
        courses = loader.load_path(path)
        if not courses:
            raise click.ClickException(f"no course folders in {path}")
        return courses, load_course_quizzes(path, courses)
    except ContentError as error:
        fail_with(error, "in the course files", consequence)


def _describe(result: SyncResult) -> str:
    if result.outcome is SyncOutcome.NEW_VERSION:
        return f"new version {result.version_number}"
    return f"{result.outcome} (version {result.version_number})"
