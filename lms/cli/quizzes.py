"""``flask lms quizzes``: import GIFT and Aiken files into a question bank, export it as GIFT."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from lms import db
from lms.cli.output import fail_with
from lms.content import aiken, gift, loader
from lms.content.errors import ContentError
from lms.content.interchange import ImportedQuestion
from lms.models import Course, utcnow
from lms.services import enrolment, question_bank
from lms.services.wording import counted

quizzes_group = AppGroup("quizzes", help="Question banks: import GIFT and Aiken, export GIFT.")

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
        fail_with(error, f"in {file}", "nothing was imported")
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
    click.echo(f"Imported {counted(len(imported), 'question')}")


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
    summary = f"Exported {counted(len(questions) - len(skipped), 'question')} to {output}"
    if str(output) == "-":
        click.echo(text, nl=False)
        click.echo(summary.removesuffix(" to -"), err=True)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(summary)
    if skipped:
        click.echo(
            f"Left out {counted(len(skipped), 'question')} GIFT cannot hold "
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
