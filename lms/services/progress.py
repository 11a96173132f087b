"""Progress through courses: completed lessons, where to resume, how far each trainee has come.

Progress is always measured against a course's current version. Completions are keyed by lesson
slug, so what a trainee completed carries over to a new version and lessons it drops stop
counting.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from lms.models import (
    Account,
    Course,
    Enrolment,
    Lesson,
    LessonCompletion,
    Module,
    Quiz,
    QuizGrade,
    QuizMode,
    Roleplay,
    RoleplayOutcome,
)
from lms.models.base import insert_unless_present
from lms.services import accreditation, review
from lms.services import enrolment as enrolments
from lms.services.errors import NotFound, NotPermitted


@dataclass(frozen=True)
class LessonTally:
    """Lessons done out of the current version's lessons, for one trainee in one course.

    Always counted against the current version, never ``Enrolment.completed_at``: that stays set,
    as history, when a new version adds lessons the trainee has yet to take.
    """

    lessons_done: int
    lessons_total: int

    @property
    def percent(self) -> int:
        """Return the whole percent done, rounded down so that 100 means every lesson."""
        return self.lessons_done * 100 // self.lessons_total if self.lessons_total else 0

    @property
    def is_finished(self) -> bool:
        """Tell whether every lesson of the current version is done."""
        return self.lessons_total > 0 and self.lessons_done == self.lessons_total


@dataclass(frozen=True)
class LessonItem:
    """A lesson as outlines and links show it, with whether the viewer has completed it."""

    slug: str
    title: str
    is_done: bool


@dataclass(frozen=True)
class ModuleOutline:
    """One module of a course outline, with its lessons."""

    slug: str
    title: str
    lessons: tuple[LessonItem, ...]


@dataclass(frozen=True)
class CourseProgress(LessonTally):
    """How far one trainee has come in one course, and the lesson to resume from."""

    course: Course
    resume: LessonItem | None
    quizzes_passed: int = 0
    quizzes_total: int = 0
    roleplays_passed: int = 0
    roleplays_total: int = 0


@dataclass(frozen=True)
class CourseOutline:
    """A course's current modules and lessons as one viewer sees them."""

    course: Course
    enrolment: Enrolment | None
    modules: tuple[ModuleOutline, ...]

    @property
    def lessons(self) -> list[LessonItem]:
        return [lesson for module in self.modules for lesson in module.lessons]

    @property
    def progress(self) -> CourseProgress:
        lessons = self.lessons
        last_slug = self.enrolment.last_lesson_slug if self.enrolment is not None else None
        done = sum(lesson.is_done for lesson in lessons)
        return CourseProgress(
            lessons_done=done,
            lessons_total=len(lessons),
            course=self.course,
            resume=_resume(lessons, last_slug),
        )

    def is_done(self, slug: str) -> bool:
        return any(lesson.is_done for lesson in self.lessons if lesson.slug == slug)

    def neighbours(self, slug: str) -> tuple[LessonItem | None, LessonItem | None]:
        """The lessons before and after the one named ``slug`` (which must be in the outline)."""
        lessons = self.lessons
        index = [lesson.slug for lesson in lessons].index(slug)
        before = lessons[index - 1] if index > 0 else None
        after = lessons[index + 1] if index + 1 < len(lessons) else None
        return before, after


def _resume(lessons: Sequence[LessonItem], last_slug: str | None) -> LessonItem | None:
    """The last lesson opened if it is not complete, else the first incomplete one."""
    for lesson in lessons:
        if lesson.slug == last_slug and not lesson.is_done:
            return lesson
    return next((lesson for lesson in lessons if not lesson.is_done), None)


def find_lesson(session: Session, course: Course, slug: str) -> Lesson | None:
    """Return the lesson named ``slug`` in the course's current version, or ``None``."""
    return session.scalars(
        select(Lesson).where(Lesson.version_id == course.current_version_id, Lesson.slug == slug)
    ).one_or_none()


def complete_lesson(
    session: Session, account: Account, course: Course, lesson_slug: str, *, now: datetime
) -> LessonCompletion:
    """Mark a lesson complete (again is harmless); completing the last one completes the course.

    Raises NotPermitted when ``account`` is not enrolled, NotFound when the current version has
    no such lesson. A double click or two racing requests leave one completion.
    """
    enrolment = enrolments.find(session, account, course)
    if enrolment is None:
        raise NotPermitted("Enrol in this course to record your progress.")
    if find_lesson(session, course, lesson_slug) is None:
        raise NotFound("This course has no such lesson.")
    values = {"account_id": account.id, "course_id": course.id, "lesson_slug": lesson_slug}
    insert_unless_present(
        session, LessonCompletion, values | {"completed_at": now}, unique=list(values)
    )
    completion = session.scalars(
        select(LessonCompletion).filter_by(**values)
    ).one()  # ours or a concurrent request's: either way exactly one row
    enrolment.last_active_at = now
    if enrolment.completed_at is None and _lessons_remaining(session, account, course) == 0:
        enrolment.completed_at = now
    session.flush()
    accreditation.refresh(session, account.id, now=now)
    return completion


def _find_completion(
    session: Session, account: Account, course: Course, lesson_slug: str
) -> LessonCompletion | None:
    return session.scalars(
        select(LessonCompletion).where(
            LessonCompletion.account_id == account.id,
            LessonCompletion.course_id == course.id,
            LessonCompletion.lesson_slug == lesson_slug,
        )
    ).one_or_none()


