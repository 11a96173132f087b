"""The assess area."""

from __future__ import annotations

from lms.web.assess.views import bp

__all__ = ["bp"]
