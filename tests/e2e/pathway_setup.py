"""The shipped accreditation pathway as the browser tests meet it, and a trainee brought through
the services to where a browser test takes over.

The site under test holds courses/ as ``lms courses import`` brings it in (see
``prepare_database``), so the pathway is the shipped one, unchanged. Its Level 1 asks for every
core course, quiz, scenario and written role-play: the services earn them as a trainee would
(the demo's own way, ``demo_foundation``), leaving the last written answer for a trainer to
assess in the browser. Of the practicum's weeks, the services write all but the last two, which
the browser writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.content.loader import load_courses
from lms.content.pathway_sync import spec_of
from lms.content.pathways import WrittenAssessed
from lms.content.roleplays import WrittenSpec, load_course_roleplays
from lms.db import Database
from lms.models import Account, Pathway, utcnow
from lms.services import (
    demo_accreditation,
    demo_foundation,
    demo_practicum,
    logbook,
    pathway_progress,
    practicum,
)
from tests.conftest import REPO_ROOT
from tests.e2e.people import Person

WEEKS_IN_THE_BROWSER = 2


@dataclass(frozen=True)
class AwaitedAnswer:
    """The written answer that stands between the trainee and Level 1: plain values that
    outlive the session, and the best level of each criterion of its rubric."""

    course_title: str
    roleplay_title: str
    best_levels: tuple[tuple[str, str], ...]  # (criterion title, level label)


@dataclass(frozen=True)
class StaffPeople:
    """Who decides, mentors and examines a practicum set up through the services."""

    admin: Person
    mentor: Person
    examiner: Person

    def accounts(self, session: Session) -> demo_practicum.Staff:
        return demo_practicum.Staff(
            _account(session, self.admin),
            _account(session, self.mentor),
            _account(session, self.examiner),
        )


def level_1_but_one_assessment(
    database: Database, trainee: Person, assessor: Person, slug: str
) -> AwaitedAnswer:
    """Meet every requirement of Level 1 for ``trainee`` through the services, the last
    written answer submitted but awaiting ``assessor``; return that answer."""
    with database.sessionmaker() as session:
        found = _pathway(session, slug)
        demo_foundation.take_first_stage(
            session,
            _account(session, trainee),
            found,
            assessor=_account(session, assessor),
            now=utcnow(),
            is_last_answer_assessed=False,
        )
        session.commit()
        stage = spec_of(pathway_progress.current_version(found)).stages[0]
    last = [r for r in stage.requirements if isinstance(r, WrittenAssessed)][-1]
    courses = load_courses(REPO_ROOT / "courses")
    spec = load_course_roleplays(REPO_ROOT / "courses", courses)[last.course][last.roleplay]
    assert isinstance(spec, WrittenSpec)
    best = tuple(
        (criterion.title, max(criterion.levels, key=lambda level: level.points).label)
        for criterion in spec.rubric.criteria
    )
    return AwaitedAnswer(dict(courses)[last.course].title, spec.title, best)


def write_all_weeks_but_the_last(database: Database, trainee: Person, slug: str) -> list[int]:
    """Write every week of ``trainee``'s practicum logbook but the last
    ``WEEKS_IN_THE_BROWSER``, as the demo trainees write them; return the weeks left."""
    with database.sessionmaker() as session:
        case = practicum.practicum_of(session, _account(session, trainee), _pathway(session, slug))
        assert case is not None, f"{trainee.display_name} has no practicum"
        weeks = case.weeks
        for week in range(1, weeks - WEEKS_IN_THE_BROWSER + 1):
            logbook.write_week(
                session, case, week=week, text=demo_practicum.week_text(week), now=utcnow()
            )
        session.commit()
    return list(range(weeks - WEEKS_IN_THE_BROWSER + 1, weeks + 1))


def logbook_marked(
    database: Database,
    trainee: Person,
    staff: StaffPeople,
    slug: str,
    *,
    markings: tuple[demo_practicum.Marking, ...],
) -> None:
    """Take ``trainee`` through Level 1, assessed by the mentor (who must teach the courses),
    and the whole practicum the demo's way: every week written and submitted, then marked as
    ``markings`` say."""
    with database.sessionmaker() as session:
        found, now = _pathway(session, slug), utcnow()
        account = _account(session, trainee)
        crew = staff.accounts(session)
        demo_foundation.take_first_stage(session, account, found, assessor=crew.mentor, now=now)
        demo_practicum.run(
            session,
            account,
            found,
            staff=crew,
            weeks_written=practicum.terms_of(
                pathway_progress.current_version(found)
            ).requirement.weeks,
            markings=markings,
            now=now,
        )
        session.commit()


def approved_for_accreditation(
    database: Database, trainee: Person, staff: StaffPeople, slug: str
) -> None:
    """Pass ``trainee``'s practicum with agreeing marks, sign the ethics commitment and approve
    them, so their certificates await an administrator."""
    logbook_marked(
        database,
        trainee,
        staff,
        slug,
        markings=(demo_practicum.MENTOR_MARKING, demo_practicum.EXAMINER_MARKING),
    )
    with database.sessionmaker() as session:
        crew = staff.accounts(session)
        demo_accreditation.sign_and_approve(
            session, _account(session, trainee), _pathway(session, slug), admin=crew.admin,
            now=utcnow(),
        )  # fmt: skip
        session.commit()


def _pathway(session: Session, slug: str) -> Pathway:
    found = pathway_progress.find_pathway(session, slug)
    assert found is not None, f"pathway {slug} is not in the database"
    return found


def _account(session: Session, person: Person) -> Account:
    return session.scalars(select(Account).filter_by(email=person.email)).one()
