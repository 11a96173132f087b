"""Trainer pages of live role-plays: a course's sessions, scheduling and casting, running one."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from lms.models import LiveParticipant, LiveSession, Role, Sector, utcnow
from lms.services import enrolment, live_observations, live_sessions
from tests.conftest import post_form, sign_in
from tests.roleplay_specs import LIVE, SCENARIO


@pytest.fixture
def roleplay(make_roleplay, course):
    return make_roleplay(LIVE, course=course, slug="standpipes")


@pytest.fixture
def trainees(db_session, make_account, course):
    """Al works in business, Bo in civil society; Cy has not said."""
    people = []
    for name, sector in (("Al", Sector.BUSINESS), ("Bo", Sector.CIVIL_SOCIETY), ("Cy", None)):
        account = make_account(display_name=name)
        account.sector = sector
        enrolment.enrol(db_session, account, course, now=utcnow())
        people.append(account)
    db_session.commit()
    return people


@pytest.fixture
def trainer_client(client, trainer):
    sign_in(client, trainer)
    return client


def schedule_url(roleplay) -> str:
    return f"/teach/roleplays/{roleplay.id}/sessions/new"


def selected(html: str, account) -> str:
    """The value preselected in the casting select of ``account``."""
    select_html = re.search(rf'<select id="cast-{account.id}".*?</select>', html, re.S).group(0)
    return re.search(r'<option selected value="([^"]*)"', select_html).group(1)


def hidden(html: str, name: str) -> str:
    """The value of the hidden field ``name`` of a page's form."""
    return re.search(
        rf'<input id="{name}" name="{name}" type="hidden" value="([^"]*)"', html
    ).group(1)


def post_schedule(client, roleplay, data):
    """Fill in the schedule form as shown (with its hidden fields) and send ``data`` with it."""
    html = client.get(schedule_url(roleplay)).get_data(as_text=True)
    shown = {name: hidden(html, name) for name in ("request_key", "shown")}
    return post_form(client, schedule_url(roleplay), shown | data)


def schedule(db_session, roleplay, trainer, casting, *, hours_ago=1):
    live = live_sessions.schedule(
        db_session,
        roleplay,
        request_key=secrets.token_urlsafe(16),
        scheduled_for=utcnow() - timedelta(hours=hours_ago),
        casting=casting,
        scheduled_by=trainer,
        now=utcnow(),
    )
    db_session.commit()
    return live


def test_course_page_of_live_roleplays_offers_to_schedule_each(trainer_client, roleplay, course):
    html = trainer_client.get("/teach/courses/negotiation/live").get_data(as_text=True)
    assert "The standpipe negotiation" in html
    assert f'href="{schedule_url(roleplay)}"' in html
    assert "No session has been scheduled yet." in html


def test_course_page_lists_sessions_with_their_cast(
    db_session, trainer_client, roleplay, trainer, trainees
):
    al, bo, cy = trainees
    live = schedule(
        db_session, roleplay, trainer, {al.id: "company", bo.id: "community", cy.id: None}
    )
    html = trainer_client.get("/teach/courses/negotiation/live").get_data(as_text=True)
    assert f'href="/teach/live/{live.id}"' in html
    assert "Al, Bo, Cy (observer)" in " ".join(html.split())


def test_course_page_queries_do_not_grow_with_sessions(
    db_session, trainer_client, roleplay, trainer, trainees, count_queries
):
    al, bo, cy = trainees
    casting = {al.id: "company", bo.id: "community", cy.id: None}
    schedule(db_session, roleplay, trainer, casting)
    with count_queries() as one:
        trainer_client.get("/teach/courses/negotiation/live")
    for _ in range(4):
        schedule(db_session, roleplay, trainer, casting)
    with count_queries() as five:
        trainer_client.get("/teach/courses/negotiation/live")
    assert five.count == one.count


def test_trainers_of_other_courses_are_refused(client, make_account, roleplay):
    sign_in(client, make_account(Role.TRAINER))
    assert client.get("/teach/courses/negotiation/live").status_code == 403
    assert client.get(schedule_url(roleplay)).status_code == 403


def test_schedule_form_preselects_the_suggested_casting_and_shows_sectors(
    trainer_client, roleplay, trainees
):
    al, bo, cy = trainees
    html = trainer_client.get(schedule_url(roleplay)).get_data(as_text=True)
    assert (selected(html, al), selected(html, bo), selected(html, cy)) == (
        "party:community",
        "party:company",
        "party:company",
    )
    assert "Civil society" in html
    assert "Not stated" in html
    assert "(UTC)" in html


