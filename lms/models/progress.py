"""What trainees do with courses: enrolments and completed lessons."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.accounts import Account
from lms.models.base import Base, utcnow
from lms.models.catalog import Course


class Enrolment(Base):
    """A trainee taking a course; remembers the last lesson opened to resume from it."""

    __tablename__ = "lms_enrolments"
    __table_args__ = (UniqueConstraint("account_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("lms_accounts.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(
        ForeignKey("lms_courses.id", ondelete="CASCADE"), index=True
    )
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_lesson_slug: Mapped[str | None] = mapped_column(String(80))
    last_active_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]

    account: Mapped[Account] = relationship()
    course: Mapped[Course] = relationship()


class LessonCompletion(Base):
    """A lesson a trainee marked complete, keyed by slug so it carries over to new versions."""

    __tablename__ = "lms_lesson_completions"
    __table_args__ = (UniqueConstraint("account_id", "course_id", "lesson_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("lms_accounts.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("lms_courses.id", ondelete="CASCADE"))
    lesson_slug: Mapped[str] = mapped_column(String(80))
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)
