"""A new trainee's first visit, end to end in a real browser, every page checked with axe."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

PASSWORD = "amber kettle horizon"  # noqa: S105 (test data)


def register(page: Page, assert_accessible: Callable[[], None], *, name: str, email: str) -> None:
    """Register through the form, after one mistake, so the form's error state is checked too."""
    page.goto("/register")
    assert_accessible()
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD + " typo")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("The passwords differ.")).to_be_visible()
    assert_accessible()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()


def test_new_trainee_completes_a_lesson_and_the_dashboard_offers_the_next(
    page, assert_accessible, courses
):
    slug, course = courses[0]
    first, second = course.lessons()[:2]
    percent = 100 // len(course.lessons())  # whole percent, rounded down

    register(page, assert_accessible, name="Amina Diallo", email=f"{uuid.uuid4().hex}@example.org")
    expect(page).to_have_url(re.compile(r"/courses$"))
    assert_accessible()

    page.get_by_role("button", name=f"Enrol in {course.title}").click()
    expect(page).to_have_url(re.compile(f"/courses/{slug}$"))
    assert_accessible()

    page.get_by_role("link", name=first.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first.title)
    assert_accessible()

    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(second.title)
    assert_accessible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page).to_have_url(re.compile(r"/$"))
    assert_accessible()
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=course.title))
    progress_bar = card.get_by_role("progressbar", name=f"Progress in {course.title}")
    expect(progress_bar).to_have_attribute("value", str(percent))
    expect(card).to_contain_text(f"{percent}%")
    continue_link = card.locator("p", has_text="Continue where you left off").get_by_role("link")
    expect(continue_link).to_have_text(second.title)

    continue_link.click()
    expect(page).to_have_url(re.compile(f"/courses/{slug}/lessons/{second.slug}$"))
    assert_accessible()
