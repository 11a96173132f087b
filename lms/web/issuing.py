"""The app's certificate issuer and public address, read from its configuration per request, and
the email that tells a holder their certificate is issued."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Emailing:
    """What became of the holders' emails of some certificates. Those in neither list were
    emailed before, or are no longer live."""

    sent: list[Certificate]
    unsent: list[Certificate]  # not sent for want of mail; the register offers them later


def email_holders(session: Session, certificates: Sequence[Certificate]) -> Emailing:
    """Email the holder of each of ``certificates`` still awaiting it.

    Each email is claimed and committed just before it is sent, so a request cut short leaves
    at most the one in flight claimed. After a failed send (its claim given back, the error
    logged) the rest are not tried: mail is down, and each try could wait for the server's
    timeout.
    """
    settings = get_academy(current_app).mail_settings
    public = base_url()
    sent: list[Certificate] = []
    for position, certificate in enumerate(certificates):
        if not certificate_notices.claim(session, certificate, now=utcnow()):
            continue
        session.commit()
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
            rest = certificates[position + 1 :]
            return Emailing(sent, [certificate, *filter(certificate_notices.is_awaited, rest)])
        sent.append(certificate)
    return Emailing(sent, [])
