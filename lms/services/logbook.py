"""The practicum logbook: a trainee's entry for each week, kept as append-only revisions, the
mentor's comments on each week, and submitting the logbook for marking."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from lms.models import (
    Account,
    LogbookComment,
    LogbookEntry,
    LogbookRevision,
    LogbookSubmission,
    Practicum,
    PracticumStatus,
)
from lms.models.base import insert_unless_present, lock_row
from lms.services import audit
from lms.services.errors import InvalidInput, NotFound, NotPermitted
from lms.services.wording import long_date

FIELD_LIMIT = 5_000
COMMENT_LIMIT = 5_000
# A revision races only with the same trainee's other tabs, so a few retries always suffice.
ATTEMPTS = 5
WRITABLE = frozenset({PracticumStatus.ACTIVE, PracticumStatus.REFERRED})


@dataclass(frozen=True)
class WeekText:
    """What a week's entry says, in the four parts the logbook asks for."""

    aims: str
    strategies: str
    activities: str
    reflection: str


_REQUIRED = {
    "aims": "Say what you aimed to do this week.",
    "strategies": "Say which strategies you used.",
    "activities": "Say what you did.",
    "reflection": "Reflect on what you learnt.",
}


def is_writable(practicum: Practicum) -> bool:
    """Whether the trainee may write: the practicum runs, or its logbook was referred."""
    return practicum.status in WRITABLE


def begins_on(practicum: Practicum, week: int) -> date | None:
    """The day week ``week`` of the practicum begins, counted from its start date; None before
    an administrator has set one."""
    if practicum.starts_on is None:
        return None
    return practicum.starts_on + timedelta(weeks=week - 1)


def has_begun(practicum: Practicum, week: int, *, today: date) -> bool:
    """Whether week ``week`` may be written: the logbook records practice as it happens, so a
    week opens on the day it begins, never ahead of it."""
    begins = begins_on(practicum, week)
    return begins is not None and begins <= today


def write_week(
    session: Session, practicum: Practicum, *, week: int, text: WeekText, now: datetime
) -> LogbookRevision:
    """Write week ``week``: the first writing is revision 1, later ones add revisions.

    Revisions are never changed, so mentor and examiner see what was written when. Sending
    the text the latest revision already holds returns that revision.

    Raises NotPermitted unless the logbook is open for writing and the week has begun,
    InvalidInput on ``week`` or a part of ``text`` for a value that does not fit.
    """
    if not is_writable(practicum):
        raise NotPermitted("The logbook is not open for writing.")
    if not 1 <= week <= practicum.weeks:
        raise InvalidInput("week", f"Choose a week from 1 to {practicum.weeks}.")
    if not has_begun(practicum, week, today=now.date()):
        raise NotPermitted(f"Week {week} has not begun yet: {_opening(practicum, week)}.")
    cleaned = WeekText(**{name: value.strip() for name, value in asdict(text).items()})
    for name, value in asdict(cleaned).items():
        if not value:
            raise InvalidInput(name, _REQUIRED[name])
        if len(value) > FIELD_LIMIT:
            raise InvalidInput(name, f"Keep it under {FIELD_LIMIT} characters.")
    insert_unless_present(
        session,
        LogbookEntry,
        {"practicum_id": practicum.id, "week": week, "created_at": now},
        unique=["practicum_id", "week"],
    )
    entry_id = session.scalars(
        select(LogbookEntry.id).where(
            LogbookEntry.practicum_id == practicum.id, LogbookEntry.week == week
        )
    ).one()
    for _ in range(ATTEMPTS):
        latest = _latest_revision(session, entry_id)
        if latest is not None and _text_of(latest) == cleaned:
            return latest
        number = latest.number + 1 if latest is not None else 1
        values = {"entry_id": entry_id, "number": number, "written_at": now, **asdict(cleaned)}
        if insert_unless_present(session, LogbookRevision, values, unique=["entry_id", "number"]):
            revision = _latest_revision(session, entry_id)
            if revision is not None:  # inserted just now
                return revision
    raise NotPermitted("The week is being written elsewhere at the same time; try again.")


def _opening(practicum: Practicum, week: int) -> str:
    begins = begins_on(practicum, week)
    if begins is None:
        return "the practicum has no start date yet"
    return f"it can be written from {long_date(begins)} (UTC)"


def _latest_revision(session: Session, entry_id: int) -> LogbookRevision | None:
    return session.scalars(
        select(LogbookRevision)
        .where(LogbookRevision.entry_id == entry_id)
        .order_by(LogbookRevision.number.desc())
        .limit(1)
    ).first()


def _text_of(revision: LogbookRevision) -> WeekText:
    return WeekText(revision.aims, revision.strategies, revision.activities, revision.reflection)


