"""Properties of the scenario engine over generated scenarios and the shipped ones: plays stay at
a valid node or reach an ending, values never leave their bounds, only endings pass."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lms.content import loader
from lms.content.roleplays import ScenarioSpec, load_course_roleplays
from lms.content.scenario_checks import check_graph
from lms.content.scenarios import Engine, State, explore
from tests.conftest import REPO_ROOT

MAX_STEPS = 40
OPERATORS = ["<", "<=", ">", ">=", "==", "!="]

examples = settings(max_examples=50, deadline=None)


@st.composite
def conditions(draw: st.DrawFn, names: list[str]) -> str:
    """A condition over ``names``: one to three comparisons joined by 'and' or 'or'."""
    clauses = [
        f"{draw(st.sampled_from(names))} {draw(st.sampled_from(OPERATORS))} "
        f"{draw(st.integers(-6, 6))}"
        for _ in range(draw(st.integers(1, 3)))
    ]
    text = clauses[0]
    for clause in clauses[1:]:
        text += f" {draw(st.sampled_from(['and', 'or']))} {clause}"
    return text


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A scenario that is valid by design, with random effects, conditions and loops.

    Each node's first choice has no condition and leads on to the next node (the last node to
    the first ending), so every node is reachable and no state is trapped; the last node offers
    a way to every ending. The other choices may require anything and route anywhere.
    """
    dimensions = []
    for number in range(draw(st.integers(1, 3))):
        low = draw(st.integers(-3, 0))
        high = draw(st.integers(low + 1, low + 4))
        dimensions.append(
            {
                "id": f"d{number}",
                "label": f"Dimension {number}",
                "min": low,
                "max": high,
                "start": draw(st.integers(low, high)),
                "target": draw(st.integers(low, high)),
                "floor": draw(st.none() | st.integers(low, high)),
            }
        )
    personas = [
        {
            "id": f"p{number}",
            "name": f"Persona {number}",
            "organisation": f"Organisation {number}",
            "sector": draw(st.sampled_from(["business", "un", "government", "civil_society"])),
            "interests": ["Something"],
            "relationship": draw(st.integers(-4, 4)),
        }
        for number in range(draw(st.integers(1, 2)))
    ]
    names = [dim["id"] for dim in dimensions] + [f"{p['id']}.relationship" for p in personas]
    node_count = draw(st.integers(1, 5))
    ending_ids = [f"e{number}" for number in range(draw(st.integers(1, 3)))]
    targets = [f"n{number}" for number in range(node_count)] + ending_ids

    def choice(number: int, next_: Any, *, requires: bool) -> dict[str, Any]:
        return {
            "id": f"c{number}",
            "text": "Reply",
            "feedback": "Why it matters.",
            "effects": draw(
                st.dictionaries(st.sampled_from([d["id"] for d in dimensions]), st.integers(-4, 4))
            ),
            "relationships": draw(
                st.dictionaries(st.sampled_from([p["id"] for p in personas]), st.integers(-4, 4))
            ),
            "requires": draw(st.none() | conditions(names)) if requires else None,
            "next": next_,
        }

    def routes() -> list[dict[str, Any]]:
        conditional = [
            {"if": draw(conditions(names)), "to": draw(st.sampled_from(targets))}
            for _ in range(draw(st.integers(0, 2)))
        ]
        return [*conditional, {"to": draw(st.sampled_from(targets))}]

    nodes = {}
    for number in range(node_count):
        last = number == node_count - 1
        onward = ending_ids[0] if last else f"n{number + 1}"
        choices = [choice(0, onward, requires=False)]
        if last:
            choices += [
                choice(n, ending, requires=False) for n, ending in enumerate(ending_ids) if n
            ]
        choices += [
            choice(len(choices) + extra, routes(), requires=True)
            for extra in range(draw(st.integers(0, 2)))
        ]
        nodes[f"n{number}"] = {"title": f"Node {number}", "choices": choices}
    endings = {
        ending: {
            "title": f"Ending {ending}",
            "outcome": draw(st.sampled_from(["success", "partial", "failure"])),
            "debrief": "What happened.",
        }
        for ending in ending_ids
    }
    return {
        "kind": "scenario",
        "title": "Generated",
        "situation": "Generated for a property.",
        "personas": personas,
        "dimensions": dimensions,
        "relationship_range": [-2, 2],
        "start": "n0",
        "nodes": nodes,
        "endings": endings,
        "pass": {"minimum": draw(st.dictionaries(st.sampled_from(names[:1]), st.integers(-3, 3)))},
    }


