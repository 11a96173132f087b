"""Accounts: registration, passwords, throttled sign-in, login sessions, roles, host identities."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from lms.models import Account, AccountRole, LoginFailure, LoginFailureScope, LoginSession, Role
from lms.services import audit
from lms.services.errors import InvalidInput, NotPermitted, ServiceError, Throttled

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
_NOTORIOUS_PASSWORDS = frozenset({
    "1234567890", "12345678910", "0123456789", "1111111111", "qwertyuiop", "password12",
    "password123", "password1234", "passw0rd123", "iloveyou12", "letmein123", "welcome123",
    "qwerty1234", "abcdefghij", "abc1234567", "administrator", "changeme123", "trustno1234",
})  # fmt: skip
_RESET_SALT = "lms-password-reset"


class AuthenticationFailed(ServiceError):
    """Email and password do not match an active account (worded so as not to tell which)."""


class InvalidResetLink(ServiceError):
    """A password reset link that is forged, expired or already used."""


@dataclass(frozen=True)
class HostIdentity:
    """Who a host application says is signed in (see ``BrokerAcademy(identity_loader=...)``).

    ``roles``, when given, are applied on every visit: the host is then the source of truth.
    """

    external_id: str
    email: str
    display_name: str
    roles: frozenset[Role] | None = None


@dataclass(frozen=True)
class ThrottlePolicy:
    """How many failed sign-ins within ``window`` lock an email or a network address."""

    max_failures_per_account: int = 5
    max_failures_per_address: int = 20
    window: timedelta = timedelta(minutes=15)


def normalise_email(email: str, *, field: str = "email") -> str:
    """Return ``email`` checked and in the one form it is stored in (lower case)."""
    try:
        checked = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidInput(field, f"Enter a valid email address ({error}).") from None
    return checked.normalized.lower()


def check_password_policy(password: str, *, email: str, display_name: str) -> None:
    """Refuse passwords that are short, overlong, repetitive, well known or made of the name."""
    lowered = password.lower()
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password", f"Use at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput("password", f"Use at most {MAX_PASSWORD_LENGTH} characters.")
    if len(set(password)) < 5 or lowered in _NOTORIOUS_PASSWORDS:
        raise InvalidInput("password", "This password is too easy to guess; choose another.")
    personal = {email.split("@")[0].lower(), display_name.strip().lower()}
    if any(len(part) >= 4 and part in lowered for part in personal):
        raise InvalidInput("password", "Do not use your name or email address in your password.")


def create_account(
    session: Session,
    *,
    email: str,
    display_name: str,
    password: str | None,
    roles: Iterable[Role] = (Role.TRAINEE,),
    hasher: PasswordHasher,
    now: datetime,
    actor: Account | None = None,
) -> Account:
    """Create an account; raises InvalidInput when the email is taken or the password is weak."""
    email = normalise_email(email)
    display_name = display_name.strip()
    if not display_name:
        raise InvalidInput("display_name", "Enter the name other people will see.")
    if password is not None:
        check_password_policy(password, email=email, display_name=display_name)
    if session.scalar(select(Account.id).where(Account.email == email)) is not None:
        raise InvalidInput("email", "An account with this email address already exists.")
    account = Account(
        email=email,
        display_name=display_name,
        password_hash=hasher.hash(password) if password is not None else None,
        password_changed_at=now if password is not None else None,
        created_at=now,
        role_grants=[AccountRole(role=role) for role in sorted(set(roles))],
    )
    session.add(account)
    audit.record(
        session,
        actor=actor or account,
        action="account.created",
        subject=account,
        now=now,
        after={"roles": sorted(account.roles)},
    )
    return account


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
    email_key = email.strip().lower()
    _refuse_when_throttled(session, email_key=email_key, address=address, policy=policy, now=now)
    account = session.scalars(select(Account).where(Account.email == email_key)).one_or_none()
    if account is None or account.password_hash is None:
        _spend_equal_time(hasher, password)
    elif _password_matches(hasher, account.password_hash, password):
        if not account.is_active:
            raise AuthenticationFailed("This account has been deactivated; ask an administrator.")
        session.execute(
            delete(LoginFailure).where(
                LoginFailure.scope == LoginFailureScope.ACCOUNT, LoginFailure.key == email_key
            )
        )
        if hasher.check_needs_rehash(account.password_hash):
            account.password_hash = hasher.hash(password)
        return account
    session.add_all([
        LoginFailure(scope=LoginFailureScope.ACCOUNT, key=email_key, at=now),
        LoginFailure(scope=LoginFailureScope.ADDRESS, key=address, at=now),
    ])  # fmt: skip
    raise AuthenticationFailed("Email or password is incorrect.")


def _refuse_when_throttled(
    session: Session, *, email_key: str, address: str, policy: ThrottlePolicy, now: datetime
) -> None:
    since = now - policy.window
    limits = (
        (LoginFailureScope.ACCOUNT, email_key, policy.max_failures_per_account),
        (LoginFailureScope.ADDRESS, address, policy.max_failures_per_address),
    )
    for scope, key, limit in limits:
        count, oldest = session.execute(
            select(func.count(), func.min(LoginFailure.at)).where(
                LoginFailure.scope == scope, LoginFailure.key == key, LoginFailure.at > since
            )
        ).one()
        if count >= limit:
            retry_after = oldest + policy.window - now
            minutes = max(1, -(-int(retry_after.total_seconds()) // 60))
            raise Throttled(
                f"Too many failed sign-in attempts. Try again in {minutes} minute"
                f"{'s' if minutes != 1 else ''}, or reset your password.",
                retry_after,
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
    """The active account of an open login session, or ``None`` if revoked or unknown."""
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
    session.execute(
        update(LoginSession)
        .where(LoginSession.token_hash == _token_hash(token), LoginSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def end_all_login_sessions(session: Session, account: Account, *, now: datetime) -> None:
    """Sign ``account`` out everywhere: every copied cookie stops working."""
    session.execute(
        update(LoginSession)
        .where(LoginSession.account_id == account.id, LoginSession.revoked_at.is_(None))
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
    check_password_policy(password, email=account.email, display_name=account.display_name)
    account.password_hash = hasher.hash(password)
    account.password_changed_at = now
    end_all_login_sessions(session, account, now=now)
    audit.record(
        session, actor=account, action="account.password_changed", subject=account, now=now
    )


def find_account_for_reset(session: Session, email: str) -> Account | None:
    """The active, password-holding account a reset link may be sent to, or ``None``."""
    email_key = email.strip().lower()
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


def account_for_host_identity(
    session: Session, identity: HostIdentity, *, now: datetime
) -> Account:
    """Map a host application's user to an LMS account, creating it on the first visit."""
    account = session.scalars(
        select(Account).where(Account.external_id == identity.external_id)
    ).one_or_none()
    if account is None:
        email = normalise_email(identity.email)
        account = session.scalars(select(Account).where(Account.email == email)).one_or_none()
        if account is None:
            account = create_account(
                session,
                email=email,
                display_name=identity.display_name,
                password=None,
                roles=identity.roles or (Role.TRAINEE,),
                hasher=PasswordHasher(),
                now=now,
            )
        account.external_id = identity.external_id
    if identity.roles is not None and identity.roles != account.roles:
        _replace_roles(session, account, identity.roles, actor=None, now=now)
    session.flush()
    return account


