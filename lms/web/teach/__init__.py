"""The teach area."""

from __future__ import annotations

from lms.web.teach.views import bp

__all__ = ["bp"]