def entries(session: Session, practicum: Practicum) -> dict[int, LogbookEntry]:
    """The weeks written so far, by week number, each with its revisions oldest first."""
    found = session.scalars(
        select(LogbookEntry)
        .where(LogbookEntry.practicum_id == practicum.id)
        .options(selectinload(LogbookEntry.revisions))
        .order_by(LogbookEntry.week)
    )
    return {entry.week: entry for entry in found}


def comments(session: Session, practicum: Practicum) -> dict[int, list[LogbookComment]]:
    """The mentor's comments by week number, oldest first, with their authors loaded."""
    rows = session.execute(
        select(LogbookEntry.week, LogbookComment)
        .join(LogbookEntry, LogbookComment.entry_id == LogbookEntry.id)
        .where(LogbookEntry.practicum_id == practicum.id)
        .options(selectinload(LogbookComment.author))
        .order_by(LogbookComment.written_at, LogbookComment.id)
    )
    by_week: dict[int, list[LogbookComment]] = defaultdict(list)
    for week, comment in rows:
        by_week[week].append(comment)
    return dict(by_week)


def add_comment(
    session: Session,
    practicum: Practicum,
    *,
    week: int,
    author: Account,
    body: str,
    request_key: str,
    now: datetime,
) -> LogbookComment:
    """Comment on a written week as its mentor; the same ``request_key`` comments once.

    Raises NotPermitted unless ``author`` mentors the practicum, NotFound for a week not
    written, InvalidInput on ``body`` or on ``request_key`` when used for another week.
    """
    if author.id != practicum.mentor_id:
        raise NotPermitted("Only the practicum's mentor comments on its logbook.")
    entry = session.scalars(
        select(LogbookEntry).where(
            LogbookEntry.practicum_id == practicum.id, LogbookEntry.week == week
        )
    ).one_or_none()
    if entry is None:
        raise NotFound("That week has not been written yet.")
    text = body.strip()
    if not text:
        raise InvalidInput("body", "Write your comment.")
    if len(text) > COMMENT_LIMIT:
        raise InvalidInput("body", f"Keep the comment under {COMMENT_LIMIT} characters.")
    values = {
        "entry_id": entry.id,
        "author_id": author.id,
        "request_key": request_key,
        "body": text,
        "written_at": now,
    }
    insert_unless_present(session, LogbookComment, values, unique=["author_id", "request_key"])
    comment = session.scalars(
        select(LogbookComment).where(
            LogbookComment.author_id == author.id, LogbookComment.request_key == request_key
        )
    ).one()
    if comment.entry_id != entry.id:
        raise InvalidInput("request_key", "This form was sent already; reload the page.")
    return comment


def latest_submission(session: Session, practicum: Practicum) -> LogbookSubmission | None:
    """The practicum's most recent submission, if the logbook was ever submitted."""
    return session.scalars(
        select(LogbookSubmission)
        .where(LogbookSubmission.practicum_id == practicum.id)
        .order_by(LogbookSubmission.number.desc())
        .limit(1)
    ).first()


def missing_weeks(session: Session, practicum: Practicum) -> list[int]:
    """The weeks not yet written, which keep the logbook from being submitted."""
    written = set(
        session.scalars(select(LogbookEntry.week).where(LogbookEntry.practicum_id == practicum.id))
    )
    return [week for week in range(1, practicum.weeks + 1) if week not in written]


def submit(
    session: Session, practicum: Practicum, *, trainee: Account, now: datetime
) -> LogbookSubmission:
    """Close the logbook for marking as the next submission; a repeat returns the same one.

    Raises NotPermitted unless ``trainee`` owns the logbook, it is open and every week is
    written.
    """
    if trainee.id != practicum.account_id:
        raise NotPermitted("Only the trainee submits their logbook.")
    locked = lock_row(session, Practicum, Practicum.id == practicum.id)
    if locked.status is PracticumStatus.SUBMITTED:
        submitted = latest_submission(session, locked)
        if submitted is not None:
            return submitted
    if not is_writable(locked):
        raise NotPermitted("The logbook is not open for submission.")
    missing = missing_weeks(session, locked)
    if missing:
        weeks = ", ".join(str(week) for week in missing)
        raise NotPermitted(f"Write every week before submitting; still to write: {weeks}.")
    number = (
        session.scalar(
            select(func.max(LogbookSubmission.number)).where(
                LogbookSubmission.practicum_id == locked.id
            )
        )
        or 0
    ) + 1
    inserted = insert_unless_present(
        session,
        LogbookSubmission,
        {"practicum_id": locked.id, "number": number, "submitted_at": now, "feedback": ""},
        unique=["practicum_id", "number"],
    )
    submission = session.scalars(
        select(LogbookSubmission).where(
            LogbookSubmission.practicum_id == locked.id, LogbookSubmission.number == number
        )
    ).one()
    if inserted:
        locked.status = PracticumStatus.SUBMITTED
        audit.record(
            session, actor=trainee, action="logbook.submitted", subject=submission, now=now
        )
    return submission
