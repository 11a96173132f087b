"""What each trainee has achieved on each role-play: the role-play's report to progress.

Recomputed on the event that changes it (a finished play, a recorded assessment), never later.
Scenarios count the best finished play, so a replay never takes a pass away; rubric-assessed
role-plays count the latest assessment, which decides.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.models import Account, Roleplay, RoleplayOutcome
from lms.models.base import insert_unless_present
from lms.services import accreditation


def record(
    session: Session,
    roleplay: Roleplay,
    account: Account,
    *,
    is_passed: bool,
    percent: Decimal | None,
    scores: dict[str, Any],
    now: datetime,
    replaces: bool = True,
) -> RoleplayOutcome:
    """Record a completed role-play for ``account`` with its scores by dimension or criterion.

    With ``replaces`` false (a scenario replay), an existing pass is kept over a later result
    that did not pass. Concurrent reports leave one row.
    """
    keys = {"roleplay_id": roleplay.id, "account_id": account.id}
    values = {
        "completed_at": now,
        "is_passed": is_passed,
        "percent": percent,
        "scores": scores,
        "updated_at": now,
    }
    is_new = insert_unless_present(session, RoleplayOutcome, keys | values, unique=list(keys))
    outcome = session.scalars(
        select(RoleplayOutcome)
        .filter_by(**keys)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if not is_new and (replaces or is_passed or not outcome.is_passed):
        outcome.is_passed = is_passed
        outcome.percent = percent
        outcome.scores = scores
        outcome.updated_at = now
    session.flush()
    accreditation.refresh(session, account.id, now=now)
    return outcome


def outcome_of(session: Session, roleplay: Roleplay, account: Account) -> RoleplayOutcome | None:
    """The trainee's outcome on a role-play, None before they have completed it."""
    return session.get(RoleplayOutcome, (roleplay.id, account.id))
