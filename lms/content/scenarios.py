"""The branching-scenario engine: playing a scenario, judging its endings, exploring its states.

Pure: no Flask, no database. A play's state is the node it stands at plus one bounded integer per
dimension and per persona's relationship; a choice moves every value by its effect, clamped to
its bounds, then follows the first route whose condition holds. Conditions read the state:
``trust < 2``, ``ngo.relationship >= 1``, joined by ``and`` and ``or`` (``and`` binds closer).
"""

from __future__ import annotations

import operator
import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from lms.content.roleplays import Choice, Ending, Outcome, ScenarioSpec

RELATIONSHIP = ".relationship"
# Past this many distinct (node, values) states the checks fall back to value ranges per node.
EXPLORATION_LIMIT = 100_000

_COMPARISON = re.compile(
    r"^\s*([a-z][a-z0-9_-]*(?:\.relationship)?)\s*(<=|>=|==|!=|<|>)\s*(-?\d+)\s*$"
)
_OPERATORS: dict[str, Callable[[int, int], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_OUTCOME_ORDER = {Outcome.FAILURE: 0, Outcome.PARTIAL: 1, Outcome.SUCCESS: 2}


class ConditionError(ValueError):
    """A condition that cannot be read; the message says what is wrong with it."""


class InvalidChoice(ValueError):
    """A choice that is not on offer at the play's current node."""


@dataclass(frozen=True)
class Comparison:
    """One ``name op number`` clause of a condition."""

    name: str
    op: str
    number: int

    def holds(self, value: int) -> bool:
        return _OPERATORS[self.op](value, self.number)


@dataclass(frozen=True)
class Condition:
    """A condition in disjunctive form: it holds when every clause of some group holds."""

    groups: tuple[tuple[Comparison, ...], ...]

    @property
    def names(self) -> set[str]:
        return {clause.name for group in self.groups for clause in group}


def parse_condition(text: str) -> Condition:
    """Read ``text`` as a condition. Raises ConditionError saying which part is not understood."""
    groups = []
    for alternative in re.split(r"\s+or\s+", text.strip()):
        clauses = []
        for part in re.split(r"\s+and\s+", alternative):
            match = _COMPARISON.match(part)
            if match is None:
                raise ConditionError(
                    f"cannot read condition {part.strip()!r}: write it as 'name < number' "
                    "(with <, <=, >, >=, == or !=), joined by 'and' or 'or'"
                )
            clauses.append(Comparison(match[1], match[2], int(match[3])))
        groups.append(tuple(clauses))
    return Condition(tuple(groups))


@dataclass(frozen=True)
class State:
    """Where a play stands: the node (or ending) and the values, in the engine's name order."""

    node: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Verdict:
    """How a finished play did: passed or not, and why not."""

    is_passed: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Better:
    """A choice that could have led somewhere better than the one taken at the same point."""

    step: int
    choice: Choice
    ending: Ending
    ending_id: str
    scores: dict[str, int]


_Move = tuple[Choice, tuple[tuple[int, int], ...], tuple[tuple[str | None, str], ...]]


class Engine:
    """Plays a scenario: starts, offers choices, applies them, and judges endings."""

    def __init__(self, spec: ScenarioSpec) -> None:
        self.spec = spec
        low, high = spec.relationship_range
        dimension_names = [dimension.id for dimension in spec.dimensions]
        persona_names = [persona.id + RELATIONSHIP for persona in spec.personas]
        self.names: tuple[str, ...] = (*dimension_names, *persona_names)
        self.index = {name: position for position, name in enumerate(self.names)}
        self.low = tuple([dim.min for dim in spec.dimensions] + [low] * len(persona_names))
        self.high = tuple([dim.max for dim in spec.dimensions] + [high] * len(persona_names))
        self._conditions: dict[str, Condition] = {}
        # Keyed by id(); each entry keeps its choice alive, so an id is never reused meanwhile.
        self._moves: dict[int, _Move] = {}

    def start(self) -> State:
        """The state every play begins in."""
        starts = [dim.start for dim in self.spec.dimensions]
        relationships = [
            min(max(persona.relationship, self.low[-1]), self.high[-1])
            for persona in self.spec.personas
        ]
        return State(self.spec.start, tuple(starts + relationships))

    def is_ending(self, state: State) -> bool:
        return state.node in self.spec.endings

    def holds(self, text: str | None, state: State) -> bool:
        """Tell whether the condition ``text`` (None always holds) holds in ``state``."""
        if text is None:
            return True
        condition = self._conditions.get(text)
        if condition is None:
            condition = self._conditions[text] = parse_condition(text)
        return any(
            all(clause.holds(state.values[self.index[clause.name]]) for clause in group)
            for group in condition.groups
        )

    def choices(self, state: State) -> list[Choice]:
        """The choices on offer in ``state``: none at an ending."""
        node = self.spec.nodes.get(state.node)
        if node is None:
            return []
        return [choice for choice in node.choices if self.holds(choice.requires, state)]

    def choose(self, state: State, choice_id: str) -> State:
        """Apply the choice ``choice_id``. Raises InvalidChoice when it is not on offer."""
        choice = next((one for one in self.choices(state) if one.id == choice_id), None)
        if choice is None:
            raise InvalidChoice(f"no choice {choice_id!r} on offer at {state.node!r}")
        return self.apply(state, choice)

    def apply(self, state: State, choice: Choice) -> State:
        """Move every value by the choice's effects, clamped, then follow its first open route."""
        _, changes, routes = self._moves.get(id(choice)) or self._move_of(choice)
        values = list(state.values)
        for position, delta in changes:
            values[position] = min(
                max(values[position] + delta, self.low[position]), self.high[position]
            )
        moved = State(state.node, tuple(values))
        target = next(to for when, to in routes if self.holds(when, moved))
        return State(target, moved.values)

    def _move_of(self, choice: Choice) -> _Move:
        """Read a choice's changes and routes once: exploring applies each choice many times."""
        changes = [(self.index[name], delta) for name, delta in choice.effects.items()] + [
            (self.index[persona + RELATIONSHIP], delta)
            for persona, delta in choice.relationships.items()
        ]
        move = (choice, tuple(changes), tuple((route.when, route.to) for route in choice.routes))
        self._moves[id(choice)] = move
        return move

    def dimensions(self, state: State) -> dict[str, int]:
        """The value of each dimension, by id."""
        return {dim.id: state.values[self.index[dim.id]] for dim in self.spec.dimensions}

    def relationships(self, state: State) -> dict[str, int]:
        """Each persona's relationship with the trainee, by persona id."""
        return {
            persona.id: state.values[self.index[persona.id + RELATIONSHIP]]
            for persona in self.spec.personas
        }

    def restore(self, node: str, values: dict[str, int]) -> State:
        """Rebuild a state saved as ``{name: value}`` (names as in ``as_dict``)."""
        return State(node, tuple(values[name] for name in self.names))

    def as_dict(self, state: State) -> dict[str, int]:
        return dict(zip(self.names, state.values, strict=True))

    def verdict(self, state: State) -> Verdict:
        """Judge a play that reached an ending against the scenario's pass rule."""
        ending = self.spec.endings.get(state.node)
        if ending is None:
            return Verdict(False, ("The scenario is not finished.",))
        reasons = []
        passing_endings = self.spec.passing.endings
        if (
            ending.outcome is Outcome.FAILURE
            if passing_endings is None
            else state.node not in passing_endings
        ):
            reasons.append(f"“{ending.title}” is not a passing ending.")
        scores = self.dimensions(state)
        for dim in self.spec.dimensions:
            if dim.floor is not None and scores[dim.id] < dim.floor:
                reasons.append(
                    f"{dim.label} ended at {scores[dim.id]}, below its floor {dim.floor}."
                )
        for dim_id, minimum in self.spec.passing.minimum.items():
            if scores[dim_id] < minimum:
                label = self.spec.dimensions[self.index[dim_id]].label
                reasons.append(f"{label} ended at {scores[dim_id]}; passing needs {minimum}.")
        return Verdict(not reasons, tuple(reasons))

    def rank(self, state: State) -> tuple[int, int, float]:
        """Order finished plays: passed first, then better endings, then higher dimensions."""
        ending = self.spec.endings[state.node]
        share = sum(
            (state.values[position] - self.low[position])
            / (self.high[position] - self.low[position])
            for position in range(len(self.spec.dimensions))
        )
        return (int(self.verdict(state).is_passed), _OUTCOME_ORDER[ending.outcome], share)

    @cached_property
    def exploration(self) -> Exploration:
        """Every state a play can reach, explored once per engine."""
        return explore(self)

    def better_choices(self, path: Sequence[tuple[State, str]]) -> list[Better]:
        """For each ``(state before, choice taken)`` of a finished path, the alternative on offer
        whose best reachable ending ranks above the best the taken choice could still reach."""
        exploration = self.exploration
        if not exploration.is_complete:
            return []
        found = []
        for step, (before, taken_id) in enumerate(path, start=1):
            offered = self.choices(before)
            taken = next((choice for choice in offered if choice.id == taken_id), None)
            if taken is None:
                continue
            reachable = exploration.best.get(self.apply(before, taken))
            best_taken = reachable[0] if reachable else None
            alternatives = []
            for choice in offered:
                outcome = exploration.best.get(self.apply(before, choice))
                if outcome and (best_taken is None or outcome[0] > best_taken):
                    alternatives.append((outcome, choice))
            if alternatives:
                (_, final), choice = max(alternatives, key=lambda pair: pair[0][0])
                found.append(
                    Better(
                        step,
                        choice,
                        self.spec.endings[final.node],
                        final.node,
                        self.dimensions(final),
                    )
                )
        return found


@dataclass
class Exploration:
    """The reachable state graph, and for each state the best finished state reachable from it."""

    is_complete: bool
    successors: dict[State, list[State]] = field(default_factory=dict)
    best: dict[State, tuple[tuple[int, int, float], State]] = field(default_factory=dict)


def explore(engine: Engine, *, limit: int = EXPLORATION_LIMIT) -> Exploration:
    """Walk every state reachable from the start, up to ``limit`` states."""
    start = engine.start()
    successors: dict[State, list[State]] = {start: []}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        following = [engine.apply(state, choice) for choice in engine.choices(state)]
        successors[state] = following
        for after in following:
            if after not in successors:
                if len(successors) >= limit:
                    return Exploration(is_complete=False)
                successors[after] = []
                queue.append(after)
    predecessors: dict[State, list[State]] = {}
    for state, following in successors.items():
        for after in following:
            predecessors.setdefault(after, []).append(state)
    finished = sorted(
        ((engine.rank(state), state) for state in successors if engine.is_ending(state)),
        key=lambda option: option[0],
        reverse=True,
    )
    best: dict[State, tuple[tuple[int, int, float], State]] = {}
    for option in finished:
        # Best endings first: whatever leads back to one has found its best, once and for all.
        best[option[1]] = option
        waiting = deque([option[1]])
        while waiting:
            for before in predecessors.get(waiting.popleft(), []):
                if before not in best:
                    best[before] = option
                    waiting.append(before)
    return Exploration(True, successors, best)
