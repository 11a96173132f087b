"""The public verification area: anyone may check a certificate, no sign-in needed."""

from __future__ import annotations

from lms.web.verify.views import bp

__all__ = ["bp"]
