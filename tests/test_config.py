"""Configuration: LMS_* settings from the environment, and refusing unsafe production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest

from lms import create_app
from lms.config import DEVELOPMENT_SECRET_KEY, ConfigurationError, settings_from_environment
from lms.extension import get_academy
from lms.services.signin import ResetThrottlePolicy


def test_environment_settings_are_typed_like_their_defaults():
    settings = settings_from_environment(
        {
            "LMS_MAIL_PORT": "587",
            "LMS_MAIL_USE_TLS": "true",
            "LMS_SITE_NAME": "Academy",
            "UNRELATED": "x",
        }
    )
    assert settings == {"LMS_MAIL_PORT": 587, "LMS_MAIL_USE_TLS": True, "LMS_SITE_NAME": "Academy"}


def test_a_malformed_number_is_named_in_the_error():
    with pytest.raises(ConfigurationError, match="LMS_MAIL_PORT must be a whole number"):
        settings_from_environment({"LMS_MAIL_PORT": "smtp"})


def test_production_refuses_to_start_without_a_secret_key(database_url):
    with pytest.raises(ConfigurationError, match="LMS_SECRET_KEY is not set"):
        create_app({"LMS_ENV": "production", "LMS_DATABASE_URL": database_url})


def test_production_refuses_the_development_secret_key(database_url):
    with pytest.raises(ConfigurationError, match="development default"):
        create_app(
            {
                "LMS_ENV": "production",
                "LMS_SECRET_KEY": DEVELOPMENT_SECRET_KEY,
                "LMS_DATABASE_URL": database_url,
            }
        )


def test_production_cookies_are_secure_and_development_ones_work_over_http(database_url):
    production = create_app(
        {"LMS_ENV": "production", "LMS_SECRET_KEY": "s" * 40, "LMS_DATABASE_URL": database_url}
    )
    development = create_app({"LMS_ENV": "development", "LMS_DATABASE_URL": database_url})
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert development.config["SESSION_COOKIE_SECURE"] is False
    assert production.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_command_line_reports_a_missing_secret_in_one_line(tmp_path):
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("LMS_")
    } | {"LMS_ENV": "production", "LMS_DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"}
    result = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-m", "flask", "--app", "lms", "lms", "db", "upgrade"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: LMS_SECRET_KEY is not set; set it to a long random value "
        "(or LMS_ENV=development for a local trial)"
    ]


def test_reset_throttling_follows_its_settings(app_config):
    app = create_app(
        app_config
        | {"LMS_RESET_MAX_PER_EMAIL": 1, "LMS_RESET_MAX_PER_ADDRESS": 2, "LMS_RESET_WINDOW": 60}
    )
    academy = get_academy(app)
    academy.database.dispose()
    assert academy.reset_throttle_policy == ResetThrottlePolicy(
        max_per_email=1, max_per_address=2, window=timedelta(seconds=60)
    )
