"""The catalogue: every published course, how to enrol, and a query count that does not grow."""

from __future__ import annotations

from lms.models import Course
from tests.conftest import sign_in
from tests.web.learn.conftest import add_courses


def test_catalogue_shows_each_course_with_its_summary_and_lesson_count(client, make_course):
    make_course("negotiation", title="Negotiation basics", modules=1, lessons_per_module=3)
    page = client.get("/courses").get_data(as_text=True)
    assert '<a href="/courses/negotiation">Negotiation basics</a>' in page
    assert "About negotiation basics." in page
    assert "3 lessons" in page


def test_catalogue_leaves_out_courses_without_published_content(client, db_session):
    db_session.add(Course(slug="coming-soon", title="Coming soon"))
    db_session.commit()
    assert "Coming soon" not in client.get("/courses").get_data(as_text=True)


def test_anonymous_visitors_are_offered_to_sign_in_to_enrol(client, make_course):
    make_course("negotiation")
    page = client.get("/courses").get_data(as_text=True)
    assert 'href="/login?next=/courses/negotiation"' in page
    assert "Sign in to enrol" in page


def test_signed_in_trainees_get_an_enrol_form_carrying_the_csrf_token(trainee_client, make_course):
    make_course("negotiation")
    page = trainee_client.get("/courses").get_data(as_text=True)
    assert '<form method="post" action="/courses/negotiation/enrol">' in page
    assert 'name="csrf_token"' in page


def test_catalogue_marks_the_courses_already_taken(trainee_client, trainee, make_course, enrol):
    enrol(trainee, make_course("negotiation"))
    page = trainee_client.get("/courses").get_data(as_text=True)
    assert "Enrolled" in page
    assert "/courses/negotiation/enrol" not in page


def test_catalogue_query_count_does_not_grow_with_the_courses(
    client, db_session, trainee, count_queries
):
    add_courses(db_session, 2, enrolled=trainee, prefix="few")
    sign_in(client, trainee)
    with count_queries() as few:
        assert client.get("/courses").status_code == 200
    add_courses(db_session, 198, enrolled=trainee, prefix="many")
    with count_queries() as many:
        page = client.get("/courses").get_data(as_text=True)
    assert page.count('class="card"') == 200
    assert many.count == few.count
