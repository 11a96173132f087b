"""The dashboard: progress in each course taken, and a query count that does not grow."""

from __future__ import annotations

from lms.models import Role, utcnow
from lms.services import attempts, quizzes, roleplay_outcomes
from tests.conftest import post_form, sign_in, start_attempt
from tests.roleplay_specs import SCENARIO, WRITTEN
from tests.web.learn.conftest import add_courses


def test_dashboard_shows_progress_and_where_to_continue_in_each_course(
    trainee_client, trainee, make_course, enrol
):
    enrol(trainee, make_course("negotiation", title="Negotiation basics"))
    post_form(trainee_client, "/courses/negotiation/lessons/lesson-1-1/complete")
    page = trainee_client.get("/").get_data(as_text=True)
    assert 'aria-label="Progress in Negotiation basics"' in page
    assert 'value="25"' in page
    assert "1 of 4 lessons" in page
    assert "Continue where you left off:" in page
    assert 'href="/courses/negotiation/lessons/lesson-1-2">Lesson 1.2</a>' in page


def test_dashboard_marks_a_finished_course_completed(trainee_client, trainee, make_course, enrol):
    enrol(trainee, make_course("negotiation", modules=1, lessons_per_module=1))
    post_form(trainee_client, "/courses/negotiation/lessons/lesson-1-1/complete")
    page = trainee_client.get("/").get_data(as_text=True)
    assert "Continue where you left off" not in page
    assert '<span class="badge badge--ok">Completed</span>' in page


def test_dashboard_counts_quizzes_passed_as_soon_as_an_attempt_is_graded(
    trainee_client, trainee, make_course, make_quiz, enrol, db_session
):
    course = make_course("negotiation")
    enrol(trainee, course)
    question = {"type": "true_false", "name": "Trust", "text": "Trust is built.", "answer": True}
    make_quiz(course=course, questions=[question], slug="first", pass_percent=50)
    quiz = make_quiz(course=course, questions=[question], slug="second", pass_percent=50)
    assert "0 of 2 quizzes passed" in trainee_client.get("/").get_data(as_text=True)
    attempt = start_attempt(db_session, quiz, trainee, now=utcnow())
    values = {"q0-shown": ["1"], "q0-answer": ["true"]}
    attempts.save_page(db_session, attempt, page=0, values=values, now=utcnow())
    quizzes.submit_attempt(db_session, attempt, now=utcnow())
    db_session.commit()
    assert "1 of 2 quizzes passed" in trainee_client.get("/").get_data(as_text=True)


def test_dashboard_counts_the_role_plays_passed(
    trainee_client, trainee, make_course, make_roleplay, enrol, db_session
):
    course = make_course("negotiation")
    enrol(trainee, course)
    passed = make_roleplay(SCENARIO, course=course, slug="water")
    make_roleplay(WRITTEN, course=course, slug="clause")
    roleplay_outcomes.record(
        db_session, passed, trainee, is_passed=True, percent=None, scores={}, now=utcnow()
    )
    db_session.commit()
    assert "1 of 2 role-plays passed" in trainee_client.get("/").get_data(as_text=True)


def test_dashboard_says_nothing_of_role_plays_in_a_course_without_them(
    trainee_client, trainee, make_course, enrol
):
    enrol(trainee, make_course("negotiation"))
    assert "role-play" not in trainee_client.get("/").get_data(as_text=True)


def test_dashboard_without_courses_points_to_the_catalogue(trainee_client):
    page = trainee_client.get("/").get_data(as_text=True)
    assert "You are not enrolled in any course yet." in page
    assert 'href="/courses">Browse the courses</a>' in page


def test_anonymous_visitors_are_sent_to_sign_in_for_the_dashboard(client):
    assert client.get("/").headers["Location"].startswith("/login")


def test_dashboard_query_count_does_not_grow_with_courses_and_lessons(
    client, db_session, trainee, count_queries
):
    add_courses(db_session, 2, enrolled=trainee, prefix="few")
    sign_in(client, trainee)
    with count_queries() as few:
        assert client.get("/").status_code == 200
    add_courses(db_session, 198, enrolled=trainee, prefix="many")
    with count_queries() as many:
        page = client.get("/").get_data(as_text=True)
    assert page.count("Continue where you left off") == 200
    assert many.count == few.count


def test_staff_find_their_other_work_on_the_dashboard(client, make_account):
    trainer = make_account(Role.TRAINER)
    sign_in(client, trainer)
    page = client.get("/").get_data(as_text=True)
    assert 'href="/teach/"' in page
    assert 'href="/admin/users"' not in page.split("<main", 1)[1]


def test_trainees_see_no_staff_links(client, trainee):
    sign_in(client, trainee)
    assert "Your other work" not in client.get("/").get_data(as_text=True)
