"""The learn area."""

from __future__ import annotations

from lms.web.learn import certificates as _certificates  # noqa: F401 (certificate routes)
from lms.web.learn import glossary as _glossary  # noqa: F401 (registers the glossary routes)
from lms.web.learn import live as _live  # noqa: F401 (registers the live session routes on bp)
from lms.web.learn import pathways as _pathways  # noqa: F401 (registers the pathway routes)
from lms.web.learn import practicum as _practicum  # noqa: F401 (registers the practicum routes)
from lms.web.learn import quizzes as _quizzes  # noqa: F401 (registers the quiz routes on bp)
from lms.web.learn import roleplays as _roleplays  # noqa: F401 (registers the scenario routes)
from lms.web.learn import written as _written  # noqa: F401 (registers the written role-play routes)
from lms.web.learn.views import bp

__all__ = ["bp"]
