"""Site-wide behaviour: health check, error pages, security headers."""

from __future__ import annotations

import pytest

from lms.db import Database


def test_health_check_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})


def test_health_check_answers_503_when_the_database_does_not(app, client, tmp_path):
    unreachable = Database(f"sqlite:///{tmp_path}/missing-folder/db.sqlite3")
    app.extensions["broker_academy"].database = unreachable
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_unknown_page_gets_a_page_of_the_site(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "There is nothing at this address" in page
    assert '<main id="main"' in page


def test_wrong_method_gets_a_page_of_the_site(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert '<main id="main"' in response.get_data(as_text=True)


def test_json_clients_get_json_errors(client):
    response = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"] == "Not Found"


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    policy = client.get("/login").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("path", ["/attempts/{id}", "/plays/{id}", "/live/{id}"])
def test_an_id_too_large_for_the_database_gets_not_found(make_account, signed_in_client, path):
    client = signed_in_client(make_account())

    response = client.get(path.format(id=2**64))

    assert response.status_code == 404
