"""The scenario engine: values move by choices within bounds, routes are taken in order, and
finished plays are judged and compared with better paths."""

from __future__ import annotations

from typing import Any

import pytest

from lms.content.roleplays import ScenarioSpec
from lms.content.scenario_checks import check_graph
from lms.content.scenarios import (
    ConditionError,
    Engine,
    InvalidChoice,
    State,
    explore,
    parse_condition,
)
from tests.roleplay_specs import SCENARIO, spec


def engine_for(data: dict[str, Any] | None = None, **changes: Any) -> Engine:
    return Engine(ScenarioSpec.model_validate(spec(data or SCENARIO, **changes)))


@pytest.fixture
def engine() -> Engine:
    return engine_for()


def at(engine: Engine, node: str, **values: int) -> State:
    """A state at ``node``: the start's values with ``values`` (``ngo`` for its relationship)."""
    named = engine.as_dict(engine.start())
    for name, value in values.items():
        named[name if name in named else f"{name}.relationship"] = value
    return engine.restore(node, named)


def test_play_starts_at_the_start_node_with_each_dimension_and_relationship(engine):
    start = engine.start()
    assert (start.node, engine.as_dict(start)) == (
        "opening",
        {"trust": 2, "equity": 1, "utility.relationship": 0, "ngo.relationship": 0},
    )


def test_starting_relationship_outside_the_range_is_clamped():
    data = spec(SCENARIO)
    data["personas"][1]["relationship"] = 8
    assert engine_for(data).relationships(engine_for(data).start())["ngo"] == 5


def test_choice_moves_dimensions_and_relationships(engine):
    after = engine.choose(engine.start(), "listen")
    assert (engine.dimensions(after), engine.relationships(after)) == (
        {"trust": 4, "equity": 1},
        {"utility": 0, "ngo": 1},
    )


def test_values_are_clamped_at_their_maximum(engine):
    after = engine.choose(at(engine, "opening", trust=4), "listen")
    assert engine.dimensions(after)["trust"] == 5


def test_values_are_clamped_at_their_minimum(engine):
    after = engine.choose(at(engine, "opening", trust=1), "propose")
    assert engine.dimensions(after)["trust"] == 0


def test_relationships_are_clamped_to_the_relationship_range(engine):
    after = engine.choose(at(engine, "opening", ngo=-4), "propose")
    assert engine.relationships(after)["ngo"] == -5


def test_first_route_whose_condition_holds_is_taken(engine):
    assert engine.choose(at(engine, "opening", trust=2), "propose").node == "walkout"


def test_routes_are_read_after_the_effects(engine):
    assert engine.choose(at(engine, "opening", trust=3), "propose").node == "tariffs"


def test_unconditional_last_route_is_taken_when_no_other_holds(engine):
    assert engine.choose(at(engine, "tariffs", trust=1), "lifeline").node == "partial"


def test_choice_with_requires_is_offered_only_while_it_holds():
    data = spec(SCENARIO)
    data["nodes"]["tariffs"]["choices"][0]["requires"] = "ngo.relationship >= 1"
    engine = engine_for(data)
    offered = {
        ngo: [choice.id for choice in engine.choices(at(engine, "tariffs", ngo=ngo))]
        for ngo in (0, 1)
    }
    assert offered == {0: ["defer"], 1: ["lifeline", "defer"]}


def test_choice_not_on_offer_is_refused():
    data = spec(SCENARIO)
    data["nodes"]["tariffs"]["choices"][0]["requires"] = "trust >= 5"
    engine = engine_for(data)
    with pytest.raises(InvalidChoice, match="no choice 'lifeline' on offer at 'tariffs'"):
        engine.choose(at(engine, "tariffs", trust=4), "lifeline")


def test_unknown_choice_is_refused(engine):
    with pytest.raises(InvalidChoice):
        engine.choose(engine.start(), "shout")


def test_no_choices_are_offered_at_an_ending(engine):
    assert engine.choices(at(engine, "agreement")) == []


def test_and_binds_closer_than_or(engine):
    condition = "trust < 1 or trust > 3 and equity > 2"
    assert [
        engine.holds(condition, at(engine, "opening", trust=trust, equity=equity))
        for trust, equity in ((0, 0), (4, 3), (4, 1), (2, 3))
    ] == [True, True, False, False]


def test_conditions_read_relationships(engine):
    assert engine.holds("ngo.relationship <= -2", at(engine, "opening", ngo=-2))


@pytest.mark.parametrize("text", ["trust", "trust =< 2", "trust < two", "trust < 2 or", ""])
def test_unreadable_condition_raises(text):
    with pytest.raises(ConditionError, match="cannot read condition"):
        parse_condition(text)


def test_state_round_trips_through_its_saved_form(engine):
    state = engine.choose(engine.start(), "listen")
    assert engine.restore(state.node, engine.as_dict(state)) == state


def test_unfinished_play_does_not_pass(engine):
    verdict = engine.verdict(engine.start())
    assert (verdict.is_passed, verdict.reasons) == (False, ("The scenario is not finished.",))


