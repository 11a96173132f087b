"""The append-only record of state changes that matter."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Connection, ForeignKey, String, event
from sqlalchemy.orm import Mapped, Mapper, ORMExecuteState, Session, mapped_column, relationship

from lms.models.accounts import Account
from lms.models.base import Base, utcnow


class AuditEvent(Base):
    """Who did what to which thing, when, with the state before and after."""

    __tablename__ = "lms_audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_accounts.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(80))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(64))
    subject_label: Mapped[str] = mapped_column(String(254), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    actor: Mapped[Account | None] = relationship()


class AuditIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete an audit record."""


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(mapper: Mapper[AuditEvent], connection: Connection, target: AuditEvent) -> None:
    """No code path of the app may rewrite history: decisions stay as they were recorded."""
    raise AuditIsAppendOnly(f"audit record {target.id} cannot be changed or deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_change(state: ORMExecuteState) -> None:
    """The same for ``update(AuditEvent)`` and ``delete(AuditEvent)`` statements, which skip the
    per-object events above."""
    if (state.is_update or state.is_delete) and any(
        mapper.class_ is AuditEvent for mapper in state.all_mappers
    ):
        raise AuditIsAppendOnly("audit records cannot be changed or deleted")
