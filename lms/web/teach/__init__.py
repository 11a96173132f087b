"""The teach area."""

from lms.web.teach.views import bp

__all__ = ["bp"]
