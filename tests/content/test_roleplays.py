"""Reading role-play files: each problem named in one line with its file, line and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from lms.content.errors import ContentError
from lms.content.roleplays import LiveSpec, ScenarioSpec, WrittenSpec, load_roleplays
from tests.roleplay_specs import LIVE, SCENARIO, WRITTEN, spec

MODULES = {"basics", "practice"}


@pytest.fixture
def course(write_course) -> Path:
    return write_course()


def write_roleplay(course: Path, name: str, data: dict[str, Any] | str) -> Path:
    folder = course / "roleplays"
    folder.mkdir(exist_ok=True)
    path = folder / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False, width=1000)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str, *, after: str | None = None) -> int:
    """The number of the first line holding ``needle`` (after the first holding ``after``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and needle in line) + 1


def problems_loading(course: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_roleplays(course, module_slugs=MODULES)
    return [str(problem) for problem in caught.value.problems]


def scenario_with(**nodes: Any) -> dict[str, Any]:
    data = spec(SCENARIO)
    data["nodes"].update(nodes)
    return data


def test_files_of_each_kind_load_keyed_by_file_name(course):
    write_roleplay(course, "water.yaml", spec(SCENARIO, module="basics"))
    write_roleplay(course, "clause.yaml", WRITTEN)
    write_roleplay(course, "meeting.yml", LIVE)
    loaded = load_roleplays(course, module_slugs=MODULES)
    assert {name: type(one) for name, one in loaded.items()} == {
        "water": ScenarioSpec,
        "clause": WrittenSpec,
        "meeting": LiveSpec,
    }


def test_course_without_roleplay_folder_has_none(course):
    assert load_roleplays(course, module_slugs=MODULES) == {}


def test_hidden_files_are_skipped(course):
    write_roleplay(course, ".draft.yaml", "kind: nonsense\n")
    assert load_roleplays(course, module_slugs=MODULES) == {}


def test_undefined_node_is_named_with_file_and_line(course):
    data = spec(SCENARIO)
    data["nodes"]["tariffs"]["choices"][1]["next"] = "nowhere"
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'next: nowhere')}: "
        "nodes.tariffs.choices[1].next: undefined node 'nowhere'"
    ]


def test_undefined_node_in_a_route_points_at_the_route(course):
    data = spec(SCENARIO)
    data["nodes"]["opening"]["choices"][1]["next"][0]["to"] = "exit"
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'to: exit')}: "
        "nodes.opening.choices[1].next[0].to: undefined node 'exit'"
    ]


def test_undefined_dimension_in_effects_is_named(course):
    data = spec(SCENARIO)
    data["nodes"]["opening"]["choices"][0]["effects"] = {"warmth": 1}
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'warmth: 1')}: "
        "nodes.opening.choices[0].effects.warmth: undefined dimension 'warmth'"
    ]


def test_undefined_persona_speaking_is_named(course):
    data = spec(SCENARIO)
    data["nodes"]["tariffs"]["lines"][0]["persona"] = "mayor"
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'persona: mayor')}: "
        "nodes.tariffs.lines[0].persona: undefined persona 'mayor'"
    ]


def test_undefined_persona_in_relationships_is_named(course):
    data = spec(SCENARIO)
    data["nodes"]["opening"]["choices"][0]["relationships"] = {"mayor": 1}
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'mayor: 1')}: "
        "nodes.opening.choices[0].relationships.mayor: undefined persona 'mayor'"
    ]


def test_unreadable_condition_is_named_with_how_to_write_it(course):
    data = spec(SCENARIO)
    data["nodes"]["opening"]["choices"][1]["next"][0]["if"] = "trust is low"
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'if: trust is low')}: nodes.opening.choices[1].next[0].if: "
        "cannot read condition 'trust is low': write it as 'name < number' "
        "(with <, <=, >, >=, == or !=), joined by 'and' or 'or'"
    ]


def test_condition_reading_undefined_names_is_named(course):
    data = spec(SCENARIO)
    data["nodes"]["opening"]["choices"][0]["requires"] = "warmth > 1 or mayor.relationship > 0"
    path = write_roleplay(course, "water.yaml", data)
    line = line_of(path, "requires:")
    condition = "'warmth > 1 or mayor.relationship > 0'"
    assert problems_loading(course) == [
        f"{path}:{line}: nodes.opening.choices[0].requires: "
        f"undefined persona 'mayor' in condition {condition}",
        f"{path}:{line}: nodes.opening.choices[0].requires: "
        f"undefined dimension 'warmth' in condition {condition}",
    ]


def test_pass_rule_naming_undefined_ending_or_dimension_is_named(course):
    data = spec(SCENARIO, **{"pass": {"endings": ["signed"], "minimum": {"warmth": 2}}})
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, '- signed')}: pass.endings[0]: undefined ending 'signed'",
        f"{path}:{line_of(path, 'warmth: 2')}: pass.minimum.warmth: undefined dimension 'warmth'",
    ]


