"""Making one certificate: its code, number and status bit, its PDF and signed credential, in one
row inserted unless another request has just inserted it."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from lms.content.pathways import PathwaySpec, StageSpec
from lms.models import Account, Certificate, Pathway
from lms.services import certificate_credentials, certificate_evidence
from lms.services.certificate_codes import new_code
from lms.services.certificate_pdf import PrintedCertificate, render_pdf
from lms.services.credential_issuer import Issuer, signing_key, verification_url
from lms.services.credentials.status_list import DEFAULT_LENGTH
from lms.services.errors import ServiceError

ATTEMPTS = 5


def add_years(moment: datetime, years: int) -> datetime:
    """``moment`` ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def make(
    session: Session,
    account: Account,
    pathway: Pathway,
    spec: PathwaySpec,
    stage: StageSpec,
    *,
    sequence: int,
    issuer: Issuer,
    base_url: str,
    now: datetime,
    issued_by: Account | None,
) -> tuple[Certificate, bool]:
    """Insert the certificate unless another request just did; True when this call made it.

    A clash on the code, number or status index (another trainee's certificate issued at the
    same moment) draws new ones and tries again.
    """
    key = signing_key(session, issuer)
    is_final = stage.slug == spec.stages[-1].slug
    valid_until = add_years(now, spec.renewal.every_years) if is_final else None
    reached = tuple(spec.stages[: spec.stages.index(stage) + 1])
    totals, evidence = certificate_evidence.practicum_summary(session, account, pathway, reached)
    for _ in range(ATTEMPTS):
        code = new_code()
        number = next_number(session, pathway, stage, now.date())
        status_index = free_status_index(session)
        printed = PrintedCertificate(
            holder_name=account.display_name,
            award_title=str(stage.award),
            pathway_title=spec.title,
            issued_on=now.date(),
            valid_until=valid_until.date() if valid_until else None,
            code=code,
            verification_url=verification_url(base_url, code),
            issuer_name=issuer.name,
            issuer_url=base_url,
            certificate_number=number,
        )
        pdf = render_pdf(printed)
        award = certificate_credentials.Award(
            code=code, number=number, holder_name=account.display_name,
            award_title=str(stage.award), pathway_slug=pathway.slug, pathway_title=spec.title,
            stage=stage, stages=reached, issued_at=now, valid_until=valid_until,
            status_index=status_index,
        )  # fmt: skip
        credential = certificate_credentials.build(
            award, issuer=issuer, base_url=base_url, key_id=key.id,
            totals=totals, evidence=evidence,
        )  # fmt: skip
        values: dict[str, Any] = {
            "code": code, "number": number, "status_index": status_index,
            "account_id": account.id, "pathway_id": pathway.id, "stage_slug": stage.slug,
            "sequence": sequence, "holder_name": account.display_name,
            "award_title": str(stage.award), "pathway_title": spec.title, "issued_at": now,
            "valid_until": valid_until, "issued_by_id": issued_by.id if issued_by else None,
            "signing_key_id": key.id, "pdf": pdf, "pdf_sha256": sha256_hex(pdf),
            "credential": credential, "revocation_reason": "",
        }  # fmt: skip
        inserted = insert_unless_clashing(session, values)
        found = session.scalars(
            select(Certificate).where(
                Certificate.account_id == account.id,
                Certificate.pathway_id == pathway.id,
                Certificate.stage_slug == stage.slug,
                Certificate.sequence == sequence,
            )
        ).one_or_none()
        if found is not None:
            return found, inserted
    raise ServiceError("The certificate could not be issued; please try again.")


def insert_unless_clashing(session: Session, values: dict[str, Any]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING on every unique column: True when the row went in.

    No savepoint is needed, so the caller's transaction carries on whatever happened.
    """
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    result: Any = session.execute(
        module.insert(Certificate)
        .values(**values)
        .on_conflict_do_nothing()
        .execution_options(preserve_rowcount=True)
    )
    return bool(result.rowcount == 1)


# Draws before giving up: reached only when most of the list's bits are taken.
STATUS_INDEX_DRAWS = 64


def next_number(session: Session, pathway: Pathway, stage: StageSpec, day: date) -> str:
    """The next certificate number of the stage's series this year, e.g. ``PB-ACC-2026-0001``."""
    initials = "".join(word[0] for word in pathway.slug.split("-") if word).upper()
    prefix = f"{initials}-{stage.slug.replace('-', '')[:3].upper()}-{day.year}-"
    count = session.scalar(
        select(func.count()).where(Certificate.number.startswith(prefix, autoescape=True))
    )
    return f"{prefix}{(count or 0) + 1:04d}"


def free_status_index(session: Session) -> int:
    """A random unused bit of the status list, so that an index tells nothing of issue order.

    Each draw is one indexed lookup; with the list far from full a draw is almost always free,
    and the insert's unique constraint settles the rare race with a concurrent issue.
    """
    for _ in range(STATUS_INDEX_DRAWS):
        index = secrets.randbelow(DEFAULT_LENGTH)
        taken = session.scalar(select(Certificate.id).where(Certificate.status_index == index))
        if taken is None:
            return index
    raise ServiceError("The revocation list is nearly full; it must be extended before issuing.")


def sha256_hex(data: bytes) -> str:
    """The SHA-256 fingerprint of a PDF, as stored and as checked on upload."""
    return hashlib.sha256(data).hexdigest()
