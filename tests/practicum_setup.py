"""Building blocks of practicum tests: a small pathway, a trainee past its foundation stage, and
a practicum taken through the services to the state a test needs.

The foundation stage is marked met by writing its requirement statuses directly: completing
three courses with their quizzes and role-plays for real would dwarf every practicum test.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from lms.content.pathway_sync import spec_of, sync_pathway
from lms.content.pathways import PathwaySpec
from lms.models import (
    Account,
    Pathway,
    Practicum,
    utcnow,
)
from lms.services import logbook, practicum
from lms.services.logbook import WeekText
from tests.certificate_setup import meet_stage, small_pathway_spec

RUBRIC = [
    {"key": "narrative", "title": "Quality of the narrative", "weight": 20},
    {"key": "aims", "title": "Aims and strategies", "weight": 25},
    {"key": "reflection", "title": "Reflection and learning", "weight": 30},
    {"key": "principles", "title": "Application of partnering principles", "weight": 25},
]
PASSING = {"narrative": 15, "aims": 20, "reflection": 20, "principles": 15}  # 70
FAILING = {"narrative": 10, "aims": 10, "reflection": 10, "principles": 10}  # 40


def pathway_spec(*, weeks: int = 3) -> PathwaySpec:
    """The small pathway, with a practicum of ``weeks`` weeks on the shipped rubric's criteria."""
    return small_pathway_spec(weeks=weeks, rubric=RUBRIC)


def make_pathway(session: Session, *, slug: str = "partnership-broker", weeks: int = 3) -> Pathway:
    """Import the pathway through the content sync, committed."""
    pathway = sync_pathway(session, slug, pathway_spec(weeks=weeks), now=utcnow()).pathway
    session.commit()
    return pathway


def complete_foundation(session: Session, trainee: Account, pathway: Pathway) -> None:
    """Mark every requirement of the foundation stage met for ``trainee``, committed."""
    assert pathway.current_version is not None
    meet_stage(session, trainee, pathway, spec_of(pathway.current_version).stages[0].slug)


def applied(session: Session, trainee: Account, pathway: Pathway) -> Practicum:
    """Complete the trainee's foundation stage and apply for the practicum, committed."""
    complete_foundation(session, trainee, pathway)
    case = practicum.apply(
        session,
        pathway,
        trainee=trainee,
        foundation_course="negotiation",
        sector="civil_society",
        partnership="A water partnership in the east district.",
        now=utcnow(),
    )
    session.commit()
    return case


def accepted(
    session: Session,
    trainee: Account,
    pathway: Pathway,
    *,
    mentor: Account,
    examiner: Account | None,
    admin: Account,
) -> Practicum:
    """Apply, then accept with ``mentor`` and allocate ``examiner``, committed."""
    case = applied(session, trainee, pathway)
    practicum.accept(
        session, case, mentor=mentor, starts_on=date(2025, 1, 6), actor=admin, now=utcnow()
    )
    if examiner is not None:
        practicum.allocate_examiner(session, case, examiner=examiner, actor=admin, now=utcnow())
    session.commit()
    return case


def week_text(week: int, **changes: Any) -> WeekText:
    """A complete entry for ``week``, with any part replaced by ``changes``."""
    parts = {
        "aims": f"Aims of week {week}.",
        "strategies": f"Strategies of week {week}.",
        "activities": f"Activities of week {week}.",
        "reflection": f"Reflection on week {week}.",
    }
    return WeekText(**(parts | changes))


def write_all_weeks(session: Session, case: Practicum) -> None:
    """Write every week of the logbook, committed."""
    for week in range(1, case.weeks + 1):
        logbook.write_week(session, case, week=week, text=week_text(week), now=utcnow())
    session.commit()


def submitted(session: Session, case: Practicum) -> None:
    """Write every week and submit the logbook, committed."""
    write_all_weeks(session, case)
    logbook.submit(session, case, trainee=case.account, now=utcnow())
    session.commit()
