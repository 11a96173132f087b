"""Where each trainee stands on each role-play of a course, as the course page lists them."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.models import (
    Account,
    Course,
    LiveParticipant,
    LiveSession,
    Roleplay,
    RoleplayKind,
    RoleplayOutcome,
    RubricAssessment,
    ScenarioPlay,
    WrittenSubmission,
)
from lms.services import live_sessions
from lms.services.progress import outcome_join


class RoleplayStatus(enum.StrEnum):
    """Where a trainee stands on a role-play, as the course page says it."""

    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    SCHEDULED = "scheduled"
    AWAITING_ASSESSMENT = "awaiting assessment"
    PASSED = "passed"
    NOT_PASSED = "not passed"


@dataclass(frozen=True)
class RoleplayItem:
    """A published role-play of a course with the viewer's status and outcome on it."""

    roleplay: Roleplay
    status: RoleplayStatus
    outcome: RoleplayOutcome | None


def course_roleplays(
    session: Session, account: Account | None, course: Course, *, now: datetime
) -> list[RoleplayItem]:
    """The published role-plays of ``course`` by title, with ``account``'s status on each.

    Work awaiting assessment (a written answer not yet assessed, a live session that has begun)
    shows as such even over an earlier outcome. At most four queries, however many role-plays.
    """
    query = (
        select(Roleplay)
        .where(Roleplay.course_id == course.id, Roleplay.is_published)
        .order_by(Roleplay.title, Roleplay.id)
    )
    if account is None:
        return [
            RoleplayItem(roleplay, RoleplayStatus.NOT_STARTED, None)
            for roleplay in session.scalars(query)
        ]
    rows = session.execute(
        query.add_columns(RoleplayOutcome).outerjoin(RoleplayOutcome, outcome_join(account))
    ).all()
    ids = {kind: [row[0].id for row in rows if row[0].kind is kind] for kind in RoleplayKind}
    pending = (
        _scenarios_played(session, account, ids[RoleplayKind.SCENARIO])
        | _written_awaiting(session, account, ids[RoleplayKind.WRITTEN])
        | _live_cast(session, account, ids[RoleplayKind.LIVE], now=now)
    )
    return [
        RoleplayItem(roleplay, _status(outcome, pending.get(roleplay.id)), outcome)
        for roleplay, outcome in rows
    ]


def _status(outcome: RoleplayOutcome | None, pending: RoleplayStatus | None) -> RoleplayStatus:
    if pending is RoleplayStatus.AWAITING_ASSESSMENT or outcome is None:
        return pending or RoleplayStatus.NOT_STARTED
    return RoleplayStatus.PASSED if outcome.is_passed else RoleplayStatus.NOT_PASSED


def _scenarios_played(
    session: Session, account: Account, roleplay_ids: list[int]
) -> dict[int, RoleplayStatus]:
    if not roleplay_ids:
        return {}
    played = session.scalars(
        select(ScenarioPlay.roleplay_id)
        .where(ScenarioPlay.account_id == account.id, ScenarioPlay.roleplay_id.in_(roleplay_ids))
        .distinct()
    )
    return dict.fromkeys(played, RoleplayStatus.IN_PROGRESS)


def _written_awaiting(
    session: Session, account: Account, roleplay_ids: list[int]
) -> dict[int, RoleplayStatus]:
    """The written role-plays whose latest submission has no assessment yet."""
    if not roleplay_ids:
        return {}
    latest: dict[int, tuple[int, bool]] = {}
    for roleplay_id, number, assessments in session.execute(
        select(
            WrittenSubmission.roleplay_id, WrittenSubmission.number, func.count(RubricAssessment.id)
        )
        .outerjoin(RubricAssessment, RubricAssessment.submission_id == WrittenSubmission.id)
        .where(
            WrittenSubmission.account_id == account.id,
            WrittenSubmission.roleplay_id.in_(roleplay_ids),
        )
        .group_by(WrittenSubmission.id, WrittenSubmission.roleplay_id, WrittenSubmission.number)
    ):
        if roleplay_id not in latest or number > latest[roleplay_id][0]:
            latest[roleplay_id] = (number, assessments == 0)
    return {
        roleplay_id: RoleplayStatus.AWAITING_ASSESSMENT
        for roleplay_id, (_, is_awaiting) in latest.items()
        if is_awaiting
    }


def _live_cast(
    session: Session, account: Account, roleplay_ids: list[int], *, now: datetime
) -> dict[int, RoleplayStatus]:
    """The live role-plays ``account`` plays a party in: scheduled, or awaiting assessment once
    a session has begun and no assessment of them has been recorded."""
    if not roleplay_ids:
        return {}
    statuses: dict[int, RoleplayStatus] = {}
    for roleplay_id, scheduled_for, assessments in session.execute(
        select(LiveSession.roleplay_id, LiveSession.scheduled_for, func.count(RubricAssessment.id))
        .join(LiveParticipant, LiveParticipant.session_id == LiveSession.id)
        .outerjoin(RubricAssessment, RubricAssessment.participant_id == LiveParticipant.id)
        .where(
            LiveParticipant.account_id == account.id,
            LiveParticipant.party.is_not(None),
            LiveSession.roleplay_id.in_(roleplay_ids),
        )
        .group_by(LiveParticipant.id, LiveSession.roleplay_id, LiveSession.scheduled_for)
    ):
        if assessments:
            continue
        if scheduled_for - live_sessions.EARLY_START <= now:
            statuses[roleplay_id] = RoleplayStatus.AWAITING_ASSESSMENT
        else:
            statuses.setdefault(roleplay_id, RoleplayStatus.SCHEDULED)
    return statuses
