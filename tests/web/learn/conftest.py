"""Fixtures of the trainee pages: a trainee, a browser signed in as them, cheap bulk courses."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from lms.models import (
    Account,
    Course,
    CourseVersion,
    Enrolment,
    Lesson,
    LessonCompletion,
    Module,
    utcnow,
)
from lms.services import enrolment
from tests.conftest import sign_in


@pytest.fixture
def trainee(make_account) -> Account:
    return make_account(display_name="Rosa Trainee")


@pytest.fixture
def trainee_client(client: FlaskClient, trainee: Account) -> FlaskClient:
    sign_in(client, trainee)
    return client


@pytest.fixture
def enrol(db_session):
    """Enrol an account in a course through the service, committed."""

    def enrol_in(account: Account, course: Course) -> Enrolment:
        taken = enrolment.enrol(db_session, account, course, now=utcnow())
        db_session.commit()
        return taken

    return enrol_in


def add_courses(
    db_session, count: int, *, enrolled: Account | None = None, prefix: str = "bulk"
) -> None:
    """Insert ``count`` published courses of three lessons directly (faster than the sync);
    ``enrolled`` takes each one, with its first lesson complete."""
    now = utcnow()
    courses = []
    for number in range(count):
        version = CourseVersion(
            number=1, label="1.0", title=f"Bulk {number}", content_hash="bulk", published_at=now
        )
        module = Module(position=1, slug="module-1", title="Module 1")
        version.modules.append(module)
        for position in range(1, 4):
            module.lessons.append(
                Lesson(
                    version=version,
                    position=position,
                    slug=f"lesson-{position}",
                    title=f"Lesson {position}",
                    body_html="<p>Bulk.</p>",
                )
            )
        course = Course(
            slug=f"{prefix}-{number:04d}",
            title=f"{prefix.title()} {number:04d}",
            versions=[version],
        )
        course.current_version = version
        courses.append(course)
    db_session.add_all(courses)
    db_session.flush()
    if enrolled is not None:
        for course in courses:
            db_session.add_all(
                [
                    Enrolment(
                        account_id=enrolled.id,
                        course_id=course.id,
                        enrolled_at=now,
                        last_lesson_slug="lesson-2",
                        last_active_at=now,
                    ),
                    LessonCompletion(
                        account_id=enrolled.id,
                        course_id=course.id,
                        lesson_slug="lesson-1",
                        completed_at=now,
                    ),
                ]
            )
    db_session.commit()
