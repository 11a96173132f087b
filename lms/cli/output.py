"""Terminal output shared by the ``flask lms`` commands: content problems, one per line."""

from __future__ import annotations

from typing import NoReturn

import click

from lms.content.errors import ContentError
from lms.services.wording import counted


def fail_with(error: ContentError, where: str, consequence: str) -> NoReturn:
    """Print each problem of ``error`` on a line of its own, then a summary, and exit 1."""
    for problem in error.problems:
        click.echo(str(problem), err=True)
    summary = f"{counted(len(error.problems), 'problem')} {where}"
    if consequence:
        summary += f"; {consequence}"
    raise click.ClickException(summary) from None
