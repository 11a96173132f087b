"""Signing in: throttled password checks, login sessions, password changes and reset links.

Throttling counts recent events of one scope (failed sign-ins, reset requests) per key (an email
or a network address) and refuses once a key has had its share within a window.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from lms.models import Account, LoginSession, ThrottleEvent, ThrottleScope
from lms.services import accounts, audit, throttling
from lms.services.errors import InvalidInput, ServiceError
from lms.services.throttling import Limit

_RESET_SALT = "lms-password-reset"
# Refusals of throttled requests; ``{wait}`` becomes the time to wait, in words.
_SIGN_IN_REFUSAL = "Too many failed sign-in attempts. Try again in {wait}, or reset your password."
_RESET_REFUSAL = "Too many reset requests from your network. Try again in {wait}."


class AuthenticationFailed(ServiceError):
    """Email and password do not match an active account (worded so as not to tell which)."""


class InvalidResetLink(ServiceError):
    """A password reset link that is forged, expired or already used."""


@dataclass(frozen=True)
class ThrottlePolicy:
    """How many failed sign-ins within ``window`` lock an email or a network address."""

    max_failures_per_account: int = 5
    max_failures_per_address: int = 20
    window: timedelta = timedelta(minutes=15)

    @property
    def per_account(self) -> Limit:
        return Limit(ThrottleScope.SIGN_IN_ACCOUNT, self.max_failures_per_account, self.window)

    @property
    def per_address(self) -> Limit:
        return Limit(ThrottleScope.SIGN_IN_ADDRESS, self.max_failures_per_address, self.window)


@dataclass(frozen=True)
class ResetThrottlePolicy:
    """How many reset mails an email, and requests a network address, may have within ``window``."""

    max_per_email: int = 3
    max_per_address: int = 10
    window: timedelta = timedelta(hours=1)

    @property
    def per_email(self) -> Limit:
        return Limit(ThrottleScope.RESET_EMAIL, self.max_per_email, self.window)

    @property
    def per_address(self) -> Limit:
        return Limit(ThrottleScope.RESET_ADDRESS, self.max_per_address, self.window)


def authenticate(
    session: Session,
    *,
    email: str,
    password: str,
    address: str,
    hasher: PasswordHasher,
    policy: ThrottlePolicy,
    now: datetime,
) -> Account:
    """Return the active account matching ``email`` and ``password``.

    Raises Throttled when the email or the address failed too often lately, and
    AuthenticationFailed otherwise, with one message whether or not the email exists.
    """
    email_key = accounts.email_key(email)
    policy.per_account.refuse(session, email_key, now=now, refusal=_SIGN_IN_REFUSAL)
    policy.per_address.refuse(session, address, now=now, refusal=_SIGN_IN_REFUSAL)
    account = session.scalars(select(Account).where(Account.email == email_key)).one_or_none()
    if account is None or account.password_hash is None:
        _spend_equal_time(hasher, password)
    elif _password_matches(hasher, account.password_hash, password):
        if not account.is_active:
            raise AuthenticationFailed("This account has been deactivated; ask an administrator.")
        _forget_failures(session, account)
        if hasher.check_needs_rehash(account.password_hash):
            account.password_hash = hasher.hash(password)
        return account
    throttling.record_events(
        session, (policy.per_account, email_key), (policy.per_address, address), now=now
    )
    raise AuthenticationFailed("Email or password is incorrect.")


def _forget_failures(session: Session, account: Account) -> None:
    """Lift the lockout of ``account`` (failures counted against its network address stay)."""
    session.execute(
        delete(ThrottleEvent).where(
            ThrottleEvent.scope == ThrottleScope.SIGN_IN_ACCOUNT,
            ThrottleEvent.key == account.email,
        )
    )


def _password_matches(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _spend_equal_time(hasher: PasswordHasher, password: str) -> None:
    """Hash anyway, so that an unknown email takes as long to refuse as a wrong password."""
    hasher.hash(password)


def start_login_session(session: Session, account: Account, *, now: datetime) -> str:
    """Open a server-side login session and return its secret token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(token_hash=_token_hash(token), account=account, created_at=now))
    session.flush()
    return token


def account_for_login_token(session: Session, token: str) -> Account | None:
    """Return the active account of an open login session, or ``None`` if revoked or unknown."""
    return session.scalars(
        select(Account)
        .join(LoginSession, LoginSession.account_id == Account.id)
        .where(
            LoginSession.token_hash == _token_hash(token),
            LoginSession.revoked_at.is_(None),
            Account.is_active.is_(True),
        )
    ).one_or_none()


