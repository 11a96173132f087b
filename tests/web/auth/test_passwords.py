"""Forgotten passwords (reset by mail) and password changes."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from tests.conftest import DEFAULT_PASSWORD, post_form, sign_in

NEW_PASSWORD = "lantern over the harbour"  # noqa: S105


def outbox_messages(app) -> list[EmailMessage]:
    outbox = Path(app.config["LMS_MAIL_OUTBOX"])
    files = sorted(outbox.glob("*.eml")) if outbox.exists() else []
    return [message_from_bytes(path.read_bytes(), policy=policy.default) for path in files]


def reset_link(message) -> str:
    body = message.get_content()
    match = re.search(r"http://localhost(/password/reset/\S+)", body)
    assert match, body
    return match.group(1)


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
    post_form(client, "/password/forgot", {"email": account.email})
    link = reset_link(outbox_messages(app)[0])
    response = post_form(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == "/login"
    sign_in(client, account, NEW_PASSWORD)
    reused = client.get(link)
    assert reused.status_code == 400
    assert "already been used" in reused.get_data(as_text=True)


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
