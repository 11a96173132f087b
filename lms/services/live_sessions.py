"""Live role-play sessions: casting trainees as parties, confidential briefs, and the trainer's
rubric assessment of each player (observers' notes live in lms.services.live_observations).

Each player may read the shared situation and their own party's brief, never another party's:
``brief_for`` is the one place a participant's brief comes from. Observers play no party and
read no brief.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from lms.content.roleplays import LiveSpec, Party
from lms.models import (
    Account,
    Course,
    Enrolment,
    LiveParticipant,
    LiveSession,
    Roleplay,
    RoleplayKind,
    RubricAssessment,
)
from lms.models.base import insert_unless_present
from lms.services import assessment, audit, marking, roleplays
from lms.services.errors import InvalidInput, NotPermitted

# Sessions often begin a little before the hour; observing and assessing may begin this early.
EARLY_START = timedelta(minutes=15)


def suggest_casting(spec: LiveSpec, trainees: Sequence[Account]) -> dict[int, str | None]:
    """Suggest a party for each trainee (by account id), so trainees see the other side.

    Every party gets a player before any gets a second, and each trainee goes, where the counts
    allow, to a party of a sector other than their own, so that they practise seeing the
    partnership from another side. Trainees who stated a sector are placed first: those who did
    not can take any party. The same trainees always get the same suggestion.
    """
    counts = {party.id: 0 for party in spec.parties}
    ordered = sorted(
        trainees,
        key=lambda trainee: (trainee.sector is None, trainee.display_name.casefold(), trainee.id),
    )
    casting: dict[int, str | None] = {}
    for trainee in ordered:
        fewest = min(counts.values())
        open_parties = [party for party in spec.parties if counts[party.id] == fewest]
        other_side = [party for party in open_parties if party.sector != trainee.sector]
        chosen = (other_side or open_parties)[0]
        counts[chosen.id] += 1
        casting[trainee.id] = chosen.id
    return casting


def cast_candidates(session: Session, course: Course) -> list[Account]:
    """Return the active trainees of ``course`` by name: only they may be cast."""
    return list(
        session.scalars(
            select(Account)
            .join(Enrolment, Enrolment.account_id == Account.id)
            .where(Enrolment.course_id == course.id, Account.is_active.is_(True))
            .order_by(func.lower(Account.display_name), Account.id)
        )
    )


def live_roleplays(session: Session, course: Course) -> list[Roleplay]:
    """Return the published live role-plays of ``course`` by title, for trainers to schedule."""
    return [
        roleplay
        for roleplay in roleplays.course_roleplays(session, course)
        if roleplay.kind is RoleplayKind.LIVE
    ]


def schedule(
    session: Session,
    roleplay: Roleplay,
    *,
    request_key: str,
    scheduled_for: datetime,
    casting: Mapping[int, str | None],
    scheduled_by: Account,
    now: datetime,
) -> LiveSession:
    """Schedule a session of a live role-play with trainees cast as parties (None: observer).

    ``request_key`` comes from the form, so that sending it twice, even at once, schedules one
    session: a repeat returns the session the first call scheduled.

    Raises NotFound unless ``roleplay`` is a published live role-play, NotPermitted unless
    ``scheduled_by`` teaches its course (or is an administrator), and InvalidInput on
    ``cast-<account id>`` for a trainee not enrolled or an unknown party, on ``casting`` when
    a party has no player, or on ``request_key`` when the key was used for another role-play.
    """
    roleplay = roleplays.find_roleplay(session, roleplay.id)
    version = roleplay.current_version
    if version is None:  # find_roleplay refuses role-plays without a version
        raise NotPermitted("This role-play has no published version.")
    spec = roleplays.live_of(version)
    if not marking.may_mark(session, scheduled_by, roleplay.course_id):
        raise NotPermitted("You do not teach this course.")
    enrolled = {account.id: account for account in cast_candidates(session, roleplay.course)}
    for account_id, party_id in casting.items():
        if account_id not in enrolled:
            raise InvalidInput(f"cast-{account_id}", "Only trainees enrolled in the course.")
        if party_id is not None and spec.party(party_id) is None:
            raise InvalidInput(f"cast-{account_id}", "Choose one of the role-play's parties.")
    for party in spec.parties:
        if party.id not in casting.values():
            raise InvalidInput("casting", f"Cast at least one trainee as {party.name}.")
    is_new = insert_unless_present(
        session,
        LiveSession,
        {
            "request_key": request_key,
            "roleplay_id": roleplay.id,
            "version_id": version.id,
            "scheduled_for": scheduled_for,
            "scheduled_by_id": scheduled_by.id,
            "created_at": now,
        },
        unique=["request_key"],
    )
    live_session = session.scalars(
        select(LiveSession).where(LiveSession.request_key == request_key)
    ).one()
    if live_session.roleplay_id != roleplay.id:
        raise InvalidInput("request_key", "This form was sent already; reload the page.")
    if not is_new:
        return live_session
    live_session.participants.extend(
        LiveParticipant(account=enrolled[account_id], party=party_id)
        for account_id, party_id in sorted(casting.items())
    )
    session.flush()
    audit.record(
        session,
        actor=scheduled_by,
        action="live_session.scheduled",
        subject=roleplay,
        now=now,
        after={
            "session": live_session.id,
            "scheduled_for": scheduled_for.isoformat(),
            "cast": {
                enrolled[account_id].email: party_id or "observer"
                for account_id, party_id in sorted(casting.items())
            },
        },
    )
    return live_session


def find_session(session: Session, session_id: int) -> LiveSession | None:
    """Load session ``session_id`` with its role-play and cast (or None), to show it in one go."""
    return session.scalars(
        select(LiveSession)
        .where(LiveSession.id == session_id)
        .options(
            selectinload(LiveSession.roleplay).selectinload(Roleplay.course),
            selectinload(LiveSession.version),
            selectinload(LiveSession.participants).selectinload(LiveParticipant.account),
        )
    ).one_or_none()


def has_started(live_session: LiveSession, *, now: datetime) -> bool:
    """Tell whether the session has begun (or is about to), so it may be observed and assessed."""
    return now >= live_session.scheduled_for - EARLY_START


def participant_of(
    session: Session, live_session: LiveSession, account: Account
) -> LiveParticipant | None:
    """Find ``account``'s place in the session (None if none): it decides what they may read."""
    return session.scalars(
        select(LiveParticipant).where(
            LiveParticipant.session_id == live_session.id,
            LiveParticipant.account_id == account.id,
        )
    ).one_or_none()


