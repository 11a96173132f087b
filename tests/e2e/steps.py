"""Steps the browser tests share: signing in, finding the site's navigation, and assessing a
written role-play."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.e2e.people import Person


def sign_in(page: Page, assert_accessible: Callable[[], None], person: Person) -> None:
    """Sign in through the form and land on the dashboard, checking both pages."""
    page.goto("/login")
    assert_accessible()
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(person.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(heading(page)).to_have_text("Your courses")
    assert_accessible()


def heading(page: Page) -> Locator:
    """The page's one h1."""
    return page.get_by_role("heading", level=1)


def main_nav(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Main")


def admin_nav(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Administration")


def flash(page: Page) -> Locator:
    """The confirmation a page shows after a change (errors are alerts, not status)."""
    return page.get_by_role("main").get_by_role("status")


def open_course(
    page: Page, assert_accessible: Callable[[], None], person: Person, course_title: str
) -> None:
    """Sign in and follow the dashboard to a course page, checking each page."""
    sign_in(page, assert_accessible, person)
    page.get_by_role("link", name=course_title, exact=True).click()
    expect(heading(page)).to_have_text(course_title)
    assert_accessible()


def choose_level(page: Page, criterion: str, level: str) -> None:
    """Pick the level of ``criterion`` whose label starts with ``level``."""
    group = page.get_by_role("group", name=re.compile(f"^{re.escape(criterion)}"))
    group.get_by_role("radio", name=re.compile(f"^{re.escape(level)} \\(")).check()


def assess_from_the_queue(
    page: Page,
    assert_accessible: Callable[[], None],
    course_title: str,
    trainee: Person,
    *,
    submission: str,
) -> None:
    """Follow the teaching pages to the course's written queue, and open the trainee's answer
    from it."""
    main_nav(page).get_by_role("link", name="Teaching").click()
    expect(heading(page)).to_have_text("Teaching")
    assert_accessible()
    page.get_by_role("link", name=course_title, exact=True).click()
    expect(heading(page)).to_have_text(f"Trainees of {course_title}")
    assert_accessible()
    page.get_by_role("link", name="Written role-plays to assess").click()
    expect(heading(page)).to_have_text("Written role-plays to assess")
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=trainee.display_name)
    )
    expect(row).to_contain_text(submission)
    assert_accessible()
    row.get_by_role("link", name=f"Assess the answer of {trainee.display_name}").click()
    expect(heading(page)).to_have_text(f"Assess the answer of {trainee.display_name}")
    assert_accessible()
