"""Question banks, quizzes, attempts and the grade each trainee holds on each quiz."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.models.accounts import Account
from lms.models.base import Base, enum_by_value, utcnow
from lms.models.catalog import Course


class QuestionCategory(Base):
    """A folder of a course's question bank, named by its path ("Negotiation/Openings")."""

    __tablename__ = "lms_question_categories"
    __table_args__ = (UniqueConstraint("course_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("lms_courses.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(255))

    course: Mapped[Course] = relationship()


class Question(Base):
    """A question of a course's bank; what it says lives in versions, the newest is current.

    ``key`` names it across edits and imports (the author's id, or one given on import).
    """

    __tablename__ = "lms_questions"
    __table_args__ = (UniqueConstraint("course_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("lms_courses.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(
        ForeignKey("lms_question_categories.id", ondelete="RESTRICT"), index=True
    )
    key: Mapped[str] = mapped_column(String(100))
    current_number: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    category: Mapped[QuestionCategory] = relationship()
    versions: Mapped[list[QuestionVersion]] = relationship(
        back_populates="question", order_by="QuestionVersion.number"
    )


class QuestionVersion(Base):
    """One state of a question; never edited once an attempt may have shown it."""

    __tablename__ = "lms_question_versions"
    __table_args__ = (UniqueConstraint("question_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("lms_questions.id", ondelete="CASCADE"))
    number: Mapped[int]
    type: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(255))
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question: Mapped[Question] = relationship(back_populates="versions")


class QuizMode(enum.StrEnum):
    """Assessed attempts count toward the grade; practice shows feedback at once and does not."""

    ASSESSED = "assessed"
    PRACTICE = "practice"


class GradingMethod(enum.StrEnum):
    """Which finished attempts make a trainee's grade on a quiz."""

    HIGHEST = "highest"
    AVERAGE = "average"
    FIRST = "first"
    LAST = "last"


class Quiz(Base):
    """A quiz of a course and its settings; its questions are drawn through ordered slots."""

    __tablename__ = "lms_quizzes"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("lms_courses.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    intro_html: Mapped[str] = mapped_column(Text, default="")
    module_slug: Mapped[str | None] = mapped_column(String(80))
    mode: Mapped[QuizMode] = mapped_column(enum_by_value(QuizMode), default=QuizMode.ASSESSED)
    attempts_allowed: Mapped[int | None]
    grading_method: Mapped[GradingMethod] = mapped_column(
        enum_by_value(GradingMethod), default=GradingMethod.HIGHEST
    )
    pass_percent: Mapped[Decimal] = mapped_column(default=Decimal(0))
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    time_limit_seconds: Mapped[int | None]
    seconds_between_attempts: Mapped[int] = mapped_column(default=0)
    questions_per_page: Mapped[int] = mapped_column(default=1)
    review: Mapped[dict[str, list[str]]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    is_published: Mapped[bool] = mapped_column(default=True)

    course: Mapped[Course] = relationship()
    slots: Mapped[list[QuizSlot]] = relationship(
        back_populates="quiz", order_by="QuizSlot.position", cascade="all, delete-orphan"
    )


class QuizSlot(Base):
    """One place in a quiz: a fixed question, or ``draw_count`` random ones from a category."""

    __tablename__ = "lms_quiz_slots"
    __table_args__ = (UniqueConstraint("quiz_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("lms_quizzes.id", ondelete="CASCADE"))
    position: Mapped[int]
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_questions.id", ondelete="RESTRICT")
    )
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_question_categories.id", ondelete="RESTRICT")
    )
    draw_count: Mapped[int] = mapped_column(default=1)
    mark: Mapped[Decimal | None]

    quiz: Mapped[Quiz] = relationship(back_populates="slots")
    question: Mapped[Question | None] = relationship()
    category: Mapped[QuestionCategory | None] = relationship()


class AttemptState(enum.StrEnum):
    """An attempt takes answers until it is finished (by the trainee, the timer or the close)."""

    IN_PROGRESS = "in_progress"
    FINISHED = "finished"


class Attempt(Base):
    """A trainee's go at a quiz: the questions drawn, frozen at the start, and the result.

    ``mark`` stays None while an answer waits for a trainer. ``deadline_at`` is when answers stop
    being accepted (the time limit or the quiz's close, whichever comes first).
    """

    __tablename__ = "lms_attempts"
    __table_args__ = (UniqueConstraint("quiz_id", "account_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("lms_quizzes.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    is_practice: Mapped[bool] = mapped_column(default=False)
    state: Mapped[AttemptState] = mapped_column(
        enum_by_value(AttemptState), default=AttemptState.IN_PROGRESS
    )
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    was_submitted_by_timer: Mapped[bool] = mapped_column(default=False)
    current_page: Mapped[int] = mapped_column(default=0)
    max_mark: Mapped[Decimal] = mapped_column(default=Decimal(0))
    mark: Mapped[Decimal | None]

    quiz: Mapped[Quiz] = relationship()
    account: Mapped[Account] = relationship()
    items: Mapped[list[AttemptItem]] = relationship(
        back_populates="attempt", order_by="AttemptItem.position", cascade="all, delete-orphan"
    )

    @property
    def is_finished(self) -> bool:
        return self.state is AttemptState.FINISHED

    @property
    def percent(self) -> Decimal | None:
        """The attempt's result out of 100, None while it awaits a trainer or marks nothing."""
        if self.mark is None or not self.max_mark:
            return None
        return self.mark * 100 / self.max_mark


class AttemptItem(Base):
    """One question of an attempt: the version shown, its frozen layout, the answer and its mark.

    ``fraction`` is None until scored (an essay until a trainer marks it).
    """

    __tablename__ = "lms_attempt_items"
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("lms_attempts.id", ondelete="CASCADE"))
    position: Mapped[int]
    page: Mapped[int]
    question_version_id: Mapped[int] = mapped_column(
        ForeignKey("lms_question_versions.id", ondelete="RESTRICT"), index=True
    )
    max_mark: Mapped[Decimal]
    layout: Mapped[dict[str, list[int]]] = mapped_column(JSON)
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    saved_at: Mapped[datetime | None]
    fraction: Mapped[Decimal | None]
    mark: Mapped[Decimal | None]
    is_checked: Mapped[bool] = mapped_column(default=False)
    grader_comment: Mapped[str] = mapped_column(Text, default="")
    graded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="SET NULL")
    )
    graded_at: Mapped[datetime | None]

    attempt: Mapped[Attempt] = relationship(back_populates="items")
    question_version: Mapped[QuestionVersion] = relationship()
    graded_by: Mapped[Account | None] = relationship()


class QuizGrade(Base):
    """A trainee's grade on a quiz, recomputed whenever one of their attempts is graded."""

    __tablename__ = "lms_quiz_grades"

    quiz_id: Mapped[int] = mapped_column(
        ForeignKey("lms_quizzes.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    percent: Mapped[Decimal | None]
    is_passed: Mapped[bool] = mapped_column(default=False)
    attempts_counted: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    quiz: Mapped[Quiz] = relationship()
