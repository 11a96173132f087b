"""Fixtures of the trainer pages: a trainer teaching a course, cheap bulk trainees."""

from __future__ import annotations

import pytest

from lms.models import (
    Account,
    AccountRole,
    Course,
    Enrolment,
    LessonCompletion,
    Role,
    utcnow,
)
from lms.services import teaching


@pytest.fixture
def trainer(make_account) -> Account:
    return make_account(Role.TRAINER, display_name="Tess Trainer")


@pytest.fixture
def admin(make_account) -> Account:
    return make_account(Role.ADMIN, display_name="Alex Admin")


@pytest.fixture
def course(db_session, make_course, trainer, admin) -> Course:
    """A course of four lessons that ``trainer`` teaches."""
    taught = make_course("negotiation", title="Negotiation basics")
    teaching.assign_trainer(db_session, taught, trainer, actor=admin, now=utcnow())
    db_session.commit()
    return taught


def add_trainees(db_session, course: Course, count: int, *, prefix: str = "bulk") -> None:
    """Insert ``count`` trainees enrolled in ``course`` with one lesson done, directly."""
    now = utcnow()
    trainees = [
        Account(
            email=f"{prefix}{number:04d}@example.org",
            display_name=f"{prefix.title()} {number:04d}",
            created_at=now,
            role_grants=[AccountRole(role=Role.TRAINEE)],
        )
        for number in range(count)
    ]
    db_session.add_all(trainees)
    db_session.flush()
    for trainee in trainees:
        db_session.add_all(
            [
                Enrolment(
                    account_id=trainee.id, course_id=course.id, enrolled_at=now, last_active_at=now
                ),
                LessonCompletion(
                    account_id=trainee.id,
                    course_id=course.id,
                    lesson_slug="lesson-1-1",
                    completed_at=now,
                ),
            ]
        )
    db_session.commit()
