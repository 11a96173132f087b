"""Recompute on import: ``accreditation.refresh_everyone`` for 1,000 people on the shipped
pathway against the same for 100, interleaved in the same run, on SQLite.

An import that changes a pathway recomputes everyone's progress in one transaction, so its cost
grows with the people on the site: the ratio should stay near 10× for 10× the people, and the
time per person says how long the import holds its transaction. Each measured recompute is
rolled back, so every round starts from the same statuses.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from bench.measure import fastest_seconds
from bench.pathway_trainees import add_statuses, add_trainees, cohort_rows, sync_shipped_pathway
from lms.db import Database, upgrade_schema
from lms.models import utcnow
from lms.services import accreditation

SMALL = 100
LARGE = 1_000
ROUNDS = 3
# Linear would be 10×; allow a little for the larger database's indexes.
SCALING_GOAL = 12.0


@dataclass(frozen=True)
class Site:
    """A database holding ``people`` trainees spread across the pathway's stages."""

    database: Database
    people: int


def run(folder: Path) -> bool:
    """Measure both sizes in interleaved rounds and print the result; True when the goal is met."""
    print(f"Recompute on import: {LARGE:,} people against {SMALL:,}, on SQLite …")
    small, large = (prepare(folder, size) for size in (SMALL, LARGE))
    try:
        rounds = [(refresh_seconds(small), refresh_seconds(large)) for _ in range(ROUNDS)]
    finally:
        small.database.dispose()
        large.database.dispose()
    ratio = statistics.median(big / little for little, big in rounds)
    per_person_ms = statistics.median(big for _, big in rounds) / LARGE * 1000
    is_met = ratio <= SCALING_GOAL
    print(
        f"{'refresh SQLite':<18} {ratio:.1f}× the time for {LARGE // SMALL}× the people "
        f"(goal ≤ {SCALING_GOAL:.0f}×) {'PASS' if is_met else 'BELOW'}   "
        f"≈ {per_person_ms:.1f} ms per person, so 10,000 hold the import's transaction "
        f"≈ {per_person_ms * 10:.0f} s"
    )
    return is_met


def prepare(folder: Path, people: int) -> Site:
    """Migrate, import the pathway and add ``people`` trainees with their statuses."""
    database = Database(f"sqlite:///{folder / f'refresh-{people}.sqlite3'}")
    upgrade_schema(database)
    with database.sessionmaker() as session:
        pathway = sync_shipped_pathway(session)
        ids = add_trainees(session, people, prefix="refresh")
        add_statuses(session, cohort_rows(pathway, ids, seed=people))
        session.commit()
    return Site(database, people)


def refresh_seconds(site: Site) -> float:
    """Time one recompute of everyone, then roll it back; refuse a count that is wrong."""

    def refresh() -> None:
        with site.database.sessionmaker() as session:
            counted = accreditation.refresh_everyone(session, now=utcnow())
            session.rollback()
        if counted != site.people:
            raise RuntimeError(f"recomputed {counted} people of {site.people}")

    return fastest_seconds(refresh, 1)
