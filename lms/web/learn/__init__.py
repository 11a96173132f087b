"""The learn area."""

from __future__ import annotations

from lms.web.learn.views import bp

__all__ = ["bp"]
