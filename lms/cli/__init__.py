"""The ``flask lms`` commands: the operator's door into the same services the web uses."""

from __future__ import annotations

from typing import Any

import click
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from lms.cli import certificates, courses, database, demo, quizzes, users


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
lms_group.add_command(database.db_group)
lms_group.add_command(courses.courses_group)
lms_group.add_command(quizzes.quizzes_group)
lms_group.add_command(users.users_group)
lms_group.add_command(certificates.certificates_group)
lms_group.add_command(demo.demo_command)