def test_start_at_an_ending_is_refused(course):
    path = write_roleplay(course, "water.yaml", spec(SCENARIO, start="partial"))
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'start: partial')}: start: "
        "start node 'partial' is an ending; start at a node with choices"
    ]


def test_unreachable_node_is_named(course):
    aside = {
        "title": "An aside",
        "choices": [{"id": "go", "text": "Go", "feedback": "Fine.", "next": "partial"}],
    }
    path = write_roleplay(course, "water.yaml", scenario_with(aside=aside))
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'aside:')}: nodes.aside: "
        "node 'aside' cannot be reached from the start"
    ]


def test_unreachable_ending_is_named(course):
    data = spec(SCENARIO)
    data["endings"]["signed"] = {"title": "Signed", "outcome": "success", "debrief": "Done."}
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'signed:')}: endings.signed: "
        "ending 'signed' cannot be reached from the start"
    ]


def test_dead_end_that_is_not_an_ending_is_named(course):
    data = scenario_with(limbo={"title": "Limbo", "choices": []})
    data["nodes"]["tariffs"]["choices"][1]["next"] = "limbo"
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'limbo:')}: nodes.limbo: "
        "node 'limbo' is a dead end: give it choices, or make it an ending"
    ]


def test_node_whose_every_choice_requires_something_is_named(course):
    data = spec(SCENARIO)
    for choice in data["nodes"]["tariffs"]["choices"]:
        choice["requires"] = "trust >= 0"
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'choices:', after='tariffs:')}: nodes.tariffs.choices: "
        "every choice at node 'tariffs' has 'requires'; "
        "give one without, so no trainee is left without a choice"
    ]


def test_loop_with_no_way_out_is_named_once_with_its_nodes(course):
    def step(to: str) -> dict[str, Any]:
        return {
            "title": f"Before {to}",
            "choices": [{"id": "on", "text": "Carry on", "feedback": "Hm.", "next": to}],
        }

    data = scenario_with(circle=step("round"), round=step("circle"))
    data["nodes"]["tariffs"]["choices"][1]["next"] = "circle"
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'circle:')}: nodes.circle: "
        "nodes 'circle', 'round' form a loop with no way out to an ending"
    ]


def test_ending_no_state_can_reach_is_named(course):
    data = spec(SCENARIO)
    data["nodes"]["tariffs"]["choices"][1]["next"] = [
        {"if": "trust > 5", "to": "signed"},
        {"to": "partial"},
    ]
    data["endings"]["signed"] = {"title": "Signed", "outcome": "success", "debrief": "Done."}
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'signed:', after='endings:')}: endings.signed: "
        "ending 'signed' cannot be reached under any state: "
        "the conditions leading to it never hold"
    ]


def test_state_from_which_no_ending_can_be_reached_is_named_with_its_values(course):
    wait = {
        "id": "wait",
        "text": "Wait for trust to grow",
        "feedback": "Nothing changes.",
        "next": [{"if": "trust >= 5", "to": "agreement"}, {"to": "stuck"}],
    }
    data = scenario_with(stuck={"title": "Stuck", "choices": [wait]})
    data["nodes"]["tariffs"]["choices"].append(wait | {"next": "stuck"})
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'stuck:', after='nodes:')}: nodes.stuck: at node 'stuck' with "
        "trust 4, equity 1, utility.relationship 0, ngo.relationship 1, "
        "no ending can be reached: the conditions on the way out never hold"
    ]


def test_node_leading_into_a_loop_is_not_reported_as_a_loop(course):
    def step(to: str) -> dict[str, Any]:
        return {
            "title": f"Before {to}",
            "choices": [{"id": "on", "text": "Carry on", "feedback": "Hm.", "next": to}],
        }

    data = scenario_with(lobby=step("circle"), circle=step("round"), round=step("circle"))
    data["nodes"]["tariffs"]["choices"][1]["next"] = "lobby"
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'circle:')}: nodes.circle: "
        "nodes 'circle', 'round' form a loop with no way out to an ending"
    ]


def test_unknown_kind_is_named_at_its_line(course):
    path = write_roleplay(course, "debate.yaml", "title: A debate\nkind: debate\n")
    assert problems_loading(course) == [
        f"{path}:2: kind: 'kind' must be one of scenario, written, live (got 'debate')"
    ]


def test_missing_kind_is_named(course):
    path = write_roleplay(course, "debate.yaml", "title: A debate\n")
    assert problems_loading(course) == [
        f"{path}: kind: 'kind' must be one of scenario, written, live"
    ]


def test_file_name_that_is_not_a_slug_is_named(course):
    path = write_roleplay(course, "Water_Plan.yaml", SCENARIO)
    assert problems_loading(course) == [f"{path}: file name is not a valid slug"]


