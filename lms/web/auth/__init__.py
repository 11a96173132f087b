"""The auth area."""

from __future__ import annotations

from lms.web.auth.views import bp

__all__ = ["bp"]
