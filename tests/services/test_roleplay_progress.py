"""Where a trainee stands on each role-play of a course, as the course page lists them."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest

from lms.models import Role, utcnow
from lms.services import (
    enrolment,
    live_sessions,
    roleplay_progress,
    scenario_play,
    written_roleplays,
)
from lms.services.assessment import Marks
from lms.services.roleplay_progress import RoleplayStatus
from tests.roleplay_specs import LIVE, SCENARIO, WRITTEN

BEST = {"clarity": "strong", "risk": "full"}
WORST = {"clarity": "weak", "risk": "absent"}


@pytest.fixture
def course(make_course):
    return make_course("negotiation")


@pytest.fixture
def trainee(db_session, make_account, course):
    account = make_account()
    enrolment.enrol(db_session, account, course, now=utcnow())
    db_session.commit()
    return account


@pytest.fixture
def admin(make_account):
    return make_account(Role.ADMIN)


def statuses(db_session, account, course, *, now=None):
    items = roleplay_progress.course_roleplays(db_session, account, course, now=now or utcnow())
    return {item.roleplay.slug: item.status for item in items}


def play(db_session, roleplay, trainee, *choices):
    started = scenario_play.start_play(db_session, roleplay, trainee=trainee, now=utcnow())
    for step, choice in enumerate(choices):
        scenario_play.choose(db_session, started, step=step, choice_id=choice, now=utcnow())
    db_session.commit()


def submit(db_session, roleplay, trainee, number=1):
    submission = written_roleplays.submit(
        db_session, roleplay, trainee, number=number, answer="Each party owns a risk.", now=utcnow()
    )
    db_session.commit()
    return submission


def assess(db_session, submission, admin, levels, *, asks_resubmission=False):
    marks = Marks(levels, {}, asks_resubmission=asks_resubmission)
    written_roleplays.assess(
        db_session, submission, marks=marks, number=1, assessor=admin, now=utcnow()
    )
    db_session.commit()


def schedule(db_session, roleplay, admin, casting, *, starts_in):
    live = live_sessions.schedule(
        db_session,
        roleplay,
        request_key=secrets.token_urlsafe(16),
        scheduled_for=utcnow() + starts_in,
        casting=casting,
        scheduled_by=admin,
        now=utcnow(),
    )
    db_session.commit()
    return live


def test_role_plays_are_listed_by_title_with_nothing_started(
    db_session, course, trainee, make_roleplay
):
    make_roleplay(WRITTEN, course=course, slug="clause")
    make_roleplay(SCENARIO, course=course, slug="water")
    items = roleplay_progress.course_roleplays(db_session, trainee, course, now=utcnow())
    assert [(item.roleplay.title, item.status) for item in items] == [
        ("Draft the risk-sharing clause", RoleplayStatus.NOT_STARTED),
        ("Water for the east district", RoleplayStatus.NOT_STARTED),
    ]


def test_anonymous_visitors_see_every_role_play_not_started(db_session, course, make_roleplay):
    make_roleplay(SCENARIO, course=course, slug="water")
    assert statuses(db_session, None, course) == {"water": RoleplayStatus.NOT_STARTED}


def test_unpublished_role_plays_are_left_out(db_session, course, trainee, make_roleplay):
    withdrawn = make_roleplay(SCENARIO, course=course, slug="water")
    make_roleplay(WRITTEN, course=course, slug="clause")
    withdrawn.is_published = False
    db_session.commit()
    assert list(statuses(db_session, trainee, course)) == ["clause"]


def test_a_scenario_begun_is_in_progress(db_session, course, trainee, make_roleplay):
    roleplay = make_roleplay(SCENARIO, course=course)
    play(db_session, roleplay, trainee, "listen")
    assert statuses(db_session, trainee, course) == {"exercise": RoleplayStatus.IN_PROGRESS}


def test_a_scenario_played_to_a_passing_ending_is_passed(
    db_session, course, trainee, make_roleplay
):
    roleplay = make_roleplay(SCENARIO, course=course)
    play(db_session, roleplay, trainee, "listen", "lifeline")
    assert statuses(db_session, trainee, course) == {"exercise": RoleplayStatus.PASSED}


def test_a_scenario_played_to_a_failure_is_not_passed(db_session, course, trainee, make_roleplay):
    roleplay = make_roleplay(SCENARIO, course=course)
    play(db_session, roleplay, trainee, "propose")
    assert statuses(db_session, trainee, course) == {"exercise": RoleplayStatus.NOT_PASSED}


def test_a_written_answer_not_yet_assessed_awaits_assessment(
    db_session, course, trainee, make_roleplay
):
    submit(db_session, make_roleplay(WRITTEN, course=course), trainee)
    assert statuses(db_session, trainee, course) == {"exercise": RoleplayStatus.AWAITING_ASSESSMENT}


@pytest.mark.parametrize(
    ("levels", "status"), [(BEST, RoleplayStatus.PASSED), (WORST, RoleplayStatus.NOT_PASSED)]
)
def test_an_assessed_written_answer_shows_its_result(
    db_session, course, trainee, admin, make_roleplay, levels, status
):
    submission = submit(db_session, make_roleplay(WRITTEN, course=course), trainee)
    assess(db_session, submission, admin, levels)
    assert statuses(db_session, trainee, course) == {"exercise": status}


def test_a_resubmission_awaits_assessment_again(db_session, course, trainee, admin, make_roleplay):
    roleplay = make_roleplay(WRITTEN, course=course)
    assess(db_session, submit(db_session, roleplay, trainee), admin, WORST, asks_resubmission=True)
    submit(db_session, roleplay, trainee, number=2)
    assert statuses(db_session, trainee, course) == {"exercise": RoleplayStatus.AWAITING_ASSESSMENT}


def test_a_player_of_a_coming_live_session_is_scheduled(
    db_session, course, trainee, admin, make_account, make_roleplay
):
    other = make_account()
    enrolment.enrol(db_session, other, course, now=utcnow())
    roleplay = make_roleplay(LIVE, course=course)
    casting = {trainee.id: "company", other.id: "community"}
    schedule(db_session, roleplay, admin, casting, starts_in=timedelta(days=2))
    assert statuses(db_session, trainee, course) == {"exercise": RoleplayStatus.SCHEDULED}


def test_a_player_of_a_begun_live_session_awaits_assessment_and_an_observer_does_not(
    db_session, course, trainee, admin, make_account, make_roleplay
):
    other, observer = make_account(), make_account()
    for account in (other, observer):
        enrolment.enrol(db_session, account, course, now=utcnow())
    roleplay = make_roleplay(LIVE, course=course)
    casting = {trainee.id: "company", other.id: "community", observer.id: None}
    schedule(db_session, roleplay, admin, casting, starts_in=timedelta(hours=-1))
    assert statuses(db_session, trainee, course) == {"exercise": RoleplayStatus.AWAITING_ASSESSMENT}
    assert statuses(db_session, observer, course) == {"exercise": RoleplayStatus.NOT_STARTED}


def test_an_assessed_live_player_shows_the_result(
    db_session, course, trainee, admin, make_account, make_roleplay
):
    other = make_account()
    enrolment.enrol(db_session, other, course, now=utcnow())
    roleplay = make_roleplay(LIVE, course=course)
    casting = {trainee.id: "company", other.id: "community"}
    live = schedule(db_session, roleplay, admin, casting, starts_in=timedelta(hours=-1))
    [player] = [one for one in live.participants if one.account_id == trainee.id]
    live_sessions.assess_participant(
        db_session, player, marks=Marks(BEST, {}), number=1, assessor=admin, now=utcnow()
    )
    db_session.commit()
    assert statuses(db_session, trainee, course) == {"exercise": RoleplayStatus.PASSED}
