"""Telling holders their certificate is issued: one email per certificate, ever.

Each certificate's email is claimed in the database (``notified_at`` set where it is still
empty) before it is sent, so a repeated or concurrent issue, a later template change or a
renewal of another certificate never sends it again. A failed send gives the claim back, so
that an administrator can send it later.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from lms.models import Certificate


def claim(
    session: Session, certificates: Sequence[Certificate], *, now: datetime
) -> list[Certificate]:
    """Claim the email of each of ``certificates`` nobody has claimed yet; return those, for the
    caller to commit and then send."""
    ids = [certificate.id for certificate in certificates]
    if not ids:
        return []
    claimed = set(
        session.scalars(
            update(Certificate)
            .where(Certificate.id.in_(ids), Certificate.notified_at.is_(None))
            .values(notified_at=now)
            .returning(Certificate.id)
            .execution_options(synchronize_session=False)
        )
    )
    mine = [certificate for certificate in certificates if certificate.id in claimed]
    for certificate in mine:
        set_committed_value(certificate, "notified_at", now)  # what the UPDATE wrote
    return mine


def release(session: Session, certificate: Certificate) -> None:
    """Give back the claim of a certificate whose email could not be sent."""
    certificate.notified_at = None
    session.flush()
