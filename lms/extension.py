"""The Flask extension that mounts the academy into an app, its own or a host's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from argon2 import PasswordHasher
from flask import Flask

from lms import db
from lms.config import DEFAULTS, DEVELOPMENT_SECRET_KEY, ConfigurationError, is_development
from lms.services.accounts import HostIdentity
from lms.services.mail import MailSettings
from lms.services.signin import ResetThrottlePolicy, ThrottlePolicy

EXTENSION_KEY = "broker_academy"


IdentityLoader = Callable[[], HostIdentity | None]


class BrokerAcademy:
    """The academy as a Flask extension: ``BrokerAcademy(app, url_prefix="/academy")``.

    Everything it adds lives under ``url_prefix`` in a blueprint named ``lms``, in tables prefixed
    ``lms_``, in templates under ``lms/`` and in the ``flask lms`` command group. A host with its
    own users passes ``identity_loader``: the academy then uses the host's sign-in instead of its
    own, mapping each host user to an LMS account on their first visit.
    """

    def __init__(
        self,
        app: Flask | None = None,
        *,
        url_prefix: str = "",
        identity_loader: IdentityLoader | None = None,
    ) -> None:
        self.url_prefix = url_prefix.rstrip("/")
        self.identity_loader = identity_loader
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Mount the academy on ``app``; one extension object may serve several apps."""
        from lms import cli, web

        for key, value in DEFAULTS.items():
            app.config.setdefault(key, value)
        _refuse_unsafe_secret(app)
        mounted = MountedAcademy(
            url_prefix=self.url_prefix,
            identity_loader=self.identity_loader,
            database=db.Database(_database_url(app)),
            password_hasher=PasswordHasher(
                time_cost=app.config["LMS_ARGON2_TIME_COST"],
                memory_cost=app.config["LMS_ARGON2_MEMORY_COST"],
                parallelism=app.config["LMS_ARGON2_PARALLELISM"],
            ),
            mail_settings=_mail_settings(app),
            throttle_policy=ThrottlePolicy(
                max_failures_per_account=app.config["LMS_LOGIN_MAX_FAILURES_PER_ACCOUNT"],
                max_failures_per_address=app.config["LMS_LOGIN_MAX_FAILURES_PER_ADDRESS"],
                window=timedelta(seconds=app.config["LMS_LOGIN_FAILURE_WINDOW"]),
            ),
            reset_throttle_policy=ResetThrottlePolicy(
                max_per_email=app.config["LMS_RESET_MAX_PER_EMAIL"],
                max_per_address=app.config["LMS_RESET_MAX_PER_ADDRESS"],
                window=timedelta(seconds=app.config["LMS_RESET_WINDOW"]),
            ),
        )
        app.extensions[EXTENSION_KEY] = mounted
        app.teardown_appcontext(db.close_session)
        web.init_app(app, mounted)
        app.cli.add_command(cli.lms_group)


@dataclass
class MountedAcademy:
    """The academy as mounted on one app: that app's database, hasher, mail and throttling."""

    url_prefix: str
    identity_loader: IdentityLoader | None
    database: db.Database
    password_hasher: PasswordHasher
    mail_settings: MailSettings
    throttle_policy: ThrottlePolicy
    reset_throttle_policy: ResetThrottlePolicy

    @property
    def uses_host_identity(self) -> bool:
        return self.identity_loader is not None


def _refuse_unsafe_secret(app: Flask) -> None:
    if is_development(app.config):
        return
    if not app.secret_key or app.secret_key == DEVELOPMENT_SECRET_KEY:
        raise ConfigurationError(
            "the app's secret key is missing or is the development default; "
            "set a long random SECRET_KEY (LMS_SECRET_KEY for the standalone app)"
        )


def _database_url(app: Flask) -> str:
    url: str | None = app.config.get("LMS_DATABASE_URL")
    if url:
        return url
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return "sqlite:///" + str(Path(app.instance_path) / "lms.sqlite3")


def _mail_settings(app: Flask) -> MailSettings:
    config = app.config
    outbox = config["LMS_MAIL_OUTBOX"] or Path(app.instance_path) / "outbox"
    return MailSettings(
        sender=config["LMS_MAIL_SENDER"],
        server=config["LMS_MAIL_SERVER"],
        port=config["LMS_MAIL_PORT"],
        username=config["LMS_MAIL_USERNAME"],
        password=config["LMS_MAIL_PASSWORD"],
        use_tls=config["LMS_MAIL_USE_TLS"],
        outbox=Path(outbox),
    )


def get_academy(app: Flask) -> MountedAcademy:
    """Return the academy mounted on ``app``."""
    academy: MountedAcademy = app.extensions[EXTENSION_KEY]
    return academy