def test_success_above_every_floor_and_minimum_passes(engine):
    verdict = engine.verdict(at(engine, "agreement", trust=4))
    assert (verdict.is_passed, verdict.reasons) == (True, ())


def test_failure_ending_does_not_pass_and_says_why(engine):
    verdict = engine.verdict(at(engine, "walkout", trust=3))
    assert verdict.reasons == ("“The group walks out” is not a passing ending.",)


def test_dimension_below_its_floor_does_not_pass(engine):
    verdict = engine.verdict(at(engine, "partial", trust=0))
    assert verdict.reasons == (
        "Trust ended at 0, below its floor 1.",
        "Trust ended at 0; passing needs 3.",
    )


def test_minimum_of_the_pass_rule_is_required(engine):
    assert engine.verdict(at(engine, "partial", trust=2)).reasons == (
        "Trust ended at 2; passing needs 3.",
    )


def test_only_the_named_endings_pass_when_the_pass_rule_names_them():
    engine = engine_for(**{"pass": {"endings": ["agreement"]}})
    assert engine.verdict(at(engine, "partial", trust=4)).reasons == (
        "“A first step” is not a passing ending.",
    )


def test_passing_plays_rank_above_better_endings_that_fail(engine):
    passed = at(engine, "partial", trust=3)
    failed = at(engine, "agreement", trust=2)
    assert engine.rank(passed) > engine.rank(failed)


def test_higher_dimensions_rank_higher_at_the_same_ending(engine):
    assert engine.rank(at(engine, "agreement", trust=5)) > engine.rank(
        at(engine, "agreement", trust=4)
    )


def test_better_choice_names_the_ending_it_could_have_reached(engine):
    start = engine.start()
    [better] = engine.better_choices([(start, "propose")])
    assert (better.step, better.choice.id, better.ending_id, better.scores) == (
        1,
        "listen",
        "agreement",
        {"trust": 5, "equity": 3},
    )


def test_best_path_has_no_better_choices(engine):
    start = engine.start()
    after = engine.choose(start, "listen")
    assert engine.better_choices([(start, "listen"), (after, "lifeline")]) == []


def test_better_choices_skip_steps_whose_choice_is_not_on_offer(engine):
    assert engine.better_choices([(engine.start(), "lifeline")]) == []


def test_better_choices_are_not_guessed_from_an_incomplete_exploration(engine):
    engine.exploration = explore(engine, limit=2)
    assert engine.better_choices([(engine.start(), "propose")]) == []


def test_exploration_finds_every_reachable_state_and_the_best_ending_from_each(engine):
    exploration = explore(engine)
    best = exploration.best[engine.start()][1]
    assert (exploration.is_complete, {state.node for state in exploration.successors}) == (
        True,
        {"opening", "tariffs", "agreement", "partial", "walkout"},
    )
    assert (best.node, engine.dimensions(best)) == ("agreement", {"trust": 5, "equity": 3})


def test_exploration_past_its_limit_is_incomplete(engine):
    exploration = explore(engine, limit=3)
    assert (exploration.is_complete, exploration.successors, exploration.best) == (False, {}, {})


def test_exploration_handles_loops_that_have_a_way_out():
    data = spec(SCENARIO)
    data["nodes"]["tariffs"]["choices"][1]["next"] = [
        {"if": "trust < 1", "to": "partial"},
        {"to": "tariffs"},
    ]
    engine = engine_for(data)
    exploration = explore(engine)
    assert exploration.is_complete
    assert all(state in exploration.best for state in exploration.successors)


def unreachable_ending_scenario() -> dict[str, Any]:
    data = spec(SCENARIO)
    data["nodes"]["tariffs"]["choices"][1]["next"] = [
        {"if": "trust > 5", "to": "signed"},
        {"to": "partial"},
    ]
    data["endings"]["signed"] = {"title": "Signed", "outcome": "success", "debrief": "Done."}
    return data


def test_past_the_limit_endings_no_value_range_allows_are_still_found():
    scenario = ScenarioSpec.model_validate(unreachable_ending_scenario())
    assert check_graph(scenario, limit=2) == [
        (
            ("endings", "signed"),
            "ending 'signed' cannot be reached under any state: "
            "the conditions leading to it never hold",
        )
    ]


def test_past_the_limit_reachable_endings_are_not_reported():
    assert check_graph(ScenarioSpec.model_validate(spec(SCENARIO)), limit=2) == []


def test_past_the_limit_requires_that_never_holds_closes_its_way():
    data = spec(SCENARIO)
    data["nodes"]["tariffs"]["choices"].append(
        {
            "id": "sign",
            "text": "Sign now",
            "requires": "equity >= 6",
            "feedback": "Too soon.",
            "next": "signed",
        }
    )
    data["endings"]["signed"] = {"title": "Signed", "outcome": "success", "debrief": "Done."}
    problems = check_graph(ScenarioSpec.model_validate(data), limit=2)
    assert [loc for loc, _ in problems] == [("endings", "signed")]


def test_exhaustive_check_and_range_fallback_agree_on_unreachable_endings():
    scenario = ScenarioSpec.model_validate(unreachable_ending_scenario())
    assert check_graph(scenario) == check_graph(scenario, limit=2)
