"""Checking a file someone presents: a signed credential (JSON) or a certificate (PDF)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from lms.models import Certificate
from lms.services import certificate_register
from lms.services.credential_issuer import Issuer
from lms.services.errors import InvalidInput


@dataclass(frozen=True)
class Finding:
    """What a check concluded: accepted (genuine and current) or not, why, and the certificate
    the file belongs to when it is one of ours."""

    is_accepted: bool
    headline: str
    problems: tuple[str, ...] = ()
    certificate: Certificate | None = None


def check_file(
    session: Session, data: bytes, issuer: Issuer, *, base_url: str, now: datetime
) -> Finding:
    """Check an uploaded PDF against the stored ones, or a credential's proof and status.

    Raises InvalidInput("document") for a file that is neither.
    """
    if data.startswith(b"%PDF-"):
        return _check_pdf(session, data, now=now)
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        document = None
    if not isinstance(document, dict):
        raise InvalidInput("document", "Upload a credential (.json) or a certificate (.pdf).")
    return _check_credential(session, document, issuer, base_url=base_url, now=now)


def _check_pdf(session: Session, data: bytes, *, now: datetime) -> Finding:
    certificate = certificate_register.find_by_pdf(session, data)
    if certificate is None:
        return Finding(
            False,
            "This PDF is not a certificate we issued, or it has been changed since.",
        )
    standing = certificate_register.standing(certificate, now=now)
    return Finding(
        standing.is_current,
        f"This PDF is the certificate {certificate.number} we issued. {standing.describe()}",
        certificate=certificate,
    )


def _check_credential(
    session: Session, document: dict[str, object], issuer: Issuer, *, base_url: str, now: datetime
) -> Finding:
    """Verify the proof, dates and revocation bit, then what only the register knows: a
    credential superseded by a renewal is genuine but no longer the holder's current one."""
    verdict = certificate_register.check_credential(
        session, document, issuer, base_url=base_url, now=now
    )
    certificate = None
    if verdict.genuine:
        certificate = session.scalars(
            select(Certificate)
            .options(joinedload(Certificate.superseded_by))
            .where(Certificate.code == _code_of(document, base_url))
        ).one_or_none()
    is_accepted, problems = verdict.is_accepted, verdict.problems
    if is_accepted and certificate is not None:
        standing = certificate_register.standing(certificate, now=now)
        if not standing.is_current:
            is_accepted, problems = False, (*problems, standing.describe())
    if is_accepted:
        headline = "This credential is genuine and current."
    elif verdict.genuine:
        headline = "This credential is genuine but no longer current."
    elif not certificate_register.is_ours(document, base_url=base_url):
        headline = "This credential was not issued by this academy."
    else:
        headline = "This credential is not genuine: it has been changed or was not signed by us."
    return Finding(is_accepted, headline, problems, certificate)


def _code_of(document: dict[str, object], base_url: str) -> str:
    """The verification code in an id of ours: ``<base>/verify/<code>/credential.json``."""
    identifier = document.get("id")
    prefix, suffix = f"{base_url}/verify/", "/credential.json"
    if (
        isinstance(identifier, str)
        and identifier.startswith(prefix)
        and identifier.endswith(suffix)
    ):
        return identifier[len(prefix) : -len(suffix)]
    return ""
