"""The accreditation pathway the browser tests follow, and a trainee brought through the services
to one lesson short of its Level 1.

The site under test holds the repository's courses without their quizzes and role-plays (see
``prepare_database``), so its pathway keeps the shipped one's stages, awards and practicum rubric
but asks at Level 1 for the shipped courses alone, and shortens the practicum to two weeks that a
test can write in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from lms.content.pathway_sync import sync_pathway
from lms.content.pathways import CourseCompleted, PathwaySpec, PracticumAccepted
from lms.content.specs import CourseSpec
from lms.db import Database
from lms.models import Account, utcnow
from lms.services import enrolment, progress
from tests.conftest import shipped_pathway
from tests.e2e.people import Person

PRACTICUM_WEEKS = 2


@dataclass(frozen=True)
class LastLesson:
    """The one lesson of Level 1 the trainee has left: plain values that outlive the session."""

    course_slug: str
    course_title: str
    title: str


def browser_pathway() -> tuple[str, PathwaySpec]:
    """The shipped pathway's slug and spec, with Level 1 reduced to its courses and a practicum
    of ``PRACTICUM_WEEKS`` weeks."""
    slug, shipped = shipped_pathway()
    data = shipped.model_dump()
    foundation, practitioner = data["stages"][0], data["stages"][1]
    foundation["requirements"] = [
        requirement
        for requirement in foundation["requirements"]
        if requirement["kind"] == "course_completed"
    ]
    for requirement in practitioner["requirements"]:
        if requirement["kind"] == "practicum_accepted":
            # The label the loader wrote names the shipped length; without it the title follows.
            requirement |= {"weeks": PRACTICUM_WEEKS, "label": None}
    return slug, PathwaySpec.model_validate(data)


def practicum_of(spec: PathwaySpec) -> PracticumAccepted:
    """The practicum requirement of the pathway's second stage."""
    [found] = [r for r in spec.stages[1].requirements if isinstance(r, PracticumAccepted)]
    return found


def publish_pathway(database: Database, slug: str, spec: PathwaySpec) -> None:
    """Import the pathway into the live server's database, as ``courses import`` would."""
    with database.sessionmaker() as session:
        sync_pathway(session, slug, spec, now=utcnow())
        session.commit()


def all_of_level_1_but_one_lesson(
    database: Database,
    trainee: Person,
    spec: PathwaySpec,
    courses: list[tuple[str, CourseSpec]],
) -> LastLesson:
    """Enrol ``trainee`` in every Level 1 course and complete every lesson but the last of the
    last course, through the services; return that lesson."""
    by_slug = dict(courses)
    wanted = [r.course for r in spec.stages[0].requirements if isinstance(r, CourseCompleted)]
    last_course = by_slug[wanted[-1]]
    last = LastLesson(wanted[-1], last_course.title, last_course.lessons()[-1].title)
    now = utcnow()
    with database.sessionmaker() as session:
        account = session.scalars(select(Account).filter_by(email=trainee.email)).one()
        for course_slug in wanted:
            course = enrolment.find_course(session, course_slug)
            assert course is not None, f"course {course_slug} is not in the database"
            enrolment.enrol(session, account, course, now=now)
            for lesson in by_slug[course_slug].lessons():
                if (course_slug, lesson.title) != (last.course_slug, last.title):
                    progress.complete_lesson(session, account, course, lesson.slug, now=now)
        session.commit()
    return last
