"""Our verifier against 1EdTech's validator fixtures, with the outcomes 1EdTech's own test table
(``OB30Tests.java``) expects: every test there is either checked here or skipped with a reason."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from lms.services.credentials import keys, linked_data, verification

STANDARDS = (Path(__file__).resolve().parents[2] / ".." / "shared" / "standards").resolve()
OPENBADGES = STANDARDS / "openbadges"
FIXTURES = OPENBADGES / "1edtech-validator-fixtures"
NOW = datetime(2025, 6, 1, tzinfo=UTC)
TEST_LIST_URL = (
    "https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/"
    "main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist"
)

pytestmark = pytest.mark.skipif(
    not STANDARDS.is_dir(), reason=f"The Open Badges standard files are not at {STANDARDS}"
)

ACCEPT, REJECT, REVOKED = "accept", "reject", "revoked"
JWT = "JWT-secured credentials are not supported"
BAKED = "reading credentials baked into PNG or SVG images is not part of credential verification"
# 1EdTech's test name -> (fixture file, our expected outcome or the reason we cannot judge it).
TABLE: dict[str, tuple[str, str]] = {
    "testSimpleJsonValid": ("simple.json", ACCEPT),
    "testSimple1ObValid": ("simple.1ob", ACCEPT),
    "testSimpleV1JsonValid": ("simple_v1.json", ACCEPT),  # valid with a warning
    "testSimpleDidKeyMethodJsonValid": ("simple-did-key-method.json", ACCEPT),
    "testSimpleDidWebMethodJsonValid": (
        "simple-did-web-method.json",
        "did:web needs network resolution (1EdTech disables this test too)",
    ),
    "testSimpleMultipleProofsJsonValid": ("simple-multiple-proofs.json", REJECT),
    "testSimplePNGPlainValid": ("simple-json.png", BAKED),
    "testSimplePNGJWTValid": ("simple-jwt.png", JWT),
    "testVelocityJWTValid": ("velocity.jwt", JWT),
    "testSimpleV1PNGJWTValid": ("simple-jwt_v1.png", JWT),
    "testSimpleJsonSVGPlainValid": ("simple-json.svg", BAKED),
    "testSimpleJsonSVGJWTValid": ("simple-jwt.svg", JWT),
    "testSimpleV1JsonSVGJWTValid": ("simple-jwt_v1.svg", JWT),
    "testSimpleJsonInvalidUnknownType": ("simple-err-type.json", REJECT),
    "testSimpleJsonInvalidProofMethod": ("simple-err-proof-method.json", REJECT),
    "testSimpleJsonInvalidProofMethodNoScheme": ("simple-err-proof-method-no-scheme.json", REJECT),
    "testSimpleJsonInvalidProofMethodUnknownScheme": (
        "simple-err-proof-method-unknown-scheme.json",
        REJECT,
    ),
    "testSimpleJsonInvalidProofMethodUnknownDidMethod": (
        "simple-err-proof-method-unknown-did-method.json",
        REJECT,
    ),
    "testSimpleJsonInvalidProofValue": ("simple-err-proof-value.json", REJECT),
    "testSimpleJsonExpired": ("simple-err-expired.json", REJECT),
    "testSimpleJsonContextError": ("simple-err-context.json", REJECT),
    "testSimpleJsonContextAlias": ("simple-context-alias.json", ACCEPT),
    # 1EdTech only notes the older OB context version; the credential itself is sound.
    "testSimpleJsonContextVersion": ("simple-context-version.json", ACCEPT),
    "testSimpleJsonSchemaError": ("simple-err-issuer.json", REJECT),
    "testSimpleJsonInvalidCredentialSubjectType": (
        "simple-err-credential-subject-type.json",
        REJECT,
    ),
    "testSimpleJsonInvalidCredentialSubjectIdentifierType": (
        "simple-err-credential-subject-identifier-type.json",
        REJECT,
    ),
    "testSimpleJsonInvalidCredentialSubjectResultType": (
        "simple-err-credential-subject-result-type.json",
        REJECT,
    ),
    "testSimpleJsonInvalidCredentialSubjectAchievementResultDescriptionType": (
        "simple-err-credential-subject-achievement-result-description-type.json",
        REJECT,
    ),
    "testSimpleJsonInvalidCredentialSubjectProfileType": (
        "simple-err-credential-subject-profile-type.json",
        REJECT,
    ),
    "testSimpleJsonInvalidEvidenceType": ("simple-err-evidence-type.json", REJECT),
    "testSimpleJsonInvalidIssuerType": ("simple-err-issuer-type.json", REJECT),
    "testSimpleJsonInvalidIssuerParentOrgType": ("simple-err-issuer-parentorg-type.json", REJECT),
    "testSimpleJsonInvalidIssuerOtherIdentifierType": (
        "simple-err-issuer-otheridentifier-type.json",
        REJECT,
    ),
    "testSimpleJsonNotIssued": ("simple-err-issued.json", REJECT),
    "testCompleteJsonInvalidInlineSchemaRef": (
        "complete.json",
        "the failure expected comes from fetching an inline credentialSchema over the network",
    ),
    "testCompleteV1JsonInvalidInlineSchemaRef": (
        "complete_v1.json",
        "the failure expected comes from fetching an inline credentialSchema over the network",
    ),
    "testCredentialStatusRevoked": (
        "credential-status-revoked.json",
        "1EdTechRevocationList status and did:web keys need the network",
    ),
    "testEddsa2022Warning": ("simple-eddsa-2022.json", ACCEPT),  # valid with a warning
    "testBitstringStatusListRevoked": ("bit-string-list/credential-status-revoked.json", REVOKED),
    "testRevokedWithBlankNodes": (
        "bit-string-list/credential-status-revoked-blank-nodes.json",
        REVOKED,
    ),
    "testDerivedCredentialValid": (
        "sd/derivedcredential.json",
        "selective disclosure (ecdsa-sd-2023) is not supported",
    ),
}

# What our verifier says about each rejected fixture, so it is refused for the right reason.
REJECTED_BECAUSE = {
    "simple-multiple-proofs.json": "unsupported type 'SomeProofType'",
    "simple-err-type.json": "not typed as a VerifiableCredential and an OpenBadgeCredential",
    "simple-err-proof-method.json": "cannot be resolved",
    "simple-err-proof-method-no-scheme.json": "cannot be resolved",
    "simple-err-proof-method-unknown-scheme.json": "cannot be resolved",
    "simple-err-proof-method-unknown-did-method.json": "cannot be resolved",
    "simple-err-proof-value.json": "signature does not match",
    "simple-err-expired.json": "has expired",
    "simple-err-context.json": "not the Verifiable Credentials context",
    "simple-err-issuer.json": "no issuer profile",
    "simple-err-credential-subject-type.json": "not typed as AchievementSubject",
    "simple-err-credential-subject-identifier-type.json": "not typed as IdentityObject",
    "simple-err-credential-subject-result-type.json": "not typed as Result",
    "simple-err-credential-subject-achievement-result-description-type.json": (
        "not typed as ResultDescription"
    ),
    "simple-err-credential-subject-profile-type.json": "source is not typed as Profile",
    "simple-err-evidence-type.json": "not typed as Evidence",
    "simple-err-issuer-type.json": "issuer is not typed as Profile",
    "simple-err-issuer-parentorg-type.json": "parent organisation is not typed as Profile",
    "simple-err-issuer-otheridentifier-type.json": "not typed as IdentifierEntry",
    "simple-err-issued.json": "not valid yet",
}


def java_test_names() -> list[str]:
    if not FIXTURES.is_dir():
        return sorted(TABLE)
    source = (FIXTURES / "OB30Tests.java.txt").read_text(encoding="utf-8")
    return re.findall(r"@Test\s+(?:@Disabled\s+)?void\s+(\w+)\s*\(", source)


def fragment_key(method: str) -> Ed25519PublicKey | None:
    """Resolve an http(s) method the way 1EdTech's validator does offline: from its fragment."""
    try:
        return keys.public_key_from_multikey(method.partition("#")[2])
    except keys.KeyFormatError:
        return None


