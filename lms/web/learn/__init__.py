"""The learn area."""

from lms.web.learn.views import bp

__all__ = ["bp"]
