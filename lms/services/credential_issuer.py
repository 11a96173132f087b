"""The academy as an issuer of credentials: its key, its public addresses and its profile.

Every address is absolute, built from the ``base_url`` the caller passes (the public site with
any URL prefix), so a credential stays checkable wherever it travels.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.models import SigningKey
from lms.models.base import insert_unless_present
from lms.services.credentials import keys
from lms.services.credentials.linked_data import OB_CONTEXT, VC_V2_CONTEXT

MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"


@dataclass(frozen=True)
class Issuer:
    """Who signs: the name credentials carry and the private key that signs them."""

    name: str
    private_key: Ed25519PrivateKey

    @property
    def public_multikey(self) -> str:
        return keys.public_multikey(self.private_key.public_key())


def issuer_url(base_url: str) -> str:
    """The issuer profile's id and address."""
    return f"{base_url}/verify/issuer"


def key_url(base_url: str, key_id: int) -> str:
    """The address of a signing key, used as a proof's verification method."""
    return f"{base_url}/verify/keys/{key_id}"


def status_list_url(base_url: str) -> str:
    """The address of the revocation status list."""
    return f"{base_url}/verify/status/revocation"


def verification_url(base_url: str, code: str) -> str:
    """The page where anyone can check a certificate by its code."""
    return f"{base_url}/verify/{code}"


def credential_url(base_url: str, code: str) -> str:
    """The id and address of a certificate's signed credential."""
    return f"{base_url}/verify/{code}/credential.json"


def signing_key(session: Session, issuer: Issuer) -> SigningKey:
    """Return the row of the issuer's current public key, recording it on first use."""
    multikey = issuer.public_multikey
    insert_unless_present(
        session, SigningKey, {"public_multikey": multikey}, unique=["public_multikey"]
    )
    return session.scalars(select(SigningKey).where(SigningKey.public_multikey == multikey)).one()


def profile(session: Session, issuer: Issuer, *, base_url: str) -> dict[str, Any]:
    """Return the issuer's public profile with every key it has signed with (old ones too, so
    credentials signed before a key change still verify)."""
    signing_key(session, issuer)
    rows = session.scalars(select(SigningKey).order_by(SigningKey.id)).all()
    return {
        "@context": [VC_V2_CONTEXT, OB_CONTEXT, MULTIKEY_CONTEXT],
        **profile_summary(issuer, base_url=base_url),
        "verificationMethod": [multikey_document(row, base_url=base_url) for row in rows],
        "assertionMethod": [key_url(base_url, row.id) for row in rows],
    }


def profile_summary(issuer: Issuer, *, base_url: str) -> dict[str, Any]:
    """The issuer as it appears inside a credential."""
    return {"id": issuer_url(base_url), "type": ["Profile"], "name": issuer.name, "url": base_url}


def multikey_document(row: SigningKey, *, base_url: str) -> dict[str, Any]:
    """Return a stored public key as a Multikey verification method."""
    return {
        "id": key_url(base_url, row.id),
        "type": "Multikey",
        "controller": issuer_url(base_url),
        "publicKeyMultibase": row.public_multikey,
    }


def key_resolver(session: Session, *, base_url: str) -> Callable[[str], Ed25519PublicKey | None]:
    """Return a resolver of this issuer's key URLs to public keys (nothing for any other URL)."""
    pattern = re.compile(re.escape(key_url(base_url, 0)[:-1]) + r"(\d{1,18})")

    def public_key_for(method: str) -> Ed25519PublicKey | None:
        match = pattern.fullmatch(method)
        if match is None:
            return None
        row = session.get(SigningKey, int(match.group(1)))
        return None if row is None else keys.public_key_from_multikey(row.public_multikey)

    return public_key_for
