"""Small pieces of wording shared by the services, the pages and the command line."""

from __future__ import annotations

from datetime import date


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """Say ``number`` with its noun agreeing: "1 course", "2 courses"."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def long_date(day: date) -> str:
    """Write ``day`` (or a moment's day) as people write it in British English: 5 December 2026."""
    return f"{day.day} {day:%B %Y}"
