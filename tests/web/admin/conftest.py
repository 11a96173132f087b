"""Fixtures of the administration pages: an administrator and a browser signed in as them."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from lms.models import Account, Role
from tests.conftest import sign_in


@pytest.fixture
def admin(make_account) -> Account:
    return make_account(Role.ADMIN, display_name="Alex Admin")


@pytest.fixture
def admin_client(client: FlaskClient, admin: Account) -> FlaskClient:
    sign_in(client, admin)
    return client
