"""``flask lms demo``: fill a development database with demo accounts, trainers, progress,
role-play activity and trainees along the accreditation pathway."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from lms import db
from lms.cli.certificates import DEVELOPMENT_URL
from lms.config import credential_issuer, is_development, public_url
from lms.extension import get_academy
from lms.models import utcnow
from lms.services import demo
from lms.services.errors import ServiceError


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Create demo accounts, trainers, progress and role-play activity (development only); run it
    after courses import.

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
                session,
                hasher=get_academy(current_app).password_hasher,
                issuer=credential_issuer(current_app.config),
                base_url=public_url(current_app.config, fallback=DEVELOPMENT_URL),
                now=utcnow(),
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
            f"{_names(demo.NEW_TRAINEES)} take one course, the same one."
        )
    if result.roleplay_changes:
        click.echo(
            f"Where the courses have them, {demo.BUSY_TRAINEE.display_name} and "
            f"{demo.NEW_TRAINEE.display_name} have played a scenario (to a pass and to a failure) "
            "and sent written answers (one assessed, one awaiting assessment), and "
            f"{_names(demo.DEMO_TRAINEES)} play the parties of a live session that began this "
            "hour, ready to assess."
        )
    if result.courses and not result.has_pathway:
        click.echo(
            "\nThe accreditation pathway is not imported, so no one is on it yet: run "
            "`flask --app lms lms courses import`, then this command again."
        )
    elif result.pathway_changes:
        click.echo(
            f"On the accreditation pathway, {demo.FOUNDATION_TRAINEE.display_name} has one "
            "written answer of Level 1 awaiting assessment; "
            f"{demo.APPLICANT_TRAINEE.display_name}'s practicum application awaits a decision; "
            f"{demo.PRACTICUM_TRAINEE.display_name} is "
            f"writing the practicum logbook; {demo.EXAMINED_TRAINEE.display_name}'s logbook is "
            f"marked by the mentor and awaits {demo.EXAMINER.display_name}; "
            f"{demo.MODERATED_TRAINEE.display_name}'s mentor and examiner disagree, so the logbook "
            f"awaits moderation; {demo.ACCREDITED_TRAINEE.display_name} is accredited, with "
            "certificates and CPD."
        )


def _names(trainees: tuple[demo.DemoAccount, ...]) -> str:
    """The trainees' names as a sentence lists them: "A, B and C"."""
    names = [trainee.display_name for trainee in trainees]
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _echo_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        click.echo(
            "  "
            + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
