"""The ``flask lms`` commands: the operator's door into the same services the web uses."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from lms import db
from lms.config import is_development
from lms.content import aiken, gift, loader
from lms.content.errors import ContentError
from lms.content.interchange import ImportedQuestion
from lms.content.quizzes import CourseQuizzes, load_course_quizzes
from lms.content.specs import CourseSpec
from lms.content.sync import SyncOutcome, SyncResult, sync_course
from lms.extension import get_academy
from lms.models import Course, Role, utcnow
from lms.services import accounts, demo, enrolment, question_bank
from lms.services.errors import ServiceError


class LmsGroup(AppGroup):
    """The ``lms`` group: a missing or unmigrated database is reported in one readable line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SQLAlchemyError as error:
            reason = str(getattr(error, "orig", None) or error).splitlines()[0]
            raise click.ClickException(
                f"the database refused the command ({reason}); "
                "check LMS_DATABASE_URL and run 'flask lms db upgrade'"
            ) from None


lms_group = LmsGroup(
    "lms", help="Broker Academy: database, courses, question banks, users and demo data."
)
db_group = AppGroup("db", help="Database schema (Alembic migrations).")
lms_group.add_command(db_group)


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Alembic revision to reach.")
def db_upgrade(revision: str) -> None:
    """Create or update the academy's tables (they are all prefixed lms_)."""
    database = db.get_database()
    db.upgrade_schema(database, revision)
    click.echo(f"Database schema is at {revision} ({database.engine.url.render_as_string()}).")


@db_group.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Undo migrations down to REVISION ("base" removes every academy table)."""
    db.downgrade_schema(db.get_database(), revision)
    click.echo(f"Database schema is at {revision}.")


courses_group = AppGroup("courses", help="Courses from their folders: validate and import.")
lms_group.add_command(courses_group)


def default_courses_path() -> Path:
    """LMS_COURSES_PATH, else the courses/ folder beside the lms package in a source checkout."""
    configured = current_app.config.get("LMS_COURSES_PATH")
    return Path(configured) if configured else Path(__file__).resolve().parent.parent / "courses"


@courses_group.command("validate")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def courses_validate(path: Path | None) -> None:
    """Check the course at PATH, or every course in PATH, and their quizzes, importing nothing."""
    courses, quizzes = _load_courses_or_fail(path or default_courses_path())
    click.echo(f"{_count(len(courses), 'course')} valid: {', '.join(slug for slug, _ in courses)}")
    quiz_count = sum(len(content.quizzes) for content in quizzes.values())
    question_count = sum(len(content.bank) for content in quizzes.values())
    if quiz_count or question_count:
        click.echo(
            f"{_count(quiz_count, 'quiz', 'quizzes')} and "
            f"{_count(question_count, 'bank question')} valid"
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
        _fail_with(error, "in the course files", consequence)


def _fail_with(error: ContentError, where: str, consequence: str) -> NoReturn:
    """Print each problem of ``error`` on a line of its own, then a summary, and exit 1."""
    for problem in error.problems:
        click.echo(str(problem), err=True)
    summary = f"{_count(len(error.problems), 'problem')} {where}"
    if consequence:
        summary += f"; {consequence}"
    raise click.ClickException(summary) from None


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _describe(result: SyncResult) -> str:
    if result.outcome is SyncOutcome.NEW_VERSION:
        return f"new version {result.version_number}"
    return f"{result.outcome} (version {result.version_number})"


quizzes_group = AppGroup("quizzes", help="Question banks: import GIFT and Aiken, export GIFT.")
lms_group.add_command(quizzes_group)

# Moodle's GIFT samples end in .txt; Aiken has no extension of its own, so .aiken says it here.
FORMAT_OF_EXTENSION = {".gift": "gift", ".txt": "gift", ".aiken": "aiken"}
READERS: dict[str, Callable[..., list[ImportedQuestion]]] = {
    "gift": gift.parse,
    "aiken": aiken.parse,
}


@quizzes_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--course", "course_slug", metavar="SLUG", required=True, help="Course to import into."
)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(sorted(READERS)),
    help="Format of FILE; default: from its extension (.gift or .txt: GIFT, .aiken: Aiken).",
)
@click.option(
    "--category",
    metavar="PATH",
    help="Category of questions the file puts in none; default: the file's name without extension.",
)
def quizzes_import(
    file: Path, course_slug: str, file_format: str | None, category: str | None
) -> None:
    """Import the questions of FILE into a course's question bank: all of them or, on any
    problem, none.

    Questions with an id ([id:…] in GIFT) replace the bank's question with that id; others are
    added.
    """
    reader = READERS[file_format or _format_from_extension(file)]
    try:
        imported = reader(loader.read_text(file), path=file)
    except ContentError as error:
        _fail_with(error, f"in {file}", "nothing was imported")
    except OSError as error:
        raise click.ClickException(f"cannot read {file}: {error.strerror}") from None
    if not imported:
        raise click.ClickException(f"no questions in {file}; nothing was imported")
    with db.get_database().sessionmaker() as session:
        course = _course_or_fail(session, course_slug)
        question_bank.import_questions(
            session,
            course,
            [(question.category, question.spec) for question in imported],
            default_category=category or file.stem,
            now=utcnow(),
        )
        session.commit()
    click.echo(f"Imported {_count(len(imported), 'question')}")


def _format_from_extension(file: Path) -> str:
    found = FORMAT_OF_EXTENSION.get(file.suffix.lower())
    if found is None:
        raise click.BadParameter(
            f"cannot tell the format of {file.name} from its extension (.gift or .txt for "
            "GIFT, .aiken for Aiken); give --format",
            param_hint="FILE",
        )
    return found


@quizzes_group.command("export")
@click.option(
    "--course",
    "course_slug",
    metavar="SLUG",
    required=True,
    help="Course whose question bank to export.",
)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["gift"]),
    default="gift",
    show_default=True,
    help="Format to write (GIFT is the one Moodle and others import).",
)
@click.option(
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="File to write, or - for standard output.",
)
def quizzes_export(course_slug: str, file_format: str, output: Path) -> None:
    """Write a course's question bank, every question as it currently reads, to a file."""
    with db.get_database().sessionmaker() as session:
        questions = question_bank.bank(session, _course_or_fail(session, course_slug))
    skipped = [spec.name for _, spec in questions if gift.export_problem(spec) is not None]
    text = gift.export(questions)
    summary = f"Exported {_count(len(questions) - len(skipped), 'question')} to {output}"
    if str(output) == "-":
        click.echo(text, nl=False)
        click.echo(summary.removesuffix(" to -"), err=True)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(summary)
    if skipped:
        click.echo(
            f"Left out {_count(len(skipped), 'question')} GIFT cannot hold "
            f"(see the comments in the file): {', '.join(skipped)}",
            err=True,
        )


