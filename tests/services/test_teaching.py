"""Teaching rules without Flask: assigning trainers, the courses they teach, their trainees."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.models import AuditEvent, Role, utcnow
from lms.services import enrolment, progress, teaching
from lms.services.errors import InvalidInput, NotPermitted


@pytest.fixture
def admin(make_account):
    return make_account(Role.ADMIN)


@pytest.fixture
def trainer(make_account):
    return make_account(Role.TRAINER, display_name="Tess Trainer")


@pytest.fixture
def assign(db_session, admin):
    def assign_to(course, account):
        teaching.assign_trainer(db_session, course, account, actor=admin, now=utcnow())
        db_session.commit()

    return assign_to


def audit_actions(db_session) -> list[tuple[str, str, str]]:
    events = db_session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    return [(event.action, event.subject_type, event.subject_label) for event in events]


def enrol(db_session, account, course):
    enrolment.enrol(db_session, account, course, now=utcnow())
    db_session.commit()


def test_assigned_trainer_teaches_the_course(db_session, trainer, make_course, assign):
    course = make_course()
    assign(course, trainer)
    assert teaching.teaches(db_session, trainer, course)


def test_assigning_a_trainer_is_audited_against_the_course(
    db_session, trainer, make_course, assign
):
    assign(make_course("negotiation"), trainer)
    assert audit_actions(db_session)[-1] == ("course.trainer_assigned", "course", "negotiation")


def test_assigning_a_trainer_twice_keeps_one_assignment_and_one_record(
    db_session, trainer, make_course, assign
):
    course = make_course()
    assign(course, trainer)
    assign(course, trainer)
    assert course.trainers == [trainer]
    assert [action for action, *_ in audit_actions(db_session)].count(
        "course.trainer_assigned"
    ) == 1


def test_assign_trainer_refuses_an_account_without_the_trainer_role(
    db_session, admin, make_account, make_course
):
    with pytest.raises(InvalidInput) as refused:
        teaching.assign_trainer(
            db_session, make_course(), make_account(Role.TRAINEE), actor=admin, now=utcnow()
        )
    assert refused.value.field == "trainer"


def test_unassigned_trainer_no_longer_teaches_the_course_and_it_is_audited(
    db_session, admin, trainer, make_course, assign
):
    course = make_course("negotiation")
    assign(course, trainer)
    teaching.unassign_trainer(db_session, course, trainer, actor=admin, now=utcnow())
    db_session.commit()
    assert not teaching.teaches(db_session, trainer, course)
    assert audit_actions(db_session)[-1] == ("course.trainer_unassigned", "course", "negotiation")


def test_courses_taught_lists_the_trainers_courses_with_enrolled_counts(
    db_session, trainer, make_account, make_course, assign
):
    busy, quiet, elsewhere = make_course("busy"), make_course("quiet"), make_course("elsewhere")
    assign(busy, trainer)
    assign(quiet, trainer)
    for course in (busy, busy, elsewhere):
        enrol(db_session, make_account(), course)
    taught = teaching.courses_taught(db_session, trainer)
    assert {(item.course.slug, item.enrolled) for item in taught} == {("busy", 2), ("quiet", 0)}


def test_courses_taught_by_an_admin_are_all_courses(db_session, admin, make_course):
    make_course("one")
    make_course("two")
    assert {item.course.slug for item in teaching.courses_taught(db_session, admin)} == {
        "one",
        "two",
    }


def test_trainee_progress_reports_each_enrolled_trainee(
    db_session, trainer, make_account, make_course, assign
):
    course = make_course(modules=1, lessons_per_module=4)
    assign(course, trainer)
    ada, bo = make_account(display_name="Ada"), make_account(display_name="Bo")
    enrol(db_session, ada, course)
    enrol(db_session, bo, course)
    active_at = utcnow() + timedelta(minutes=1)
    progress.complete_lesson(db_session, ada, course, "lesson-1-1", now=active_at)
    db_session.commit()
    rows = teaching.trainee_progress(db_session, trainer, course)
    assert [
        (row.display_name, row.lessons_done, row.lessons_total, row.percent, row.last_active_at)
        for row in rows
    ] == [("Ada", 1, 4, 25, active_at), ("Bo", 0, 4, 0, None)]


def test_trainee_progress_counts_only_lessons_of_the_current_version(
    db_session, trainer, make_account, make_course, assign
):
    course = make_course("x", modules=1, lessons_per_module=3)
    assign(course, trainer)
    trainee = make_account()
    enrol(db_session, trainee, course)
    progress.complete_lesson(db_session, trainee, course, "lesson-1-3", now=utcnow())
    db_session.commit()
    make_course("x", version="2.0", modules=1, lessons_per_module=2)
    [row] = teaching.trainee_progress(db_session, trainer, course)
    assert (row.lessons_done, row.lessons_total) == (0, 2)


def test_trainee_is_finished_only_with_every_lesson_of_the_current_version(
    db_session, trainer, make_account, make_course, assign
):
    course = make_course("x", modules=1, lessons_per_module=2)
    assign(course, trainer)
    trainee = make_account()
    enrol(db_session, trainee, course)
    for slug in ("lesson-1-1", "lesson-1-2"):
        progress.complete_lesson(db_session, trainee, course, slug, now=utcnow())
    db_session.commit()
    [finished] = teaching.trainee_progress(db_session, trainer, course)
    make_course("x", version="2.0", modules=1, lessons_per_module=3)
    [behind] = teaching.trainee_progress(db_session, trainer, course)
    assert (finished.is_finished, behind.is_finished) == (True, False)


def test_trainee_of_a_version_without_lessons_is_not_finished():
    now = utcnow()
    row = teaching.TraineeProgress(
        account_id=1,
        display_name="Ada",
        email="ada@example.org",
        lessons_done=0,
        lessons_total=0,
        enrolled_at=now,
        last_active_at=None,
    )
    assert not row.is_finished


def test_courses_with_trainers_lists_every_course_by_title_with_its_trainers(
    db_session, trainer, make_course, assign
):
    make_course("b", title="beta")
    alpha = make_course("a", title="Alpha")
    assign(alpha, trainer)
    courses = teaching.courses_with_trainers(db_session)
    assert [(course.title, course.trainers) for course in courses] == [
        ("Alpha", [trainer]),
        ("beta", []),
    ]


def test_eligible_trainers_are_the_active_trainers_by_name(db_session, make_account):
    make_account(Role.TRAINER, display_name="zoe")
    make_account(Role.TRAINER, display_name="Ada")
    make_account(Role.TRAINEE, display_name="Bo")
    gone = make_account(Role.TRAINER, display_name="Cy")
    gone.is_active = False
    db_session.commit()
    names = [account.display_name for account in teaching.eligible_trainers(db_session)]
    assert names == ["Ada", "zoe"]


def test_trainee_progress_refuses_a_trainer_who_does_not_teach_the_course(
    db_session, trainer, make_course
):
    with pytest.raises(NotPermitted):
        teaching.trainee_progress(db_session, trainer, make_course())


def test_trainee_progress_is_open_to_admins(db_session, admin, make_account, make_course):
    course = make_course()
    enrol(db_session, make_account(display_name="Ada"), course)
    rows = teaching.trainee_progress(db_session, admin, course)
    assert [row.display_name for row in rows] == ["Ada"]
