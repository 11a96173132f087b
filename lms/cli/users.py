"""``flask lms users``: create accounts from the command line."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from lms import db
from lms.extension import get_academy
from lms.models import Role, utcnow
from lms.services import accounts
from lms.services.errors import ServiceError

users_group = AppGroup("users", help="Accounts: create them from the command line.")


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
