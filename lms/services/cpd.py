"""Continuing professional development: the hours an accredited broker logs toward renewal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.models import Account, Certificate, CpdEntry, Pathway
from lms.models.base import insert_unless_present
from lms.services import audit
from lms.services.errors import InvalidInput

MAX_HOURS = Decimal(100)


def log_entry(
    session: Session,
    account: Account,
    pathway: Pathway,
    *,
    request_key: str,
    activity: str,
    done_on: date,
    hours: Decimal | str,
    reflection: str,
    now: datetime,
) -> CpdEntry:
    """Record one CPD activity; the same ``request_key`` records it once however often it is sent.

    Hours are above 0 and at most 100, in quarters of an hour at most; the date is not in the
    future; the activity and a reflection are required. Raises InvalidInput naming the field.
    """
    activity, reflection = activity.strip(), reflection.strip()
    if not activity:
        raise InvalidInput("activity", "Name the activity.")
    if len(activity) > 200:
        raise InvalidInput("activity", "Keep the activity to 200 characters or fewer.")
    if done_on > now.date():
        raise InvalidInput("done_on", "The date cannot be in the future.")
    amount = _hours(hours)
    if not reflection:
        raise InvalidInput("reflection", "Write what you took from the activity.")
    is_new = insert_unless_present(
        session,
        CpdEntry,
        {
            "account_id": account.id,
            "pathway_id": pathway.id,
            "request_key": request_key,
            "activity": activity,
            "done_on": done_on,
            "hours": amount,
            "reflection": reflection,
            "logged_at": now,
        },
        unique=["account_id", "request_key"],
    )
    entry = session.scalars(
        select(CpdEntry).where(
            CpdEntry.account_id == account.id, CpdEntry.request_key == request_key
        )
    ).one()
    if is_new:
        audit.record(
            session,
            actor=account,
            action="cpd.logged",
            subject=entry,
            now=now,
            after={"hours": f"{amount:f}", "done_on": done_on.isoformat()},
        )
    return entry


def hours_since(session: Session, account: Account, pathway: Pathway, *, since: date) -> Decimal:
    """The CPD hours ``account`` has logged on ``pathway`` for activities on or after ``since``."""
    total = session.scalar(
        select(func.coalesce(func.sum(CpdEntry.hours), 0)).where(
            CpdEntry.account_id == account.id,
            CpdEntry.pathway_id == pathway.id,
            CpdEntry.done_on >= since,
        )
    )
    return Decimal(total or 0)


def entries(session: Session, account: Account, pathway: Pathway) -> list[CpdEntry]:
    """Every CPD entry of ``account`` on ``pathway``, latest activity first."""
    return list(
        session.scalars(
            select(CpdEntry)
            .where(CpdEntry.account_id == account.id, CpdEntry.pathway_id == pathway.id)
            .order_by(CpdEntry.done_on.desc(), CpdEntry.id.desc())
        )
    )


def _hours(value: Decimal | str) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidInput("hours", "Enter the hours as a number, such as 1.5.") from None
    if not amount.is_finite() or amount <= 0:
        raise InvalidInput("hours", "Enter more than 0 hours.")
    if amount > MAX_HOURS:
        raise InvalidInput("hours", "Log at most 100 hours in one entry; split longer activities.")
    if amount % Decimal("0.25"):
        raise InvalidInput("hours", "Give the hours to the nearest quarter hour, such as 1.25.")
    return amount


@dataclass(frozen=True)
class Progress:
    """CPD hours logged toward the next renewal of a pathway's award, and those it needs."""

    pathway: Pathway
    logged: Decimal
    required: int
    since: date | None

    @property
    def is_enough(self) -> bool:
        return self.logged >= self.required


def overview(
    session: Session, account: Account, required: Mapping[Pathway, int]
) -> tuple[list[Progress], dict[int, list[CpdEntry]]]:
    """Progress toward renewal on each pathway of ``required`` (hours it needs), and the entries
    of each by pathway id, latest first; two queries however many pathways there are."""
    ids = [pathway.id for pathway in required]
    issued: dict[int, datetime] = dict(
        session.execute(
            select(Certificate.pathway_id, func.max(Certificate.issued_at))
            .where(
                Certificate.account_id == account.id,
                Certificate.pathway_id.in_(ids),
                Certificate.valid_until.is_not(None),
                Certificate.is_live,
            )
            .group_by(Certificate.pathway_id)
        ).all()
    )
    by_pathway: dict[int, list[CpdEntry]] = {pathway_id: [] for pathway_id in ids}
    for entry in session.scalars(
        select(CpdEntry)
        .where(CpdEntry.account_id == account.id, CpdEntry.pathway_id.in_(ids))
        .order_by(CpdEntry.done_on.desc(), CpdEntry.id.desc())
    ):
        by_pathway[entry.pathway_id].append(entry)
    totals = []
    for pathway, hours in required.items():
        issued_at = issued.get(pathway.id)
        since = issued_at.date() if issued_at is not None else None
        logged = sum(
            (e.hours for e in by_pathway[pathway.id] if since is None or e.done_on >= since),
            Decimal(0),
        )
        totals.append(Progress(pathway, logged, hours, since))
    return totals, by_pathway
