"""``flask lms db``: create, update or remove the academy's tables through Alembic."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from lms import db

db_group = AppGroup("db", help="Database schema (Alembic migrations).")


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
