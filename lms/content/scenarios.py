"""The branching-scenario engine and the checks a scenario's graph must pass.

Pure: no Flask, no database. A play's state is the node it stands at plus one bounded integer per
dimension and per persona's relationship; a choice moves every value by its effect, clamped to
its bounds, then follows the first route whose condition holds. Conditions read the state:
``trust < 2``, ``ngo.relationship >= 1``, joined by ``and`` and ``or`` (``and`` binds closer).
"""

from __future__ import annotations

import operator
import re
from collections import deque
from collections.abc import Callable, Iterator, Sequence
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
        values = list(state.values)
        changes = [(name, delta) for name, delta in choice.effects.items()] + [
            (persona + RELATIONSHIP, delta) for persona, delta in choice.relationships.items()
        ]
        for name, delta in changes:
            position = self.index[name]
            values[position] = min(
                max(values[position] + delta, self.low[position]), self.high[position]
            )
        moved = State(state.node, tuple(values))
        target = next(route.to for route in choice.routes if self.holds(route.when, moved))
        return State(target, moved.values)

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
    best = {state: (engine.rank(state), state) for state in successors if engine.is_ending(state)}
    changed = True
    while changed:  # a fixed point: each pass carries the best ending one step further back
        changed = False
        for state, following in successors.items():
            options = [best[after] for after in following if after in best]
            if not options:
                continue
            top = max(options, key=lambda option: option[0])
            if state not in best or top[0] > best[state][0]:
                best[state] = top
                changed = True
    return Exploration(True, successors, best)


Loc = tuple[str | int, ...]


def check_graph(spec: ScenarioSpec) -> list[tuple[Loc, str]]:
    """Find what makes a scenario unplayable, each problem as (field location, one-line message).

    Names first (undefined nodes, dimensions, personas, unreadable conditions), then the shape
    (dead ends, unreachable nodes, loops with no way out), then what the conditions allow
    (endings no state can reach).
    """
    problems = list(_undefined_names(spec))
    if problems:
        return problems
    problems += _dead_ends(spec)
    problems += _unreachable(spec)
    problems += _trapped(spec)
    if problems:
        return problems
    return list(_unreachable_under_any_state(spec))


def _undefined_names(spec: ScenarioSpec) -> Iterator[tuple[Loc, str]]:
    targets = set(spec.nodes) | set(spec.endings)
    personas = {persona.id for persona in spec.personas}
    dimensions = {dimension.id for dimension in spec.dimensions}
    readable = dimensions | {persona + RELATIONSHIP for persona in personas}
    if spec.start not in spec.nodes:
        where = "an ending" if spec.start in spec.endings else "not defined"
        yield ("start",), f"start node '{spec.start}' is {where}; start at a node with choices"
    for node_id, node in spec.nodes.items():
        for index, line in enumerate(node.lines):
            if line.persona not in personas:
                yield (
                    ("nodes", node_id, "lines", index, "persona"),
                    (f"undefined persona '{line.persona}'"),
                )
        for index, choice in enumerate(node.choices):
            loc: Loc = ("nodes", node_id, "choices", index)
            for name in choice.effects:
                if name not in dimensions:
                    yield (*loc, "effects", name), f"undefined dimension '{name}'"
            for name in choice.relationships:
                if name not in personas:
                    yield (*loc, "relationships", name), f"undefined persona '{name}'"
            conditions: list[tuple[Loc, str | None]] = [((*loc, "requires"), choice.requires)]
            if isinstance(choice.next, list):
                conditions += [
                    ((*loc, "next", number, "if"), route.when)
                    for number, route in enumerate(choice.next)
                ]
            for condition_loc, text in conditions:
                yield from _condition_problems(condition_loc, text, readable)
            for number, route in enumerate(choice.routes):
                if route.to not in targets:
                    route_loc: Loc = (*loc, "next")
                    if isinstance(choice.next, list):
                        route_loc = (*route_loc, number, "to")
                    yield route_loc, f"undefined node '{route.to}'"
    for index, ending_id in enumerate(spec.passing.endings or []):
        if ending_id not in spec.endings:
            yield ("pass", "endings", index), f"undefined ending '{ending_id}'"
    for name in spec.passing.minimum:
        if name not in dimensions:
            yield ("pass", "minimum", name), f"undefined dimension '{name}'"


def _condition_problems(
    loc: Loc, text: str | None, readable: set[str]
) -> Iterator[tuple[Loc, str]]:
    if text is None:
        return
    try:
        condition = parse_condition(text)
    except ConditionError as error:
        yield loc, str(error)
        return
    for name in sorted(condition.names - readable):
        kind = "persona" if name.endswith(RELATIONSHIP) else "dimension"
        yield loc, f"undefined {kind} '{name.removesuffix(RELATIONSHIP)}' in condition {text!r}"


