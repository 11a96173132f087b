"""Typed SQLAlchemy models of every LMS table (importing this registers them all)."""

from __future__ import annotations

from lms.models.accounts import (
    Account,
    AccountRole,
    LoginSession,
    Role,
    Sector,
    ThrottleEvent,
    ThrottleScope,
)
from lms.models.assessment import (
    Attempt,
    AttemptItem,
    AttemptState,
    GradingMethod,
    Question,
    QuestionCategory,
    QuestionVersion,
    Quiz,
    QuizGrade,
    QuizMode,
    QuizSlot,
)
from lms.models.audit import AuditEvent
from lms.models.base import Base, utcnow
from lms.models.catalog import Course, CourseTrainer, CourseVersion, Lesson, Module
from lms.models.glossary import GlossaryTerm
from lms.models.progress import Enrolment, LessonCompletion
from lms.models.roleplay import (
    LiveObservation,
    LiveParticipant,
    LiveSession,
    ObservationKind,
    Roleplay,
    RoleplayKind,
    RoleplayOutcome,
    RoleplayVersion,
    RubricAssessment,
    ScenarioPlay,
    ScenarioStep,
    WrittenSubmission,
)

__all__ = [
    "Account",
    "AccountRole",
    "Attempt",
    "AttemptItem",
    "AttemptState",
    "AuditEvent",
    "Base",
    "Course",
    "CourseTrainer",
    "CourseVersion",
    "Enrolment",
    "GlossaryTerm",
    "GradingMethod",
    "Lesson",
    "LessonCompletion",
    "LiveObservation",
    "LiveParticipant",
    "LiveSession",
    "LoginSession",
    "Module",
    "ObservationKind",
    "Question",
    "QuestionCategory",
    "QuestionVersion",
    "Quiz",
    "QuizGrade",
    "QuizMode",
    "QuizSlot",
    "Role",
    "Roleplay",
    "RoleplayKind",
    "RoleplayOutcome",
    "RoleplayVersion",
    "RubricAssessment",
    "ScenarioPlay",
    "ScenarioStep",
    "Sector",
    "ThrottleEvent",
    "ThrottleScope",
    "WrittenSubmission",
    "utcnow",
]
