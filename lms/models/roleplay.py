"""Role-plays: their versions, scenario plays, written submissions, live sessions, rubric
assessments, and the outcome each trainee holds on each role-play."""

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


class RoleplayKind(enum.StrEnum):
    """The kinds of role-play, each with its own spec, way of playing and way of scoring."""

    SCENARIO = "scenario"
    WRITTEN = "written"
    LIVE = "live"


class Roleplay(Base):
    """A role-play of a course; what it says lives in versions, ``current_version`` is in use."""

    __tablename__ = "lms_roleplays"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("lms_courses.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(80))
    kind: Mapped[RoleplayKind] = mapped_column(enum_by_value(RoleplayKind))
    title: Mapped[str] = mapped_column(String(200))
    module_slug: Mapped[str | None] = mapped_column(String(80))
    is_published: Mapped[bool] = mapped_column(default=True)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_roleplay_versions.id", use_alter=True, ondelete="SET NULL")
    )

    course: Mapped[Course] = relationship()
    current_version: Mapped[RoleplayVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )


class RoleplayVersion(Base):
    """One state of a role-play's file; plays, submissions and sessions keep the one they used."""

    __tablename__ = "lms_roleplay_versions"
    __table_args__ = (UniqueConstraint("roleplay_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roleplay_id: Mapped[int] = mapped_column(ForeignKey("lms_roleplays.id", ondelete="CASCADE"))
    number: Mapped[int]
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    roleplay: Mapped[Roleplay] = relationship(foreign_keys=[roleplay_id])


class ScenarioPlay(Base):
    """A trainee's run through a scenario; replays are new plays, and every play is kept.

    ``node`` and ``state`` (each dimension's and relationship's value) are where the play
    stands; ``steps_taken`` guards each choice so a repeated request records it once.
    """

    __tablename__ = "lms_scenario_plays"
    __table_args__ = (UniqueConstraint("roleplay_id", "account_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roleplay_id: Mapped[int] = mapped_column(ForeignKey("lms_roleplays.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(
        ForeignKey("lms_roleplay_versions.id", ondelete="RESTRICT")
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    node: Mapped[str] = mapped_column(String(40))
    state: Mapped[dict[str, int]] = mapped_column(JSON)
    steps_taken: Mapped[int] = mapped_column(default=0)
    is_passed: Mapped[bool | None]

    roleplay: Mapped[Roleplay] = relationship()
    version: Mapped[RoleplayVersion] = relationship()
    account: Mapped[Account] = relationship()
    steps: Mapped[list[ScenarioStep]] = relationship(
        back_populates="play", order_by="ScenarioStep.position", cascade="all, delete-orphan"
    )

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class ScenarioStep(Base):
    """One choice of a play: where it was made, when, and the state it led to."""

    __tablename__ = "lms_scenario_steps"
    __table_args__ = (UniqueConstraint("play_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    play_id: Mapped[int] = mapped_column(ForeignKey("lms_scenario_plays.id", ondelete="CASCADE"))
    position: Mapped[int]
    node: Mapped[str] = mapped_column(String(40))
    choice: Mapped[str] = mapped_column(String(40))
    chosen_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_node: Mapped[str] = mapped_column(String(40))
    state_after: Mapped[dict[str, int]] = mapped_column(JSON)

    play: Mapped[ScenarioPlay] = relationship(back_populates="steps")


class WrittenSubmission(Base):
    """A trainee's written answer to a written role-play; a resubmission is the next number."""

    __tablename__ = "lms_written_submissions"
    __table_args__ = (UniqueConstraint("roleplay_id", "account_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roleplay_id: Mapped[int] = mapped_column(ForeignKey("lms_roleplays.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(
        ForeignKey("lms_roleplay_versions.id", ondelete="RESTRICT")
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    answer: Mapped[str] = mapped_column(Text)
    reflection: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)

    roleplay: Mapped[Roleplay] = relationship()
    version: Mapped[RoleplayVersion] = relationship()
    account: Mapped[Account] = relationship()


class LiveSession(Base):
    """A scheduled live role-play of a course, played by trainees cast as its parties.

    ``request_key`` comes from the scheduling form, so posting it twice schedules once.
    """

    __tablename__ = "lms_live_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_key: Mapped[str] = mapped_column(String(64), unique=True)
    roleplay_id: Mapped[int] = mapped_column(ForeignKey("lms_roleplays.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(
        ForeignKey("lms_roleplay_versions.id", ondelete="RESTRICT")
    )
    scheduled_for: Mapped[datetime]
    scheduled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    roleplay: Mapped[Roleplay] = relationship()
    version: Mapped[RoleplayVersion] = relationship()
    participants: Mapped[list[LiveParticipant]] = relationship(
        back_populates="session", order_by="LiveParticipant.id", cascade="all, delete-orphan"
    )


class LiveParticipant(Base):
    """A trainee in a live session: playing ``party``, or observing when ``party`` is None."""

    __tablename__ = "lms_live_participants"
    __table_args__ = (UniqueConstraint("session_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("lms_live_sessions.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="CASCADE"), index=True
    )
    party: Mapped[str | None] = mapped_column(String(40))

    session: Mapped[LiveSession] = relationship(back_populates="participants")
    account: Mapped[Account] = relationship()

    @property
    def is_observer(self) -> bool:
        return self.party is None


class ObservationKind(enum.StrEnum):
    """Whether an observation notes something done well or something to work on."""

    STRENGTH = "strength"
    CONCERN = "concern"


class LiveObservation(Base):
    """A structured note an observer made about a player: which criterion, which way, what.

    ``request_key`` comes from the observation form, so posting it twice records one note.
    """

    __tablename__ = "lms_live_observations"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_key: Mapped[str] = mapped_column(String(64), unique=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("lms_live_sessions.id", ondelete="CASCADE"), index=True
    )
    observer_id: Mapped[int] = mapped_column(
        ForeignKey("lms_live_participants.id", ondelete="CASCADE")
    )
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("lms_live_participants.id", ondelete="CASCADE")
    )
    criterion: Mapped[str] = mapped_column(String(40))
    kind: Mapped[ObservationKind] = mapped_column(enum_by_value(ObservationKind))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    observer: Mapped[LiveParticipant] = relationship(foreign_keys=[observer_id])
    subject: Mapped[LiveParticipant] = relationship(foreign_keys=[subject_id])


class RubricAssessment(Base):
    """A trainer's assessment of a written submission or of a live participant; never edited.

    ``number`` counts the assessments of the same work, so a repeated form adds none; the
    highest number decides. ``levels`` and ``comments`` are keyed by criterion id.
    """

    __tablename__ = "lms_rubric_assessments"
    __table_args__ = (
        UniqueConstraint("submission_id", "number"),
        UniqueConstraint("participant_id", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    roleplay_id: Mapped[int] = mapped_column(ForeignKey("lms_roleplays.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="CASCADE"), index=True
    )
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_written_submissions.id", ondelete="CASCADE")
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_live_participants.id", ondelete="CASCADE")
    )
    number: Mapped[int]
    assessor_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="SET NULL")
    )
    assessed_at: Mapped[datetime] = mapped_column(default=utcnow)
    levels: Mapped[dict[str, str]] = mapped_column(JSON)
    comments: Mapped[dict[str, str]] = mapped_column(JSON)
    overall_comment: Mapped[str] = mapped_column(Text, default="")
    percent: Mapped[Decimal]
    is_passed: Mapped[bool]
    asks_resubmission: Mapped[bool] = mapped_column(default=False)

    assessor: Mapped[Account | None] = relationship(foreign_keys=[assessor_id])
    submission: Mapped[WrittenSubmission | None] = relationship()
    participant: Mapped[LiveParticipant | None] = relationship()


class RoleplayOutcome(Base):
    """What a trainee has achieved on a role-play, recomputed on each play or assessment.

    This is the role-play's report to progress: completed, passed, and its scores by dimension
    (or rubric criterion), which later stages map to competencies.
    """

    __tablename__ = "lms_roleplay_outcomes"

    roleplay_id: Mapped[int] = mapped_column(
        ForeignKey("lms_roleplays.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    completed_at: Mapped[datetime]
    is_passed: Mapped[bool] = mapped_column(default=False)
    percent: Mapped[Decimal | None]
    scores: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    roleplay: Mapped[Roleplay] = relationship()