def test_scheduling_casts_the_trainees_and_opens_the_session(
    db_session, trainer_client, roleplay, trainees
):
    al, bo, cy = trainees
    response = post_schedule(
        trainer_client,
        roleplay,
        {
            "scheduled_for": "2030-05-04T09:30",
            f"cast-{al.id}": "party:company",
            f"cast-{bo.id}": "party:community",
            f"cast-{cy.id}": "observer",
        },
    )
    live = db_session.scalars(select(LiveSession)).one()
    assert response.headers["Location"] == f"/teach/live/{live.id}"
    assert live.scheduled_for == datetime(2030, 5, 4, 9, 30, tzinfo=UTC)
    assert {p.account.display_name: p.party for p in live.participants} == {
        "Al": "company",
        "Bo": "community",
        "Cy": None,
    }


def test_trainees_not_taking_part_are_left_out(db_session, trainer_client, roleplay, trainees):
    al, bo, cy = trainees
    post_schedule(
        trainer_client,
        roleplay,
        {
            "scheduled_for": "2030-05-04T09:30",
            f"cast-{al.id}": "party:company",
            f"cast-{bo.id}": "party:community",
            f"cast-{cy.id}": "absent",
        },
    )
    live = db_session.scalars(select(LiveSession)).one()
    assert [p.account.display_name for p in live.participants] == ["Al", "Bo"]


