"""Stating on one's account page the sector one works in, which live role-plays cast across."""

from __future__ import annotations

from lms.models import Account, Sector
from tests.conftest import post_form


def test_account_page_offers_the_sector_as_an_optional_field(signed_in_client, make_account):
    html = signed_in_client(make_account()).get("/account").get_data(as_text=True)
    assert '<label for="sector">Sector you work in</label>' in html
    assert '<option selected value="">Not stated</option>' in html


def test_stating_a_sector_saves_it_and_shows_it_chosen(db_session, signed_in_client, make_account):
    account = make_account()
    client = signed_in_client(account)
    response = post_form(client, "/account/sector", {"sector": "un"})
    assert response.headers["Location"] == "/account"
    db_session.expire_all()
    assert db_session.get(Account, account.id).sector is Sector.UN
    assert '<option selected value="un">UN agency</option>' in client.get("/account").get_data(
        as_text=True
    )


def test_the_sector_can_be_unstated_again(db_session, signed_in_client, make_account):
    account = make_account()
    client = signed_in_client(account)
    post_form(client, "/account/sector", {"sector": "business"})
    post_form(client, "/account/sector", {"sector": ""})
    db_session.expire_all()
    assert db_session.get(Account, account.id).sector is None


def test_an_unknown_sector_is_refused(db_session, signed_in_client, make_account):
    account = make_account()
    client = signed_in_client(account)
    response = post_form(client, "/account/sector", {"sector": "pirates"}, follow_redirects=True)
    assert "Choose one of the sectors listed." in response.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(Account, account.id).sector is None
