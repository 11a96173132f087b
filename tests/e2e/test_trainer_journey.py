"""A trainer's visit, end to end in a real browser, every page checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import heading, main_nav, sign_in

pytestmark = pytest.mark.e2e


def test_trainer_finds_a_trainees_progress_and_their_own_account_through_the_menus(
    page, assert_accessible, people, courses
):
    _slug, course = courses[0]
    lessons_total = len(course.lessons())
    trainee = people.trainee.display_name

    sign_in(page, assert_accessible, people.trainer)

    main_nav(page).get_by_role("link", name="Teaching").click()
    expect(heading(page)).to_have_text("Teaching")
    assert_accessible()

    page.get_by_role("link", name=course.title, exact=True).click()
    expect(heading(page)).to_have_text(f"Trainees of {course.title}")
    assert_accessible()
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=trainee))
    expect(row.get_by_role("progressbar", name=f"Progress of {trainee}")).to_have_attribute(
        "value", str(100 // lessons_total)
    )
    expect(row).to_contain_text(f"1 of {lessons_total} lessons")

    page.get_by_role("link", name=people.trainer.display_name, exact=True).click()
    expect(heading(page)).to_have_text("Your account")
    expect(page.get_by_role("definition").filter(has_text=people.trainer.email)).to_be_visible()
    assert_accessible()
