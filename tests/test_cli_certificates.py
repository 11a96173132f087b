"""`flask lms certificates`: the register as JSON, and revoking by code with readable errors."""

from __future__ import annotations

import json

import pytest

from lms import create_app
from lms.models import Certificate, Role, utcnow
from lms.services import certificates
from tests.certificate_setup import complete_stages, issuer_named, make_certificate_pathway


@pytest.fixture
def app_config(app_config):
    return app_config | {"LMS_PUBLIC_URL": "https://academy.example.org/"}


@pytest.fixture
def issued(db_session, make_account) -> Certificate:
    pathway = make_certificate_pathway(db_session)
    trainee = make_account(Role.TRAINEE, display_name="Mele Tupou")
    complete_stages(db_session, trainee, pathway, "foundation")
    made = certificates.issue(
        db_session, trainee, pathway, "foundation",
        issuer=issuer_named(), base_url="https://academy.example.org", now=utcnow(),
    )  # fmt: skip
    db_session.commit()
    return made


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=["lms", "certificates", *args])


def test_list_as_json_gives_code_holder_award_status_and_url(app, issued):
    result = run(app, "list", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {
            "code": issued.code,
            "number": issued.number,
            "holder": "Mele Tupou",
            "award": "Partnership Broker — Level 1 Foundation",
            "status": "valid",
            "verification_url": f"https://academy.example.org/verify/{issued.code}",
        }
    ]


def test_list_gives_the_url_printed_on_the_certificate_whatever_the_settings(
    app_config, database, db_session, make_account
):
    pathway = make_certificate_pathway(db_session)
    trainee = make_account(Role.TRAINEE)
    complete_stages(db_session, trainee, pathway, "foundation")
    made = certificates.issue(
        db_session, trainee, pathway, "foundation",
        issuer=issuer_named(), base_url="https://example.org/academy", now=utcnow(),
    )  # fmt: skip
    db_session.commit()
    settings = {key: value for key, value in app_config.items() if key != "LMS_PUBLIC_URL"}
    production = create_app(settings | {"LMS_ENV": "production"})

    result = run(production, "list")
    production.extensions["broker_academy"].database.dispose()

    assert result.exit_code == 0, result.output
    assert f"https://example.org/academy/verify/{made.code}" in result.stdout


def test_revoke_by_code_revokes_and_says_so(app, db_session, issued):
    result = run(app, "revoke", issued.code.lower(), "--reason", "Issued in error.")
    db_session.expire_all()
    assert result.exit_code == 0
    assert result.stdout == f"Revoked certificate {issued.number} ({issued.code}).\n"
    assert db_session.get(Certificate, issued.id).revocation_reason == "Issued in error."
    assert json.loads(run(app, "list", "--json").stdout)[0]["status"] == "revoked"


def test_revoking_an_unknown_code_fails_in_one_line(app):
    result = run(app, "revoke", "NOPE", "--reason", "x")
    assert result.exit_code == 1
    assert result.output == "Error: no certificate has the verification code 'NOPE'\n"


def test_revoking_without_a_reason_fails_readably(app, issued):
    result = run(app, "revoke", issued.code, "--reason", "  ")
    assert result.exit_code == 1
    assert result.output == "Error: Say why the certificate is revoked.\n"
