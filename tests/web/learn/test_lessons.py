"""Reading lessons and marking them complete."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.models import LessonCompletion
from tests.conftest import post_form

LESSON = "/courses/negotiation/lessons/lesson-1-1"


def test_enrolled_trainee_reads_a_lesson_with_its_outline_and_a_complete_button(
    trainee_client, trainee, make_course, enrol
):
    enrol(trainee, make_course("negotiation"))
    page = trainee_client.get(LESSON).get_data(as_text=True)
    assert '<h1 id="lesson-title">Lesson 1.1</h1>' in page
    assert "Lesson 1.1 teaches <strong>something</strong>." in page
    assert 'href="/courses/negotiation/lessons/lesson-2-2"' in page
    assert "Mark as complete" in page


def test_lesson_links_to_the_previous_and_next_lessons(trainee_client, trainee, make_course, enrol):
    enrol(trainee, make_course("negotiation", modules=2, lessons_per_module=1))
    page = trainee_client.get("/courses/negotiation/lessons/lesson-2-1").get_data(as_text=True)
    assert 'rel="prev">← Previous: Lesson 1.1</a>' in page
    assert 'rel="next"' not in page


def test_opening_a_lesson_is_remembered_for_the_dashboard(
    trainee_client, trainee, make_course, enrol
):
    enrol(trainee, make_course("negotiation"))
    trainee_client.get("/courses/negotiation/lessons/lesson-2-1")
    page = trainee_client.get("/").get_data(as_text=True)
    assert 'href="/courses/negotiation/lessons/lesson-2-1">Lesson 2.1</a>' in page


def test_lesson_of_a_course_not_taken_leads_to_the_course_page_with_a_message(
    trainee_client, make_course
):
    make_course("negotiation")
    response = trainee_client.get(LESSON)
    assert response.headers["Location"] == "/courses/negotiation"
    page = trainee_client.get("/courses/negotiation").get_data(as_text=True)
    assert "Enrol in this course to open its lessons." in page


def test_unknown_lesson_is_not_found(trainee_client, trainee, make_course, enrol):
    enrol(trainee, make_course("negotiation"))
    assert trainee_client.get("/courses/negotiation/lessons/no-such-lesson").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_before_a_lesson(client, make_course):
    make_course("negotiation")
    assert client.get(LESSON).headers["Location"].startswith("/login?next=")


def test_completing_a_lesson_leads_to_the_next_one_with_a_message(
    trainee_client, trainee, make_course, enrol
):
    enrol(trainee, make_course("negotiation"))
    response = post_form(trainee_client, f"{LESSON}/complete")
    assert response.headers["Location"] == "/courses/negotiation/lessons/lesson-1-2"
    page = trainee_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Lesson marked as complete." in page


def test_completed_lesson_shows_its_completed_state(trainee_client, trainee, make_course, enrol):
    enrol(trainee, make_course("negotiation"))
    post_form(trainee_client, f"{LESSON}/complete")
    page = trainee_client.get(LESSON).get_data(as_text=True)
    assert "Mark as complete" not in page
    assert '<span class="badge badge--ok">Completed</span>' in page


def test_completing_a_lesson_twice_keeps_one_completion(
    trainee_client, trainee, db_session, make_course, enrol
):
    enrol(trainee, make_course("negotiation"))
    first = post_form(trainee_client, f"{LESSON}/complete")
    second = post_form(trainee_client, f"{LESSON}/complete")
    assert (first.status_code, second.status_code) == (302, 302)
    assert db_session.scalar(select(func.count(LessonCompletion.id))) == 1


def test_completing_the_last_lesson_leads_to_the_course_page_with_congratulations(
    trainee_client, trainee, make_course, enrol
):
    enrol(
        trainee,
        make_course("negotiation", title="Negotiation basics", modules=1, lessons_per_module=1),
    )
    response = post_form(trainee_client, f"{LESSON}/complete")
    assert response.headers["Location"] == "/courses/negotiation"
    page = trainee_client.get("/courses/negotiation").get_data(as_text=True)
    assert "You have completed every lesson of Negotiation basics." in page


def test_completing_a_lesson_of_a_course_not_taken_leads_to_the_course_page(
    trainee_client, db_session, make_course
):
    make_course("negotiation")
    response = post_form(trainee_client, f"{LESSON}/complete")
    assert response.headers["Location"] == "/courses/negotiation"
    assert db_session.scalar(select(func.count(LessonCompletion.id))) == 0


def test_completing_an_unknown_lesson_is_not_found(trainee_client, trainee, make_course, enrol):
    enrol(trainee, make_course("negotiation"))
    response = post_form(trainee_client, "/courses/negotiation/lessons/nope/complete")
    assert response.status_code == 404


def test_completing_without_the_csrf_token_is_refused(trainee_client, trainee, make_course, enrol):
    enrol(trainee, make_course("negotiation"))
    assert trainee_client.post(f"{LESSON}/complete").status_code == 400
