"""The lists of the administration pages: filtered, paginated, a fixed number of queries each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload

from lms.models import Account, AccountRole, AuditEvent, Role

RowT = TypeVar("RowT")
PER_PAGE = 50


@dataclass(frozen=True)
class Page(Generic[RowT]):
    """One page of a list; ``number`` counts from 1."""

    items: Sequence[RowT]
    number: int
    per_page: int
    total: int

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.page_count

    @property
    def first_position(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def last_position(self) -> int:
        return (self.number - 1) * self.per_page + len(self.items)


def paginate(
    session: Session, statement: Select[Any], *, number: int, per_page: int = PER_PAGE
) -> Page[Any]:
    """Count the rows of ``statement`` and fetch page ``number`` (past the end: the last page)."""
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    page_count = max(1, -(-(total or 0) // per_page))
    number = min(max(1, number), page_count)
    items = session.scalars(statement.limit(per_page).offset((number - 1) * per_page)).all()
    return Page(items=items, number=number, per_page=per_page, total=total or 0)


def accounts_matching(
    *, text: str = "", role: Role | None = None, is_active: bool | None = None
) -> Select[Account]:
    """Accounts whose email or name contains ``text`` (any case), by name then email."""
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
    return statement


def audit_events(*, action: str = "", account_id: int | None = None) -> Select[AuditEvent]:
    """Audit events, newest first, with their actors; optionally one action, or one account's
    events (those about it and those it did)."""
    statement = (
        select(AuditEvent)
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if action:
        statement = statement.where(AuditEvent.action == action)
    if account_id is not None:
        statement = statement.where(
            or_(
                (AuditEvent.subject_type == "account") & (AuditEvent.subject_id == str(account_id)),
                AuditEvent.actor_id == account_id,
            )
        )
    return statement


def recorded_actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
