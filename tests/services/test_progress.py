"""Progress rules without Flask: completing lessons, completing courses, resuming, new versions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.models import Account, Course, LessonCompletion, utcnow
from lms.services import enrolment, progress, roleplay_outcomes
from lms.services.errors import NotFound, NotPermitted
from tests.concurrency import run_concurrently
from tests.roleplay_specs import LIVE, SCENARIO, WRITTEN


@pytest.fixture
def trainee(make_account):
    return make_account()


@pytest.fixture
def enrol(db_session):
    """Enrol an account in a course, committed; returns the enrolment."""

    def enrol_in(account, course):
        taken = enrolment.enrol(db_session, account, course, now=utcnow())
        db_session.commit()
        return taken

    return enrol_in


def complete(db_session, account, course, *slugs):
    for slug in slugs:
        progress.complete_lesson(db_session, account, course, slug, now=utcnow())
    db_session.commit()


def count_completions(db_session) -> int:
    return db_session.scalar(select(func.count(LessonCompletion.id)))


def only_progress(db_session, account):
    [course_progress] = progress.dashboard(db_session, account, now=utcnow())
    return course_progress


def test_completing_a_lesson_records_it(db_session, trainee, make_course, enrol):
    course = make_course()
    enrol(trainee, course)
    completion = progress.complete_lesson(db_session, trainee, course, "lesson-1-1", now=utcnow())
    db_session.commit()
    assert (completion.account_id, completion.course_id, completion.lesson_slug) == (
        trainee.id,
        course.id,
        "lesson-1-1",
    )


def test_completing_a_lesson_twice_keeps_one_completion(db_session, trainee, make_course, enrol):
    course = make_course()
    enrol(trainee, course)
    complete(db_session, trainee, course, "lesson-1-1", "lesson-1-1")
    assert count_completions(db_session) == 1


def test_concurrent_completions_of_one_lesson_leave_one_row(
    db_session, database, trainee, make_course, enrol
):
    course = make_course()
    enrol(trainee, course)
    account_id, course_id = trainee.id, course.id

    def complete_in_own_session(session):
        account, course = session.get(Account, account_id), session.get(Course, course_id)
        return progress.complete_lesson(session, account, course, "lesson-1-1", now=utcnow()).id

    ids = run_concurrently(database, complete_in_own_session, times=4)
    assert count_completions(db_session) == 1
    assert len(set(ids)) == 1


def test_complete_lesson_refuses_an_account_that_is_not_enrolled(db_session, trainee, make_course):
    with pytest.raises(NotPermitted):
        progress.complete_lesson(db_session, trainee, make_course(), "lesson-1-1", now=utcnow())


def test_complete_lesson_refuses_a_lesson_the_course_does_not_have(
    db_session, trainee, make_course, enrol
):
    course = make_course()
    enrol(trainee, course)
    with pytest.raises(NotFound):
        progress.complete_lesson(db_session, trainee, course, "lesson-9-9", now=utcnow())


def test_completing_the_last_remaining_lesson_completes_the_course(
    db_session, trainee, make_course, enrol
):
    course = make_course(modules=1, lessons_per_module=2)
    taken = enrol(trainee, course)
    finished_at = utcnow()
    progress.complete_lesson(db_session, trainee, course, "lesson-1-2", now=utcnow())
    progress.complete_lesson(db_session, trainee, course, "lesson-1-1", now=finished_at)
    db_session.commit()
    assert taken.completed_at == finished_at


def test_the_course_is_not_complete_while_lessons_remain(db_session, trainee, make_course, enrol):
    course = make_course(modules=1, lessons_per_module=2)
    taken = enrol(trainee, course)
    complete(db_session, trainee, course, "lesson-1-1")
    assert taken.completed_at is None


def test_completions_carry_over_to_a_new_version(db_session, trainee, make_course, enrol):
    course = make_course("x", modules=2, lessons_per_module=2)
    enrol(trainee, course)
    complete(db_session, trainee, course, "lesson-1-1", "lesson-2-2")
    make_course("x", version="2.0", modules=2, lessons_per_module=3)
    course_progress = only_progress(db_session, trainee)
    assert (course_progress.lessons_done, course_progress.lessons_total) == (2, 6)


def test_lessons_dropped_from_the_current_version_stop_counting(
    db_session, trainee, make_course, enrol
):
    course = make_course("x", modules=1, lessons_per_module=3)
    enrol(trainee, course)
    complete(db_session, trainee, course, "lesson-1-1", "lesson-1-3")
    make_course("x", version="2.0", modules=1, lessons_per_module=2)
    course_progress = only_progress(db_session, trainee)
    assert (course_progress.lessons_done, course_progress.lessons_total) == (1, 2)


def test_a_new_version_can_be_completed_with_its_new_lessons(
    db_session, trainee, make_course, enrol
):
    course = make_course("x", modules=1, lessons_per_module=1)
    taken = enrol(trainee, course)
    make_course("x", version="2.0", modules=1, lessons_per_module=2)
    complete(db_session, trainee, course, "lesson-1-1")
    assert taken.completed_at is None
    complete(db_session, trainee, course, "lesson-1-2")
    assert taken.completed_at is not None


def test_record_visit_remembers_the_last_lesson_opened(db_session, trainee, make_course, enrol):
    taken = enrol(trainee, make_course())
    visited_at = utcnow()
    progress.record_visit(db_session, taken, "lesson-2-1", now=visited_at)
    db_session.commit()
    assert (taken.last_lesson_slug, taken.last_active_at) == ("lesson-2-1", visited_at)


def test_dashboard_reports_lessons_done_and_a_whole_percent(
    db_session, trainee, make_course, enrol
):
    course = make_course(modules=1, lessons_per_module=3)
    enrol(trainee, course)
    complete(db_session, trainee, course, "lesson-1-1")
    course_progress = only_progress(db_session, trainee)
    assert (course_progress.lessons_done, course_progress.lessons_total) == (1, 3)
    assert course_progress.percent == 33


def test_dashboard_resumes_from_the_last_lesson_opened(db_session, trainee, make_course, enrol):
    taken = enrol(trainee, make_course())
    progress.record_visit(db_session, taken, "lesson-2-1", now=utcnow())
    db_session.commit()
    assert only_progress(db_session, trainee).resume.slug == "lesson-2-1"


def test_dashboard_resumes_from_the_first_incomplete_lesson_when_the_last_opened_is_done(
    db_session, trainee, make_course, enrol
):
    course = make_course()
    taken = enrol(trainee, course)
    progress.record_visit(db_session, taken, "lesson-2-1", now=utcnow())
    complete(db_session, trainee, course, "lesson-1-1", "lesson-2-1")
    assert only_progress(db_session, trainee).resume.slug == "lesson-1-2"


def test_dashboard_offers_no_lesson_to_resume_once_the_course_is_finished(
    db_session, trainee, make_course, enrol
):
    course = make_course(modules=1, lessons_per_module=2)
    enrol(trainee, course)
    complete(db_session, trainee, course, "lesson-1-1", "lesson-1-2")
    course_progress = only_progress(db_session, trainee)
    assert course_progress.resume is None
    assert course_progress.percent == 100


def test_dashboard_lists_only_the_accounts_courses_most_recently_active_first(
    db_session, trainee, make_account, make_course, enrol
):
    older, newer, not_mine = make_course("older"), make_course("newer"), make_course("other")
    enrol(make_account(), not_mine)
    progress.record_visit(db_session, enrol(trainee, older), "lesson-1-1", now=utcnow())
    later = utcnow() + timedelta(minutes=5)
    progress.record_visit(db_session, enrol(trainee, newer), "lesson-1-1", now=later)
    db_session.commit()
    assert [item.course.slug for item in progress.dashboard(db_session, trainee, now=utcnow())] == [
        "newer",
        "older",
    ]


def test_course_outline_marks_the_lessons_the_account_completed(
    db_session, trainee, make_course, enrol
):
    course = make_course(modules=2, lessons_per_module=2)
    enrol(trainee, course)
    complete(db_session, trainee, course, "lesson-1-2")
    outline = progress.course_outline(db_session, trainee, course)
    assert [
        [(item.slug, item.is_done) for item in module.lessons] for module in outline.modules
    ] == [
        [("lesson-1-1", False), ("lesson-1-2", True)],
        [("lesson-2-1", False), ("lesson-2-2", False)],
    ]


def test_course_outline_for_an_anonymous_visitor_has_no_enrolment_and_nothing_done(
    db_session, make_course
):
    outline = progress.course_outline(db_session, None, make_course())
    assert outline.enrolment is None
    assert not any(item.is_done for item in outline.lessons)


def test_outline_gives_the_lessons_before_and_after_a_lesson(db_session, make_course):
    outline = progress.course_outline(
        db_session, None, make_course(modules=2, lessons_per_module=1)
    )
    before, after = outline.neighbours("lesson-1-1")
    assert (before, after.slug) == (None, "lesson-2-1")


def record_outcome(db_session, roleplay, account, *, is_passed):
    roleplay_outcomes.record(
        db_session, roleplay, account, is_passed=is_passed, percent=None, scores={}, now=utcnow()
    )
    db_session.commit()


def test_dashboard_counts_the_role_plays_passed_by_their_outcome(
    db_session, trainee, make_course, make_roleplay, enrol
):
    course = make_course()
    enrol(trainee, course)
    passed = make_roleplay(SCENARIO, course=course, slug="water")
    failed = make_roleplay(WRITTEN, course=course, slug="clause")
    make_roleplay(LIVE, course=course, slug="standpipes")
    record_outcome(db_session, passed, trainee, is_passed=True)
    record_outcome(db_session, failed, trainee, is_passed=False)
    course_progress = only_progress(db_session, trainee)
    assert (course_progress.roleplays_passed, course_progress.roleplays_total) == (1, 3)


def test_dashboard_leaves_unpublished_role_plays_out(
    db_session, trainee, make_course, make_roleplay, enrol
):
    course = make_course()
    enrol(trainee, course)
    withdrawn = make_roleplay(SCENARIO, course=course, slug="water")
    make_roleplay(WRITTEN, course=course, slug="clause")
    record_outcome(db_session, withdrawn, trainee, is_passed=True)
    withdrawn.is_published = False
    db_session.commit()
    course_progress = only_progress(db_session, trainee)
    assert (course_progress.roleplays_passed, course_progress.roleplays_total) == (0, 1)


def test_dashboard_counts_only_the_accounts_own_outcomes(
    db_session, trainee, make_account, make_course, make_roleplay, enrol
):
    course = make_course()
    enrol(trainee, course)
    roleplay = make_roleplay(SCENARIO, course=course)
    record_outcome(db_session, roleplay, make_account(), is_passed=True)
    course_progress = only_progress(db_session, trainee)
    assert (course_progress.roleplays_passed, course_progress.roleplays_total) == (0, 1)
