"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite.

The proof options (with the document's ``@context``) and the document without its proof are each
canonicalised with RDFC-1.0 and hashed with SHA-256; Ed25519 signs the proof hash followed by the
document hash, and ``proofValue`` is multibase base58btc (``z``) of the 64-byte signature.
Ed25519 is deterministic, so the same inputs always give the same proof.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from lms.services.credentials.linked_data import (
    DocumentLoader,
    LinkedDataError,
    canonize,
    document_loader,
)

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
# The draft name of the same suite, still found on credentials issued in 2023.
CRYPTOSUITES = frozenset({CRYPTOSUITE, "eddsa-2022"})
# The older proof type of Open Badges 3.0 credentials: the same algorithm without a cryptosuite.
LEGACY_PROOF_TYPE = "Ed25519Signature2020"

PublicKeyFor = Callable[[str], Ed25519PublicKey | None]


def sign(
    document: Mapping[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    proof_purpose: str = "assertionMethod",
    loader: DocumentLoader | None = None,
) -> dict[str, Any]:
    """Return a copy of ``document`` with ``proof`` set to an array of one new proof.

    ``created`` is an XML Schema dateTime such as ``2010-01-01T19:23:24Z``; ``loader`` defaults
    to the bundled contexts. Raises LinkedDataError.
    """
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    options = {
        "type": PROOF_TYPE,
        "created": created,
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": proof_purpose,
    }
    signature = private_key.sign(signing_input(unsigned, options, loader or document_loader()))
    proof = {**options, "proofValue": "z" + base58.b58encode(signature).decode("ascii")}
    return {**unsigned, "proof": [proof]}


def signing_input(
    unsigned: Mapping[str, Any], options: Mapping[str, Any], loader: DocumentLoader
) -> bytes:
    """Return the bytes Ed25519 signs: SHA-256 of the proof options, then of the document."""
    with_context = {"@context": unsigned.get("@context"), **options}
    proof_hash = hashlib.sha256(canonize(with_context, loader).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonize(unsigned, loader).encode("utf-8")).digest()
    return proof_hash + document_hash


def verify(
    document: Mapping[str, Any], public_key_for: PublicKeyFor, loader: DocumentLoader
) -> list[str]:
    """Return the problems found with the proofs of ``document``; empty when every one is valid.

    ``public_key_for`` maps a verification method to its key, or None when it is unknown.
    """
    proofs = document.get("proof")
    if isinstance(proofs, dict):
        proofs = [proofs]
    if not isinstance(proofs, list) or not proofs:
        return ["The credential has no proof."]
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    problems: list[str] = []
    for number, proof in enumerate(proofs, start=1):
        label = "The proof" if len(proofs) == 1 else f"Proof {number}"
        problem = _check(unsigned, proof, public_key_for, loader)
        if problem:
            problems.append(f"{label} {problem}")
    return problems


def _check(
    unsigned: Mapping[str, Any], proof: object, public_key_for: PublicKeyFor, loader: DocumentLoader
) -> str | None:
    """Return why ``proof`` fails (completing "The proof ..."), or None when it is valid."""
    if not isinstance(proof, dict):
        return "is not an object."
    if proof.get("type") not in (PROOF_TYPE, LEGACY_PROOF_TYPE):
        return f"has the unsupported type {proof.get('type')!r}."
    if proof.get("type") == PROOF_TYPE and proof.get("cryptosuite") not in CRYPTOSUITES:
        return f"uses the unsupported cryptosuite {proof.get('cryptosuite')!r}."
    method = proof.get("verificationMethod")
    if not isinstance(method, str):
        return "names no verification method."
    key = public_key_for(method)
    if key is None:
        return f"names a verification method that cannot be resolved: {method}."
    signature = _signature(proof.get("proofValue"))
    if signature is None:
        return "has a malformed proof value."
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    try:
        key.verify(signature, signing_input(unsigned, options, loader))
    except LinkedDataError as error:
        return f"cannot be checked: {error}"
    except InvalidSignature:
        return "signature does not match the credential."
    return None


def _signature(proof_value: object) -> bytes | None:
    """Return the 64 signature bytes of a ``z...`` proof value, or None when malformed."""
    if not isinstance(proof_value, str) or not proof_value.startswith("z"):
        return None
    try:
        signature = base58.b58decode(proof_value[1:])
    except ValueError:
        return None
    return signature if len(signature) == 64 else None
