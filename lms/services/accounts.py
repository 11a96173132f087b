"""Accounts: who people are. Email forms, password policy, creation, roles, activation, host users.

Signing in (passwords, throttling, login sessions, reset links) lives in ``signin``, which builds
on this module; this module never imports it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.models import Account, AccountRole, LoginSession, Role, Sector
from lms.services import audit
from lms.services.errors import InvalidInput, NotPermitted

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
_NOTORIOUS_PASSWORDS = frozenset(
    {
        "1234567890",
        "12345678910",
        "0123456789",
        "1111111111",
        "qwertyuiop",
        "password12",
        "password123",
        "password1234",
        "passw0rd123",
        "iloveyou12",
        "letmein123",
        "welcome123",
        "qwerty1234",
        "abcdefghij",
        "abc1234567",
        "administrator",
        "changeme123",
        "trustno1234",
    }
)
_EMAIL_TAKEN = "An account with this email address already exists."


@dataclass(frozen=True)
class HostIdentity:
    """Who a host application says is signed in (see ``BrokerAcademy(identity_loader=...)``).

    ``roles``, when given, are applied on every visit: the host is then the source of truth.
    """

    external_id: str
    email: str
    display_name: str
    roles: frozenset[Role] | None = None


def normalise_email(email: str, *, field: str = "email") -> str:
    """Return ``email`` checked and in the one form it is stored in (lower case)."""
    try:
        checked = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidInput(field, f"Enter a valid email address ({error}).") from None
    return checked.normalized.lower()


def email_key(raw: str) -> str:
    """Return the form to look ``raw`` up by: the stored form when valid, else trimmed lower case.

    Every lookup by email goes through here, so that sign-in, reset links and host users find
    the account registration stored; an invalid address matches no account but is still a key
    failed sign-ins can be counted against.
    """
    try:
        return normalise_email(raw)
    except InvalidInput:
        return raw.strip().lower()


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
    hasher: PasswordHasher | None = None,
    now: datetime,
    actor: Account | None = None,
) -> Account:
    """Create an account; ``hasher`` is needed only with a password (else ValueError).

    Raises InvalidInput when the email is invalid or taken (also when a concurrent request took
    it first: the session must then be rolled back) or the password is weak.
    """
    if password is not None and hasher is None:
        raise ValueError("create_account needs a hasher to store a password")
    email = normalise_email(email)
    display_name = display_name.strip()
    if not display_name:
        raise InvalidInput("display_name", "Enter the name other people will see.")
    if password is not None:
        check_password_policy(password, email=email, display_name=display_name)
    if session.scalar(select(Account.id).where(Account.email == email)) is not None:
        raise InvalidInput("email", _EMAIL_TAKEN)
    account = Account(
        email=email,
        display_name=display_name,
        password_hash=hasher.hash(password) if password is not None and hasher else None,
        password_changed_at=now if password is not None else None,
        created_at=now,
        role_grants=[AccountRole(role=role) for role in sorted(set(roles))],
    )
    session.add(account)
    try:
        session.flush()
    except IntegrityError:
        raise InvalidInput("email", _EMAIL_TAKEN) from None
    audit.record(
        session,
        actor=actor or account,
        action="account.created",
        subject=account,
        now=now,
        after={"roles": sorted(account.roles)},
    )
    return account


def account_for_host_identity(
    session: Session, identity: HostIdentity, *, now: datetime
) -> Account:
    """Map a host application's user to an LMS account, creating it on the first visit.

    Raises InvalidInput when the host's email or name cannot be used, and NotPermitted when an
    academy account the host user may not take over already has the email.
    """
    account = session.scalars(
        select(Account).where(Account.external_id == identity.external_id)
    ).one_or_none()
    if account is None:
        account = _account_to_link(session, identity, now=now)
        account.external_id = identity.external_id
    if identity.roles is not None and identity.roles != account.roles:
        _replace_roles(session, account, identity.roles, actor=None, now=now)
    session.flush()
    return account


def _account_to_link(session: Session, identity: HostIdentity, *, now: datetime) -> Account:
    """Find or create the account a new host user gets.

    An existing account with the same email is linked only if it was made for host use (no
    password, no host user yet): anyone else's account, an administrator's above all, must not
    pass to whoever the host lets claim that email.
    """
    existing = session.scalars(
        select(Account).where(Account.email == email_key(identity.email))
    ).one_or_none()
    if existing is None:
        return create_account(
            session,
            email=identity.email,
            display_name=identity.display_name,
            password=None,
            roles=identity.roles or (Role.TRAINEE,),
            now=now,
        )
    if existing.external_id is not None or existing.password_hash is not None:
        raise NotPermitted(
            "An academy account already uses this email address; ask an administrator."
        )
    return existing


def end_all_login_sessions(session: Session, account: Account, *, now: datetime) -> None:
    """Sign ``account`` out everywhere: every copied cookie stops working."""
    session.execute(
        update(LoginSession)
        .where(LoginSession.account_id == account.id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )


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


def set_sector(session: Session, account: Account, sector: Sector | None) -> None:
    """Record the sector ``account`` works in (None: not stated); live role-plays cast people
    as parties of other sectors."""
    account.sector = sector
    session.flush()


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
