"""Enrolment: which courses are on offer, and who takes which course."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.models import Account, Course, Enrolment, Lesson
from lms.models.base import insert_unless_present
from lms.services.errors import NotPermitted


@dataclass(frozen=True)
class CatalogueEntry:
    """A course on offer, as the catalogue shows it to one visitor."""

    course: Course
    lessons_total: int
    is_enrolled: bool


def find_course(session: Session, slug: str) -> Course | None:
    """Return the course named ``slug``, or ``None``."""
    return session.scalars(select(Course).where(Course.slug == slug)).one_or_none()


def find(session: Session, account: Account, course: Course) -> Enrolment | None:
    """Return ``account``'s enrolment in ``course``, or ``None``."""
    return session.scalars(
        select(Enrolment).where(
            Enrolment.account_id == account.id, Enrolment.course_id == course.id
        )
    ).one_or_none()


def enrol(session: Session, account: Account, course: Course, *, now: datetime) -> Enrolment:
    """Enrol ``account`` in ``course``, or return the enrolment it already has.

    Raises NotPermitted when the course has no published version yet. Two requests racing to
    enrol the same person end with one enrolment, which both return.
    """
    if course.current_version_id is None:
        raise NotPermitted("This course has no published content yet.")
    existing = find(session, account, course)
    if existing is not None:
        return existing
    insert_unless_present(
        session,
        Enrolment,
        {"account_id": account.id, "course_id": course.id, "enrolled_at": now},
        unique=["account_id", "course_id"],
    )
    return session.scalars(
        select(Enrolment).where(
            Enrolment.account_id == account.id, Enrolment.course_id == course.id
        )
    ).one()


def catalogue(session: Session, account: Account | None) -> list[CatalogueEntry]:
    """Every course with published content, its lesson count and whether ``account`` takes it.

    One query, however many courses.
    """
    lesson_counts = (
        select(Lesson.version_id, func.count(Lesson.id).label("lessons_total"))
        .group_by(Lesson.version_id)
        .subquery()
    )
    account_id = account.id if account is not None else None
    statement = (
        select(Course, lesson_counts.c.lessons_total, Enrolment.id)
        .join(lesson_counts, lesson_counts.c.version_id == Course.current_version_id)
        .outerjoin(
            Enrolment,
            (Enrolment.course_id == Course.id) & (Enrolment.account_id == account_id),
        )
        .order_by(Course.title, Course.id)
    )
    return [
        CatalogueEntry(course, lessons_total, enrolment_id is not None)
        for course, lessons_total, enrolment_id in session.execute(statement)
    ]
