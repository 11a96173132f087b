"""Signing in and out through the browser-facing views."""

from __future__ import annotations

from tests.conftest import DEFAULT_PASSWORD, post_form, sign_in


def test_sign_in_with_the_right_password_opens_the_dashboard(client, make_account):
    account = make_account()
    response = post_form(client, "/login", {"email": account.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_and_unknown_email_get_the_same_message(client, make_account):
    account = make_account()
    wrong = post_form(client, "/login", {"email": account.email, "password": "not the password"})
    unknown = post_form(client, "/login", {"email": "nobody@example.org", "password": "whatever12"})
    assert "Email or password is incorrect." in wrong.get_data(as_text=True)
    assert "Email or password is incorrect." in unknown.get_data(as_text=True)


def test_copied_session_cookie_stops_working_after_sign_out(app, make_account):
    account = make_account()
    browser = app.test_client()
    sign_in(browser, account)
    copied = browser.get_cookie("session").value
    post_form(browser, "/logout")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/").status_code == 302
