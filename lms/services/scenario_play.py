"""Branching scenarios as trainees play them: starting and resuming plays, recording choices.

A play keeps the version it began on. Each choice is recorded by one conditional UPDATE on the
play's ``steps_taken``, so a double click, a replayed form or a second tab records one step.
Replays are new plays and every play is kept; a trainee's unfinished play is resumed rather
than replaced unless they ask to start over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lms.content.roleplays import Choice, Dimension, Line, Node, Persona, ScenarioSpec
from lms.content.scenarios import Engine, InvalidChoice, State
from lms.models import (
    Account,
    Roleplay,
    RoleplayOutcome,
    RoleplayVersion,
    ScenarioPlay,
    ScenarioStep,
)
from lms.models.base import insert_unless_present
from lms.services import enrolment, roleplay_outcomes, roleplays
from lms.services.errors import InvalidInput, NotFound, NotPermitted

ENROL_FIRST = "Enrol in this course to play its scenarios."


class StaleStep(NotPermitted):
    """The reply came from a page the play has moved past; the message says where it stands."""


@dataclass(frozen=True)
class ScenarioStatus:
    """What a trainee can do with a scenario now, and the plays they made of it."""

    roleplay: Roleplay
    spec: ScenarioSpec
    plays: list[ScenarioPlay]
    in_progress: ScenarioPlay | None
    outcome: RoleplayOutcome | None
    refusal: str | None


@dataclass(frozen=True)
class Meter:
    """A dimension's value where a play stands, against its bounds and target."""

    dimension: Dimension
    value: int


@dataclass(frozen=True)
class Relationship:
    """How a persona stands toward the trainee, within the scenario's relationship range."""

    persona: Persona
    value: int


@dataclass(frozen=True)
class LastChoice:
    """The reply the trainee just gave, with its feedback."""

    position: int
    node: Node
    choice: Choice


@dataclass(frozen=True)
class PlayView:
    """Everything the play page shows: the node, who speaks, the choices, the running scores."""

    play: ScenarioPlay
    spec: ScenarioSpec
    node: Node
    lines: list[tuple[Persona, Line]]
    choices: list[Choice]
    meters: list[Meter]
    relationships: list[Relationship]
    relationship_range: tuple[int, int]
    last: LastChoice | None


def scenario_status(session: Session, roleplay: Roleplay, trainee: Account) -> ScenarioStatus:
    """Say what the trainee may do with a scenario and list their plays, newest first.

    Raises NotFound when the role-play is not a scenario.
    """
    spec = roleplays.scenario_of(_current_version(roleplay))
    plays = _plays(session, roleplay, trainee)
    is_enrolled = enrolment.find(session, trainee, roleplay.course) is not None
    return ScenarioStatus(
        roleplay=roleplay,
        spec=spec,
        plays=list(reversed(plays)),
        in_progress=_unfinished(plays),
        outcome=roleplay_outcomes.outcome_of(session, roleplay, trainee),
        refusal=None if is_enrolled else ENROL_FIRST,
    )


def start_play(
    session: Session, roleplay: Roleplay, *, trainee: Account, now: datetime, restart: bool = False
) -> ScenarioPlay:
    """Start a play of the scenario's current version, or return the one in progress.

    With ``restart`` the unfinished play is left as it is and a new one begins, unless the
    unfinished one has no step yet (so a double click starts one play). Raises NotPermitted
    when the trainee is not enrolled, NotFound when the role-play is not a scenario.
    """
    version = _current_version(roleplay)
    roleplays.scenario_of(version)
    if enrolment.find(session, trainee, roleplay.course) is None:
        raise NotPermitted(ENROL_FIRST)
    plays = _plays(session, roleplay, trainee)
    unfinished = _unfinished(plays)
    if unfinished is not None and (not restart or unfinished.steps_taken == 0):
        return unfinished
    engine = roleplays.engine_of(version)
    start = engine.start()
    number = 1 + max((play.number for play in plays), default=0)
    insert_unless_present(  # a second tab starting at the same moment gets the same play
        session,
        ScenarioPlay,
        {
            "roleplay_id": roleplay.id,
            "version_id": version.id,
            "account_id": trainee.id,
            "number": number,
            "started_at": now,
            "node": start.node,
            "state": engine.as_dict(start),
            "steps_taken": 0,
        },
        unique=["roleplay_id", "account_id", "number"],
    )
    return session.scalars(
        select(ScenarioPlay).where(
            ScenarioPlay.roleplay_id == roleplay.id,
            ScenarioPlay.account_id == trainee.id,
            ScenarioPlay.number == number,
        )
    ).one()


def find_play(session: Session, play_id: int, *, account: Account) -> ScenarioPlay | None:
    """The play ``play_id`` if it is ``account``'s own."""
    play = session.get(ScenarioPlay, play_id)
    return play if play is not None and play.account_id == account.id else None


