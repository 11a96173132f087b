"""The trainer's pages: the courses taught and each trainee's progress, to trainers only."""

from __future__ import annotations

from lms.models import Role, utcnow
from lms.services import enrolment, progress
from tests.conftest import sign_in
from tests.web.teach.conftest import add_trainees


def test_trainer_sees_the_courses_they_teach_with_enrolled_counts(
    client, db_session, trainer, course, make_course, make_account
):
    make_course("elsewhere", title="Not taught here")
    enrolment.enrol(db_session, make_account(), course, now=utcnow())
    db_session.commit()
    sign_in(client, trainer)
    page = client.get("/teach/").get_data(as_text=True)
    assert '<a href="/teach/courses/negotiation">Negotiation basics</a></th>' in page
    assert "<td>1</td>" in page
    assert "Not taught here" not in page


def test_trainer_without_courses_is_told_so(client, trainer):
    sign_in(client, trainer)
    assert "You do not teach any course yet." in client.get("/teach/").get_data(as_text=True)


def test_admin_is_told_there_are_no_courses_rather_than_that_they_teach_none(client, admin):
    sign_in(client, admin)
    page = client.get("/teach/").get_data(as_text=True)
    assert "There are no courses yet." in page
    assert "You do not teach" not in page


def test_course_list_scrolls_by_keyboard(client, trainer, course):
    sign_in(client, trainer)
    page = client.get("/teach/").get_data(as_text=True)
    assert (
        '<div class="table-scroll" role="region" aria-label="Courses you teach" tabindex="0">'
        in page
    )


def test_admin_sees_every_course(client, admin, make_course):
    make_course("elsewhere", title="Not taught by anyone")
    sign_in(client, admin)
    assert "Not taught by anyone" in client.get("/teach/").get_data(as_text=True)


def test_trainees_cannot_open_the_teaching_pages(client, course, make_account):
    sign_in(client, make_account(Role.TRAINEE))
    assert client.get("/teach/").status_code == 403
    assert client.get("/teach/courses/negotiation").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_for_the_teaching_pages(client):
    assert client.get("/teach/").headers["Location"].startswith("/login")


def test_trainer_sees_each_trainees_progress_in_a_course_they_teach(
    client, db_session, trainer, course, make_account
):
    trainee = make_account(display_name="Rosa Trainee", email="rosa@example.org")
    enrolment.enrol(db_session, trainee, course, now=utcnow())
    progress.complete_lesson(db_session, trainee, course, "lesson-1-1", now=utcnow())
    db_session.commit()
    sign_in(client, trainer)
    page = client.get("/teach/courses/negotiation").get_data(as_text=True)
    assert '<th scope="row">Rosa Trainee</th>' in page
    assert "rosa@example.org" in page
    assert 'aria-label="Progress of Rosa Trainee"' in page
    assert "1 of 4 lessons" in page
    assert '<span class="progress__value" aria-hidden="true">25%</span>' in page
    assert "<time datetime=" in page


def test_trainee_list_scrolls_by_keyboard(client, db_session, trainer, course):
    add_trainees(db_session, course, 1)
    sign_in(client, trainer)
    page = client.get("/teach/courses/negotiation").get_data(as_text=True)
    assert (
        '<div class="table-scroll" role="region" aria-label="Trainees of Negotiation basics"'
        ' tabindex="0">' in page
    )


def test_trainee_who_finished_every_lesson_is_marked_completed(
    client, db_session, trainer, course, make_account
):
    trainee = make_account()
    enrolment.enrol(db_session, trainee, course, now=utcnow())
    for slug in ("lesson-1-1", "lesson-1-2", "lesson-2-1", "lesson-2-2"):
        progress.complete_lesson(db_session, trainee, course, slug, now=utcnow())
    db_session.commit()
    sign_in(client, trainer)
    page = client.get("/teach/courses/negotiation").get_data(as_text=True)
    assert '4 of 4 lessons; <span class="badge badge--ok">Completed</span>' in page


def test_completed_badge_goes_when_a_new_version_adds_lessons(
    client, db_session, trainer, course, make_account, make_course
):
    trainee = make_account()
    enrolment.enrol(db_session, trainee, course, now=utcnow())
    for slug in ("lesson-1-1", "lesson-1-2", "lesson-2-1", "lesson-2-2"):
        progress.complete_lesson(db_session, trainee, course, slug, now=utcnow())
    db_session.commit()
    make_course("negotiation", title="Negotiation basics", version="2.0", lessons_per_module=3)
    sign_in(client, trainer)
    page = client.get("/teach/courses/negotiation").get_data(as_text=True)
    assert "4 of 6 lessons" in page
    assert "Completed" not in page


def test_trainer_who_does_not_teach_the_course_is_refused(client, make_account, course):
    sign_in(client, make_account(Role.TRAINER))
    assert client.get("/teach/courses/negotiation").status_code == 403


def test_admin_sees_the_trainees_of_any_course(client, admin, course):
    sign_in(client, admin)
    assert client.get("/teach/courses/negotiation").status_code == 200


def test_unknown_course_is_not_found_on_the_teaching_pages(client, trainer):
    sign_in(client, trainer)
    assert client.get("/teach/courses/no-such-course").status_code == 404


def test_trainee_list_query_count_does_not_grow_with_the_trainees(
    client, db_session, trainer, course, count_queries
):
    add_trainees(db_session, course, 2, prefix="few")
    sign_in(client, trainer)
    with count_queries() as few:
        assert client.get("/teach/courses/negotiation").status_code == 200
    add_trainees(db_session, course, 198, prefix="many")
    with count_queries() as many:
        page = client.get("/teach/courses/negotiation").get_data(as_text=True)
    assert page.count('<th scope="row">') == 200
    assert many.count == few.count