def test_a_party_without_players_is_refused_keeping_the_choices(
    db_session, trainer_client, roleplay, trainees
):
    al, bo, cy = trainees
    response = post_schedule(
        trainer_client,
        roleplay,
        {
            "scheduled_for": "2030-05-04T09:30",
            f"cast-{al.id}": "party:company",
            f"cast-{bo.id}": "observer",
            f"cast-{cy.id}": "absent",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Cast at least one trainee as Community group." in html
    assert (selected(html, bo), selected(html, cy)) == ("observer", "absent")
    assert 'value="2030-05-04T09:30"' in html
    assert db_session.scalars(select(LiveSession)).all() == []


def test_a_missing_date_is_a_field_error_keeping_the_choices(trainer_client, roleplay, trainees):
    al, _, _ = trainees
    response = post_schedule(trainer_client, roleplay, {f"cast-{al.id}": "observer"})
    html = response.get_data(as_text=True)
    assert "Give the date and time the session starts." in html
    assert selected(html, al) == "observer"


CAST = {"scheduled_for": "2030-05-04T09:30"}


def full_cast(al, bo, cy) -> dict[str, str]:
    return CAST | {
        f"cast-{al.id}": "party:company",
        f"cast-{bo.id}": "party:community",
        f"cast-{cy.id}": "observer",
    }


def test_the_same_schedule_form_sent_twice_schedules_one_session(
    db_session, trainer_client, roleplay, trainees
):
    html = trainer_client.get(schedule_url(roleplay)).get_data(as_text=True)
    data = full_cast(*trainees) | {name: hidden(html, name) for name in ("request_key", "shown")}
    first = post_form(trainer_client, schedule_url(roleplay), data)
    again = post_form(trainer_client, schedule_url(roleplay), data)
    assert again.headers["Location"] == first.headers["Location"]
    assert len(db_session.scalars(select(LiveSession)).all()) == 1
    assert len(db_session.scalars(select(LiveParticipant)).all()) == 3


def test_the_schedule_form_keeps_its_request_key_when_shown_again(
    trainer_client, roleplay, trainees
):
    html = trainer_client.get(schedule_url(roleplay)).get_data(as_text=True)
    key = hidden(html, "request_key")
    data = {"request_key": key, "shown": hidden(html, "shown")}
    response = post_form(trainer_client, schedule_url(roleplay), data)
    assert hidden(response.get_data(as_text=True), "request_key") == key
    fresh = trainer_client.get(schedule_url(roleplay)).get_data(as_text=True)
    assert hidden(fresh, "request_key") != key


def test_a_schedule_form_without_its_request_key_is_refused(
    db_session, trainer_client, roleplay, trainees
):
    html = trainer_client.get(schedule_url(roleplay)).get_data(as_text=True)
    data = full_cast(*trainees) | {"shown": hidden(html, "shown")}
    response = post_form(trainer_client, schedule_url(roleplay), data)
    assert "This form is out of date" in response.get_data(as_text=True)
    assert db_session.scalars(select(LiveSession)).all() == []


def test_a_trainee_enrolled_since_the_form_was_shown_is_not_cast_unseen(
    db_session, trainer_client, roleplay, trainees, course, make_account
):
    html = trainer_client.get(schedule_url(roleplay)).get_data(as_text=True)
    data = full_cast(*trainees) | {name: hidden(html, name) for name in ("request_key", "shown")}
    newcomer = make_account(display_name="Newcomer")
    enrolment.enrol(db_session, newcomer, course, now=utcnow())
    db_session.commit()
    response = post_form(trainer_client, schedule_url(roleplay), data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The trainees enrolled in the course changed" in page
    assert f'<select id="cast-{newcomer.id}"' in page
    assert selected(page, trainees[1]) == "party:community"
    assert db_session.scalars(select(LiveSession)).all() == []


def test_the_cast_checked_again_after_new_enrolments_schedules(
    db_session, trainer_client, roleplay, trainees, course, make_account
):
    html = trainer_client.get(schedule_url(roleplay)).get_data(as_text=True)
    data = full_cast(*trainees) | {name: hidden(html, name) for name in ("request_key", "shown")}
    newcomer = make_account(display_name="Newcomer")
    enrolment.enrol(db_session, newcomer, course, now=utcnow())
    db_session.commit()
    shown_again = post_form(trainer_client, schedule_url(roleplay), data).get_data(as_text=True)
    data |= {"shown": hidden(shown_again, "shown"), f"cast-{newcomer.id}": "absent"}
    assert post_form(trainer_client, schedule_url(roleplay), data).status_code == 302
    live = db_session.scalars(select(LiveSession)).one()
    assert newcomer.id not in {p.account_id for p in live.participants}


def test_schedule_form_without_trainees_says_so(trainer_client, roleplay):
    html = trainer_client.get(schedule_url(roleplay)).get_data(as_text=True)
    assert "No trainee is enrolled in Negotiation basics yet" in html


def test_only_live_roleplays_are_scheduled(trainer_client, make_roleplay, course):
    scenario = make_roleplay(SCENARIO, course=course, slug="water")
    assert trainer_client.get(schedule_url(scenario)).status_code == 404


def test_session_page_shows_every_brief_and_links_to_assess_each_player(
    db_session, trainer_client, roleplay, trainer, trainees
):
    al, bo, cy = trainees
    live = schedule(
        db_session, roleplay, trainer, {al.id: "company", bo.id: "community", cy.id: None}
    )
    html = trainer_client.get(f"/teach/live/{live.id}").get_data(as_text=True)
    for party in LIVE["parties"]:
        assert party["brief"] in html
    players = [p for p in live.participants if p.party]
    for player in players:
        assert f'href="/assess/participants/{player.id}"' in html
    observer = next(p for p in live.participants if p.is_observer)
    assert f'href="/assess/participants/{observer.id}"' not in html


def test_session_page_shows_the_observations(
    db_session, trainer_client, roleplay, trainer, trainees
):
    al, bo, cy = trainees
    live = schedule(
        db_session, roleplay, trainer, {al.id: "company", bo.id: "community", cy.id: None}
    )
    subject = next(p for p in live.participants if p.party == "company")
    live_observations.add_observation(
        db_session,
        live,
        request_key="note",
        observer=cy,
        subject_id=subject.id,
        criterion="risk",
        kind="concern",
        note="Left the delay risk open.",
        now=utcnow(),
    )
    db_session.commit()
    html = " ".join(trainer_client.get(f"/teach/live/{live.id}").get_data(as_text=True).split())
    assert "<strong>Al</strong>, Risk allocation, concern: Left the delay risk open." in html


def test_session_page_is_for_trainers_of_the_course(
    db_session, client, make_account, roleplay, trainer, trainees
):
    al, bo, _ = trainees
    live = schedule(db_session, roleplay, trainer, {al.id: "company", bo.id: "community"})
    sign_in(client, make_account(Role.TRAINER))
    assert client.get(f"/teach/live/{live.id}").status_code == 403


def test_trainers_course_page_links_to_its_live_roleplays(client, course):
    sign_in(client, course.trainers[0])
    html = client.get("/teach/courses/negotiation").get_data(as_text=True)
    assert 'href="/teach/courses/negotiation/live"' in html


def test_session_page_queries_do_not_grow_with_the_cast(
    db_session, trainer_client, make_account, roleplay, trainer, course, count_queries
):
    counts = []
    for size in (2, 8):
        people = [make_account(display_name=f"T{size}-{n}") for n in range(size)]
        for person in people:
            enrolment.enrol(db_session, person, course, now=utcnow())
        casting = {person.id: ("company", "community")[n % 2] for n, person in enumerate(people)}
        live = schedule(db_session, roleplay, trainer, casting)
        with count_queries() as counter:
            assert trainer_client.get(f"/teach/live/{live.id}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