def _lessons_remaining(session: Session, account: Account, course: Course) -> int:
    completed = select(LessonCompletion.lesson_slug).where(
        LessonCompletion.account_id == account.id, LessonCompletion.course_id == course.id
    )
    remaining = session.scalar(
        select(func.count(Lesson.id)).where(
            Lesson.version_id == course.current_version_id, Lesson.slug.not_in(completed)
        )
    )
    return remaining or 0


def record_visit(
    session: Session, enrolment: Enrolment, lesson_slug: str, *, now: datetime
) -> None:
    """Remember the lesson opened last, to offer "continue where you left off"."""
    enrolment.last_lesson_slug = lesson_slug
    enrolment.last_active_at = now
    session.flush()


def dashboard(session: Session, account: Account, *, now: datetime) -> list[CourseProgress]:
    """Progress in every course ``account`` takes, most recently active first.

    Assessed quizzes count as passed once their review settings show marks; role-plays count
    as passed by their outcome.

    Five queries, however many courses, lessons, quizzes and role-plays.
    """
    rows = session.execute(
        select(Enrolment, Course)
        .join(Course, Course.id == Enrolment.course_id)
        .where(Enrolment.account_id == account.id)
        .order_by(
            func.coalesce(Enrolment.last_active_at, Enrolment.enrolled_at).desc(), Course.title
        )
    ).all()
    lessons_by_course: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for course_id, slug, title in session.execute(
        select(Course.id, Lesson.slug, Lesson.title)
        .join(Lesson, Lesson.version_id == Course.current_version_id)
        .join(Enrolment, Enrolment.course_id == Course.id)
        .where(Enrolment.account_id == account.id)
        .order_by(Course.id, Lesson.position)
    ):
        lessons_by_course[course_id].append((slug, title))
    done_by_course: dict[int, set[str]] = defaultdict(set)
    for course_id, slug in session.execute(
        select(LessonCompletion.course_id, LessonCompletion.lesson_slug).where(
            LessonCompletion.account_id == account.id
        )
    ):
        done_by_course[course_id].add(slug)
    quizzes_by_course: dict[int, list[bool]] = defaultdict(list)
    for quiz, is_passed in session.execute(
        select(Quiz, QuizGrade.is_passed)
        .join(Enrolment, Enrolment.course_id == Quiz.course_id)
        .outerjoin(QuizGrade, (QuizGrade.quiz_id == Quiz.id) & (QuizGrade.account_id == account.id))
        .where(
            Enrolment.account_id == account.id, Quiz.is_published, Quiz.mode == QuizMode.ASSESSED
        )
    ):
        shown = bool(is_passed) and review.marks_visible(quiz, now=now)
        quizzes_by_course[quiz.course_id].append(shown)
    roleplays_by_course: dict[int, list[bool]] = defaultdict(list)
    for course_id, is_passed in session.execute(
        select(Roleplay.course_id, RoleplayOutcome.is_passed)
        .join(Enrolment, Enrolment.course_id == Roleplay.course_id)
        .outerjoin(RoleplayOutcome, outcome_join(account))
        .where(Enrolment.account_id == account.id, Roleplay.is_published)
    ):
        roleplays_by_course[course_id].append(bool(is_passed))
    progress = []
    for enrolment, course in rows:
        done = done_by_course[course.id]
        lessons = [
            LessonItem(slug, title, slug in done) for slug, title in lessons_by_course[course.id]
        ]
        lessons_done = sum(lesson.is_done for lesson in lessons)
        resume = _resume(lessons, enrolment.last_lesson_slug)
        quizzes = quizzes_by_course[course.id]
        roleplays = roleplays_by_course[course.id]
        progress.append(
            CourseProgress(
                lessons_done=lessons_done,
                lessons_total=len(lessons),
                course=course,
                resume=resume,
                quizzes_passed=sum(quizzes),
                quizzes_total=len(quizzes),
                roleplays_passed=sum(roleplays),
                roleplays_total=len(roleplays),
            )
        )
    return progress


def outcome_join(account: Account) -> ColumnElement[bool]:
    """Join a role-play to ``account``'s outcome on it."""
    return (RoleplayOutcome.roleplay_id == Roleplay.id) & (RoleplayOutcome.account_id == account.id)


def course_outline(session: Session, account: Account | None, course: Course) -> CourseOutline:
    """The current modules and lessons of ``course``, marked done for ``account`` if given.

    At most three queries, however many lessons.
    """
    enrolment = enrolments.find(session, account, course) if account is not None else None
    done: set[str] = set()
    if account is not None:
        done = set(
            session.scalars(
                select(LessonCompletion.lesson_slug).where(
                    LessonCompletion.account_id == account.id,
                    LessonCompletion.course_id == course.id,
                )
            )
        )
    rows = session.execute(
        select(Module.slug, Module.title, Lesson.slug, Lesson.title)
        .join(Lesson.module)
        .where(Lesson.version_id == course.current_version_id)
        .order_by(Lesson.position)
    ).all()
    modules = tuple(
        ModuleOutline(
            module_slug,
            module_title,
            tuple(LessonItem(row[2], row[3], row[2] in done) for row in module_rows),
        )
        for (module_slug, module_title), module_rows in itertools.groupby(
            rows, key=lambda row: (row[0], row[1])
        )
    )
    return CourseOutline(course, enrolment, modules)