def status_list_for(url: str) -> dict[str, Any] | None:
    if url != TEST_LIST_URL:
        return None
    return json.loads((FIXTURES / "bit-string-list" / "testlist").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_table_covers_every_1edtech_test() -> None:
    assert sorted(java_test_names()) == sorted(TABLE)


@pytest.mark.parametrize("test_name", java_test_names())
def test_fixture_outcome_matches_1edtech(test_name: str) -> None:
    fixture, expected = TABLE[test_name]
    if expected not in (ACCEPT, REJECT, REVOKED):
        pytest.skip(f"{fixture}: {expected}")
    credential = json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))
    verdict = verification.verify_credential(
        credential,
        public_key_for=fragment_key,
        status_list_for=status_list_for,
        now=NOW,
        loader=linked_data.document_loader(OPENBADGES / "jsonld-contexts" / "url-map.json"),
    )
    if expected == ACCEPT:
        assert verdict.problems == ()
        assert verdict.is_accepted
    elif expected == REVOKED:
        assert verdict.genuine, verdict.problems
        assert verdict.revoked
        assert verdict.problems == ("The credential has been revoked.",)
    else:
        reason = REJECTED_BECAUSE[fixture]
        assert not verdict.is_accepted
        assert any(reason in problem for problem in verdict.problems), verdict.problems
        assert verdict.expired == (fixture == "simple-err-expired.json")
