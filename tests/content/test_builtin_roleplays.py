"""The role-plays shipped with the built-in courses: complete, playable and assessable."""

from __future__ import annotations

from collections import Counter

import pytest

from lms.content import loader
from lms.content.roleplays import (
    AnyRoleplaySpec,
    LiveSpec,
    Outcome,
    ScenarioSpec,
    WrittenSpec,
    load_course_roleplays,
)
from lms.content.scenarios import Engine
from lms.models.accounts import Sector
from tests.conftest import REPO_ROOT

COURSES = REPO_ROOT / "courses"
FOUR_PARTIES = "water-for-the-east-district"


@pytest.fixture(scope="module")
def shipped() -> dict[str, dict[str, AnyRoleplaySpec]]:
    return load_course_roleplays(COURSES, loader.load_courses(COURSES))


@pytest.fixture(scope="module")
def engines(shipped) -> dict[str, Engine]:
    """An engine per shipped scenario, by file name; each explores its states once."""
    return {
        slug: Engine(spec)
        for by_slug in shipped.values()
        for slug, spec in by_slug.items()
        if isinstance(spec, ScenarioSpec)
    }


@pytest.fixture(scope="module")
def four_parties(engines) -> Engine:
    return engines[FOUR_PARTIES]


def test_each_course_ships_its_kinds_of_roleplay(shipped):
    kinds = {
        course: Counter(spec.kind.value for spec in by_slug.values())
        for course, by_slug in shipped.items()
        if by_slug
    }
    assert kinds == {
        "partnering-basics": Counter({"scenario": 1, "written": 1, "live": 1}),
        "broker-role": Counter({"scenario": 1, "written": 1}),
    }


def test_every_shipped_roleplay_belongs_to_a_module(shipped):
    assert all(spec.module for by_slug in shipped.values() for spec in by_slug.values())


def test_four_party_scenario_has_a_persona_from_each_sector(four_parties):
    sectors = [persona.sector for persona in four_parties.spec.personas]
    assert sorted(sectors) == sorted(
        [Sector.BUSINESS, Sector.UN, Sector.GOVERNMENT, Sector.CIVIL_SOCIETY]
    )


def test_four_party_personas_have_interests_hidden_concerns_and_vocabulary(four_parties):
    assert all(
        persona.interests and persona.hidden_concerns and len(persona.vocabulary) >= 3
        for persona in four_parties.spec.personas
    )


def test_four_party_scenario_is_large_enough_to_branch(four_parties):
    spec = four_parties.spec
    assert len(spec.nodes) >= 15
    assert len(spec.endings) >= 3
    assert len(spec.dimensions) >= 5


def test_four_party_scenario_ends_in_success_partial_success_and_failure(four_parties):
    outcomes = {ending.outcome for ending in four_parties.spec.endings.values()}
    assert outcomes == {Outcome.SUCCESS, Outcome.PARTIAL, Outcome.FAILURE}


def test_four_party_scenario_reads_its_state_on_edges_and_in_requires(four_parties):
    choices = [choice for node in four_parties.spec.nodes.values() for choice in node.choices]
    conditions = [route.when for choice in choices for route in choice.routes if route.when]
    assert any("trust <" in condition for condition in conditions)
    assert any(".relationship" in condition for condition in conditions)
    assert any(choice.requires for choice in choices)


def test_four_party_scenario_gives_feedback_on_every_choice_and_speaks_in_every_voice(
    four_parties,
):
    spec = four_parties.spec
    speakers = {line.persona for node in spec.nodes.values() for line in node.lines}
    assert speakers == {persona.id for persona in spec.personas}
    assert all(
        len(choice.feedback.split()) >= 15
        for node in spec.nodes.values()
        for choice in node.choices
    )


def test_every_ending_of_every_shipped_scenario_is_reachable(engines):
    for slug, engine in engines.items():
        exploration = engine.exploration
        reached = {state.node for state in exploration.successors}
        assert exploration.is_complete, slug
        assert set(engine.spec.endings) <= reached, slug


def test_every_shipped_scenario_can_be_passed_and_failed(engines):
    for slug, engine in engines.items():
        verdicts = {
            engine.verdict(state).is_passed
            for state in engine.exploration.successors
            if engine.is_ending(state)
        }
        assert verdicts == {True, False}, slug


def test_every_shipped_scenario_is_explored_well_within_the_limit(engines):
    assert all(len(engine.exploration.successors) < 60_000 for engine in engines.values())


def test_partial_success_of_the_four_party_scenario_can_pass(four_parties):
    passing = {
        state.node
        for state in four_parties.exploration.successors
        if four_parties.is_ending(state) and four_parties.verdict(state).is_passed
    }
    outcomes = {four_parties.spec.endings[ending].outcome for ending in passing}
    assert outcomes == {Outcome.SUCCESS, Outcome.PARTIAL}


def test_smaller_scenario_has_eight_nodes_three_endings_and_three_personas(engines):
    scenario = engines["milk-from-smallholders"].spec
    assert len(scenario.nodes) >= 8
    assert (len(scenario.endings), len(scenario.personas)) == (3, 3)


def test_shipped_rubrics_have_three_or_four_criteria_each_with_three_or_four_levels(shipped):
    rubrics = [
        spec.rubric
        for by_slug in shipped.values()
        for spec in by_slug.values()
        if isinstance(spec, WrittenSpec | LiveSpec)
    ]
    assert len(rubrics) == 3
    for rubric in rubrics:
        assert 3 <= len(rubric.criteria) <= 4
        assert all(3 <= len(criterion.levels) <= 4 for criterion in rubric.criteria)


def test_shipped_live_roleplay_gives_each_party_of_its_own_sector_a_brief(shipped):
    [live] = [spec for spec in shipped["partnering-basics"].values() if isinstance(spec, LiveSpec)]
    sectors = [party.sector for party in live.parties]
    assert len(live.parties) >= 3
    assert len(set(sectors)) == len(sectors)
    assert len({party.brief for party in live.parties}) == len(live.parties)
