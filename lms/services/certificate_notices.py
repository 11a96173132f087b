"""Telling holders their certificate is issued: one email per certificate, ever.

Each certificate's email is claimed in the database (``notified_at`` set where it is still
empty) before it is sent, so a repeated or concurrent issue, a later template change or a
renewal of another certificate never sends it again. Only a live certificate is claimed: its
holder is never told of one already revoked or superseded. A failed send gives the claim back,
so that an administrator can send it later.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from lms.models import Certificate


def is_awaited(certificate: Certificate) -> bool:
    """Whether the holder of ``certificate`` is still to be emailed about it."""
    return certificate.is_live and certificate.notified_at is None


def claim(session: Session, certificate: Certificate, *, now: datetime) -> bool:
    """Claim the email of ``certificate`` if it is live and nobody has claimed it yet; on True,
    the caller commits and then sends."""
    claimed = session.scalar(
        update(Certificate)
        .where(
            Certificate.id == certificate.id,
            Certificate.notified_at.is_(None),
            Certificate.is_live,
        )
        .values(notified_at=now)
        .returning(Certificate.id)
        .execution_options(synchronize_session=False)
    )
    if claimed is None:
        return False
    set_committed_value(certificate, "notified_at", now)  # what the UPDATE wrote
    return True


def release(session: Session, certificate: Certificate) -> None:
    """Give back the claim of a certificate whose email could not be sent."""
    certificate.notified_at = None
    session.flush()