def end_login_session(session: Session, token: str, *, now: datetime) -> None:
    """End the login session of ``token`` (one browser); an unknown or ended one is left alone."""
    session.execute(
        update(LoginSession)
        .where(LoginSession.token_hash == _token_hash(token), LoginSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def change_password(
    session: Session,
    account: Account,
    *,
    current_password: str,
    new_password: str,
    hasher: PasswordHasher,
    now: datetime,
) -> None:
    """Replace the password after checking the current one; every login session ends."""
    if account.password_hash is None or not _password_matches(
        hasher, account.password_hash, current_password
    ):
        raise InvalidInput("current_password", "Your current password is not correct.")
    _set_password(session, account, new_password, hasher=hasher, now=now)


def _set_password(
    session: Session, account: Account, password: str, *, hasher: PasswordHasher, now: datetime
) -> None:
    """Store a new password: sign out everywhere, and lift the lockout the old one may have."""
    accounts.check_password_policy(password, email=account.email, display_name=account.display_name)
    account.password_hash = hasher.hash(password)
    account.password_changed_at = now
    accounts.end_all_login_sessions(session, account, now=now)
    _forget_failures(session, account)
    audit.record(
        session, actor=account, action="account.password_changed", subject=account, now=now
    )


def request_password_reset(
    session: Session, email: str, *, address: str, policy: ResetThrottlePolicy, now: datetime
) -> Account | None:
    """Return the account to mail a reset link to, or ``None`` if there is none or it had enough.

    Every request counts against ``email`` and ``address`` alike, whether or not an account uses
    the email, so that throttling tells nothing. An email past its share of mails silently gets
    no more (the requester is answered as usual); an address past its share of requests is
    refused with Throttled, and that refused request is not counted.
    """
    policy.per_address.refuse(session, address, now=now, refusal=_RESET_REFUSAL)
    email_key = accounts.email_key(email)
    has_had_enough = policy.per_email.wait(session, email_key, now=now) is not None
    throttling.record_events(
        session, (policy.per_email, email_key), (policy.per_address, address), now=now
    )
    if has_had_enough:
        return None
    return _account_for_reset(session, email_key)


def _account_for_reset(session: Session, email_key: str) -> Account | None:
    """Return the active, password-holding account a reset link may be sent to, or ``None``."""
    return session.scalars(
        select(Account).where(
            Account.email == email_key,
            Account.is_active.is_(True),
            Account.password_hash.is_not(None),
        )
    ).one_or_none()


def make_reset_token(account: Account, *, secret: str) -> str:
    """Sign a reset token bound to the current password, so it works once and then never again."""
    serializer = URLSafeTimedSerializer(secret, salt=_RESET_SALT)
    return serializer.dumps({"account": account.id, "password": _password_fingerprint(account)})


def reset_password(
    session: Session,
    token: str,
    *,
    new_password: str,
    secret: str,
    max_age: int,
    hasher: PasswordHasher,
    now: datetime,
) -> Account:
    """Set a new password from a reset link; raises InvalidResetLink if it is bad, old or used."""
    account = account_for_reset_token(session, token, secret=secret, max_age=max_age)
    _set_password(session, account, new_password, hasher=hasher, now=now)
    return account


def account_for_reset_token(session: Session, token: str, *, secret: str, max_age: int) -> Account:
    """Return the account a reset link is for; raises InvalidResetLink if bad, old or used.

    ``max_age`` is in seconds.
    """
    serializer = URLSafeTimedSerializer(secret, salt=_RESET_SALT)
    try:
        payload = serializer.loads(token, max_age=max_age)
    except SignatureExpired:
        raise InvalidResetLink("This reset link has expired; ask for a new one.") from None
    except BadSignature:
        raise InvalidResetLink("This reset link is not valid; ask for a new one.") from None
    account = session.get(Account, payload.get("account"))
    if (
        account is None
        or not account.is_active
        or payload.get("password") != _password_fingerprint(account)
    ):
        raise InvalidResetLink("This reset link has already been used; ask for a new one.")
    return account


def _password_fingerprint(account: Account) -> str:
    return hashlib.sha256((account.password_hash or "").encode()).hexdigest()[:16]
