"""Enrolment rules without Flask: enrolling once, refusing unpublished courses, the catalogue."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.models import Account, Course, Enrolment, utcnow
from lms.services import enrolment
from lms.services.errors import NotPermitted
from tests.concurrency import run_concurrently


def count_enrolments(db_session) -> int:
    return db_session.scalar(select(func.count(Enrolment.id)))


def test_enrol_creates_an_enrolment(db_session, make_account, make_course):
    account, course = make_account(), make_course()
    created = enrolment.enrol(db_session, account, course, now=utcnow())
    db_session.commit()
    assert enrolment.find(db_session, account, course) is created


def test_enrolling_twice_keeps_one_enrolment(db_session, make_account, make_course):
    account, course = make_account(), make_course()
    first = enrolment.enrol(db_session, account, course, now=utcnow())
    db_session.commit()
    second = enrolment.enrol(db_session, account, course, now=utcnow())
    db_session.commit()
    assert second is first
    assert count_enrolments(db_session) == 1


def test_concurrent_enrolments_of_one_person_leave_one_row(database, make_account, make_course):
    account_id, course_id = make_account().id, make_course().id

    def enrol_in_own_session(session):
        account, course = session.get(Account, account_id), session.get(Course, course_id)
        return enrolment.enrol(session, account, course, now=utcnow()).id

    ids = run_concurrently(database, enrol_in_own_session, times=4)
    with database.sessionmaker() as session:
        assert count_enrolments(session) == 1
        assert set(ids) == {session.scalar(select(Enrolment.id))}


def test_enrol_refuses_a_course_without_published_content(db_session, make_account):
    course = Course(slug="coming-soon", title="Coming soon")
    db_session.add(course)
    db_session.commit()
    with pytest.raises(NotPermitted):
        enrolment.enrol(db_session, make_account(), course, now=utcnow())


def test_catalogue_lists_each_published_course_with_its_lesson_count(db_session, make_course):
    make_course("b-course", title="Brokering", modules=1, lessons_per_module=3)
    make_course("a-course", title="Agreements", modules=2, lessons_per_module=2)
    entries = enrolment.catalogue(db_session, None)
    assert [(entry.course.slug, entry.lessons_total) for entry in entries] == [
        ("a-course", 4),
        ("b-course", 3),
    ]


def test_catalogue_leaves_out_courses_without_published_content(db_session, make_course):
    make_course("published")
    db_session.add(Course(slug="coming-soon", title="Coming soon"))
    db_session.commit()
    assert [entry.course.slug for entry in enrolment.catalogue(db_session, None)] == ["published"]


def test_catalogue_marks_only_the_courses_the_account_takes(db_session, make_account, make_course):
    account, other = make_account(), make_account()
    taken, not_taken = make_course("taken"), make_course("not-taken")
    enrolment.enrol(db_session, account, taken, now=utcnow())
    enrolment.enrol(db_session, other, not_taken, now=utcnow())
    db_session.commit()
    marks = {
        entry.course.slug: entry.is_enrolled for entry in enrolment.catalogue(db_session, account)
    }
    assert marks == {"taken": True, "not-taken": False}


def test_catalogue_for_an_anonymous_visitor_marks_nothing_enrolled(
    db_session, make_account, make_course
):
    course = make_course()
    enrolment.enrol(db_session, make_account(), course, now=utcnow())
    db_session.commit()
    assert [entry.is_enrolled for entry in enrolment.catalogue(db_session, None)] == [False]
