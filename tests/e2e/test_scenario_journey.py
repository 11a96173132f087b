"""Playing a branching scenario in a real browser: replies, their feedback, and the debrief with
its scores and path diagram, every page state checked with axe."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.people import People
from tests.e2e.steps import heading, open_course
from tests.roleplay_specs import SCENARIO

if TYPE_CHECKING:
    from tests.e2e.conftest import SeededRoleplay

pytestmark = pytest.mark.e2e

TITLE = SCENARIO["title"]
LISTEN = "Ask each side what a good outcome looks like for them."
LIFELINE = "Explore a lifeline tariff for the first litres."
PROPOSE = "Table a tariff you drafted last night."


def reply(page: Page, text: str) -> None:
    """Choose the reply that reads ``text`` and send it."""
    page.get_by_role("group", name="Your reply").get_by_label(text, exact=True).check()
    page.get_by_role("button", name="Reply", exact=True).click()


def score_row(page: Page, dimension: str) -> Locator:
    """The debrief's row of scores for ``dimension``."""
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=dimension))


def path_diagram(page: Page) -> Locator:
    """The SVG drawing of the path, found by its role and the start of its text alternative."""
    return page.get_by_role("img", name=re.compile(r"^The path of play \d+"))


def expect_debrief(page: Page, play: int) -> None:
    expect(page).to_have_url(re.compile(r"/plays/\d+/debrief$"))
    expect(heading(page)).to_have_text(f"Debrief: {TITLE}, play {play}")


def test_trainee_plays_a_scenario_to_an_agreement_then_to_a_walkout(
    page, assert_accessible, people: People, make_roleplay: Callable[..., SeededRoleplay]
):
    trainee = people.add(name="Lina Haddad")
    scenario = make_roleplay(SCENARIO, enrolled=[trainee])
    open_course(page, assert_accessible, trainee, scenario.course_title)
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(heading(page)).to_have_text(TITLE)
    expect(page.get_by_text("Pedro Alves")).to_be_visible()
    assert_accessible()

    page.get_by_role("button", name="Start the scenario").click()
    expect(heading(page)).to_have_text("Opening the meeting")
    expect(page.get_by_text("Play 1 · reply 1")).to_be_visible()
    expect(page.get_by_role("meter", name="Trust")).to_have_attribute("value", "2")
    assert_accessible()

    reply(page, LISTEN)
    expect(heading(page)).to_have_text("Talking about tariffs")
    feedback = page.get_by_role("region", name="After your last reply")
    expect(feedback).to_contain_text(LISTEN)
    expect(feedback).to_contain_text("Interests before positions.")
    expect(page.get_by_role("meter", name="Trust")).to_have_attribute("value", "4")
    assert_accessible()

    reply(page, LIFELINE)
    expect_debrief(page, 1)
    ending = page.get_by_role("region", name="The ending: An agreement")
    expect(ending).to_contain_text("Outcome: success")
    expect(ending).to_contain_text("Passed")
    expect(score_row(page, "Trust")).to_contain_text("5 of 5")
    expect(score_row(page, "Trust")).to_contain_text("Target reached")
    expect(score_row(page, "Equity")).to_contain_text("3 of 5")
    expect(path_diagram(page)).to_have_accessible_name(
        re.compile(
            r"^The path of play 1: 2 replies to the ending “An agreement” "
            r"Start at “Opening the meeting”.*replied “Explore a lifeline tariff.*"
            r"The play ended with “An agreement” \(success\)\.$"
        )
    )
    assert_accessible()

    page.get_by_role("button", name="Play again").click()
    expect(heading(page)).to_have_text("Opening the meeting")
    expect(page.get_by_text("Play 2 · reply 1")).to_be_visible()
    assert_accessible()

    reply(page, PROPOSE)
    expect_debrief(page, 2)
    ending = page.get_by_role("region", name="The ending: The group walks out")
    expect(ending).to_contain_text("Outcome: failure")
    expect(ending).to_contain_text("Not passed")
    expect(score_row(page, "Trust")).to_contain_text("0 of 5")
    expect(score_row(page, "Trust")).to_contain_text("Below its floor")
    expect(path_diagram(page)).to_have_accessible_name(
        re.compile(
            r"^The path of play 2: 1 reply to the ending “The group walks out” "
            r".*replied “Table a tariff you drafted last night\.”.*\(failure\)\.$"
        )
    )
    expect(page.get_by_role("region", name="Your path")).to_contain_text(
        "A ready-made answer leaves the parties no ownership."
    )
    better = page.get_by_role("region", name="What better-scoring paths did differently")
    expect(better).to_contain_text(LISTEN)
    assert_accessible()

    page.get_by_role("link", name="Back to the scenario").click()
    expect(heading(page)).to_have_text(TITLE)
    expect(page.get_by_text("Your result: Passed")).to_be_visible()
    expect(page.get_by_role("link", name="Debrief of play 1")).to_be_visible()
    expect(page.get_by_role("link", name="Debrief of play 2")).to_be_visible()
    assert_accessible()
