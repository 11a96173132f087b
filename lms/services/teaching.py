"""Teaching: who teaches which course, and how the trainees of a course are getting on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from lms.models import (
    Account,
    AccountRole,
    Course,
    CourseTrainer,
    Enrolment,
    Lesson,
    LessonCompletion,
    Role,
)
from lms.services import audit
from lms.services.errors import InvalidInput, NotPermitted
from lms.services.progress import LessonTally


@dataclass(frozen=True)
class TaughtCourse:
    """A course as a trainer's list shows it."""

    course: Course
    enrolled: int


@dataclass(frozen=True)
class TraineeProgress(LessonTally):
    """How far one enrolled trainee has come, as their trainer sees it."""

    account_id: int
    display_name: str
    email: str
    enrolled_at: datetime
    last_active_at: datetime | None


def assign_trainer(
    session: Session, course: Course, trainer: Account, *, actor: Account, now: datetime
) -> None:
    """Let ``trainer`` teach ``course`` (already teaching it is fine).

    Raises InvalidInput on ``trainer`` when the account does not hold the trainer role.
    """
    if not trainer.has_role(Role.TRAINER):
        raise InvalidInput("trainer", f"{trainer.display_name} does not hold the trainer role.")
    if trainer in course.trainers:
        return
    course.trainers.append(trainer)
    audit.record(
        session,
        actor=actor,
        action="course.trainer_assigned",
        subject=course,
        now=now,
        after={"trainer": trainer.email},
    )


def unassign_trainer(
    session: Session, course: Course, trainer: Account, *, actor: Account, now: datetime
) -> None:
    """Stop ``trainer`` teaching ``course`` (not teaching it already is fine)."""
    if trainer not in course.trainers:
        return
    course.trainers.remove(trainer)
    audit.record(
        session,
        actor=actor,
        action="course.trainer_unassigned",
        subject=course,
        now=now,
        before={"trainer": trainer.email},
    )


def courses_with_trainers(session: Session) -> list[Course]:
    """Return every course by title, trainers loaded: two queries however many courses."""
    return list(
        session.scalars(
            select(Course).options(selectinload(Course.trainers)).order_by(func.lower(Course.title))
        )
    )


def eligible_trainers(session: Session) -> list[Account]:
    """Return the active accounts holding the trainer role, by name then email."""
    return list(
        session.scalars(
            select(Account)
            .join(AccountRole)
            .where(AccountRole.role == Role.TRAINER, Account.is_active.is_(True))
            .order_by(func.lower(Account.display_name), Account.email)
        )
    )


def teaches(session: Session, trainer: Account, course: Course) -> bool:
    """Whether ``trainer`` is assigned to ``course``."""
    assigned = select(CourseTrainer.account_id).where(
        CourseTrainer.course_id == course.id, CourseTrainer.account_id == trainer.id
    )
    return session.scalar(assigned) is not None


def courses_taught(session: Session, trainer: Account) -> list[TaughtCourse]:
    """The courses ``trainer`` teaches (every course for an admin), with enrolment counts.

    One query, however many courses and trainees.
    """
    enrolled = (
        select(Enrolment.course_id, func.count(Enrolment.id).label("enrolled"))
        .group_by(Enrolment.course_id)
        .subquery()
    )
    statement = (
        select(Course, func.coalesce(enrolled.c.enrolled, 0))
        .outerjoin(enrolled, enrolled.c.course_id == Course.id)
        .order_by(Course.title, Course.id)
    )
    if not trainer.has_role(Role.ADMIN):
        statement = statement.join(CourseTrainer, CourseTrainer.course_id == Course.id).where(
            CourseTrainer.account_id == trainer.id
        )
    return [TaughtCourse(course, count) for course, count in session.execute(statement)]


def trainee_progress(session: Session, trainer: Account, course: Course) -> list[TraineeProgress]:
    """Every trainee enrolled in ``course`` with their progress in its current version.

    Raises NotPermitted unless ``trainer`` teaches the course or is an admin. Three queries at
    most, however many trainees.
    """
    if not trainer.has_role(Role.ADMIN) and not teaches(session, trainer, course):
        raise NotPermitted("You do not teach this course.")
    lessons_total = session.scalar(
        select(func.count(Lesson.id)).where(Lesson.version_id == course.current_version_id)
    )
    done = (
        select(LessonCompletion.account_id, func.count(LessonCompletion.id).label("done"))
        .join(
            Lesson,
            (Lesson.slug == LessonCompletion.lesson_slug)
            & (Lesson.version_id == course.current_version_id),
        )
        .where(LessonCompletion.course_id == course.id)
        .group_by(LessonCompletion.account_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Account.id,
            Account.display_name,
            Account.email,
            func.coalesce(done.c.done, 0).label("lessons_done"),
            Enrolment.enrolled_at,
            Enrolment.last_active_at,
        )
        .select_from(Enrolment)
        .join(Account, Account.id == Enrolment.account_id)
        .outerjoin(done, done.c.account_id == Enrolment.account_id)
        .where(Enrolment.course_id == course.id)
        .order_by(Account.display_name, Account.id)
    )
    return [
        TraineeProgress(
            account_id=row.id,
            display_name=row.display_name,
            email=row.email,
            lessons_done=row.lessons_done,
            lessons_total=lessons_total or 0,
            enrolled_at=row.enrolled_at,
            last_active_at=row.last_active_at,
        )
        for row in rows
    ]
