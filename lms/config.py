"""Defaults of the ``LMS_*`` settings, and reading them from the environment (standalone app)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

from lms.services.credential_issuer import Issuer
from lms.services.credentials import keys

DEVELOPMENT_ENVIRONMENTS = frozenset({"development", "testing"})
# Refused outside development and testing.
DEVELOPMENT_SECRET_KEY = "broker-academy-development-only-secret"  # noqa: S105

DEFAULTS: dict[str, Any] = {
    # "production" (the default), "development" or "testing"; only the last two accept the
    # development secret.
    "LMS_ENV": "production",
    "LMS_SECRET_KEY": None,  # noqa: S105 (a setting's name, not a secret)
    # SQLAlchemy URL; empty means a SQLite file in the app's instance folder.
    "LMS_DATABASE_URL": None,
    # Folder of course folders that `flask lms courses import` reads when given no path.
    "LMS_COURSES_PATH": None,
    "LMS_SITE_NAME": "Broker Academy",
    # Outgoing mail: an SMTP server, or (LMS_MAIL_SERVER empty) .eml files in an outbox folder.
    "LMS_MAIL_SERVER": None,
    "LMS_MAIL_PORT": 25,
    "LMS_MAIL_USERNAME": None,
    "LMS_MAIL_PASSWORD": None,  # noqa: S105
    "LMS_MAIL_USE_TLS": False,
    "LMS_MAIL_SENDER": "Broker Academy <no-reply@broker-academy.invalid>",
    "LMS_MAIL_OUTBOX": None,
    # Password reset links expire after this many seconds.
    "LMS_PASSWORD_RESET_MAX_AGE": 3600,
    # Sign-in throttling: this many failures within the window lock an email or an address.
    "LMS_LOGIN_MAX_FAILURES_PER_ACCOUNT": 5,
    "LMS_LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
    "LMS_LOGIN_FAILURE_WINDOW": 900,
    # Reset request throttling, within the window (seconds): an email gets at most this many
    # reset mails (more requests are answered as usual but send nothing), and a network address
    # at most this many requests (more are refused with 429).
    "LMS_RESET_MAX_PER_EMAIL": 3,
    "LMS_RESET_MAX_PER_ADDRESS": 10,
    "LMS_RESET_WINDOW": 3600,
    # Argon2id cost; lower it only for tests.
    "LMS_ARGON2_TIME_COST": 3,
    "LMS_ARGON2_MEMORY_COST": 65536,
    "LMS_ARGON2_PARALLELISM": 4,
    # With a host identity hook: where anonymous visitors are sent to sign in.
    "LMS_LOGIN_URL": None,
    # Certificates: the public address credentials and printed certificates point to (with any
    # URL prefix), the issuer's name, and the Ed25519 private key that signs credentials
    # (multibase text, ``z3u2...``). Outside development and testing both URL and key are needed.
    "LMS_PUBLIC_URL": None,
    "LMS_ISSUER_NAME": "Broker Academy",
    "LMS_CREDENTIAL_SIGNING_KEY": None,
    # Public verification pages: requests per network address within the window (seconds).
    "LMS_VERIFY_MAX_PER_ADDRESS": 60,
    "LMS_VERIFY_WINDOW": 60,
}


class ConfigurationError(click.ClickException):
    """The app cannot start safely with the settings it was given.

    A ClickException so that ``flask lms ...`` reports it as one line and exits 1, while a WSGI
    server still sees an ordinary exception with the same message.
    """


def settings_from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Return the ``LMS_*`` settings present in ``environ``, typed like their defaults."""
    settings: dict[str, Any] = {}
    for key, default in DEFAULTS.items():
        if key not in environ:
            continue
        raw = environ[key]
        if isinstance(default, bool):
            settings[key] = raw.strip().lower() in {"1", "true", "yes", "on"}
        elif isinstance(default, int):
            try:
                settings[key] = int(raw)
            except ValueError:
                raise ConfigurationError(f"{key} must be a whole number, not {raw!r}") from None
        else:
            settings[key] = raw or None
    return settings


def is_development(config: Mapping[str, Any]) -> bool:
    """Tell whether the app runs for development or tests (where shortcuts are allowed)."""
    return config.get("LMS_ENV") in DEVELOPMENT_ENVIRONMENTS


def credential_issuer(config: Mapping[str, Any]) -> Issuer:
    """Return who signs certificates: the configured key, or in development and testing one
    derived from the secret key. Raises ConfigurationError when production lacks one."""
    text = config.get("LMS_CREDENTIAL_SIGNING_KEY")
    name = str(config.get("LMS_ISSUER_NAME") or DEFAULTS["LMS_ISSUER_NAME"])
    if text:
        try:
            return Issuer(name, keys.private_key_from_text(str(text)))
        except keys.KeyFormatError as error:
            raise ConfigurationError(f"LMS_CREDENTIAL_SIGNING_KEY is not usable: {error}") from None
    if is_development(config) and config.get("SECRET_KEY"):
        secret = str(config["SECRET_KEY"])
        return Issuer(name, keys.derive_private_key(secret, purpose="credentials"))
    raise ConfigurationError(
        "LMS_CREDENTIAL_SIGNING_KEY is not set; certificates cannot be signed without the "
        "issuer's private key"
    )


def public_url(config: Mapping[str, Any], *, fallback: str | None = None) -> str:
    """Return the public address certificates point to, without a trailing slash.

    Development and testing may fall back to ``fallback`` (the address of the request);
    production raises ConfigurationError when LMS_PUBLIC_URL is not set.
    """
    configured = config.get("LMS_PUBLIC_URL")
    if configured:
        return str(configured).rstrip("/")
    if is_development(config) and fallback:
        return fallback.rstrip("/")
    raise ConfigurationError(
        "LMS_PUBLIC_URL is not set; certificates need the site's public address, "
        "e.g. https://academy.example.org"
    )
