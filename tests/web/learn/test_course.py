"""The course page and enrolling: a public outline, an enrol button, progress once enrolled."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import func, select

from lms.models import Course, Enrolment, Role, utcnow
from lms.services import live_sessions, scenario_play, written_roleplays
from tests.conftest import make_account_in, post_form
from tests.roleplay_specs import LIVE, SCENARIO, WRITTEN


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


def schedule_live(db_session, roleplay, casting, *, starts_in=timedelta(days=1)):
    """Schedule a session of ``roleplay`` by an administrator; ``casting``: account -> party."""
    live = live_sessions.schedule(
        db_session,
        roleplay,
        request_key=secrets.token_urlsafe(16),
        scheduled_for=utcnow() + starts_in,
        casting={account.id: party for account, party in casting.items()},
        scheduled_by=make_account_in(db_session, Role.ADMIN),
        now=utcnow(),
    )
    db_session.commit()
    return live


def test_enrolled_trainee_sees_the_role_plays_by_kind_with_links_and_status(
    trainee_client, trainee, db_session, make_course, make_roleplay, enrol
):
    course = make_course("negotiation")
    enrol(trainee, course)
    scenario = make_roleplay(SCENARIO, course=course, slug="water")
    written = make_roleplay(WRITTEN, course=course, slug="clause")
    make_roleplay(LIVE, course=course, slug="standpipes")
    written_roleplays.submit(db_session, written, trainee, number=1, answer="Mine.", now=utcnow())
    db_session.commit()
    page = trainee_client.get("/courses/negotiation").get_data(as_text=True)
    assert '<h3 id="roleplays-scenario">Branching scenarios</h3>' in page
    assert '<h3 id="roleplays-written">Written role-plays</h3>' in page
    assert '<h3 id="roleplays-live">Live role-plays</h3>' in page
    assert f'href="/roleplays/{scenario.id}/scenario">Water for the east district</a>' in page
    assert f'href="/roleplays/{written.id}/written">Draft the risk-sharing clause</a>' in page
    assert "Not started</span>" in page
    assert "Awaiting assessment</span>" in page
    assert "No session is scheduled for you yet" in page
    assert "0 of 3 role-plays passed" in page


def test_course_page_counts_a_passed_role_play(
    trainee_client, trainee, db_session, make_course, make_roleplay, enrol
):
    course = make_course("negotiation")
    enrol(trainee, course)
    roleplay = make_roleplay(SCENARIO, course=course)
    play = scenario_play.start_play(db_session, roleplay, trainee=trainee, now=utcnow())
    scenario_play.choose(db_session, play, step=0, choice_id="listen", now=utcnow())
    scenario_play.choose(db_session, play, step=1, choice_id="lifeline", now=utcnow())
    db_session.commit()
    page = trainee_client.get("/courses/negotiation").get_data(as_text=True)
    assert '<span class="badge badge--ok">Passed</span>' in page
    assert "1 of 1 role-play passed" in page


def test_trainee_cast_in_a_live_session_finds_a_link_to_it(
    trainee_client, trainee, make_account, db_session, make_course, make_roleplay, enrol
):
    course = make_course("negotiation")
    other = make_account()
    for account in (trainee, other):
        enrol(account, course)
    roleplay = make_roleplay(LIVE, course=course)
    live = schedule_live(db_session, roleplay, {trainee: "company", other: "community"})
    page = trainee_client.get("/courses/negotiation").get_data(as_text=True)
    assert f'<a href="/live/{live.id}">Session on <time' in page
    assert "(you play a party)" in page
    assert "Scheduled</span>" in page


def test_anonymous_visitors_see_role_play_titles_without_links(client, make_course, make_roleplay):
    course = make_course("negotiation")
    roleplay = make_roleplay(SCENARIO, course=course)
    page = client.get("/courses/negotiation").get_data(as_text=True)
    assert "Water for the east district" in page
    assert f"/roleplays/{roleplay.id}/" not in page
    assert "Not started" not in page


def test_course_page_issues_as_many_queries_for_3_role_plays_of_each_kind_as_for_1(
    trainee,
    make_account,
    trainee_client,
    make_course,
    make_roleplay,
    enrol,
    db_session,
    count_queries,
):
    counts = []
    for slug, count in (("few", 1), ("many", 3)):
        course = make_course(slug)
        other = make_account()
        for account in (trainee, other):
            enrol(account, course)
        for number in range(count):
            scenario = make_roleplay(SCENARIO, course=course, slug=f"scenario-{number}")
            scenario_play.start_play(db_session, scenario, trainee=trainee, now=utcnow())
            written = make_roleplay(WRITTEN, course=course, slug=f"written-{number}")
            written_roleplays.submit(
                db_session, written, trainee, number=1, answer="Mine.", now=utcnow()
            )
            live = make_roleplay(LIVE, course=course, slug=f"live-{number}")
            schedule_live(db_session, live, {trainee: "company", other: "community"})
        db_session.commit()
        with count_queries() as course_page:
            page = trainee_client.get(f"/courses/{slug}").get_data(as_text=True)
        assert page.count("Session on <time") == count
        counts.append(course_page.count)
    assert counts[0] == counts[1]
