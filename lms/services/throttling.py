"""Throttling: how often a key (an email, a network address) may do a guarded thing."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from lms.models import ThrottleEvent, ThrottleScope
from lms.services.errors import Throttled
from lms.services.wording import counted


@dataclass(frozen=True)
class Limit:
    """At most ``events`` events of ``scope`` per key within ``window``."""

    scope: ThrottleScope
    events: int
    window: timedelta

    def wait(self, session: Session, key: str, *, now: datetime) -> timedelta | None:
        """Return how long ``key`` must wait before its next event, or ``None`` if it need not.

        The wait ends when the oldest event in the window leaves it.
        """
        count, oldest = session.execute(
            select(func.count(), func.min(ThrottleEvent.at)).where(
                ThrottleEvent.scope == self.scope,
                ThrottleEvent.key == key,
                ThrottleEvent.at > now - self.window,
            )
        ).one()
        if count < self.events:
            return None
        wait: timedelta = oldest + self.window - now
        return wait

    def refuse(self, session: Session, key: str, *, now: datetime, refusal: str) -> None:
        """Raise Throttled, saying ``refusal`` with its ``{wait}``, when ``key`` must wait."""
        wait = self.wait(session, key, now=now)
        if wait is not None:
            raise Throttled(refusal.format(wait=duration_in_words(wait.total_seconds())), wait)


def record_events(session: Session, *limited_keys: tuple[Limit, str], now: datetime) -> None:
    """Count one event against each ``(limit, key)``, forgetting events their window has left.

    Pruning on write keeps the table as small as the traffic of one window, with no cron job.
    """
    for limit, key in limited_keys:
        session.execute(
            delete(ThrottleEvent).where(
                ThrottleEvent.scope == limit.scope, ThrottleEvent.at <= now - limit.window
            )
        )
        session.add(ThrottleEvent(scope=limit.scope, key=key, at=now))


def duration_in_words(seconds: float) -> str:
    """Say how long ``seconds`` last, rounded up to minutes: "1 minute", "60 minutes", "2 hours"."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes >= 120 and minutes % 60 == 0:
        return counted(minutes // 60, "hour")
    return counted(minutes, "minute")
