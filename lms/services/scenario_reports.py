"""What a scenario play came to: the debrief of one play, and a cohort's report for trainers.

A debrief reads a play's steps in one query; a report reads a scenario's plays in one, and how
often each reply was taken in one more, counted by the database, whatever the length of the paths.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from lms.content.roleplays import Choice, Dimension, Ending, Node, ScenarioSpec
from lms.content.scenarios import Better, Engine, State, Verdict
from lms.models import Roleplay, ScenarioPlay, ScenarioStep
from lms.services import roleplays
from lms.services.errors import NotFound
from lms.services.scenario_play import Relationship, choice_at, meters, relationships


@dataclass(frozen=True)
class PathStep:
    """One choice along a play's path: where it was made, what it led to, the values after."""

    position: int
    node_id: str
    node: Node | None
    choice_id: str
    choice: Choice | None
    chosen_at: datetime
    next_id: str
    next_title: str
    values: dict[str, int]


@dataclass(frozen=True)
class Score:
    """A dimension's final value against the scenario's target and floor."""

    dimension: Dimension
    value: int

    @property
    def meets_target(self) -> bool:
        """Whether the play reached the value the scenario aims for on this dimension."""
        return self.value >= self.dimension.target

    @property
    def is_below_floor(self) -> bool:
        """Whether the value fell under the floor, below which a play does not pass."""
        return self.dimension.floor is not None and self.value < self.dimension.floor


@dataclass(frozen=True)
class BetterStep:
    """A point on the path where another reply could still have reached a better ending."""

    step: PathStep
    better: Better


@dataclass(frozen=True)
class Debrief:
    """A play's path and how it went; ``ending`` and ``verdict`` are None while unfinished."""

    play: ScenarioPlay
    spec: ScenarioSpec
    start_title: str
    start_values: dict[str, int]
    steps: list[PathStep]
    ending_id: str | None
    ending: Ending | None
    verdict: Verdict | None
    scores: list[Score]
    relationships: list[Relationship]
    better: list[BetterStep]


def debrief(session: Session, play: ScenarioPlay) -> Debrief:
    """Rebuild a play's path from its recorded steps and judge where it ended."""
    engine = roleplays.engine_of(play.version)
    spec = engine.spec
    start = engine.start()
    rows = list(
        session.scalars(
            select(ScenarioStep)
            .where(ScenarioStep.play_id == play.id)
            .order_by(ScenarioStep.position)
        )
    )
    steps = [_path_step(spec, row) for row in rows]
    final = engine.restore(play.node, play.state)
    ending = spec.endings.get(final.node) if play.is_finished else None
    better: list[BetterStep] = []
    if ending is not None:
        by_position = {step.position: step for step in steps}
        better = [
            BetterStep(by_position[found.step], found)
            for found in engine.better_choices(_path(engine, start, rows))
        ]
    return Debrief(
        play=play,
        spec=spec,
        start_title=spec.nodes[start.node].title,
        start_values=engine.dimensions(start),
        steps=steps,
        ending_id=final.node if ending is not None else None,
        ending=ending,
        verdict=engine.verdict(final) if ending is not None else None,
        scores=[Score(meter.dimension, meter.value) for meter in meters(engine, final)],
        relationships=relationships(engine, final),
        better=better,
    )


def _path_step(spec: ScenarioSpec, row: ScenarioStep) -> PathStep:
    node = spec.nodes.get(row.node)
    following = spec.nodes.get(row.next_node) or spec.endings.get(row.next_node)
    return PathStep(
        position=row.position,
        node_id=row.node,
        node=node,
        choice_id=row.choice,
        choice=choice_at(spec, row.node, row.choice),
        chosen_at=row.chosen_at,
        next_id=row.next_node,
        next_title=following.title if following is not None else row.next_node,
        values={dim.id: row.state_after.get(dim.id, 0) for dim in spec.dimensions},
    )


def _path(engine: Engine, start: State, rows: list[ScenarioStep]) -> list[tuple[State, str]]:
    """Each step as (state before it, choice taken), as Engine.better_choices reads a path."""
    path = []
    before = start
    for row in rows:
        path.append((before, row.choice))
        before = engine.restore(row.next_node, row.state_after)
    return path


@dataclass(frozen=True)
class ChoiceCount:
    """How often a choice was taken at its node, and its share of the node's choices."""

    choice: Choice
    count: int
    share: Decimal


