"""Lists of practicums for the administrator's, mentor's and examiner's pages, and of the
trainers who may mentor or examine one."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from lms.models import Account, AccountRole, Practicum, PracticumStatus, Role


def trainers(session: Session) -> list[Account]:
    """Active trainers, by name: those who may mentor or examine a practicum."""
    return list(
        session.scalars(
            select(Account)
            .join(AccountRole)
            .where(AccountRole.role == Role.TRAINER, Account.is_active.is_(True))
            .order_by(Account.display_name, Account.id)
        )
    )


def practicums(
    session: Session,
    *,
    mentor: Account | None = None,
    examiner: Account | None = None,
    status: PracticumStatus | None = None,
) -> list[Practicum]:
    """Practicums, oldest application first, with trainee, pathway and markers loaded;
    only ``mentor``'s mentees, ``examiner``'s allocations or those in ``status`` if given."""
    query = select(Practicum).options(
        joinedload(Practicum.account),
        joinedload(Practicum.pathway),
        selectinload(Practicum.mentor),
        selectinload(Practicum.examiner),
    )
    if mentor is not None:
        query = query.where(Practicum.mentor_id == mentor.id)
    if examiner is not None:
        query = query.where(Practicum.examiner_id == examiner.id)
    if status is not None:
        query = query.where(Practicum.status == status)
    return list(session.scalars(query.order_by(Practicum.applied_at, Practicum.id)))
