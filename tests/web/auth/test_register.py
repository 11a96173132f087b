"""Registering through the site."""

from __future__ import annotations

from sqlalchemy import select

from lms.models import Account, Role
from tests.conftest import post_form

GOOD = {
    "display_name": "Amina Yusuf",
    "email": "amina@example.org",
    "password": "river stone lantern",
    "confirm": "river stone lantern",
}


def test_registering_creates_a_trainee_and_signs_them_in(client, db_session):
    response = post_form(client, "/register", GOOD)
    assert response.status_code == 302
    account = db_session.scalars(select(Account)).one()
    assert (account.email, account.roles) == ("amina@example.org", {Role.TRAINEE})
    assert client.get("/").status_code == 200


def test_weak_password_is_explained_on_its_field(client, db_session):
    response = post_form(
        client, "/register", {**GOOD, "password": "amina12345", "confirm": "amina12345"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="password-error"' in page
    assert "Do not use your name or email address" in page
    assert db_session.scalars(select(Account)).all() == []


def test_mismatched_confirmation_is_explained(client):
    page = post_form(client, "/register", {**GOOD, "confirm": "something else"}).get_data(
        as_text=True
    )
    assert "The passwords differ." in page


def test_taken_email_is_explained_on_the_email_field(client, make_account):
    make_account(email="amina@example.org")
    page = post_form(client, "/register", GOOD).get_data(as_text=True)
    assert 'id="email-error"' in page
    assert "already exists" in page


def test_registration_without_csrf_token_is_refused_with_a_page(client, db_session):
    response = client.post("/register", data=GOOD)
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert db_session.scalars(select(Account)).all() == []


def test_registering_returns_to_a_local_next_page(client):
    response = post_form(client, "/register?next=/courses/negotiation", GOOD)
    assert response.headers["Location"] == "/courses/negotiation"


def test_registering_never_redirects_off_site(client):
    response = post_form(client, "/register?next=//evil.example/", GOOD)
    assert response.headers["Location"] == "/courses"


def test_registration_page_links_to_sign_in_keeping_the_next_page(client):
    page = client.get("/register?next=/courses/negotiation").get_data(as_text=True)
    assert 'href="/login?next=/courses/negotiation"' in page


def test_registration_fields_tell_browsers_what_they_hold(client):
    page = client.get("/register").get_data(as_text=True)
    assert 'autocomplete="name"' in page
    assert 'autocomplete="email"' in page
    assert page.count('autocomplete="new-password"') == 2
