"""Verification requests are limited per network address."""

from __future__ import annotations

import pytest


@pytest.fixture
def app_config(app_config):
    return app_config | {"LMS_VERIFY_MAX_PER_ADDRESS": 3, "LMS_VERIFY_WINDOW": 600}


def test_requests_past_the_limit_get_a_429_page(client):
    for _ in range(3):
        assert client.get("/verify/7KQ2-M9XD-H3Z").status_code == 404
    response = client.get("/verify/7KQ2-M9XD-H3Z")

    assert response.status_code == 429
    assert "Too many verification requests from your network" in response.get_data(as_text=True)
    assert 1 <= int(response.headers["Retry-After"]) <= 600


def test_another_address_is_not_held_back(client):
    for _ in range(4):
        client.get("/verify/")
    other = client.get("/verify/", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200
