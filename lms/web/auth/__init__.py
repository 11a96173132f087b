"""The auth area."""

from lms.web.auth.views import bp

__all__ = ["bp"]
