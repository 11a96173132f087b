"""The assess area."""

from __future__ import annotations

from lms.web.assess import examining as _examining  # noqa: F401 (registers the examiner routes)
from lms.web.assess import live as _live  # noqa: F401 (registers the live participant route)
from lms.web.assess import scenarios as _scenarios  # noqa: F401 (registers the scenario routes)
from lms.web.assess import written as _written  # noqa: F401 (registers the written role-play routes)
from lms.web.assess.views import bp

__all__ = ["bp"]
