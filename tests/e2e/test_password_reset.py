"""The password reset pages in each of their states, checked with axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import flash, heading

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "quiet lantern meadow"  # noqa: S105 (test data)


def test_forgot_password_form_asks_again_when_empty_then_confirms_the_request(
    page, assert_accessible, people
):
    page.goto("/login")
    assert_accessible()
    page.get_by_role("link", name="Forgot your password?").click()
    expect(heading(page)).to_have_text("Forgot your password")
    assert_accessible()

    email = page.get_by_label("Email address")
    page.get_by_role("button", name="Send the link").click()
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description("This field is required.")
    assert_accessible()

    email.fill(people.trainee.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(flash(page)).to_contain_text("If an account uses that address, a link")
    assert_accessible()


def test_bad_reset_link_says_so_and_offers_a_new_one(page, assert_accessible):
    response = page.goto("/password/reset/not-a-token")
    assert response is not None
    assert response.status == 400
    expect(heading(page)).to_have_text("This link cannot be used")
    expect(page.get_by_text("This reset link is not valid; ask for a new one.")).to_be_visible()
    assert_accessible()

    page.get_by_role("link", name="Ask for a new link").click()
    expect(heading(page)).to_have_text("Forgot your password")
    assert_accessible()


def test_valid_reset_link_lets_one_choose_a_new_password(page, assert_accessible, people):
    person = people.add(name="Rosa Quispe")

    page.goto(people.reset_link(person))
    expect(heading(page)).to_have_text("Choose a new password")
    assert_accessible()

    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat the password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(flash(page)).to_have_text("Your password has been changed. Sign in with the new one.")
    assert_accessible()
