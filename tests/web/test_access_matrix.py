"""Every registered route, for anonymous visitors, trainees, trainers and administrators.

The table below is the access policy: a route missing from it fails the test, so a new route
cannot ship without someone deciding who may use it. POSTs carry a valid CSRF token and no
other data, so they exercise access control, not the forms.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import url_for

from lms.models import Role, utcnow
from lms.services import (
    attempts,
    certificates,
    enrolment,
    live_sessions,
    quizzes,
    scenario_play,
    teaching,
    written_roleplays,
)
from tests.certificate_setup import issuer_named
from tests.conftest import csrf_token, sign_in
from tests.glossary_specs import term
from tests.practicum_setup import accepted, make_pathway
from tests.roleplay_specs import LIVE, SCENARIO, WRITTEN

VISITORS = ("anonymous", "trainee", "trainer", "admin")
SIGN_IN = "sign in"  # a redirect to the sign-in page
AWAY = "redirect"  # a redirect elsewhere (done, or "enrol first")

# (method, endpoint): expected outcome for anonymous, trainee, trainer, admin.
POLICY = {
    ("GET", "lms.healthz"): (200, 200, 200, 200),
    ("GET", "lms.auth.login"): (200, AWAY, AWAY, AWAY),
    ("POST", "lms.auth.login"): (200, AWAY, AWAY, AWAY),
    ("POST", "lms.auth.logout"): (AWAY, AWAY, AWAY, AWAY),
    ("GET", "lms.auth.register"): (200, AWAY, AWAY, AWAY),
    ("POST", "lms.auth.register"): (200, AWAY, AWAY, AWAY),
    ("GET", "lms.auth.forgot_password"): (200, 200, 200, 200),
    ("POST", "lms.auth.forgot_password"): (200, 200, 200, 200),
    ("GET", "lms.auth.reset_password"): (400, 400, 400, 400),
    ("POST", "lms.auth.reset_password"): (400, 400, 400, 400),
    ("GET", "lms.auth.account"): (SIGN_IN, 200, 200, 200),
    ("POST", "lms.auth.account"): (SIGN_IN, 200, 200, 200),
    ("GET", "lms.learn.dashboard"): (SIGN_IN, 200, 200, 200),
    ("GET", "lms.learn.catalogue"): (200, 200, 200, 200),
    ("GET", "lms.learn.course"): (200, 200, 200, 200),
    ("POST", "lms.learn.enrol"): (SIGN_IN, AWAY, AWAY, AWAY),
    ("GET", "lms.learn.lesson"): (SIGN_IN, 200, AWAY, AWAY),
    ("POST", "lms.learn.complete_lesson"): (SIGN_IN, AWAY, AWAY, AWAY),
    ("GET", "lms.learn.quiz"): (SIGN_IN, 200, 200, 200),  # not enrolled: says why, no start
    ("POST", "lms.learn.start_attempt"): (SIGN_IN, AWAY, AWAY, AWAY),
    ("GET", "lms.learn.attempt"): (SIGN_IN, 200, 404, 404),
    ("POST", "lms.learn.save_attempt"): (SIGN_IN, 400, 404, 404),
    ("POST", "lms.learn.finish_attempt"): (SIGN_IN, AWAY, 404, 404),
    ("GET", "lms.learn.attempt_review"): (SIGN_IN, AWAY, 404, 404),
    ("GET", "lms.teach.courses"): (SIGN_IN, 403, 200, 200),
    ("GET", "lms.teach.course"): (SIGN_IN, 403, 200, 200),
    ("GET", "lms.assess.queue"): (SIGN_IN, 403, 200, 200),
    ("GET", "lms.assess.grade"): (SIGN_IN, 403, 200, 200),
    ("POST", "lms.assess.grade"): (SIGN_IN, 403, 200, 200),
    ("GET", "lms.assess.quizzes_of_course"): (SIGN_IN, 403, 200, 200),
    ("POST", "lms.assess.regrade"): (SIGN_IN, 403, AWAY, AWAY),
    ("GET", "lms.assess.report"): (SIGN_IN, 403, 200, 200),
    ("GET", "lms.assess.report_csv"): (SIGN_IN, 403, 200, 200),
    ("GET", "lms.admin.users"): (SIGN_IN, 403, 403, 200),
    ("GET", "lms.admin.user"): (SIGN_IN, 403, 403, 200),
    ("POST", "lms.admin.user"): (SIGN_IN, 403, 403, 200),
    ("POST", "lms.admin.user_activation"): (SIGN_IN, 403, 403, AWAY),
    ("GET", "lms.admin.audit"): (SIGN_IN, 403, 403, 200),
    ("GET", "lms.admin.courses"): (SIGN_IN, 403, 403, 200),
    ("POST", "lms.admin.assign_trainer"): (SIGN_IN, 403, 403, AWAY),
    ("POST", "lms.admin.unassign_trainer"): (SIGN_IN, 403, 403, AWAY),
    ("GET", "lms.learn.written"): (SIGN_IN, 200, 200, 200),  # not enrolled: says why, no form
    ("POST", "lms.learn.submit_written"): (SIGN_IN, 200, 200, 200),  # no answer: the form again
    ("GET", "lms.assess.written_queue"): (SIGN_IN, 403, 200, 200),
    ("GET", "lms.assess.submission"): (SIGN_IN, 403, 200, 200),
    ("POST", "lms.assess.submission"): (SIGN_IN, 403, 200, 200),  # no levels: the form again
    ("GET", "lms.learn.scenario"): (SIGN_IN, 200, 200, 200),  # not enrolled: says why
    ("POST", "lms.learn.start_play"): (SIGN_IN, AWAY, AWAY, AWAY),
    ("GET", "lms.learn.play"): (SIGN_IN, 200, 404, 404),  # only its player
    ("POST", "lms.learn.choose"): (SIGN_IN, 400, 404, 404),  # no step posted
    ("GET", "lms.learn.debrief"): (SIGN_IN, AWAY, 404, 404),  # in progress: back to the play
    ("GET", "lms.assess.scenario_report"): (SIGN_IN, 403, 200, 200),
    ("GET", "lms.assess.play"): (SIGN_IN, 403, 200, 200),
    ("POST", "lms.auth.account_sector"): (SIGN_IN, AWAY, AWAY, AWAY),
    ("GET", "lms.teach.live_sessions"): (SIGN_IN, 403, 200, 200),
    ("GET", "lms.teach.schedule_live"): (SIGN_IN, 403, 200, 200),
    ("POST", "lms.teach.schedule_live"): (SIGN_IN, 403, 200, 200),  # no date: the form again
    ("GET", "lms.teach.live_session"): (SIGN_IN, 403, 200, 200),
    ("GET", "lms.learn.live_session"): (SIGN_IN, 200, 404, 404),  # only its participants
    ("POST", "lms.learn.add_observation"): (SIGN_IN, 403, 404, 404),  # the trainee plays
    ("GET", "lms.assess.participant"): (SIGN_IN, 403, 200, 200),
    ("POST", "lms.assess.participant"): (SIGN_IN, 403, 200, 200),
    ("GET", "lms.learn.glossary_index"): (200, 200, 200, 200),
    ("GET", "lms.learn.glossary_term"): (200, 200, 200, 200),
    ("GET", "lms.learn.practicum"): (SIGN_IN, 200, 200, 200),  # no practicum: how to apply
    ("POST", "lms.learn.practicum"): (SIGN_IN, 200, 200, 200),  # applied already, or the form
    ("GET", "lms.learn.logbook_week"): (SIGN_IN, 200, 404, 404),  # only the trainee's own
    ("POST", "lms.learn.logbook_week"): (SIGN_IN, 200, 404, 404),  # empty: the form again
    ("POST", "lms.learn.submit_logbook"): (SIGN_IN, AWAY, 404, 404),
    ("GET", "lms.teach.mentees"): (SIGN_IN, 403, 200, 403),
    ("GET", "lms.teach.mentee_logbook"): (SIGN_IN, 403, 200, 403),  # the trainer mentors it
    ("POST", "lms.teach.comment_week"): (SIGN_IN, 403, AWAY, 403),
    ("GET", "lms.teach.mark_logbook"): (SIGN_IN, 403, 200, 403),
    ("POST", "lms.teach.mark_logbook"): (SIGN_IN, 403, 200, 403),
    ("GET", "lms.assess.examined_logbooks"): (SIGN_IN, 403, 200, 403),
    ("GET", "lms.assess.examine_logbook"): (SIGN_IN, 403, 404, 403),  # another examines it
    ("POST", "lms.assess.examine_logbook"): (SIGN_IN, 403, 404, 403),
    ("GET", "lms.admin.practicums"): (SIGN_IN, 403, 403, 200),
    ("GET", "lms.admin.practicum_case"): (SIGN_IN, 403, 403, 200),
    ("POST", "lms.admin.practicum_case"): (SIGN_IN, 403, 403, 200),
    ("GET", "lms.admin.moderate_practicum"): (SIGN_IN, 403, 403, 200),
    ("POST", "lms.admin.moderate_practicum"): (SIGN_IN, 403, 403, 200),
    ("GET", "lms.learn.pathways"): (SIGN_IN, 200, 200, 200),
    ("GET", "lms.learn.pathway"): (SIGN_IN, 200, 200, 200),
    ("GET", "lms.learn.pathway_ethics"): (SIGN_IN, 200, 200, 200),
    ("POST", "lms.learn.pathway_ethics"): (SIGN_IN, 200, 200, 200),  # no name: the form again
    ("GET", "lms.admin.pathway_report"): (SIGN_IN, 403, 403, 200),
    ("GET", "lms.admin.pathway_trainee"): (SIGN_IN, 403, 403, 200),
    ("POST", "lms.admin.approve_trainee"): (SIGN_IN, 403, 403, 422),  # no stage: the page again
    ("GET", "lms.verify.index"): (200, 200, 200, 200),
    ("POST", "lms.verify.index"): (400, 400, 400, 400),  # no file: the form again
    ("GET", "lms.verify.certificate"): (200, 200, 200, 200),
    ("GET", "lms.verify.credential"): (200, 200, 200, 200),
    ("GET", "lms.verify.pdf"): (200, 200, 200, 200),
    ("GET", "lms.verify.revocation_list"): (200, 200, 200, 200),
    ("GET", "lms.verify.issuer_profile"): (200, 200, 200, 200),
    ("GET", "lms.verify.key"): (200, 200, 200, 200),
    ("GET", "lms.admin.certificates_page"): (SIGN_IN, 403, 403, 200),
    ("POST", "lms.admin.issue_certificates"): (SIGN_IN, 403, 403, AWAY),  # none ticked
    ("GET", "lms.admin.certificate_list"): (SIGN_IN, 403, 403, 200),
    ("GET", "lms.admin.revoke_certificate"): (SIGN_IN, 403, 403, 200),
    ("POST", "lms.admin.revoke_certificate"): (SIGN_IN, 403, 403, 200),  # no reason: the form
    ("POST", "lms.admin.renew_certificate"): (SIGN_IN, 403, 403, AWAY),  # does not expire
    ("POST", "lms.admin.email_certificate"): (SIGN_IN, 403, 403, AWAY),
    ("GET", "lms.admin.export_certificates"): (SIGN_IN, 403, 403, 200),
    ("GET", "lms.learn.certificates"): (SIGN_IN, 200, 200, 200),
    ("GET", "lms.learn.cpd_log"): (SIGN_IN, 200, 200, 200),
    ("POST", "lms.learn.cpd_log"): (SIGN_IN, 200, 200, 200),  # empty: the form again
}


def registered_routes(app) -> set[tuple[str, str]]:
    return {
        (method, rule.endpoint)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "lms.static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_the_policy_names_every_registered_route(app):
    assert registered_routes(app) == set(POLICY)


@pytest.fixture
def world(db_session, make_account, make_course, make_quiz, make_roleplay, make_glossary):
    """A course taught by the trainer, the trainee enrolled with a quiz attempt in progress, and
    another trainee's account with an essay waiting for a mark."""
    course = make_course("partnering", modules=1, lessons_per_module=2)
    people = {
        "trainee": make_account(Role.TRAINEE),
        "trainer": make_account(Role.TRAINER),
        "admin": make_account(Role.ADMIN),
    }
    other_trainee = make_account(Role.TRAINEE)
    enrolment.enrol(db_session, people["trainee"], course, now=utcnow())
    enrolment.enrol(db_session, other_trainee, course, now=utcnow())
    teaching.assign_trainer(
        db_session, course, people["trainer"], actor=people["admin"], now=utcnow()
    )
    db_session.commit()
    essay = {"type": "essay", "name": "Reflect", "text": "Reflect."}
    quiz = make_quiz(course=course, questions=[essay], slug="reflection")
    attempt = quizzes.start_attempt(db_session, quiz, trainee=other_trainee, now=utcnow())
    values = {"q0-shown": ["1"], "q0-text": ["Thoughts."]}
    attempts.save_page(db_session, attempt, page=0, values=values, now=utcnow())
    quizzes.submit_attempt(db_session, attempt, now=utcnow())
    own_attempt = quizzes.start_attempt(db_session, quiz, trainee=people["trainee"], now=utcnow())
    db_session.commit()
    written = make_roleplay(WRITTEN, course=course, slug="clause")
    answer = written_roleplays.submit(
        db_session, written, other_trainee, number=1, answer="My clause.", now=utcnow()
    )
    db_session.commit()
    live = live_sessions.schedule(
        db_session,
        make_roleplay(LIVE, course=course, slug="standpipes"),
        request_key="access-matrix",
        scheduled_for=utcnow() - timedelta(hours=1),
        casting={people["trainee"].id: "company", other_trainee.id: "community"},
        scheduled_by=people["trainer"],
        now=utcnow(),
    )
    db_session.commit()
    make_glossary([term("Due diligence")], course=course)
    scenario = make_roleplay(SCENARIO, course=course, slug="water")
    play = scenario_play.start_play(db_session, scenario, trainee=people["trainee"], now=utcnow())
    db_session.commit()
    pathway = make_pathway(db_session)
    case = accepted(
        db_session,
        people["trainee"],
        pathway,
        mentor=people["trainer"],
        examiner=make_account(Role.TRAINER),
        admin=people["admin"],
    )
    certificate = certificates.issue(
        db_session,
        people["trainee"],
        pathway,
        "foundation",
        issuer=issuer_named(),
        base_url="http://localhost",
        now=utcnow(),
    )
    db_session.commit()
    arguments = {
        "slug": course.slug,
        "lesson_slug": "lesson-1-1",
        "token": "not-a-valid-token",
        "account_id": other_trainee.id,
        "course_id": course.id,
        "change": "deactivate",
        "quiz_slug": quiz.slug,
        "item_id": attempt.items[0].id,
        "attempt_id": own_attempt.id,  # in progress, so its review leads back to it
        "lms.learn.written": {"roleplay_id": written.id},
        "lms.learn.submit_written": {"roleplay_id": written.id},
        "submission_id": answer.id,  # the other trainee's, awaiting assessment
        "session_id": live.id,  # the trainee plays in it
        "participant_id": live.participants[1].id,  # the other trainee's part
        "lms.teach.schedule_live": {"roleplay_id": live.roleplay_id},
        "play_id": play.id,  # the trainee's, in progress
        "lms.learn.scenario": {"roleplay_id": scenario.id},
        "lms.learn.start_play": {"roleplay_id": scenario.id},
        "lms.assess.scenario_report": {"roleplay_id": scenario.id},
        "lms.learn.glossary_term": {"slug": "due-diligence"},
        "practicum_id": case.id,  # the trainee's, mentored by the trainer
        "week": 1,
        "lms.learn.practicum": {"slug": pathway.slug},
        "lms.learn.logbook_week": {"slug": pathway.slug},
        "lms.learn.submit_logbook": {"slug": pathway.slug},
        "lms.learn.pathway": {"slug": pathway.slug},
        "lms.learn.pathway_ethics": {"slug": pathway.slug},
        "lms.admin.pathway_report": {"slug": pathway.slug},
        "lms.admin.pathway_trainee": {"slug": pathway.slug},
        "lms.admin.approve_trainee": {"slug": pathway.slug},
        "code": certificate.code,
        "key_id": certificate.signing_key_id,
    }
    return people, arguments


def url_for_rule(app, endpoint: str, arguments: dict) -> str:
    [rule] = [rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint]
    values = arguments | arguments.get(endpoint, {})  # an endpoint may need its own values
    with app.test_request_context():
        return url_for(endpoint, **{name: values[name] for name in rule.arguments})


@pytest.mark.parametrize(("method", "endpoint"), sorted(POLICY))
@pytest.mark.parametrize("visitor", VISITORS)
def test_route_answers_each_visitor_as_the_policy_says(app, world, visitor, method, endpoint):
    people, arguments = world
    client = app.test_client()
    if visitor != "anonymous":
        sign_in(client, people[visitor])
    url = url_for_rule(app, endpoint, arguments)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={"csrf_token": csrf_token(client)})
    expected = POLICY[(method, endpoint)][VISITORS.index(visitor)]
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login?next=")
    elif expected == AWAY:
        assert response.status_code == 302
        assert not response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == expected


def test_static_files_are_public(client):
    with client.get("/static/css/lms.css") as response:
        assert response.status_code == 200
