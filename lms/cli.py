"""The ``flask lms`` commands: the operator's door into the same services the web uses."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from lms import db
from lms.config import is_development
from lms.content import loader
from lms.content.errors import ContentError
from lms.content.specs import CourseSpec
from lms.content.sync import SyncOutcome, SyncResult, sync_course
from lms.extension import get_academy
from lms.models import Role, utcnow
from lms.services import accounts, demo
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


lms_group = LmsGroup("lms", help="Broker Academy: database, courses, users and demo data.")
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
    """Check the course at PATH, or every course in PATH, without importing anything."""
    courses = _load_courses_or_fail(path or default_courses_path())
    count = f"{len(courses)} course{'s' if len(courses) != 1 else ''}"
    click.echo(f"{count} valid: {', '.join(slug for slug, _ in courses)}")


@courses_group.command("import")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def courses_import(path: Path | None) -> None:
    """Import the course at PATH, or every course in PATH: all of them or, if any is invalid, none.

    Changed content becomes a new version; unchanged courses are left alone.
    """
    courses = _load_courses_or_fail(path or default_courses_path(), "nothing was imported")
    now = utcnow()
    with db.get_database().sessionmaker() as session:
        results = [sync_course(session, slug, spec, now=now) for slug, spec in courses]
        session.commit()
    for slug, result in zip((slug for slug, _ in courses), results, strict=True):
        click.echo(f"{slug}: {_describe(result)}")


def _load_courses_or_fail(path: Path, consequence: str = "") -> list[tuple[str, CourseSpec]]:
    """Load the courses at ``path``, or print one line per problem and exit non-zero."""
    try:
        courses = loader.load_path(path)
    except ContentError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        count = len(error.problems)
        summary = f"{count} problem{'s' if count != 1 else ''} in the course files"
        if consequence:
            summary += f"; {consequence}"
        raise click.ClickException(summary) from None
    if not courses:
        raise click.ClickException(f"no course folders in {path}")
    return courses


def _describe(result: SyncResult) -> str:
    if result.outcome is SyncOutcome.NEW_VERSION:
        return f"new version {result.version_number}"
    return f"{result.outcome} (version {result.version_number})"


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
