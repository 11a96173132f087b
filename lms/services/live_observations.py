"""Observers' notes on the players of a live session, each about one criterion of the rubric.

Observers play no party and read no brief (lms.services.live_sessions); what they note helps
the trainer assess the players.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lms.content.roleplays import LiveSpec
from lms.models import Account, LiveObservation, LiveParticipant, LiveSession, ObservationKind
from lms.models.base import insert_unless_present
from lms.services import live_sessions, roleplays
from lms.services.errors import InvalidInput, NotPermitted

NOTE_LIMIT = 5_000


def criterion_titles(spec: LiveSpec) -> dict[str, str]:
    """Map each rubric criterion's id to its title, to name what an observation is about."""
    return {criterion.id: criterion.title for criterion in spec.rubric.criteria}


def add_observation(
    session: Session,
    live_session: LiveSession,
    *,
    request_key: str,
    observer: Account,
    subject_id: int,
    criterion: str,
    kind: str,
    note: str,
    now: datetime,
) -> LiveObservation:
    """Record an observer's note on a player, so the trainer can weigh it when assessing.

    ``request_key`` comes from the form, so that sending it twice records one note: a repeat
    returns the note the first call recorded.

    Raises NotPermitted unless ``observer`` observes this session and it has begun, and
    InvalidInput on ``subject``, ``criterion``, ``kind`` or ``note`` for a value that does not
    fit, or on ``request_key`` when the key was used by another observer.
    """
    watcher = live_sessions.participant_of(session, live_session, observer)
    if watcher is None or not watcher.is_observer:
        raise NotPermitted("Only the session's observers add observations.")
    if not live_sessions.has_started(live_session, now=now):
        raise NotPermitted("Observations open when the session begins.")
    subject = session.get(LiveParticipant, subject_id)
    if subject is None or subject.session_id != live_session.id or subject.is_observer:
        raise InvalidInput("subject", "Choose a player of this session.")
    spec = roleplays.live_of(live_session.version)
    if criterion not in criterion_titles(spec):
        raise InvalidInput("criterion", "Choose one of the rubric's criteria.")
    try:
        observation_kind = ObservationKind(kind)
    except ValueError:
        raise InvalidInput("kind", "Say whether it is a strength or a concern.") from None
    text = note.strip()
    if not text:
        raise InvalidInput("note", "Say what you observed.")
    if len(text) > NOTE_LIMIT:
        raise InvalidInput("note", f"Keep the note under {NOTE_LIMIT} characters.")
    insert_unless_present(
        session,
        LiveObservation,
        {
            "request_key": request_key,
            "session_id": live_session.id,
            "observer_id": watcher.id,
            "subject_id": subject.id,
            "criterion": criterion,
            "kind": observation_kind,
            "note": text,
            "created_at": now,
        },
        unique=["request_key"],
    )
    observation = session.scalars(
        select(LiveObservation).where(LiveObservation.request_key == request_key)
    ).one()
    if observation.observer_id != watcher.id:
        raise InvalidInput("request_key", "This form was sent already; reload the page.")
    return observation


def observations(
    session: Session,
    live_session: LiveSession,
    *,
    observer: LiveParticipant | None = None,
    subject: LiveParticipant | None = None,
) -> list[LiveObservation]:
    """List the session's notes, oldest first (all, by ``observer`` or about ``subject``)."""
    query = select(LiveObservation).where(LiveObservation.session_id == live_session.id)
    if observer is not None:
        query = query.where(LiveObservation.observer_id == observer.id)
    if subject is not None:
        query = query.where(LiveObservation.subject_id == subject.id)
    return list(
        session.scalars(
            query.order_by(LiveObservation.created_at, LiveObservation.id).options(
                selectinload(LiveObservation.observer).selectinload(LiveParticipant.account),
                selectinload(LiveObservation.subject).selectinload(LiveParticipant.account),
            )
        )
    )
