"""The admin area."""

from __future__ import annotations

from lms.web.admin.views import bp

__all__ = ["bp"]
