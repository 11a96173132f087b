"""The checks a scenario's graph must pass before trainees can play it.

Names first (undefined nodes, dimensions, personas, unreadable conditions), then the shape (dead
ends, unreachable nodes, loops with no way out), then what the conditions allow: the engine
explores every reachable state to find endings no state reaches, and past its limit falls back
to tracking each value's range per node, which may miss such an ending but never invents one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence

from lms.content.roleplays import ScenarioSpec
from lms.content.scenarios import (
    EXPLORATION_LIMIT,
    RELATIONSHIP,
    ConditionError,
    Engine,
    explore,
    parse_condition,
)

Loc = tuple[str | int, ...]


def check_graph(spec: ScenarioSpec, *, limit: int = EXPLORATION_LIMIT) -> list[tuple[Loc, str]]:
    """Find what makes a scenario unplayable, each problem as (field location, one-line message).

    Names first (undefined nodes, dimensions, personas, unreadable conditions), then the shape
    (dead ends, unreachable nodes, loops with no way out), then what the conditions allow
    (endings no state can reach), exploring up to ``limit`` states before falling back to
    value ranges.
    """
    problems = list(_undefined_names(spec))
    if problems:
        return problems
    problems += _dead_ends(spec)
    problems += _unreachable(spec)
    problems += _trapped(spec)
    if problems:
        return problems
    return list(_unreachable_under_any_state(spec, limit))


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
    """Loops no ending can be reached from; nodes that only lead into one (or into a dead end)
    are left out, as the loop (or dead end) is what the author has to fix."""
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
        following = _reachable_from(node_id, edges)
        loop = sorted(
            other
            for other in trapped
            if other in following and node_id in _reachable_from(other, edges)
        )
        reported |= set(loop)
        if len(loop) > 1 or node_id in edges[node_id]:
            names = ", ".join(f"'{name}'" for name in loop)
            yield ("nodes", node_id), f"nodes {names} form a loop with no way out to an ending"


def _unreachable_under_any_state(spec: ScenarioSpec, limit: int) -> Iterator[tuple[Loc, str]]:
    engine = Engine(spec)
    exploration = explore(engine, limit=limit)
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
                        f"at node '{node.node}' with {values}, no ending can be reached: "
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
