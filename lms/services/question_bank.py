"""Course question banks: questions by category, versioned so that attempts keep what they saw."""

from __future__ import annotations

import enum
import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload

from lms.content import markdown
from lms.content.questions import QuestionSpec, parse_spec
from lms.content.quizzes import BankEntry, CourseQuizzes, QuizSpec, SlotSpec
from lms.models import (
    AttemptItem,
    Course,
    Question,
    QuestionCategory,
    QuestionVersion,
    Quiz,
    QuizSlot,
)
from lms.services import grading


class Change(enum.StrEnum):
    """What putting a question into the bank did."""

    CREATED = "created"
    NEW_VERSION = "new version"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Candidate:
    """A question to put into a bank: its key, category path and spec."""

    key: str
    category: str
    spec: QuestionSpec


def spec_hash(spec: QuestionSpec) -> str:
    """Fingerprint a question's content, so putting it again unchanged writes nothing."""
    canonical = json.dumps(spec.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def category(session: Session, course: Course, path: str) -> QuestionCategory:
    """The category at ``path`` in ``course``'s bank, created when new."""
    found = session.scalars(
        select(QuestionCategory).where(
            QuestionCategory.course_id == course.id, QuestionCategory.path == path
        )
    ).one_or_none()
    if found is None:
        found = QuestionCategory(course=course, path=path)
        session.add(found)
        session.flush()
    return found


def current_version(session: Session, question: Question) -> QuestionVersion:
    """The version a new attempt shows."""
    return session.scalars(
        select(QuestionVersion).where(
            QuestionVersion.question_id == question.id,
            QuestionVersion.number == question.current_number,
        )
    ).one()


def put_question(
    session: Session, course: Course, candidate: Candidate, *, now: datetime
) -> tuple[Question, Change]:
    """Add a question, or change it: in place while no attempt has shown it, else as a new version.

    Attempts keep pointing at the version they showed, so what a trainee answered is never
    rewritten under them.
    """
    spec = candidate.spec
    fingerprint = spec_hash(spec)
    home = category(session, course, candidate.category)
    question = session.scalars(
        select(Question).where(Question.course_id == course.id, Question.key == candidate.key)
    ).one_or_none()
    if question is None:
        question = Question(course_id=course.id, category=home, key=candidate.key, created_at=now)
        session.add(question)
        session.flush()
        session.add(_version(question, 1, spec, fingerprint, now))
        session.flush()
        return question, Change.CREATED
    version = current_version(session, question)
    moved = question.category_id != home.id
    question.category = home
    if version.content_hash == fingerprint:
        return question, Change.UPDATED if moved else Change.UNCHANGED
    if session.scalar(select(exists().where(AttemptItem.question_version_id == version.id))):
        question.current_number = version.number + 1
        session.add(_version(question, question.current_number, spec, fingerprint, now))
        session.flush()
        return question, Change.NEW_VERSION
    version.type, version.name = spec.type, spec.name
    version.spec, version.content_hash = spec.model_dump(mode="json"), fingerprint
    session.flush()
    return question, Change.UPDATED


def _version(
    question: Question, number: int, spec: QuestionSpec, fingerprint: str, now: datetime
) -> QuestionVersion:
    return QuestionVersion(
        question_id=question.id,
        number=number,
        type=spec.type,
        name=spec.name,
        spec=spec.model_dump(mode="json"),
        content_hash=fingerprint,
        created_at=now,
    )


def import_questions(
    session: Session,
    course: Course,
    questions: Iterable[tuple[str | None, QuestionSpec]],
    *,
    default_category: str,
    now: datetime,
) -> list[tuple[Question, Change]]:
    """Import questions into ``course``'s bank; a question with an ``id`` updates the one with
    that id, others are always added (as Moodle's import does)."""
    results = []
    for category_path, spec in questions:
        key = spec.id or f"imported-{secrets.token_hex(6)}"
        candidate = Candidate(key, category_path or default_category, spec)
        results.append(put_question(session, course, candidate, now=now))
    return results


def bank(session: Session, course: Course) -> list[tuple[str, QuestionSpec]]:
    """Every current question of ``course``'s bank as ``(category path, spec)``, by category."""
    rows = session.execute(
        select(QuestionCategory.path, QuestionVersion.spec)
        .join(Question, Question.category_id == QuestionCategory.id)
        .join(
            QuestionVersion,
            (QuestionVersion.question_id == Question.id)
            & (QuestionVersion.number == Question.current_number),
        )
        .where(Question.course_id == course.id)
        .order_by(QuestionCategory.path, Question.id)
    ).all()
    return [(path, parse_spec(spec)) for path, spec in rows]


def sync_quizzes(
    session: Session, course: Course, content: CourseQuizzes, *, now: datetime
) -> dict[str, Change]:
    """Bring a course folder's banks and quizzes into the database.

    Quizzes no longer in the folder are unpublished, never deleted: their attempts stay.
    """
    for entry in content.bank:
        put_question(session, course, _candidate(entry), now=now)
    existing = {
        quiz.slug: quiz
        for quiz in session.scalars(
            select(Quiz).where(Quiz.course_id == course.id).options(selectinload(Quiz.slots))
        )
    }
    changes: dict[str, Change] = {}
    for slug, spec in content.quizzes.items():
        changes[slug] = _put_quiz(session, course, existing.get(slug), slug, spec, now=now)
    for slug, quiz in existing.items():
        if slug not in content.quizzes and quiz.is_published:
            quiz.is_published = False
    session.flush()
    return changes


def _candidate(entry: BankEntry) -> Candidate:
    return Candidate(entry.key, entry.category, entry.spec)


def _put_quiz(
    session: Session,
    course: Course,
    quiz: Quiz | None,
    slug: str,
    spec: QuizSpec,
    *,
    now: datetime,
) -> Change:
    """Create or update a quiz; trainees' grades follow a changed grading method or pass mark."""
    fingerprint = hashlib.sha256(spec.model_dump_json().encode()).hexdigest()
    if quiz is not None and quiz.content_hash == fingerprint and quiz.is_published:
        return Change.UNCHANGED
    change = Change.CREATED if quiz is None else Change.UPDATED
    if quiz is None:
        quiz = Quiz(course_id=course.id, slug=slug)
        session.add(quiz)
    grading_rule = (quiz.grading_method, quiz.pass_percent)
    for field, value in _quiz_settings(spec).items():
        setattr(quiz, field, value)
    quiz.content_hash = fingerprint
    quiz.is_published = True
    quiz.slots.clear()
    session.flush()  # old positions go before new ones take them
    quiz.slots = [_slot(session, course, index, slot) for index, slot in enumerate(spec.questions)]
    session.flush()
    if change is Change.UPDATED and grading_rule != (quiz.grading_method, quiz.pass_percent):
        grading.recompute_quiz_grades(session, quiz, now=now)
    return change


def _quiz_settings(spec: QuizSpec) -> dict[str, Any]:
    minutes = spec.time_limit_minutes
    return {
        "title": spec.title,
        "intro_html": markdown.render(spec.intro) if spec.intro.strip() else "",
        "module_slug": spec.module,
        "mode": spec.mode,
        "attempts_allowed": spec.attempts,
        "grading_method": spec.grading,
        "pass_percent": Decimal(spec.pass_percent),
        "opens_at": spec.opens,
        "closes_at": spec.closes,
        "time_limit_seconds": minutes * 60 if minutes else None,
        "seconds_between_attempts": spec.minutes_between_attempts * 60,
        "questions_per_page": spec.questions_per_page,
        "review": spec.review.model_dump(mode="json"),
    }


def _slot(session: Session, course: Course, position: int, slot: SlotSpec) -> QuizSlot:
    if slot.question is not None:
        question = session.scalars(
            select(Question).where(Question.course_id == course.id, Question.key == slot.question)
        ).one()
        return QuizSlot(position=position, question=question, mark=slot.mark)
    return QuizSlot(
        position=position,
        category=category(session, course, slot.random or ""),
        draw_count=slot.count,
        mark=slot.mark,
    )
