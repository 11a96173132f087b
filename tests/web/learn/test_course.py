"""The course page and enrolling: a public outline, an enrol button, progress once enrolled."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.models import Course, Enrolment
from tests.conftest import post_form


def test_course_page_shows_the_outline_to_anonymous_visitors_without_lesson_links(
    client, make_course
):
    make_course("negotiation", title="Negotiation basics")
    page = client.get("/courses/negotiation").get_data(as_text=True)
    assert "<h1>Negotiation basics</h1>" in page
    assert "Module 2" in page
    assert "Lesson 2.2" in page
    assert "/courses/negotiation/lessons/" not in page
    assert "Sign in to enrol" in page


def test_unknown_course_is_not_found(client):
    assert client.get("/courses/no-such-course").status_code == 404


def test_course_without_published_content_is_not_found(client, db_session):
    db_session.add(Course(slug="coming-soon", title="Coming soon"))
    db_session.commit()
    assert client.get("/courses/coming-soon").status_code == 404


def test_signed_in_visitor_not_enrolled_gets_an_enrol_button(trainee_client, make_course):
    make_course("negotiation")
    page = trainee_client.get("/courses/negotiation").get_data(as_text=True)
    assert 'action="/courses/negotiation/enrol"' in page


def test_enrolling_leads_back_to_the_course_page_with_a_message(trainee_client, make_course):
    make_course("negotiation", title="Negotiation basics")
    response = post_form(trainee_client, "/courses/negotiation/enrol")
    assert (response.status_code, response.headers["Location"]) == (302, "/courses/negotiation")
    page = trainee_client.get("/courses/negotiation").get_data(as_text=True)
    assert "You are enrolled in Negotiation basics." in page


def test_enrolling_twice_keeps_one_enrolment(trainee_client, db_session, make_course):
    make_course("negotiation")
    post_form(trainee_client, "/courses/negotiation/enrol")
    post_form(trainee_client, "/courses/negotiation/enrol")
    assert db_session.scalar(select(func.count(Enrolment.id))) == 1


def test_enrolling_without_the_csrf_token_is_refused(trainee_client, db_session, make_course):
    make_course("negotiation")
    assert trainee_client.post("/courses/negotiation/enrol").status_code == 400
    assert db_session.scalar(select(func.count(Enrolment.id))) == 0


def test_anonymous_visitors_who_enrol_are_sent_to_sign_in(client, make_course):
    make_course("negotiation")
    response = post_form(client, "/courses/negotiation/enrol")
    assert response.headers["Location"].startswith("/login?next=")


def test_enrolled_trainee_sees_progress_done_marks_and_where_to_continue(
    trainee_client, trainee, make_course, enrol
):
    course = make_course("negotiation", modules=2, lessons_per_module=2)
    enrol(trainee, course)
    post_form(trainee_client, "/courses/negotiation/lessons/lesson-1-1/complete")
    page = trainee_client.get("/courses/negotiation").get_data(as_text=True)
    assert 'aria-label="Your progress in Negotiation basics"' in page
    assert "1 of 4 lessons complete" in page
    assert "Done</span>" in page
    assert 'href="/courses/negotiation/lessons/lesson-1-2">Continue: Lesson 1.2</a>' in page
