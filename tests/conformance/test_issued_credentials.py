"""Every credential the academy issues meets 1EdTech's Open Badges 3.0 JSON Schema and verifies
with our verifier, through the issuer's own key and revocation list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from lms.models import Role, utcnow
from lms.services import certificate_register, certificates
from tests.certificate_setup import (
    BASE_URL,
    complete_stages,
    issuer_named,
    make_certificate_pathway,
    passed_practicum,
)

STANDARDS = (Path(__file__).resolve().parents[2] / ".." / "shared" / "standards").resolve()
SCHEMA = STANDARDS / "openbadges" / "schema" / "ob_v3p0_achievementcredential_schema.json"

pytestmark = pytest.mark.skipif(
    not STANDARDS.is_dir(), reason=f"The Open Badges standard files are not at {STANDARDS}"
)

STAGES = ("foundation", "practitioner", "accredited")


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft201909Validator:
    schema: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft201909Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture
def issued(db_session, make_account):
    """One certificate of every stage, for a holder with a name beyond ASCII."""
    pathway = make_certificate_pathway(db_session)
    trainee = make_account(Role.TRAINEE, display_name="Ngozi Ọkọnkwọ-Šťastná")
    complete_stages(db_session, trainee, pathway, "accredited")
    passed_practicum(db_session, trainee, pathway)
    made = [
        certificates.issue(
            db_session,
            trainee,
            pathway,
            stage,
            issuer=issuer_named(),
            base_url=BASE_URL,
            now=utcnow(),
        )  # fmt: skip
        for stage in STAGES
    ]
    db_session.commit()
    return made


@pytest.mark.parametrize("position", range(len(STAGES)), ids=STAGES)
def test_issued_credential_meets_the_schema(issued, validator, position):
    credential = issued[position].credential
    errors = [error.message for error in validator.iter_errors(credential)]
    assert errors == []
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["credentialSubject"]["achievement"]["achievementType"] == "Certification"


@pytest.mark.parametrize("position", range(len(STAGES)), ids=STAGES)
def test_issued_credential_verifies_as_genuine_and_current(db_session, issued, position):
    verdict = certificate_register.check_credential(
        db_session, issued[position].credential, issuer_named(), base_url=BASE_URL, now=utcnow()
    )
    assert verdict.problems == ()
    assert verdict.is_accepted


def test_a_changed_credential_does_not_verify(db_session, issued):
    tampered = json.loads(json.dumps(issued[0].credential))
    tampered["credentialSubject"]["identifier"][0]["identityHash"] = "Someone Else"
    verdict = certificate_register.check_credential(
        db_session, tampered, issuer_named(), base_url=BASE_URL, now=utcnow()
    )
    assert not verdict.genuine
    assert "The proof signature does not match the credential." in verdict.problems
