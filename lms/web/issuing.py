"""The app's certificate issuer and public address, read from its configuration per request."""

from __future__ import annotations

from flask import current_app, request

from lms.config import credential_issuer, public_url
from lms.extension import get_academy
from lms.services.credential_issuer import Issuer


def issuer() -> Issuer:
    """Who signs certificates. Raises ConfigurationError when production has no key."""
    return credential_issuer(current_app.config)


def base_url() -> str:
    """The public address of the academy (LMS_PUBLIC_URL; in development, this request's).

    Raises ConfigurationError when production has no LMS_PUBLIC_URL.
    """
    fallback = request.host_url.rstrip("/") + get_academy(current_app).url_prefix
    return public_url(current_app.config, fallback=fallback)