def within_bounds(engine: Engine, state: State) -> bool:
    return all(
        low <= value <= high
        for low, value, high in zip(engine.low, state.values, engine.high, strict=True)
    )


def walk(engine: Engine, data: st.DataObject) -> list[State]:
    """Play by choosing among the choices on offer, until an ending or MAX_STEPS choices."""
    states = [engine.start()]
    while not engine.is_ending(states[-1]) and len(states) <= MAX_STEPS:
        offered = engine.choices(states[-1])
        choice = data.draw(st.sampled_from(offered), label=f"at {states[-1].node}")
        states.append(engine.choose(states[-1], choice.id))
    return states


def assert_valid_play(engine: Engine, states: list[State]) -> None:
    for state in states:
        assert within_bounds(engine, state), state
        assert engine.is_ending(state) or engine.choices(state), state
        assert engine.is_ending(state) or not engine.verdict(state).is_passed


@examples
@given(scenarios())
def test_scenarios_valid_by_design_pass_the_graph_checks(data):
    assert check_graph(ScenarioSpec.model_validate(data)) == []


@examples
@given(scenarios(), st.data())
def test_any_play_stays_at_a_valid_node_within_bounds_until_an_ending(data, choosing):
    engine = Engine(ScenarioSpec.model_validate(data))
    states = walk(engine, choosing)
    assert all(state.node in engine.spec.nodes or engine.is_ending(state) for state in states)
    assert_valid_play(engine, states)


@examples
@given(scenarios())
def test_every_explored_state_is_within_bounds_and_can_reach_an_ending(data):
    engine = Engine(ScenarioSpec.model_validate(data))
    exploration = explore(engine)
    assert exploration.is_complete
    assert all(within_bounds(engine, state) for state in exploration.successors)
    assert set(exploration.best) == set(exploration.successors)


@examples
@given(scenarios())
def test_only_endings_pass_among_explored_states(data):
    engine = Engine(ScenarioSpec.model_validate(data))
    passing = [state for state in explore(engine).successors if engine.verdict(state).is_passed]
    assert all(engine.is_ending(state) for state in passing)


@examples
@given(scenarios(), st.data())
def test_better_choices_point_at_endings_that_rank_higher(data, choosing):
    engine = Engine(ScenarioSpec.model_validate(data))
    states = walk(engine, choosing)
    if not engine.is_ending(states[-1]):
        return
    path = [
        (before, next(c.id for c in engine.choices(before) if engine.apply(before, c) == after))
        for before, after in zip(states, states[1:], strict=False)
    ]
    for better in engine.better_choices(path):
        finished = engine.restore(better.ending_id, engine.as_dict(states[-1]) | better.scores)
        assert engine.spec.endings[better.ending_id] is better.ending
        assert engine.rank(finished) > engine.rank(states[-1])


def _shipped_scenarios() -> dict[str, ScenarioSpec]:
    courses = REPO_ROOT / "courses"
    shipped = load_course_roleplays(courses, loader.load_courses(courses))
    return {
        slug: spec
        for by_slug in shipped.values()
        for slug, spec in by_slug.items()
        if isinstance(spec, ScenarioSpec)
    }


SHIPPED = _shipped_scenarios()


@pytest.mark.parametrize("slug", sorted(SHIPPED))
@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_play_of_a_shipped_scenario_reaches_an_ending_within_bounds(slug, choosing):
    engine = Engine(SHIPPED[slug])
    states = walk(engine, choosing)
    assert engine.is_ending(states[-1])
    assert_valid_play(engine, states)
