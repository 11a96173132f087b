"""What a trainee has done that pathway requirements count.

``load`` reads every fact of one trainee in a fixed handful of queries, however many pathways,
stages and requirements there are; requirement_standing.py judges requirements on them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from lms.content.pathways import (
    AnyRequirement,
    CourseCompleted,
    QuizPassed,
    RoleplayPassed,
    WrittenAssessed,
)
from lms.content.roleplays import WrittenSpec, parse_spec
from lms.models import (
    Approval,
    Attempt,
    Course,
    Enrolment,
    EthicsSignature,
    Lesson,
    LessonCompletion,
    Practicum,
    Quiz,
    QuizGrade,
    Roleplay,
    RoleplayOutcome,
    RoleplayVersion,
    RubricAssessment,
    ScenarioPlay,
    WrittenSubmission,
)


@dataclass(frozen=True)
class CourseFacts:
    enrolled: bool = False
    completed_at: datetime | None = None
    lessons_done: int = 0
    lessons_total: int = 0


@dataclass(frozen=True)
class QuizFacts:
    has_attempts: bool
    percent: Decimal | None
    graded_at: datetime | None


@dataclass(frozen=True)
class RoleplayFacts:
    has_started: bool
    outcome: RoleplayOutcome | None


@dataclass(frozen=True)
class WrittenFacts:
    has_submitted: bool
    points: dict[str, tuple[str, int]] = field(default_factory=dict)  # criterion: (title, points)
    assessed_at: datetime | None = None


@dataclass
class Facts:
    """One trainee's facts, keyed by the slugs pathway requirements name."""

    courses: dict[str, CourseFacts] = field(default_factory=dict)
    quizzes: dict[tuple[str, str], QuizFacts] = field(default_factory=dict)
    roleplays: dict[tuple[str, str], RoleplayFacts] = field(default_factory=dict)
    written: dict[tuple[str, str], WrittenFacts] = field(default_factory=dict)
    practicums: dict[int, Practicum] = field(default_factory=dict)
    signatures: dict[int, list[EthicsSignature]] = field(default_factory=dict)
    approvals: dict[tuple[int, str], Approval] = field(default_factory=dict)


def load(session: Session, account_id: int, requirements: Iterable[AnyRequirement]) -> Facts:
    """Read the facts ``requirements`` need for one trainee: eight queries at most."""
    wanted = list(requirements)
    course_slugs = {r.course for r in wanted if isinstance(r, CourseCompleted | QuizPassed)}
    roleplay_courses = {r.course for r in wanted if isinstance(r, RoleplayPassed)}
    written_courses = {r.course for r in wanted if isinstance(r, WrittenAssessed)}
    facts = Facts()
    if course_slugs:
        _load_courses(session, account_id, course_slugs, facts)
        _load_quizzes(session, account_id, course_slugs, facts)
    if roleplay_courses:
        _load_roleplays(session, account_id, roleplay_courses, facts)
    if written_courses:
        _load_written(session, account_id, written_courses, facts)
    for practicum in session.scalars(select(Practicum).where(Practicum.account_id == account_id)):
        facts.practicums[practicum.pathway_id] = practicum
    for signature in session.scalars(
        select(EthicsSignature).where(EthicsSignature.account_id == account_id)
    ):
        facts.signatures.setdefault(signature.pathway_id, []).append(signature)
    for approval in session.scalars(select(Approval).where(Approval.account_id == account_id)):
        facts.approvals[(approval.pathway_id, approval.stage_slug)] = approval
    return facts


def _load_courses(session: Session, account_id: int, slugs: set[str], facts: Facts) -> None:
    enrolments = {
        slug: completed_at
        for slug, completed_at in session.execute(
            select(Course.slug, Enrolment.completed_at)
            .join(Enrolment, Enrolment.course_id == Course.id)
            .where(Enrolment.account_id == account_id, Course.slug.in_(slugs))
        )
    }
    done = (
        (LessonCompletion.course_id == Course.id)
        & (LessonCompletion.lesson_slug == Lesson.slug)
        & (LessonCompletion.account_id == account_id)
    )
    for slug, total, completed in session.execute(
        select(Course.slug, func.count(Lesson.id), func.count(LessonCompletion.id))
        .join(Lesson, Lesson.version_id == Course.current_version_id)
        .outerjoin(LessonCompletion, done)
        .where(Course.slug.in_(enrolments))
        .group_by(Course.slug)
    ):
        facts.courses[slug] = CourseFacts(True, enrolments[slug], completed, total)
    for slug, completed_at in enrolments.items():
        facts.courses.setdefault(slug, CourseFacts(True, completed_at))


def _load_quizzes(session: Session, account_id: int, slugs: set[str], facts: Facts) -> None:
    attempted = exists().where(Attempt.quiz_id == Quiz.id, Attempt.account_id == account_id)
    for course_slug, quiz_slug, has_attempts, percent, graded_at in session.execute(
        select(Course.slug, Quiz.slug, attempted, QuizGrade.percent, QuizGrade.updated_at)
        .join(Quiz, Quiz.course_id == Course.id)
        .outerjoin(QuizGrade, (QuizGrade.quiz_id == Quiz.id) & (QuizGrade.account_id == account_id))
        .where(Course.slug.in_(slugs))
    ):
        facts.quizzes[(course_slug, quiz_slug)] = QuizFacts(bool(has_attempts), percent, graded_at)


def _load_roleplays(session: Session, account_id: int, slugs: set[str], facts: Facts) -> None:
    played = exists().where(
        ScenarioPlay.roleplay_id == Roleplay.id, ScenarioPlay.account_id == account_id
    )
    for course_slug, roleplay_slug, has_started, outcome in session.execute(
        select(Course.slug, Roleplay.slug, played, RoleplayOutcome)
        .join(Roleplay, Roleplay.course_id == Course.id)
        .outerjoin(
            RoleplayOutcome,
            (RoleplayOutcome.roleplay_id == Roleplay.id)
            & (RoleplayOutcome.account_id == account_id),
        )
        .where(Course.slug.in_(slugs))
    ):
        facts.roleplays[(course_slug, roleplay_slug)] = RoleplayFacts(bool(has_started), outcome)


def _load_written(session: Session, account_id: int, slugs: set[str], facts: Facts) -> None:
    """The latest assessment of the latest assessed submission decides, as in assessment.py."""
    rows = session.execute(
        select(Course.slug, Roleplay.slug, WrittenSubmission, RubricAssessment, RoleplayVersion)
        .join(Roleplay, Roleplay.course_id == Course.id)
        .join(WrittenSubmission, WrittenSubmission.roleplay_id == Roleplay.id)
        .join(RoleplayVersion, RoleplayVersion.id == WrittenSubmission.version_id)
        .outerjoin(RubricAssessment, RubricAssessment.submission_id == WrittenSubmission.id)
        .where(WrittenSubmission.account_id == account_id, Course.slug.in_(slugs))
        .order_by(WrittenSubmission.number, RubricAssessment.number)
    ).all()
    for course_slug, roleplay_slug, _submission, assessment, version in rows:
        key = (course_slug, roleplay_slug)
        spec = parse_spec(version.spec)
        if assessment is None or not isinstance(spec, WrittenSpec):
            facts.written.setdefault(key, WrittenFacts(has_submitted=True))
            continue
        points = {}
        for criterion in spec.rubric.criteria:
            level = criterion.level(assessment.levels.get(criterion.id, ""))
            points[criterion.id] = (criterion.title, level.points if level is not None else 0)
        facts.written[key] = WrittenFacts(True, points, assessment.assessed_at)
