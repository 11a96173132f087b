"""The teach area."""

from __future__ import annotations

from lms.web.teach import live as _live  # noqa: F401 (registers the live session routes on bp)
from lms.web.teach import mentoring as _mentoring  # noqa: F401 (registers the mentor routes)
from lms.web.teach.views import bp

__all__ = ["bp"]
