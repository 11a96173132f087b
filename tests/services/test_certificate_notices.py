"""A certificate's holder is emailed once: the claim in the database decides who sends it."""

from __future__ import annotations

import pytest

from lms.models import Certificate, Role, utcnow
from lms.services import certificate_notices, certificates
from tests.certificate_setup import complete_stages, issuer_named, make_certificate_pathway
from tests.concurrency import run_concurrently


@pytest.fixture
def certificate(db_session, make_account) -> Certificate:
    pathway = make_certificate_pathway(db_session)
    trainee = make_account(Role.TRAINEE)
    complete_stages(db_session, trainee, pathway, "foundation")
    made = certificates.issue(
        db_session, trainee, pathway, "foundation",
        issuer=issuer_named(), base_url="http://localhost", now=utcnow(),
    )  # fmt: skip
    db_session.commit()
    return made


def test_a_certificate_is_claimed_once_until_released(db_session, certificate):
    first = certificate_notices.claim(db_session, certificate, now=utcnow())
    db_session.commit()
    second = certificate_notices.claim(db_session, certificate, now=utcnow())
    certificate_notices.release(db_session, certificate)
    db_session.commit()
    after_release = certificate_notices.claim(db_session, certificate, now=utcnow())

    assert (first, second, after_release) == (True, False, True)


def test_a_revoked_certificate_is_never_claimed(db_session, certificate, make_account):
    certificates.revoke(
        db_session, certificate, reason="Issued in error.", actor=make_account(Role.ADMIN),
        now=utcnow(),
    )  # fmt: skip
    db_session.commit()

    assert not certificate_notices.is_awaited(certificate)
    assert certificate_notices.claim(db_session, certificate, now=utcnow()) is False
    assert certificate.notified_at is None


def test_concurrent_claims_let_one_sender_through(database, certificate):
    def claim(session):
        found = session.get(Certificate, certificate.id)
        return certificate_notices.claim(session, found, now=utcnow())

    assert sorted(run_concurrently(database, claim, times=4)) == [False, False, False, True]
