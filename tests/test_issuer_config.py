"""Who signs certificates and the address they point to, read from the settings."""

from __future__ import annotations

import pytest

from lms.config import ConfigurationError, credential_issuer, public_url
from lms.services.credentials import keys

PRODUCTION = {"LMS_ENV": "production", "SECRET_KEY": "a long production secret"}


def test_production_refuses_to_sign_without_a_configured_key():
    with pytest.raises(ConfigurationError, match="LMS_CREDENTIAL_SIGNING_KEY is not set"):
        credential_issuer(PRODUCTION)


def test_a_configured_key_is_used_with_the_issuer_name():
    key = keys.derive_private_key("elsewhere", purpose="test")
    config = PRODUCTION | {
        "LMS_CREDENTIAL_SIGNING_KEY": keys.private_key_to_text(key),
        "LMS_ISSUER_NAME": "Academy of Brokers",
    }
    issuer = credential_issuer(config)
    assert issuer.name == "Academy of Brokers"
    assert issuer.public_multikey == keys.public_multikey(key.public_key())


def test_an_unreadable_key_is_reported_by_name():
    config = PRODUCTION | {"LMS_CREDENTIAL_SIGNING_KEY": "not-a-key"}
    with pytest.raises(ConfigurationError, match="LMS_CREDENTIAL_SIGNING_KEY is not usable"):
        credential_issuer(config)


def test_development_derives_a_stable_key_from_the_secret():
    config = {"LMS_ENV": "development", "SECRET_KEY": "dev secret"}
    assert credential_issuer(config).public_multikey == credential_issuer(config).public_multikey
    other = credential_issuer(config | {"SECRET_KEY": "another"})
    assert other.public_multikey != credential_issuer(config).public_multikey


def test_public_url_is_required_in_production_only():
    with pytest.raises(ConfigurationError, match="LMS_PUBLIC_URL is not set"):
        public_url(PRODUCTION, fallback="http://localhost")
    assert public_url({"LMS_ENV": "testing"}, fallback="http://localhost/") == "http://localhost"
    configured = PRODUCTION | {"LMS_PUBLIC_URL": "https://academy.example.org/"}
    assert public_url(configured) == "https://academy.example.org"
