"""The admin area."""

from __future__ import annotations

from lms.web.admin import certificates as _certificates  # noqa: F401 (certificate routes)
from lms.web.admin import pathways as _pathways  # noqa: F401 (registers the pathway routes)
from lms.web.admin import practicums as _practicums  # noqa: F401 (registers the practicum routes)
from lms.web.admin.views import bp

__all__ = ["bp"]
