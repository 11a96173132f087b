"""The directory administrators browse: accounts and audit events, filtered, a page at a time.

Each list costs the same few queries however many rows match, so the pages stay fast as the
academy grows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload

from lms.models import Account, AccountRole, AuditEvent, Role

ItemT = TypeVar("ItemT")
SelectT = TypeVar("SelectT", bound="Select[Any]")
PER_PAGE = 50


@dataclass(frozen=True)
class Page(Generic[ItemT]):
    """One page of a list: ``number`` counts from 1 and always lies within 1..``pages``."""

    items: Sequence[ItemT]
    number: int
    total: int
    pages: int
    has_previous: bool
    has_next: bool
    first_position: int
    last_position: int


@dataclass(frozen=True)
class PageWindow:
    """Which rows page ``number`` of ``total`` holds, for lists that count rows their own way."""

    number: int
    pages: int
    total: int
    offset: int
    per_page: int

    @classmethod
    def of(cls, total: int, *, page: int, per_page: int) -> PageWindow:
        """The window of page ``page``, moved within 1..pages when out of range."""
        pages = max(1, -(-total // per_page))
        number = min(max(1, page), pages)
        return cls(number, pages, total, (number - 1) * per_page, per_page)

    def apply(self, statement: SelectT) -> SelectT:
        """Limit ``statement`` to this window's rows."""
        return statement.limit(self.per_page).offset(self.offset)

    def page(self, items: Sequence[ItemT]) -> Page[ItemT]:
        """The page of ``items``, the rows this window fetched."""
        return Page(
            items=items,
            number=self.number,
            total=self.total,
            pages=self.pages,
            has_previous=self.number > 1,
            has_next=self.number < self.pages,
            first_position=self.offset + 1 if items else 0,
            last_position=self.offset + len(items),
        )


def find_accounts(
    session: Session,
    *,
    text: str = "",
    role: Role | None = None,
    is_active: bool | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Page[Account]:
    """Find accounts whose email or name contains ``text`` (any case), by name then email.

    ``role`` and ``is_active`` narrow the list when given. A page past the end gives the last.
    """
    statement = select(Account).order_by(func.lower(Account.display_name), Account.email)
    if text:
        statement = statement.where(
            or_(
                Account.email.icontains(text, autoescape=True),
                Account.display_name.icontains(text, autoescape=True),
            )
        )
    if role is not None:
        holders = select(AccountRole.account_id).where(AccountRole.role == role)
        statement = statement.where(Account.id.in_(holders))
    if is_active is not None:
        statement = statement.where(Account.is_active.is_(is_active))
    return paginate(session, statement, page=page, per_page=per_page)


def audit_events(
    session: Session, *, action: str = "", page: int = 1, per_page: int = PER_PAGE
) -> Page[AuditEvent]:
    """List audit events newest first, with their actors; only ``action`` when given."""
    statement = _events_newest_first()
    if action:
        statement = statement.where(AuditEvent.action == action)
    return paginate(session, statement, page=page, per_page=per_page)


def account_events(session: Session, account: Account, *, limit: int) -> list[AuditEvent]:
    """Return the latest ``limit`` audit events about ``account`` or done by it, newest first."""
    statement = _events_newest_first().where(
        or_(
            (AuditEvent.subject_type == "account") & (AuditEvent.subject_id == str(account.id)),
            AuditEvent.actor_id == account.id,
        )
    )
    return list(session.scalars(statement.limit(limit)))


def recorded_actions(session: Session) -> list[str]:
    """Return every action the audit log holds, alphabetically (the choices of its filter)."""
    return list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def _events_newest_first() -> Select[AuditEvent]:
    return (
        select(AuditEvent)
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )


def paginate(
    session: Session, statement: Select[ItemT], *, page: int, per_page: int
) -> Page[ItemT]:
    """Count the rows of ``statement`` and fetch page ``page`` of them: two queries."""
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    window = PageWindow.of(total or 0, page=page, per_page=per_page)
    return window.page(session.scalars(window.apply(statement)).all())
