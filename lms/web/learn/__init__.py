"""The learn area."""

from __future__ import annotations

from lms.web.learn import quizzes as _quizzes  # noqa: F401 (registers the quiz routes on bp)
from lms.web.learn.views import bp

__all__ = ["bp"]
