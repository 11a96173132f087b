"""Broker Academy: training and accreditation for partnership brokers, standalone or as a plugin."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from lms.config import (
    DEVELOPMENT_SECRET_KEY,
    ConfigurationError,
    is_development,
    settings_from_environment,
)
from lms.extension import BrokerAcademy
from lms.services.accounts import HostIdentity

__all__ = ["BrokerAcademy", "HostIdentity", "create_app"]


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Create the standalone app: defaults, then ``LMS_*`` environment variables, then overrides."""
    app = Flask(__name__, instance_relative_config=True, static_folder=None)
    app.config.update(settings_from_environment(os.environ))
    if overrides:
        app.config.update(overrides)
    app.config.setdefault("LMS_ENV", "production")
    app.config["SECRET_KEY"] = _secret_key(app.config)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not is_development(app.config),
        # CSRF tokens live as long as the sign-in: a trainee may read a lesson for over an hour.
        WTF_CSRF_TIME_LIMIT=None,
        TESTING=app.config.get("TESTING", app.config["LMS_ENV"] == "testing"),
    )
    BrokerAcademy(app)
    return app


def _secret_key(config: Mapping[str, Any]) -> str:
    secret = config.get("LMS_SECRET_KEY")
    if secret:
        return str(secret)
    if is_development(config):
        return DEVELOPMENT_SECRET_KEY
    raise ConfigurationError(
        "LMS_SECRET_KEY is not set; set it to a long random value "
        "(or LMS_ENV=development for a local trial)"
    )
