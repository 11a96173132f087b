"""A written role-play in a real browser: a trainee submits, a trainer asks for a resubmission,
the trainee resubmits and passes, every page state checked with axe."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.people import People
from tests.e2e.steps import (
    assess_from_the_queue,
    choose_level,
    flash,
    heading,
    open_course,
    sign_in,
)
from tests.roleplay_specs import WRITTEN

if TYPE_CHECKING:
    from tests.e2e.conftest import SeededRoleplay

pytestmark = pytest.mark.e2e

TITLE = WRITTEN["title"]
FIRST_ANSWER = "The utility carries the risk of delay; the bottler pays for water delivered."
SECOND_ANSWER = (
    "If the pipeline is late, the utility trucks water at its own cost for 90 days; "
    "after that the bottler may buy elsewhere and the utility refunds the difference."
)
REFLECTION = "I left out force majeure, to keep the clause short."
COMMENT = "Who pays while water is trucked?"


def standing(page: Page) -> Locator:
    """The sentence saying where the trainee stands with the role-play."""
    return page.get_by_role("paragraph").filter(has_text=re.compile(r"^\s*Status:"))


def submit_answer(page: Page, answer: str, reflection: str = "") -> None:
    page.get_by_role("textbox", name="Your answer").fill(answer)
    if reflection:
        page.get_by_role("textbox", name="Your reflection (optional)").fill(reflection)
    page.get_by_role("button", name="Submit your answer").click()
    expect(flash(page)).to_have_text("Your answer is submitted; a trainer will assess it.")


def test_trainer_asks_for_a_resubmission_and_passes_the_second_answer(
    page,
    open_page,
    assert_accessible,
    people: People,
    make_roleplay: Callable[..., SeededRoleplay],
):
    trainee = people.add(name="Kofi Mensah")
    written = make_roleplay(WRITTEN, enrolled=[trainee])
    trainer_page, trainer_check = open_page()

    open_course(page, assert_accessible, trainee, written.course_title)
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(heading(page)).to_have_text(TITLE)
    expect(standing(page)).to_contain_text("you have not submitted an answer yet")
    assert_accessible()
    page.get_by_role("button", name="Submit your answer").click()
    expect(page.get_by_text("Write your answer before you submit it.").first).to_be_visible()
    assert_accessible()
    submit_answer(page, FIRST_ANSWER, REFLECTION)
    expect(standing(page)).to_contain_text("your submission 1 is awaiting assessment")
    expect(page.get_by_role("article", name="Submission 1")).to_contain_text(REFLECTION)
    assert_accessible()

    sign_in(trainer_page, trainer_check, people.trainer)
    assess_from_the_queue(
        trainer_page, trainer_check, written.course_title, trainee, submission="First"
    )
    expect(trainer_page.get_by_role("region", name="Answer")).to_contain_text(FIRST_ANSWER)
    expect(trainer_page.get_by_role("region", name="Answer")).to_contain_text(REFLECTION)
    trainer_page.get_by_role("button", name="Record the assessment").click()
    expect(trainer_page.get_by_text("Choose a level for “Clarity of language”.")).to_be_visible()
    trainer_check()
    choose_level(trainer_page, "Clarity of language", "Fair")
    choose_level(trainer_page, "Risk allocation", "Partial")
    trainer_page.get_by_label("Comment on “Risk allocation”").fill(COMMENT)
    trainer_page.get_by_label("Ask the trainee to resubmit").check()
    trainer_page.get_by_role("button", name="Record the assessment").click()
    expect(flash(trainer_page)).to_have_text(f"Assessment saved for {trainee.display_name}.")
    expect(heading(trainer_page)).to_have_text("Written role-plays to assess")
    trainer_check()

    page.reload()
    expect(standing(page)).to_contain_text("a trainer has asked you to resubmit")
    result = page.get_by_role("region", name="Assessment 1: 50%, not passed")
    expect(result).to_contain_text("A resubmission is asked for.")
    expect(result).to_contain_text(COMMENT)
    expect(page.get_by_role("heading", name="Send a new answer")).to_be_visible()
    assert_accessible()
    submit_answer(page, SECOND_ANSWER)
    expect(standing(page)).to_contain_text("your submission 2 is awaiting assessment")
    assert_accessible()

    assess_from_the_queue(
        trainer_page, trainer_check, written.course_title, trainee, submission="Resubmission 1"
    )
    expect(trainer_page.get_by_role("region", name="Answer")).to_contain_text(SECOND_ANSWER)
    expect(trainer_page.get_by_role("region", name="History")).to_contain_text(
        "Assessment 1: 50%, not passed"
    )
    choose_level(trainer_page, "Clarity of language", "Strong")
    choose_level(trainer_page, "Risk allocation", "Full")
    trainer_page.get_by_label("Overall comment").fill("Clear, and every risk has an owner.")
    trainer_page.get_by_role("button", name="Record the assessment").click()
    expect(flash(trainer_page)).to_have_text(f"Assessment saved for {trainee.display_name}.")
    expect(
        trainer_page.get_by_role("row").filter(
            has=trainer_page.get_by_role("rowheader", name=trainee.display_name)
        )
    ).to_have_count(0)
    trainer_check()

    page.reload()
    expect(standing(page)).to_contain_text("passed, with 100%")
    expect(page.get_by_role("region", name="Assessment 1: 100%, passed")).to_contain_text(
        "Clear, and every risk has an owner."
    )
    expect(page.get_by_role("button", name="Submit your answer")).to_have_count(0)
    assert_accessible()
