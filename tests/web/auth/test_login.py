"""Signing in and out through the browser-facing views."""

from __future__ import annotations

from lms.services.signin import ThrottlePolicy
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


def test_sign_in_returns_to_a_local_next_page(client, make_account):
    account = make_account()
    response = post_form(
        client, "/login?next=/account", {"email": account.email, "password": DEFAULT_PASSWORD}
    )
    assert response.headers["Location"] == "/account"


def test_sign_in_never_redirects_off_site(client, make_account):
    account = make_account()
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = post_form(
            client, f"/login?next={target}", {"email": account.email, "password": DEFAULT_PASSWORD}
        )
        assert response.headers["Location"] == "/"
        post_form(client, "/logout")


def test_anonymous_visitor_is_sent_to_sign_in_and_back(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/account"


def throttled_sign_in(app, account):
    """Fail twice under a policy that allows two failures, then sign in with the right password."""
    app.extensions["broker_academy"].throttle_policy = ThrottlePolicy(max_failures_per_account=2)
    client = app.test_client()
    for _ in range(2):
        post_form(client, "/login", {"email": account.email, "password": "wrong password!"})
    return post_form(client, "/login", {"email": account.email, "password": DEFAULT_PASSWORD})


def test_throttled_sign_in_says_when_to_try_again(app, make_account):
    page = throttled_sign_in(app, make_account())
    assert "Too many failed sign-in attempts. Try again in 15 minutes" in page.get_data(
        as_text=True
    )


def test_throttled_sign_in_answers_429_with_the_seconds_to_wait(app, make_account):
    response = throttled_sign_in(app, make_account())
    assert response.status_code == 429
    assert 899 <= int(response.headers["Retry-After"]) <= 900


def test_sign_in_page_links_to_registration_keeping_the_next_page(client):
    page = client.get("/login?next=/courses/negotiation").get_data(as_text=True)
    assert 'href="/register?next=/courses/negotiation"' in page


def test_sign_in_page_does_not_pass_an_off_site_next_page_on(client):
    page = client.get("/login?next=https://evil.example/").get_data(as_text=True)
    assert 'href="/register"' in page


def test_sign_in_fields_tell_browsers_what_they_hold(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'autocomplete="email"' in page
    assert 'autocomplete="current-password"' in page


def test_session_cookie_is_http_only_and_lax(client, make_account):
    account = make_account()
    response = post_form(client, "/login", {"email": account.email, "password": DEFAULT_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