def _course_or_fail(session: Session, slug: str) -> Course:
    course = enrolment.find_course(session, slug)
    if course is None:
        raise click.ClickException(
            f"no course '{slug}'; import it first with 'flask --app lms lms courses import'"
        )
    return course


users_group = AppGroup("users", help="Accounts: create them from the command line.")
lms_group.add_command(users_group)


@users_group.command("create")
@click.option("--email", required=True, help="Email address; it signs in with it.")
@click.option("--name", "display_name", required=True, help="Name other people will see.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice([role.value for role in Role]),
    default=[Role.TRAINEE.value],
    show_default=True,
    help="Role to give; repeat for several.",
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input instead of asking for it twice.",
)
def users_create(
    email: str, display_name: str, roles: tuple[str, ...], password_stdin: bool
) -> None:
    """Create an account that signs in with a password."""
    if password_stdin:
        password = sys.stdin.read().removesuffix("\n").removesuffix("\r")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    chosen = [role for role in Role if role.value in roles]
    with db.get_database().sessionmaker() as session:
        try:
            account = accounts.create_account(
                session,
                email=email,
                display_name=display_name,
                password=password,
                roles=chosen,
                hasher=get_academy(current_app).password_hasher,
                now=utcnow(),
            )
        except ServiceError as error:
            raise click.ClickException(str(error)) from None
        session.commit()
    click.echo(f"Created {' and '.join(chosen)} {account.email} (id {account.id}).")


@lms_group.command("demo")
def demo_command() -> None:
    """Create demo accounts, trainers and progress (development only); run it after courses import.

    Running it again adds only what is missing.
    """
    if not is_development(current_app.config):
        raise click.ClickException(
            "demo accounts have published passwords; they are only created when LMS_ENV is "
            "development or testing"
        )
    with db.get_database().sessionmaker() as session:
        try:
            result = demo.create_demo_data(
                session, hasher=get_academy(current_app).password_hasher, now=utcnow()
            )
        except ServiceError as error:  # e.g. another run created the same account meanwhile
            raise click.ClickException(str(error)) from None
        session.commit()
        _report_demo(result)


def _report_demo(result: demo.DemoResult) -> None:
    if result.created:
        click.echo("Demo accounts created. DEMO ONLY: these passwords are public; never use them")
        click.echo("on a site that real people use.\n")
        rows = [
            (account.email, ", ".join(account.roles), account.password)
            for account in result.created
        ]
        _echo_table([("Email", "Roles", "Password"), *rows])
    else:
        if result.is_unchanged:
            click.echo("Demo data already present.")
        else:
            click.echo("Demo accounts already present; added what the newer courses need.")
        _echo_table(
            [
                ("Email", "Roles"),
                *((account.email, ", ".join(account.roles)) for account in demo.DEMO_ACCOUNTS),
            ]
        )
    if not result.courses:
        click.echo(
            "\nNo courses yet, so no one teaches or takes one: run "
            "`flask --app lms lms courses import`, then this command again."
        )
    elif result.changes:
        click.echo(
            f"\n{demo.TRAINER.display_name} teaches every course; "
            f"{demo.BUSY_TRAINEE.display_name} takes every course, the first lessons done; "
            f"{demo.NEW_TRAINEE.display_name} takes one."
        )


def _echo_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        click.echo(
            "  "
            + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
