"""Open Badges 3.0 signing against 1EdTech's eddsa-rdfc-2022 test vector, byte for byte, and the
bundled JSON-LD contexts against the published ones."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from lms.services.credentials import keys, linked_data, proofs, status_list, verification

STANDARDS = (Path(__file__).resolve().parents[2] / ".." / "shared" / "standards").resolve()
OPENBADGES = STANDARDS / "openbadges"
VECTOR = OPENBADGES / "test-vector-eddsa-rdfc-2022"

pytestmark = pytest.mark.skipif(
    not STANDARDS.is_dir(), reason=f"The Open Badges standard files are not at {STANDARDS}"
)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def vector() -> dict[str, Any]:
    return read_json(VECTOR / "vector.json")  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def unsigned() -> dict[str, Any]:
    return read_json(VECTOR / "credential-unsigned.json")  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def loader() -> linked_data.DocumentLoader:
    return linked_data.document_loader()


def vector_key_for(vector: dict[str, Any]) -> proofs.PublicKeyFor:
    def public_key_for(method: str) -> Ed25519PublicKey | None:
        if method != vector["verificationMethod"]:
            return None
        return keys.public_key_from_multikey(vector["publicKeyMultibase"])

    return public_key_for


def test_vector_keys_read_as_published(vector: dict[str, Any]) -> None:
    private_key = keys.private_key_from_multibase(vector["secretKeyMultibase"])
    assert (
        private_key.private_bytes_raw().hex() == vector["privateKeyHex_64byte_seed_plus_pub"][:64]
    )
    assert keys.public_multikey(private_key.public_key()) == vector["publicKeyMultibase"]
    public_key = keys.public_key_from_multikey(vector["publicKeyMultibase"])
    assert keys.public_multikey(public_key) == vector["publicKeyMultibase"]


def test_canonical_forms_and_hashes_match_the_vector(
    vector: dict[str, Any], unsigned: dict[str, Any], loader: linked_data.DocumentLoader
) -> None:
    document_canon = linked_data.canonize(unsigned, loader)
    proof_canon = linked_data.canonize(
        {"@context": unsigned["@context"], **vector["proofOptions"]}, loader
    )
    assert document_canon == (VECTOR / "document-canon.txt").read_text(encoding="utf-8")
    assert proof_canon == (VECTOR / "proof-canon.txt").read_text(encoding="utf-8")
    assert hashlib.sha256(document_canon.encode()).hexdigest() == vector["documentHashHex"]
    assert hashlib.sha256(proof_canon.encode()).hexdigest() == vector["proofHashHex"]
    data = proofs.signing_input(unsigned, vector["proofOptions"], loader)
    assert data.hex() == vector["dataToSignHex"]


def test_signing_reproduces_the_signed_credential(
    vector: dict[str, Any], unsigned: dict[str, Any]
) -> None:
    signed = proofs.sign(
        unsigned,
        private_key=keys.private_key_from_multibase(vector["secretKeyMultibase"]),
        verification_method=vector["verificationMethod"],
        created=vector["proofOptions"]["created"],
    )
    published = read_json(VECTOR / "credential-signed.json")
    assert signed["proof"] == [published["proof"]]
    assert {**signed, "proof": published["proof"]} == published
    assert signed["proof"][0]["proofValue"] == vector["proofValue"]
    assert "proof" not in unsigned


def test_signed_credential_verifies(
    vector: dict[str, Any], loader: linked_data.DocumentLoader
) -> None:
    published = read_json(VECTOR / "credential-signed.json")
    assert proofs.verify(published, vector_key_for(vector), loader) == []


def test_sign_then_verify_with_a_derived_key(
    unsigned: dict[str, Any], loader: linked_data.DocumentLoader
) -> None:
    private_key = keys.derive_private_key("not a real secret", purpose="credentials")
    method = f"did:key:{keys.public_multikey(private_key.public_key())}"
    signed = proofs.sign(
        unsigned,
        private_key=private_key,
        verification_method=method,
        created="2024-05-01T10:00:00Z",
    )

    def public_key_for(name: str) -> Ed25519PublicKey | None:
        return private_key.public_key() if name == method else None

    assert proofs.verify(signed, public_key_for, loader) == []
    assert proofs.verify(signed, lambda name: None, loader) == [
        f"The proof names a verification method that cannot be resolved: {method}."
    ]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("name",), "Leadership Badge"),
        (("id",), "http://example.com/credentials/9999"),
        (("validFrom",), "2011-01-01T00:00:00Z"),
        (("issuer", "name"), "Another Corp"),
        (("credentialSubject", "id"), "did:example:someone-else"),
        (("credentialSubject", "achievement", "name"), "Solo work"),
        (("credentialSubject", "achievement", "criteria", "narrative"), "Anyone."),
        (("proof", 0, "created"), "2011-01-01T19:23:24Z"),
        (("proof", 0, "proofPurpose"), "authentication"),
    ],
)
def test_tampering_with_any_field_breaks_the_proof(
    vector: dict[str, Any],
    loader: linked_data.DocumentLoader,
    path: tuple[str | int, ...],
    value: str,
) -> None:
    published = read_json(VECTOR / "credential-signed.json")
    signed = {**published, "proof": [published["proof"]]}
    tampered = copy.deepcopy(signed)
    node: Any = tampered
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    assert proofs.verify(signed, vector_key_for(vector), loader) == []
    assert proofs.verify(tampered, vector_key_for(vector), loader) == [
        "The proof signature does not match the credential."
    ]


def test_unknown_context_is_refused_without_fetching(loader: linked_data.DocumentLoader) -> None:
    url = "https://example.org/contexts/unknown.jsonld"
    with pytest.raises(linked_data.UnknownContextError, match="not available offline"):
        loader(url, {})
    with pytest.raises(linked_data.LinkedDataError, match="unknown.jsonld is not available"):
        linked_data.canonize({"@context": url, "name": "x"}, loader)


def test_extra_url_map_serves_the_other_contexts() -> None:
    loader = linked_data.document_loader(OPENBADGES / "jsonld-contexts" / "url-map.json")
    document = loader("https://w3id.org/security/data-integrity/v1", {})["document"]
    assert "@context" in document


@pytest.mark.parametrize(
    ("url", "published"),
    [
        (linked_data.VC_V2_CONTEXT, OPENBADGES / "jsonld-contexts" / "credentials-v2.jsonld"),
        (linked_data.OB_CONTEXT, OPENBADGES / "context" / "context-3.0.3.json"),
    ],
)
def test_bundled_contexts_are_the_published_files(url: str, published: Path) -> None:
    assert linked_data.BUNDLED[url].read_bytes() == published.read_bytes()


def test_signed_credential_meets_the_schema_and_verifies_until_revoked(
    unsigned: dict[str, Any], loader: linked_data.DocumentLoader
) -> None:
    private_key = keys.derive_private_key("not a real secret", purpose="credentials")
    method = f"did:key:{keys.public_multikey(private_key.public_key())}"
    list_url = "https://academy.example/status/1"
    credential = {**unsigned, "credentialStatus": status_list.status_entry(list_url, 7)}
    signed = proofs.sign(
        credential,
        private_key=private_key,
        verification_method=method,
        created="2024-05-01T10:00:00Z",
    )
    schema = read_json(OPENBADGES / "schema" / "ob_v3p0_achievementcredential_schema.json")
    jsonschema.Draft201909Validator(schema).validate(signed)
    revoked: list[int] = []

    def check() -> verification.Verdict:
        status = {"credentialSubject": {"statusPurpose": "revocation"}}
        status["credentialSubject"]["encodedList"] = status_list.encode(revoked)
        return verification.verify_credential(
            signed,
            public_key_for=lambda name: None,
            status_list_for=lambda url: status if url == list_url else None,
            now=datetime(2025, 1, 1, tzinfo=UTC),
            loader=loader,
        )

    assert check() == verification.Verdict(
        genuine=True, current=True, problems=(), revoked=False, expired=False
    )
    revoked.append(7)
    assert check() == verification.Verdict(
        genuine=True,
        current=False,
        problems=("The credential has been revoked.",),
        revoked=True,
        expired=False,
    )
