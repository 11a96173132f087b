"""The admin area."""

from lms.web.admin.views import bp

__all__ = ["bp"]
