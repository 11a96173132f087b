"""The app's certificate issuer and public address, read from its configuration per request, and
the email that tells a holder their certificate is issued."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from flask import current_app, render_template, request
from sqlalchemy.orm import Session

from lms.config import credential_issuer, public_url
from lms.extension import get_academy
from lms.models import Certificate, utcnow
from lms.services import certificate_notices, mail
from lms.services.credential_issuer import Issuer, verification_url

log = logging.getLogger(__name__)


def issuer() -> Issuer:
    """Who signs certificates. Raises ConfigurationError when production has no key."""
    return credential_issuer(current_app.config)


def base_url() -> str:
    """The public address of the academy (LMS_PUBLIC_URL; in development, this request's).

    Raises ConfigurationError when production has no LMS_PUBLIC_URL.
    """
    fallback = request.host_url.rstrip("/") + get_academy(current_app).url_prefix
    return public_url(current_app.config, fallback=fallback)


def email_holders(session: Session, certificates: Sequence[Certificate]) -> list[Certificate]:
    """Email the holder of each of ``certificates`` not emailed before, committing each claim;
    return those whose email could not be sent (their claim given back, the error logged)."""
    claimed = certificate_notices.claim(session, certificates, now=utcnow())
    session.commit()
    settings = get_academy(current_app).mail_settings
    public = base_url()
    unsent = []
    for certificate in claimed:
        body = render_template(
            "lms/admin/certificate_email.txt",
            certificate=certificate,
            mine=f"{public}/certificates",  # the holder's certificates page, publicly addressed
            verification=verification_url(public, certificate.code),
        )
        subject = f"Your certificate: {certificate.award_title}"
        try:
            mail.send(
                settings, to=certificate.account.email, subject=subject, body=body, now=utcnow()
            )
        except (mail.MailNotSent, OSError):
            log.exception(
                "certificate %s: the email to its holder was not sent", certificate.number
            )
            certificate_notices.release(session, certificate)
            session.commit()
            unsent.append(certificate)
    return unsent