def test_file_that_is_not_yaml_is_named(course):
    path = write_roleplay(course, "notes.txt", "Ideas for a role-play.\n")
    assert problems_loading(course) == [f"{path}: not a role-play: use a .yaml file"]


def test_unknown_module_is_named_at_its_line(course):
    path = write_roleplay(course, "clause.yaml", spec(WRITTEN, module="advanced"))
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'module: advanced')}: module: no module 'advanced' in course"
    ]


def test_invalid_yaml_is_named_at_its_line(course):
    path = write_roleplay(course, "clause.yaml", "kind: written\ntitle: Clause: two\n")
    assert problems_loading(course) == [
        f"{path}:2: invalid YAML: mapping values are not allowed here"
    ]


def test_problems_of_every_file_are_listed_together(course):
    written = write_roleplay(course, "clause.yaml", spec(WRITTEN, module="advanced"))
    notes = write_roleplay(course, "notes.txt", "Ideas.\n")
    problems = problems_loading(course)
    assert [problem.split(":")[0] for problem in problems] == [str(written), str(notes)]


def test_repeated_rubric_criteria_are_refused(course):
    data = spec(WRITTEN)
    data["rubric"]["criteria"][1]["id"] = "clarity"
    path = write_roleplay(course, "clause.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'rubric:')}: rubric: criterion ids must be unique: clarity"
    ]


def test_criterion_whose_levels_are_all_worth_nothing_is_refused(course):
    data = spec(WRITTEN)
    for level in data["rubric"]["criteria"][0]["levels"]:
        level["points"] = 0
    path = write_roleplay(course, "clause.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, '- id: clarity')}: rubric.criteria[0]: "
        "the highest level must be worth some points"
    ]


def test_repeated_levels_of_a_criterion_are_refused(course):
    data = spec(WRITTEN)
    data["rubric"]["criteria"][1]["levels"][2]["id"] = "partial"
    path = write_roleplay(course, "clause.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, '- id: risk')}: rubric.criteria[1]: "
        "level ids must be unique: partial"
    ]


def test_criterion_with_one_level_is_refused(course):
    data = spec(LIVE)
    data["rubric"]["criteria"][1]["levels"] = data["rubric"]["criteria"][1]["levels"][:1]
    path = write_roleplay(course, "meeting.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'levels:', after='- id: risk')}: rubric.criteria[1].levels: "
        "List should have at least 2 items after validation, not 1"
    ]


def test_pass_mark_above_a_hundred_percent_is_refused(course):
    path = write_roleplay(course, "clause.yaml", spec(WRITTEN, **{"pass": {"percent": 120}}))
    assert problems_loading(course) == [
        f"{path}:{line_of(path, 'percent: 120')}: pass.percent: "
        "Input should be less than or equal to 100 (got 120)"
    ]


def test_repeated_live_parties_are_refused(course):
    data = spec(LIVE)
    data["parties"][1]["id"] = "company"
    path = write_roleplay(course, "meeting.yaml", data)
    assert problems_loading(course) == [f"{path}:1: party ids must be unique: company"]


def test_dimension_whose_min_is_not_below_max_is_refused(course):
    data = spec(SCENARIO)
    data["dimensions"][1] |= {"min": 5, "max": 5, "start": 5, "target": 5}
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, '- id: equity')}: dimensions[1]: 'min' must be below 'max'"
    ]


def test_dimension_starting_outside_its_bounds_is_refused(course):
    data = spec(SCENARIO)
    data["dimensions"][0]["start"] = 9
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, '- id: trust')}: dimensions[0]: "
        "'start' must lie between min 0 and max 5"
    ]


def test_repeated_dimensions_are_refused(course):
    data = spec(SCENARIO)
    data["dimensions"][1]["id"] = "trust"
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [f"{path}:1: dimension ids must be unique: trust"]


def test_choice_whose_last_route_has_a_condition_is_refused(course):
    data = spec(SCENARIO)
    data["nodes"]["opening"]["choices"][1]["next"][1]["if"] = "trust >= 1"
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [
        f"{path}:{line_of(path, '- id: propose')}: nodes.opening.choices[1]: "
        "the last route of 'next' must have no 'if', so one always holds"
    ]


def test_node_sharing_an_id_with_an_ending_is_refused(course):
    data = spec(SCENARIO)
    data["endings"]["tariffs"] = {"title": "Tariffs", "outcome": "partial", "debrief": "Hm."}
    path = write_roleplay(course, "water.yaml", data)
    assert problems_loading(course) == [f"{path}:1: nodes and endings share ids: tariffs"]


def test_relationship_range_must_go_from_low_to_high(course):
    path = write_roleplay(course, "water.yaml", spec(SCENARIO, relationship_range=[3, -3]))
    assert problems_loading(course) == [f"{path}:1: 'relationship_range' must go from low to high"]