def brief_for(spec: LiveSpec, participant: LiveParticipant) -> Party | None:
    """Return the party (and brief) ``participant`` plays, None for observers: briefs' one gate."""
    if participant.party is None:
        return None
    return spec.party(participant.party)


def part_of(spec: LiveSpec, participant: LiveParticipant) -> str:
    """Name what ``participant`` does in the session, their party or "Observer", for people."""
    party = brief_for(spec, participant)
    return party.name if party is not None else "Observer"


def sessions_for(
    session: Session, trainee: Account, course: Course
) -> list[tuple[LiveSession, LiveParticipant]]:
    """List the sessions of ``course`` ``trainee`` takes part in, soonest first, to find them."""
    rows = session.execute(
        select(LiveSession, LiveParticipant)
        .join(LiveParticipant, LiveParticipant.session_id == LiveSession.id)
        .join(Roleplay, Roleplay.id == LiveSession.roleplay_id)
        .where(Roleplay.course_id == course.id, LiveParticipant.account_id == trainee.id)
        .order_by(LiveSession.scheduled_for, LiveSession.id)
        .options(selectinload(LiveSession.roleplay))
    )
    return [(live_session, participant) for live_session, participant in rows]


def course_sessions(session: Session, course: Course) -> list[LiveSession]:
    """List every session of ``course``, latest first, cast loaded, for its trainers' overview."""
    return list(
        session.scalars(
            select(LiveSession)
            .join(Roleplay, Roleplay.id == LiveSession.roleplay_id)
            .where(Roleplay.course_id == course.id)
            .order_by(LiveSession.scheduled_for.desc(), LiveSession.id.desc())
            .options(
                selectinload(LiveSession.roleplay),
                selectinload(LiveSession.participants).selectinload(LiveParticipant.account),
            )
        )
    )


def players(live_session: LiveSession) -> list[LiveParticipant]:
    """Return the participants who play a party, in casting order: only they are assessed."""
    return [participant for participant in live_session.participants if not participant.is_observer]


def latest_assessments(session: Session, live_session: LiveSession) -> dict[int, RubricAssessment]:
    """Map each assessed player to their deciding assessment, to show a session's results."""
    deciding = (
        select(RubricAssessment.participant_id, func.max(RubricAssessment.number).label("number"))
        .join(LiveParticipant, LiveParticipant.id == RubricAssessment.participant_id)
        .where(LiveParticipant.session_id == live_session.id)
        .group_by(RubricAssessment.participant_id)
        .subquery()
    )
    found = session.scalars(
        select(RubricAssessment).join(
            deciding,
            (deciding.c.participant_id == RubricAssessment.participant_id)
            & (deciding.c.number == RubricAssessment.number),
        )
    )
    return {
        found_one.participant_id: found_one
        for found_one in found
        if found_one.participant_id is not None
    }


def assess_participant(
    session: Session,
    participant: LiveParticipant,
    *,
    marks: assessment.Marks,
    number: int,
    assessor: Account,
    now: datetime,
) -> RubricAssessment:
    """Record assessment ``number`` of a player: the latest decides their role-play outcome.

    A live player has no work to send again, so no resubmission is ever asked of them.
    Raises NotPermitted unless ``assessor`` teaches the course (or is an administrator), the
    participant plays a party and the session has begun; InvalidInput as assessment.record does.
    """
    live_session = participant.session
    roleplay = live_session.roleplay
    if not marking.may_mark(session, assessor, roleplay.course_id):
        raise NotPermitted("You do not teach this course.")
    if participant.is_observer:
        raise NotPermitted("Observers play no party, so there is nothing to assess.")
    if not has_started(live_session, now=now):
        raise NotPermitted("Players can be assessed once the session begins.")
    spec = roleplays.live_of(live_session.version)
    return assessment.record(
        session,
        roleplay,
        participant.account,
        rubric=spec.rubric,
        passing=spec.passing,
        marks=dataclasses.replace(marks, asks_resubmission=False),
        number=number,
        assessor=assessor,
        now=now,
        participant=participant,
    )
