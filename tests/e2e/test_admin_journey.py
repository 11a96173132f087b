"""An administrator's work, end to end in a real browser, every page checked with axe.

Each test changes a person of its own (``people.add``), so the tests can run in any order.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from lms.models import Role
from tests.e2e.people import People, Person
from tests.e2e.steps import admin_nav, flash, heading, main_nav, sign_in

pytestmark = pytest.mark.e2e


def open_administration(page: Page, assert_accessible: Callable[[], None], people: People) -> None:
    """Sign in as the administrator and follow the main menu to the user list."""
    sign_in(page, assert_accessible, people.admin)
    main_nav(page).get_by_role("link", name="Administration").click()
    expect(heading(page)).to_have_text("Users")
    assert_accessible()


def open_user(page: Page, assert_accessible: Callable[[], None], person: Person) -> None:
    """Search the user list for ``person`` and open their page."""
    page.get_by_label("Name or email contains").fill(person.email)
    page.get_by_role("button", name="Show users").click()
    expect(page.get_by_text("Showing 1–1 of 1 account.")).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name=person.display_name, exact=True).click()
    expect(heading(page)).to_have_text(person.display_name)
    assert_accessible()


def test_admin_makes_a_trainee_a_trainer_and_the_audit_log_lists_the_change(
    page, assert_accessible, people
):
    person = people.add(name="Kofi Mensah")
    open_administration(page, assert_accessible, people)
    open_user(page, assert_accessible, person)

    page.get_by_role("checkbox", name="Trainer").check()
    page.get_by_role("button", name="Save roles").click()
    expect(flash(page)).to_have_text(f"Roles of {person.display_name} saved.")
    expect(page.get_by_role("checkbox", name="Trainer")).to_be_checked()
    assert_accessible()

    admin_nav(page).get_by_role("link", name="Audit log").click()
    expect(heading(page)).to_have_text("Audit log")
    assert_accessible()
    page.get_by_label("Action").select_option("account.roles_changed")
    page.get_by_role("button", name="Show events").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=person.email))
    expect(row).to_contain_text("account.roles_changed")
    expect(row).to_contain_text("roles: trainee → trainee, trainer")
    assert_accessible()


def test_unknown_role_in_the_user_filter_is_a_field_error(page, assert_accessible, people):
    open_administration(page, assert_accessible, people)

    page.goto("/admin/users?role=nonsense")
    role = page.get_by_label("Role")
    expect(role).to_have_attribute("aria-invalid", "true")
    expect(role).to_have_accessible_description("Choose a role from the list.")
    expect(page.get_by_text("No accounts are listed until the filters above")).to_be_visible()
    assert_accessible()


def test_admin_assigns_a_trainer_to_a_course(page, assert_accessible, people, courses):
    trainer = people.add(Role.TRAINER, name="Lena Fischer")
    _slug, course = courses[0]
    open_administration(page, assert_accessible, people)

    admin_nav(page).get_by_role("link", name="Courses").click()
    expect(heading(page)).to_have_text("Courses and trainers")
    assert_accessible()
    card = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=course.title, exact=True)
    )
    card.get_by_label(f"Trainer to add to {course.title}").select_option(
        label=f"{trainer.display_name} ({trainer.email})"
    )
    card.get_by_role("button", name="Assign trainer").click()
    expect(flash(page)).to_have_text(f"{trainer.display_name} now teaches {course.title}.")
    expect(card.get_by_role("link", name=trainer.display_name, exact=True)).to_be_visible()
    assert_accessible()


def test_admin_deactivates_a_user(page, assert_accessible, people):
    person = people.add(name="Sam Okafor")
    open_administration(page, assert_accessible, people)
    open_user(page, assert_accessible, person)

    page.get_by_role("button", name=f"Deactivate {person.display_name}").click()
    expect(flash(page)).to_have_text(f"{person.display_name} deactivated.")
    expect(page.get_by_role("definition").get_by_text("Deactivated", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=f"Reactivate {person.display_name}")).to_be_visible()
    assert_accessible()
