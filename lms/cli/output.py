"""Terminal output shared by the ``flask lms`` commands: counted nouns and content problems."""

from __future__ import annotations

from typing import NoReturn

import click

from lms.content.errors import ContentError


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """Say ``number`` with its noun agreeing: "1 course", "2 courses"."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def fail_with(error: ContentError, where: str, consequence: str) -> NoReturn:
    """Print each problem of ``error`` on a line of its own, then a summary, and exit 1."""
    for problem in error.problems:
        click.echo(str(problem), err=True)
    summary = f"{counted(len(error.problems), 'problem')} {where}"
    if consequence:
        summary += f"; {consequence}"
    raise click.ClickException(summary) from None
