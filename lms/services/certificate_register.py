"""Reading certificates back: by code, by holder, the register, each one's status, the signed
revocation list, and checks of a credential or a PDF someone presents."""

from __future__ import annotations

import enum
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql.base import ExecutableOption as ORMOption

from lms.models import Account, Certificate
from lms.services import certificate_credentials
from lms.services.certificate_codes import normalise
from lms.services.certificate_making import sha256_hex
from lms.services.certificate_pdf import PrintedCertificate
from lms.services.credential_issuer import (
    Issuer,
    issuer_url,
    key_resolver,
    signing_key,
    status_list_url,
    verification_url,
)
from lms.services.credentials import verification
from lms.services.credentials.linked_data import document_loader
from lms.services.directory import PER_PAGE, Page, paginate
from lms.services.wording import long_date

# The time an empty revocation list claims, fixed so that every process signs the same list.
LIST_STARTED = datetime(2026, 1, 1, tzinfo=UTC)
# Signed lists by (base URL, key, revoked indexes): each revocation signs a new list once.
_SIGNED_LISTS: OrderedDict[tuple[str, str, tuple[int, ...], str], dict[str, Any]] = OrderedDict()
_CACHE_SIZE = 8
_LOADER = document_loader()


class State(enum.StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"


@dataclass(frozen=True)
class Standing:
    """A certificate's status now, with the date it took effect where there is one."""

    state: State
    since: datetime | None

    @property
    def is_current(self) -> bool:
        return self.state is State.VALID

    def describe(self) -> str:
        """Say the status in a sentence for the verification page."""
        day = long_date(self.since) if self.since else ""
        return {
            State.VALID: "Valid: the certificate is genuine and current.",
            State.EXPIRED: f"Expired on {day}.",
            State.REVOKED: f"Revoked on {day}.",
            State.SUPERSEDED: f"Superseded on {day} by a renewed certificate.",
        }[self.state]


def standing(certificate: Certificate, *, now: datetime) -> Standing:
    """Return whether ``certificate`` is valid, expired, revoked or superseded at ``now``."""
    if certificate.revoked_at is not None:
        return Standing(State.REVOKED, certificate.revoked_at)
    if certificate.superseded_by is not None:
        return Standing(State.SUPERSEDED, certificate.superseded_by.issued_at)
    if certificate.valid_until is not None and certificate.valid_until <= now:
        return Standing(State.EXPIRED, certificate.valid_until)
    return Standing(State.VALID, None)


def find(session: Session, code: str, *options: ORMOption) -> Certificate | None:
    """Return the certificate with ``code`` however it was typed, or None; ``options`` may
    undefer its PDF or credential."""
    display = normalise(code)
    if display is None:
        return None
    return session.scalars(
        select(Certificate)
        .options(joinedload(Certificate.superseded_by), *options)
        .where(Certificate.code == display)
    ).one_or_none()


def printed(certificate: Certificate) -> PrintedCertificate:
    """What ``certificate`` printed, from its stored fields and the issuer named in its signed
    credential, so a later change of name or address never alters what a verifier is shown."""
    issuer = certificate.credential["issuer"]
    return PrintedCertificate(
        holder_name=certificate.holder_name,
        award_title=certificate.award_title,
        pathway_title=certificate.pathway_title,
        issued_on=certificate.issued_at.date(),
        valid_until=certificate.valid_until.date() if certificate.valid_until else None,
        code=certificate.code,
        verification_url=verification_url(issuer["url"], certificate.code),
        issuer_name=issuer["name"],
        issuer_url=issuer["url"],
        certificate_number=certificate.number,
    )


def of_holder(session: Session, account: Account) -> list[Certificate]:
    """Every certificate of ``account``, newest first, in one query."""
    return list(
        session.scalars(
            select(Certificate)
            .options(joinedload(Certificate.superseded_by))
            .where(Certificate.account_id == account.id)
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )


def register(session: Session, *, page: int = 1, per_page: int = PER_PAGE) -> Page[Certificate]:
    """One page of every certificate issued, newest first: two queries whatever the page size."""
    return paginate(
        session,
        select(Certificate)
        .options(joinedload(Certificate.superseded_by))
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc()),
        page=page,
        per_page=per_page,
    )


def every_certificate(session: Session) -> Iterator[Certificate]:
    """Stream every certificate in issue order, a batch at a time, without PDF or credential."""
    yield from session.scalars(
        select(Certificate)
        .options(joinedload(Certificate.superseded_by))
        .order_by(Certificate.id)
        .execution_options(yield_per=100)
    )


def revocation_list(session: Session, issuer: Issuer, *, base_url: str) -> dict[str, Any]:
    """Return the signed revocation list; signed again only when a revocation changes it.

    Its time is that of the latest revocation, so every process signs the same bytes.
    """
    rows = session.execute(
        select(Certificate.status_index, Certificate.revoked_at).where(
            Certificate.revoked_at.is_not(None)
        )
    ).all()
    revoked = tuple(sorted(index for index, _ in rows))
    since = max((at for _, at in rows if at is not None), default=LIST_STARTED)
    cache_key = (base_url, issuer.public_multikey, revoked, since.isoformat())
    if cache_key in _SIGNED_LISTS:
        _SIGNED_LISTS.move_to_end(cache_key)
        return _SIGNED_LISTS[cache_key]
    key = signing_key(session, issuer)
    signed = certificate_credentials.status_list_credential(
        revoked, issuer=issuer, base_url=base_url, key_id=key.id, valid_from=since
    )
    _SIGNED_LISTS[cache_key] = signed
    while len(_SIGNED_LISTS) > _CACHE_SIZE:
        _SIGNED_LISTS.popitem(last=False)
    return signed


def check_credential(
    session: Session, credential: dict[str, Any], issuer: Issuer, *, base_url: str, now: datetime
) -> verification.Verdict:
    """Verify a presented credential against this issuer's keys and current revocation list."""
    list_url = status_list_url(base_url)

    def status_list_for(url: str) -> dict[str, Any] | None:
        return revocation_list(session, issuer, base_url=base_url) if url == list_url else None

    return verification.verify_credential(
        credential,
        public_key_for=key_resolver(session, base_url=base_url),
        status_list_for=status_list_for,
        now=now,
        loader=_LOADER,
    )


def is_ours(credential: dict[str, Any], *, base_url: str) -> bool:
    """Tell whether a credential names this academy as its issuer."""
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    return issuer_id == issuer_url(base_url)


def find_by_pdf(session: Session, pdf: bytes) -> Certificate | None:
    """Return the certificate whose stored PDF is exactly ``pdf``, or None."""
    return session.scalars(
        select(Certificate)
        .options(joinedload(Certificate.superseded_by))
        .where(Certificate.pdf_sha256 == sha256_hex(pdf))
    ).one_or_none()