@dataclass(frozen=True)
class NodeChoices:
    """The choices of one node with how often each was taken."""

    node_id: str
    node: Node
    total: int
    choices: list[ChoiceCount]


@dataclass(frozen=True)
class ValueCount:
    """How many finished plays ended with a dimension at ``value``."""

    value: int
    count: int
    share: Decimal


@dataclass(frozen=True)
class Distribution:
    """The final values of one dimension across finished plays."""

    dimension: Dimension
    values: list[ValueCount]


@dataclass(frozen=True)
class EndingCount:
    """How many finished plays reached an ending."""

    ending_id: str
    ending: Ending
    count: int
    share: Decimal


@dataclass(frozen=True)
class ScenarioReport:
    """A cohort's plays of a scenario: choices taken, final scores, endings, and each play."""

    roleplay: Roleplay
    spec: ScenarioSpec
    plays: list[ScenarioPlay]
    finished: int
    passed: int
    trainees: int
    nodes: list[NodeChoices]
    distributions: list[Distribution]
    endings: list[EndingCount]

    def ending_title(self, play: ScenarioPlay) -> str | None:
        """The title of the ending ``play`` reached, None while it is unfinished."""
        ending = self.spec.endings.get(play.node) if play.is_finished else None
        return ending.title if ending is not None else None


def scenario_report(session: Session, roleplay: Roleplay) -> ScenarioReport:
    """Sum up every play of a scenario, counted against its current version's nodes and choices.

    Plays of earlier versions count where their node and choice ids still exist.
    """
    if roleplay.current_version is None:
        raise NotFound("There is no such role-play.")
    spec = roleplays.scenario_of(roleplay.current_version)
    plays = list(
        session.scalars(
            select(ScenarioPlay)
            .options(joinedload(ScenarioPlay.account))
            .where(ScenarioPlay.roleplay_id == roleplay.id)
            .order_by(ScenarioPlay.started_at.desc(), ScenarioPlay.id.desc())
        )
    )
    taken: Counter[tuple[str, str]] = Counter(
        {
            (node, choice): count
            for node, choice, count in session.execute(
                select(ScenarioStep.node, ScenarioStep.choice, func.count())
                .join(ScenarioPlay, ScenarioStep.play_id == ScenarioPlay.id)
                .where(ScenarioPlay.roleplay_id == roleplay.id)
                .group_by(ScenarioStep.node, ScenarioStep.choice)
            )
        }
    )
    finished = [play for play in plays if play.is_finished]
    return ScenarioReport(
        roleplay=roleplay,
        spec=spec,
        plays=plays,
        finished=len(finished),
        passed=sum(1 for play in finished if play.is_passed),
        trainees=len({play.account_id for play in plays}),
        nodes=_node_choices(spec, taken),
        distributions=_distributions(spec, finished),
        endings=_endings(spec, finished),
    )


def _share(count: int, total: int) -> Decimal:
    return Decimal(count * 100) / Decimal(total) if total else Decimal(0)


def _node_choices(spec: ScenarioSpec, taken: Counter[tuple[str, str]]) -> list[NodeChoices]:
    found = []
    for node_id, node in spec.nodes.items():
        counts = [taken[(node_id, choice.id)] for choice in node.choices]
        total = sum(counts)
        found.append(
            NodeChoices(
                node_id,
                node,
                total,
                [
                    ChoiceCount(choice, count, _share(count, total))
                    for choice, count in zip(node.choices, counts, strict=True)
                ],
            )
        )
    return found


def _distributions(spec: ScenarioSpec, finished: list[ScenarioPlay]) -> list[Distribution]:
    found = []
    for dimension in spec.dimensions:
        values = Counter(
            play.state[dimension.id] for play in finished if dimension.id in play.state
        )
        total = sum(values.values())
        found.append(
            Distribution(
                dimension,
                [
                    ValueCount(value, values[value], _share(values[value], total))
                    for value in range(dimension.min, dimension.max + 1)
                ],
            )
        )
    return found


def _endings(spec: ScenarioSpec, finished: list[ScenarioPlay]) -> list[EndingCount]:
    reached = Counter(play.node for play in finished)
    total = len(finished)
    return [
        EndingCount(ending_id, ending, reached[ending_id], _share(reached[ending_id], total))
        for ending_id, ending in spec.endings.items()
    ]