def set_roles(
    session: Session, account: Account, roles: Iterable[Role], *, actor: Account, now: datetime
) -> None:
    """Give ``account`` exactly ``roles``; an administrator cannot remove their own admin role."""
    wanted = frozenset(roles)
    if not wanted:
        raise InvalidInput("roles", "Choose at least one role.")
    if account.id == actor.id and Role.ADMIN not in wanted:
        raise NotPermitted("You cannot remove your own administrator role.")
    if wanted != account.roles:
        _replace_roles(session, account, wanted, actor=actor, now=now)


def _replace_roles(
    session: Session,
    account: Account,
    roles: frozenset[Role],
    *,
    actor: Account | None,
    now: datetime,
) -> None:
    before = sorted(account.roles)
    account.role_grants = [AccountRole(role=role) for role in sorted(roles)]
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="account.roles_changed",
        subject=account,
        now=now,
        before={"roles": before},
        after={"roles": sorted(roles)},
    )


def set_active(
    session: Session, account: Account, *, is_active: bool, actor: Account, now: datetime
) -> None:
    """Deactivate (signing out everywhere) or reactivate ``account``; not one's own."""
    if account.id == actor.id:
        raise NotPermitted("You cannot deactivate or reactivate your own account.")
    if account.is_active == is_active:
        return
    account.is_active = is_active
    if not is_active:
        end_all_login_sessions(session, account, now=now)
    audit.record(
        session,
        actor=actor,
        action="account.reactivated" if is_active else "account.deactivated",
        subject=account,
        now=now,
        before={"is_active": not is_active},
        after={"is_active": is_active},
    )
