"""Fixtures of the verification pages: certificates issued as the test app would issue them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from lms.models import Account, Certificate, Pathway, Role, utcnow
from lms.services import certificates
from tests.certificate_setup import complete_stages, issuer_named, make_certificate_pathway

# The test client's address, which the app uses for links when LMS_PUBLIC_URL is not set.
WEB_BASE = "http://localhost"


@pytest.fixture
def pathway(db_session) -> Pathway:
    return make_certificate_pathway(db_session)


@pytest.fixture
def graduate(db_session, make_account, pathway) -> Account:
    trainee = make_account(Role.TRAINEE, display_name="Siân Ó Briain")
    complete_stages(db_session, trainee, pathway, "accredited")
    return trainee


@pytest.fixture
def issue(db_session, pathway) -> Callable[..., Certificate]:
    """``issue(account, stage, now=...)``: issue through the service, committed."""

    def make(account: Account, stage: str = "foundation", *, now: datetime | None = None):
        certificate = certificates.issue(
            db_session, account, pathway, stage,
            issuer=issuer_named(), base_url=WEB_BASE, now=now or utcnow(),
        )  # fmt: skip
        db_session.commit()
        return certificate

    return make
