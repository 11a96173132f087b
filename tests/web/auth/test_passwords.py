"""Forgotten passwords (reset by mail) and password changes."""

from __future__ import annotations

import logging
import re

from lms.models import Role
from lms.services.mail import MailSettings
from lms.services.signin import ResetThrottlePolicy
from tests.conftest import DEFAULT_PASSWORD, outbox_messages, post_form, sign_in

NEW_PASSWORD = "lantern over the harbour"  # noqa: S105
REQUEST_ANSWER = "If an account uses that address, a link to choose a new password is on its way."


def reset_link(message) -> str:
    body = message.get_content()
    match = re.search(r"http://localhost(/password/reset/\S+)", body)
    assert match, body
    return match.group(1)


def ask_for_reset_link(client, email: str) -> None:
    """Ask for a reset link and let the answer be sent, after which the mail goes out."""
    post_form(client, "/password/forgot", {"email": email}).close()


def test_reset_request_answers_alike_for_known_and_unknown_addresses(app, client, make_account):
    account = make_account()
    known = post_form(client, "/password/forgot", {"email": account.email}, follow_redirects=True)
    unknown = post_form(
        client, "/password/forgot", {"email": "nobody@example.org"}, follow_redirects=True
    )
    assert known.get_data(as_text=True).count("a link to choose a new password is on its way") == 1
    assert (
        unknown.get_data(as_text=True).count("a link to choose a new password is on its way") == 1
    )
    assert [message["To"] for message in outbox_messages(app)] == [account.email]


def test_reset_link_sets_a_new_password_and_works_only_once(app, client, make_account):
    account = make_account()
    ask_for_reset_link(client, account.email)
    link = reset_link(outbox_messages(app)[0])
    response = post_form(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == "/login"
    sign_in(client, account, NEW_PASSWORD)
    reused = client.get(link)
    assert reused.status_code == 400
    assert "already been used" in reused.get_data(as_text=True)


def test_reset_mail_goes_out_only_once_the_answer_has_been_sent(app, client, make_account):
    account = make_account()
    response = post_form(client, "/password/forgot", {"email": account.email})
    assert outbox_messages(app) == []
    response.close()
    assert [message["To"] for message in outbox_messages(app)] == [account.email]


def test_reset_mail_that_cannot_be_sent_is_logged(app, client, make_account, caplog):
    app.extensions["broker_academy"].mail_settings = MailSettings(sender="lms@example.org")
    account = make_account()
    with caplog.at_level(logging.ERROR, logger="lms.web.auth.views"):
        ask_for_reset_link(client, account.email)
    assert f"password reset mail to account {account.id} was not sent" in caplog.text


def test_reset_link_lifetime_is_said_as_configured(app, client, make_account):
    app.config["LMS_PASSWORD_RESET_MAX_AGE"] = 2 * 60 * 60
    account = make_account()
    page = post_form(client, "/password/forgot", {"email": account.email}, follow_redirects=True)
    assert "It works once, within 2 hours." in page.get_data(as_text=True)
    assert "Open this link within 2 hours" in outbox_messages(app)[0].get_content()


def test_reset_requests_past_an_email_share_send_nothing_but_are_answered_alike(
    app, client, make_account
):
    account = make_account()
    pages = [
        post_form(client, "/password/forgot", {"email": account.email}, follow_redirects=True)
        for _ in range(4)
    ]
    assert [page.get_data(as_text=True).count(REQUEST_ANSWER) for page in pages] == [1, 1, 1, 1]
    assert [message["To"] for message in outbox_messages(app)] == [account.email] * 3


def ask_for_reset_links_until_throttled(app, client):
    """Ask for links to unknown emails under a policy allowing two requests per address."""
    app.extensions["broker_academy"].reset_throttle_policy = ResetThrottlePolicy(max_per_address=2)
    for number in range(2):
        ask_for_reset_link(client, f"ghost{number}@example.org")
    return post_form(client, "/password/forgot", {"email": "ghost9@example.org"})


def test_reset_requests_past_an_address_share_get_429_with_the_seconds_to_wait(app, client):
    response = ask_for_reset_links_until_throttled(app, client)
    assert response.status_code == 429
    assert 3599 <= int(response.headers["Retry-After"]) <= 3600


def test_reset_requests_past_an_address_share_are_told_when_to_try_again(app, client):
    page = ask_for_reset_links_until_throttled(app, client).get_data(as_text=True)
    assert "Too many reset requests from your network. Try again in 60 minutes." in page
    assert REQUEST_ANSWER not in page


def test_tampered_reset_link_gets_a_clear_page(client):
    response = client.get("/password/reset/not-a-real-token")
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)


def test_password_change_signs_out_other_browsers_but_not_this_one(app, make_account):
    account = make_account()
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, account)
    sign_in(elsewhere, account)
    response = post_form(
        here,
        "/account",
        {"current_password": DEFAULT_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert here.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 302


def test_wrong_current_password_is_explained_on_its_field(client, make_account):
    account = make_account()
    sign_in(client, account)
    page = post_form(
        client,
        "/account",
        {"current_password": "not my password", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert 'id="current_password-error"' in page.get_data(as_text=True)


def test_account_page_shows_roles_by_their_names(client, make_account):
    sign_in(client, make_account(Role.TRAINEE, Role.ADMIN))
    assert "<dd>Administrator, Trainee</dd>" in client.get("/account").get_data(as_text=True)


def test_password_fields_tell_browsers_which_password_they_hold(client, make_account):
    sign_in(client, make_account())
    page = client.get("/account").get_data(as_text=True)
    assert page.count('autocomplete="current-password"') == 1
    assert page.count('autocomplete="new-password"') == 2
