"""The cohort report counts stages in the database, in a constant number of queries."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from lms.models import Role, utcnow
from lms.services import cohort_report, enrolment, ethics, progress
from tests.services.test_approvals import approval_spec


@pytest.fixture
def course(make_course):
    return make_course("basics", modules=1, lessons_per_module=2)


@pytest.fixture
def pathway(make_pathway, course):
    return make_pathway(approval_spec(), slug="broker")


def make_trainees(db_session, make_account, course, pathway, count: int, *, start: int = 0):
    """Trainees in turn: finished the foundation, halfway through it, not begun."""
    for number in range(start, start + count):
        trainee = make_account(display_name=f"Trainee {number:03}")
        if number % 3 == 2:
            continue
        enrolment.enrol(db_session, trainee, course, now=utcnow())
        progress.complete_lesson(db_session, trainee, course, "lesson-1-1", now=utcnow())
        if number % 3 == 0:
            progress.complete_lesson(db_session, trainee, course, "lesson-1-2", now=utcnow())
            ethics.sign(db_session, trainee, pathway, typed_name=trainee.display_name, now=utcnow())
    db_session.commit()


def test_each_stage_counts_completed_in_progress_and_not_started(
    db_session, make_account, course, pathway
):
    make_trainees(db_session, make_account, course, pathway, 6)
    make_account(Role.TRAINER)  # not a trainee: not counted
    report = cohort_report.report(db_session, pathway)
    foundation, accredited = report.stages
    assert (foundation.completed, foundation.in_progress, foundation.not_started) == (2, 2, 2)
    assert (accredited.completed, accredited.in_progress, accredited.not_started) == (0, 2, 4)


def test_each_trainee_shows_their_current_stage_and_next_step(
    db_session, make_account, course, pathway
):
    make_trainees(db_session, make_account, course, pathway, 3)
    rows = cohort_report.report(db_session, pathway).trainees.items
    assert [(row.display_name, row.current_stage.slug, row.next_step.key) for row in rows] == [
        ("Trainee 000", "accredited", "approval"),
        ("Trainee 001", "foundation", "course:basics"),
        ("Trainee 002", "foundation", "course:basics"),
    ]


def test_the_list_is_paginated(db_session, make_account, course, pathway):
    make_trainees(db_session, make_account, course, pathway, 5)
    page = cohort_report.report(db_session, pathway, page=2, per_page=2).trainees
    assert [row.display_name for row in page.items] == ["Trainee 002", "Trainee 003"]
    assert (page.total, page.pages, page.has_previous, page.has_next) == (5, 3, True, True)


def statements(db_session, pathway) -> int:
    seen: list[str] = []
    engine = db_session.get_bind()
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        cohort_report.report(db_session, pathway)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def test_the_statement_count_does_not_grow_with_trainees(db_session, make_account, course, pathway):
    make_trainees(db_session, make_account, course, pathway, 10)
    with_ten = statements(db_session, pathway)
    make_trainees(db_session, make_account, course, pathway, 50, start=10)
    assert statements(db_session, pathway) == with_ten <= 3
