"""Pages every visitor meets, checked with axe-core and the keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.e2e


def test_sign_in_page_passes_axe_before_and_after_a_failed_attempt(page, assert_accessible):
    page.goto("/login")
    assert_accessible()
    page.get_by_label("Email address").fill("nobody@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Email or password is incorrect.")
    assert_accessible()


def test_not_found_page_passes_axe(page, assert_accessible):
    response = page.goto("/no-such-page")
    assert response is not None
    assert response.status == 404
    assert_accessible()


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, assert_accessible):
    page.goto("/login")
    assert_accessible()
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_catalogue_and_course_pages_pass_axe_for_anonymous_visitors(
    page, assert_accessible, courses
):
    slug, course = courses[0]
    page.goto("/courses")
    assert_accessible()
    page.get_by_role("link", name=course.title, exact=True).click()
    expect(page).to_have_url(re.compile(f"/courses/{slug}$"))
    expect(page.get_by_role("link", name="Sign in to enrol")).to_be_visible()
    assert_accessible()


def tab_to(page: Page, target: Locator, *, limit: int = 20) -> None:
    """Press Tab until ``target`` has focus; fail if ``limit`` presses do not get there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{limit} presses of Tab did not reach {target}")


def test_keyboard_alone_fills_the_sign_in_form_in_order_and_submits_it(
    page, assert_accessible, people
):
    email = page.get_by_label("Email address")
    password = page.get_by_label("Password")
    submit = page.get_by_role("button", name="Sign in")
    page.goto("/login")
    assert_accessible()

    tab_to(page, email)
    page.keyboard.type(people.trainee.email)
    page.keyboard.press("Tab")
    expect(password).to_be_focused()
    page.keyboard.type(people.trainee.password)
    page.keyboard.press("Tab")
    expect(submit).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your courses")
    assert_accessible()