def choose(
    session: Session, play: ScenarioPlay, *, step: int, choice_id: str, now: datetime
) -> ScenarioPlay:
    """Record the trainee's reply at the play's step ``step`` (the steps taken when the page
    was shown), and finish the play when the reply leads to an ending.

    Raises StaleStep when the play has moved past ``step`` or is finished (the reply was
    recorded already, or another tab moved on), NotPermitted when the trainee is no longer
    enrolled, InvalidInput when the choice is not on offer.
    """
    if play.is_finished:
        raise StaleStep("This play is finished: here is how it went.")
    if step != play.steps_taken:
        raise StaleStep("That reply was already recorded: here is where your play stands.")
    if enrolment.find(session, play.account, play.roleplay.course) is None:
        raise NotPermitted(ENROL_FIRST)
    engine = roleplays.engine_of(play.version)
    before = engine.restore(play.node, play.state)
    try:
        after = engine.choose(before, choice_id)
    except InvalidChoice:
        raise InvalidInput(
            "choice", "That reply is not on offer here: choose one of the replies shown."
        ) from None
    values = engine.as_dict(after)
    is_ending = engine.is_ending(after)
    verdict = engine.verdict(after) if is_ending else None
    moved = session.execute(
        update(ScenarioPlay)
        .where(
            ScenarioPlay.id == play.id,
            ScenarioPlay.steps_taken == step,
            ScenarioPlay.finished_at.is_(None),
        )
        .values(
            steps_taken=step + 1,
            node=after.node,
            state=values,
            finished_at=now if is_ending else None,
            is_passed=verdict.is_passed if verdict is not None else None,
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(play)
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleStep("That reply was already recorded: here is where your play stands.")
    session.add(
        ScenarioStep(
            play_id=play.id,
            position=step + 1,
            node=before.node,
            choice=choice_id,
            chosen_at=now,
            next_node=after.node,
            state_after=values,
        )
    )
    session.flush()
    if verdict is not None:
        roleplay_outcomes.record(
            session,
            play.roleplay,
            play.account,
            is_passed=verdict.is_passed,
            percent=None,
            scores=dict(engine.dimensions(after)),
            now=now,
            replaces=False,
        )
    return play


def play_view(session: Session, play: ScenarioPlay) -> PlayView:
    """What the play page shows where an unfinished play stands; one query for the last step."""
    engine = roleplays.engine_of(play.version)
    spec = engine.spec
    state = engine.restore(play.node, play.state)
    node = spec.nodes[play.node]
    personas = {persona.id: persona for persona in spec.personas}
    return PlayView(
        play=play,
        spec=spec,
        node=node,
        lines=[(personas[line.persona], line) for line in node.lines],
        choices=engine.choices(state),
        meters=meters(engine, state),
        relationships=relationships(engine, state),
        relationship_range=spec.relationship_range,
        last=_last_choice(session, play, spec),
    )


def meters(engine: Engine, state: State) -> list[Meter]:
    """Each dimension's value in ``state``, in the order the scenario declares them."""
    values = engine.dimensions(state)
    return [Meter(dimension, values[dimension.id]) for dimension in engine.spec.dimensions]


def relationships(engine: Engine, state: State) -> list[Relationship]:
    """Each persona's relationship in ``state``, in the order the scenario declares them."""
    values = engine.relationships(state)
    return [Relationship(persona, values[persona.id]) for persona in engine.spec.personas]


def choice_at(spec: ScenarioSpec, node_id: str, choice_id: str) -> Choice | None:
    """The choice ``choice_id`` of node ``node_id``, None if the spec has no such choice."""
    node = spec.nodes.get(node_id)
    if node is None:
        return None
    return next((choice for choice in node.choices if choice.id == choice_id), None)


def _last_choice(session: Session, play: ScenarioPlay, spec: ScenarioSpec) -> LastChoice | None:
    if play.steps_taken == 0:
        return None
    step = session.scalars(
        select(ScenarioStep).where(
            ScenarioStep.play_id == play.id, ScenarioStep.position == play.steps_taken
        )
    ).one_or_none()
    if step is None:
        return None
    choice = choice_at(spec, step.node, step.choice)
    if choice is None:
        return None
    return LastChoice(step.position, spec.nodes[step.node], choice)


def _current_version(roleplay: Roleplay) -> RoleplayVersion:
    if roleplay.current_version is None:
        raise NotFound("There is no such role-play.")
    return roleplay.current_version


def _plays(session: Session, roleplay: Roleplay, trainee: Account) -> list[ScenarioPlay]:
    return list(
        session.scalars(
            select(ScenarioPlay)
            .where(ScenarioPlay.roleplay_id == roleplay.id, ScenarioPlay.account_id == trainee.id)
            .order_by(ScenarioPlay.number)
        )
    )


def _unfinished(plays: list[ScenarioPlay]) -> ScenarioPlay | None:
    return next((play for play in reversed(plays) if not play.is_finished), None)
