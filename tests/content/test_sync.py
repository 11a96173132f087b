"""Importing a course into the database: versions appear only when what trainees see changes."""

from __future__ import annotations

from lms.content import markdown
from lms.content.sync import SyncOutcome, sync_course
from lms.models import utcnow
from tests.conftest import course_spec


def test_a_new_renderer_version_makes_unchanged_content_a_new_version(db_session, monkeypatch):
    spec = course_spec()
    sync_course(db_session, "stable", spec, now=utcnow())
    assert sync_course(db_session, "stable", spec, now=utcnow()).outcome is SyncOutcome.UNCHANGED
    monkeypatch.setattr(markdown, "RENDERER_VERSION", markdown.RENDERER_VERSION + 1)
    result = sync_course(db_session, "stable", spec, now=utcnow())
    assert (result.outcome, result.version_number) == (SyncOutcome.NEW_VERSION, 2)
