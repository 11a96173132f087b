"""Certificates: issuing one (PDF and signed credential, frozen), renewing and revoking it.

Issuing is idempotent: a trainee holds at most one certificate per stage and sequence, which the
database guarantees, so a repeated or concurrent call returns the certificate already made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.models import Account, Certificate, Pathway
from lms.models.base import lock_row
from lms.services import accreditation, audit, certificate_making, cpd
from lms.services.certificate_eligibility import Candidate, awarded_stage, eligible, pathway_spec
from lms.services.credential_issuer import Issuer
from lms.services.errors import InvalidInput, NotPermitted, ServiceError
from lms.services.wording import long_date

__all__ = [
    "Candidate",
    "awarded_stage",
    "eligible",
    "issue",
    "issue_many",
    "latest_certificate",
    "pathway_spec",
    "Refusal",
    "renew",
    "revoke",
]


def issue(
    session: Session,
    account: Account,
    pathway: Pathway,
    stage_slug: str,
    *,
    issuer: Issuer,
    base_url: str,
    now: datetime,
    issued_by: Account | None = None,
) -> Certificate:
    """Issue the certificate of a completed stage, or return the one ``account`` already holds.

    A revoked certificate is replaced by a new one. Raises NotFound for a stage without an award
    and NotPermitted when the stage is not complete.
    """
    spec = pathway_spec(pathway)
    stage = awarded_stage(spec, stage_slug)
    latest = latest_certificate(session, account, pathway, stage_slug)
    if latest is not None and latest.revoked_at is None:
        return latest
    if not accreditation.stage_complete(session, account.id, pathway, stage.slug):
        raise NotPermitted(f"{account.display_name} has not completed {stage.title} yet.")
    sequence = latest.sequence + 1 if latest is not None else 1
    certificate, created = certificate_making.make(
        session, account, pathway, spec, stage, sequence=sequence,
        issuer=issuer, base_url=base_url, now=now, issued_by=issued_by,
    )  # fmt: skip
    if created:
        audit.record(
            session,
            actor=issued_by,
            action="certificate.issued",
            subject=certificate,
            now=now,
            after=_summary(certificate),
        )
    return certificate


@dataclass(frozen=True)
class Refusal:
    """A certificate of a bulk issue that could not be issued, and why."""

    account: Account
    stage_slug: str
    reason: str


def issue_many(
    session: Session,
    choices: Iterable[tuple[Account, Pathway, str]],
    *,
    issuer: Issuer,
    base_url: str,
    now: datetime,
    issued_by: Account | None = None,
) -> tuple[list[Certificate], list[Refusal]]:
    """Issue the certificates of many (account, pathway, stage) choices, each idempotently; a
    refused one (stage not complete, or no certificate could be made) is reported and the others
    are still issued."""
    issued: list[Certificate] = []
    refused: list[Refusal] = []
    for account, pathway, stage_slug in choices:
        try:
            issued.append(
                issue(
                    session,
                    account,
                    pathway,
                    stage_slug,
                    issuer=issuer,
                    base_url=base_url,
                    now=now,
                    issued_by=issued_by,
                )  # fmt: skip
            )
        except ServiceError as error:
            refused.append(Refusal(account, stage_slug, str(error)))
    return issued, refused


def revoke(
    session: Session, certificate: Certificate, *, reason: str, actor: Account | None, now: datetime
) -> Certificate:
    """Revoke ``certificate`` for ``reason`` (required); revoking it again changes nothing."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("reason", "Say why the certificate is revoked.")
    if len(reason) > 1000:
        raise InvalidInput("reason", "Keep the reason to 1,000 characters or fewer.")
    lock_row(session, Certificate, Certificate.id == certificate.id)
    if certificate.revoked_at is not None:
        return certificate
    certificate.revoked_at = now
    certificate.revoked_by = actor
    certificate.revocation_reason = reason
    audit.record(
        session,
        actor=actor,
        action="certificate.revoked",
        subject=certificate,
        now=now,
        before={"revoked": False},
        after={"revoked": True, "reason": reason},
    )
    return certificate


def renew(
    session: Session,
    certificate: Certificate,
    *,
    issuer: Issuer,
    base_url: str,
    now: datetime,
    actor: Account | None = None,
) -> Certificate:
    """Issue the next certificate of a renewable award and mark ``certificate`` superseded.

    Needs the pathway's CPD hours logged since ``certificate`` was issued. Renewing twice
    returns the same new certificate. Raises NotPermitted.
    """
    lock_row(session, Certificate, Certificate.id == certificate.id)
    if certificate.superseded_by is not None:
        return certificate.superseded_by
    if certificate.revoked_at is not None:
        raise NotPermitted("A revoked certificate cannot be renewed.")
    if certificate.valid_until is None:
        raise NotPermitted("This award does not expire, so it needs no renewal.")
    spec = pathway_spec(certificate.pathway)
    stage = awarded_stage(spec, certificate.stage_slug)
    since = certificate.issued_at.date()
    logged = cpd.hours_since(session, certificate.account, certificate.pathway, since=since)
    if logged < spec.renewal.cpd_hours:
        raise NotPermitted(
            f"Renewal needs {spec.renewal.cpd_hours} hours of CPD logged since {long_date(since)}; "
            f"{logged:f} hours are logged."
        )
    renewed, created = certificate_making.make(
        session, certificate.account, certificate.pathway, spec, stage,
        sequence=certificate.sequence + 1, issuer=issuer, base_url=base_url, now=now,
        issued_by=actor,
    )  # fmt: skip
    certificate.superseded_by = renewed
    if created:
        audit.record(
            session,
            actor=actor,
            action="certificate.renewed",
            subject=renewed,
            now=now,
            before={"certificate": certificate.code},
            after=_summary(renewed),
        )
    return renewed


def latest_certificate(
    session: Session, account: Account, pathway: Pathway, stage_slug: str
) -> Certificate | None:
    """The last certificate issued to ``account`` for a stage, whatever its status."""
    return session.scalars(
        select(Certificate)
        .where(
            Certificate.account_id == account.id,
            Certificate.pathway_id == pathway.id,
            Certificate.stage_slug == stage_slug,
        )
        .order_by(Certificate.sequence.desc())
        .limit(1)
    ).first()


def _summary(certificate: Certificate) -> dict[str, Any]:
    return {
        "number": certificate.number,
        "award": certificate.award_title,
        "holder": certificate.holder_name,
        "valid_until": certificate.valid_until.date().isoformat()
        if certificate.valid_until
        else None,
    }