def _dead_ends(spec: ScenarioSpec) -> Iterator[tuple[Loc, str]]:
    for node_id, node in spec.nodes.items():
        if not node.choices:
            yield (
                ("nodes", node_id),
                (f"node '{node_id}' is a dead end: give it choices, or make it an ending"),
            )
        elif all(choice.requires is not None for choice in node.choices):
            yield (
                ("nodes", node_id, "choices"),
                (
                    f"every choice at node '{node_id}' has 'requires'; "
                    "give one without, so no trainee is left without a choice"
                ),
            )


def _edges(spec: ScenarioSpec) -> dict[str, set[str]]:
    return {
        node_id: {route.to for choice in node.choices for route in choice.routes}
        for node_id, node in spec.nodes.items()
    }


def _reachable_from(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for target in edges.get(queue.popleft(), set()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _unreachable(spec: ScenarioSpec) -> Iterator[tuple[Loc, str]]:
    reached = _reachable_from(spec.start, _edges(spec))
    for node_id in spec.nodes:
        if node_id not in reached:
            yield ("nodes", node_id), f"node '{node_id}' cannot be reached from the start"
    for ending_id in spec.endings:
        if ending_id not in reached:
            yield ("endings", ending_id), f"ending '{ending_id}' cannot be reached from the start"


def _trapped(spec: ScenarioSpec) -> Iterator[tuple[Loc, str]]:
    """Nodes from which no ending can be reached: every such node lies in or leads to a loop."""
    edges = _edges(spec)
    backwards: dict[str, set[str]] = {}
    for source, targets in edges.items():
        for target in targets:
            backwards.setdefault(target, set()).add(source)
    can_finish: set[str] = set()
    for ending_id in spec.endings:
        can_finish |= _reachable_from(ending_id, backwards)
    reached = _reachable_from(spec.start, edges)
    trapped = [node for node in spec.nodes if node in reached and node not in can_finish]
    reported: set[str] = set()
    for node_id in trapped:
        if node_id in reported:
            continue
        loop = sorted(
            other
            for other in trapped
            if other in _reachable_from(node_id, edges) and node_id in _reachable_from(other, edges)
        )
        loop = loop or [node_id]
        reported |= set(loop)
        names = ", ".join(f"'{name}'" for name in loop)
        yield ("nodes", node_id), f"nodes {names} form a loop with no way out to an ending"


def _unreachable_under_any_state(spec: ScenarioSpec) -> Iterator[tuple[Loc, str]]:
    engine = Engine(spec)
    exploration = explore(engine)
    if exploration.is_complete:
        visited = {state.node for state in exploration.successors}
        for node in exploration.successors:
            if node not in exploration.best:
                values = ", ".join(
                    f"{name} {value}" for name, value in engine.as_dict(node).items()
                )
                yield (
                    ("nodes", node.node),
                    (
                        f"at node '{node.node}' with {values} no ending can be reached: "
                        "the conditions on the way out never hold"
                    ),
                )
                break
    else:
        visited = _visited_by_ranges(engine)
    for ending_id in spec.endings:
        if ending_id not in visited:
            yield (
                ("endings", ending_id),
                (
                    f"ending '{ending_id}' cannot be reached under any state: "
                    "the conditions leading to it never hold"
                ),
            )


def _visited_by_ranges(engine: Engine) -> set[str]:
    """Over-estimate where plays can go by tracking each value's range per node, not states."""
    spec = engine.spec
    start = engine.start()
    ranges: dict[str, list[tuple[int, int]]] = {start.node: [(v, v) for v in start.values]}
    queue = deque([start.node])
    while queue:
        node_id = queue.popleft()
        node = spec.nodes.get(node_id)
        if node is None:
            continue
        here = ranges[node_id]
        for choice in node.choices:
            if not _may_hold(engine, choice.requires, here):
                continue
            moved = list(here)
            deltas = dict(choice.effects) | {
                persona + RELATIONSHIP: delta for persona, delta in choice.relationships.items()
            }
            for name, delta in deltas.items():
                position = engine.index[name]
                low, high = moved[position]
                moved[position] = (
                    min(max(low + delta, engine.low[position]), engine.high[position]),
                    min(max(high + delta, engine.low[position]), engine.high[position]),
                )
            for route in choice.routes:
                if not _may_hold(engine, route.when, moved):
                    continue
                known = ranges.get(route.to)
                merged = (
                    moved
                    if known is None
                    else [
                        (min(a[0], b[0]), max(a[1], b[1]))
                        for a, b in zip(known, moved, strict=True)
                    ]
                )
                if merged != known:
                    ranges[route.to] = merged
                    queue.append(route.to)
    return set(ranges)


def _may_hold(engine: Engine, text: str | None, ranges: Sequence[tuple[int, int]]) -> bool:
    if text is None:
        return True
    return any(
        all(
            any(clause.holds(value) for value in range(*_closed(ranges[engine.index[clause.name]])))
            for clause in group
        )
        for group in parse_condition(text).groups
    )


def _closed(bounds: tuple[int, int]) -> tuple[int, int]:
    return bounds[0], bounds[1] + 1
