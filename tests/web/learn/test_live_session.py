"""A live session as its participants see it: each player reads their own party's brief and no
other, observers read none, and those not taking part find no session at all."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.models import LiveObservation, Role, utcnow
from lms.services import assessment, enrolment, live_observations, live_sessions, teaching
from tests.conftest import post_form, sign_in
from tests.roleplay_specs import LIVE

COMPANY_BRIEF = LIVE["parties"][0]["brief"]
COMMUNITY_BRIEF = LIVE["parties"][1]["brief"]
# Words of the briefs that no other part of a page would bring.
BRIEF_WORDS = ["caps spending", "2 million", "small fee", "Confidential to the"]


@pytest.fixture
def people(db_session, make_account, make_course, make_roleplay):
    """Ana plays the company and Ben the community in a session that began an hour ago; Cy
    observes; Dee is enrolled in the course but takes no part."""
    course = make_course("negotiation")
    trainer = make_account(Role.TRAINER)
    teaching.assign_trainer(
        db_session, course, trainer, actor=make_account(Role.ADMIN), now=utcnow()
    )
    cast = {name: make_account(display_name=name) for name in ("Ana", "Ben", "Cy", "Dee")}
    for account in cast.values():
        enrolment.enrol(db_session, account, course, now=utcnow())
    live = live_sessions.schedule(
        db_session,
        make_roleplay(LIVE, course=course, slug="standpipes"),
        request_key="standpipes",
        scheduled_for=utcnow() - timedelta(hours=1),
        casting={cast["Ana"].id: "company", cast["Ben"].id: "community", cast["Cy"].id: None},
        scheduled_by=trainer,
        now=utcnow(),
    )
    db_session.commit()
    return cast | {"trainer": trainer, "live": live, "course": course}


def page_of(client, people, name: str, url: str | None = None):
    sign_in(client, people[name])
    return client.get(url or f"/live/{people['live'].id}")


def leaked(html: str) -> list[str]:
    return [word for word in BRIEF_WORDS if word in html]


def test_a_player_reads_the_situation_and_their_own_brief(client, people):
    html = page_of(client, people, "Ana").get_data(as_text=True)
    assert LIVE["situation"] in html
    assert "You play <strong>Bottling company</strong>" in html
    assert COMPANY_BRIEF in html


def test_the_company_player_never_sees_the_community_brief(client, people):
    html = page_of(client, people, "Ana").get_data(as_text=True)
    assert COMMUNITY_BRIEF not in html
    assert "small fee" not in html


def test_the_community_player_never_sees_the_company_brief(client, people):
    html = page_of(client, people, "Ben").get_data(as_text=True)
    assert COMMUNITY_BRIEF in html
    assert COMPANY_BRIEF not in html
    assert "2 million" not in html


def test_observers_read_the_situation_and_no_brief(client, people):
    html = page_of(client, people, "Cy").get_data(as_text=True)
    assert LIVE["situation"] in html
    assert leaked(html) == []


def test_a_trainee_not_in_the_session_finds_no_session(client, people):
    assert page_of(client, people, "Dee").status_code == 404


def test_trainers_run_sessions_from_their_own_pages_not_the_trainees(client, people):
    assert page_of(client, people, "trainer").status_code == 404


@pytest.mark.parametrize("name", ["Ana", "Ben", "Cy", "Dee"])
@pytest.mark.parametrize("url", ["/", "/courses", "/courses/negotiation"])
def test_no_other_trainee_page_shows_a_brief(client, people, name, url):
    response = page_of(client, people, name, url)
    assert response.status_code == 200
    assert leaked(response.get_data(as_text=True)) == []


def test_the_other_partys_brief_is_not_in_what_the_observation_form_sends_back(client, people):
    sign_in(client, people["Cy"])
    html = post_form(client, f"/live/{people['live'].id}/observations", {"note": ""}).get_data(
        as_text=True
    )
    assert leaked(html) == []


def test_players_page_lists_who_takes_part_and_in_which_party(client, people):
    html = page_of(client, people, "Ana").get_data(as_text=True)
    assert "Ben: Community group" in html
    assert "Cy: observer" in html
    assert "Dee" not in html


def request_key(html: str) -> str:
    """The request key of the observation form on a page."""
    return re.search(r'name="request_key" type="hidden" value="([^"]*)"', html).group(1)


def observe(client, people, **changes):
    """Send the observation form, as first shown unless ``request_key`` says otherwise."""
    live = people["live"]
    data = {
        "request_key": secrets.token_urlsafe(16),
        "subject": live.participants[0].id,
        "criterion": "clarity",
        "kind": "strength",
        "note": "Clear ask.",
    }
    return post_form(client, f"/live/{live.id}/observations", data | changes)


def test_an_observer_adds_an_observation_and_sees_it(db_session, client, people):
    sign_in(client, people["Cy"])
    response = observe(client, people)
    assert response.status_code == 302
    observation = db_session.scalars(select(LiveObservation)).one()
    assert (observation.criterion, observation.note) == ("clarity", "Clear ask.")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Clarity of language, strength: Clear ask." in " ".join(html.split())


def test_an_observation_sent_twice_is_stored_once(db_session, client, people):
    sign_in(client, people["Cy"])
    key = request_key(client.get(f"/live/{people['live'].id}").get_data(as_text=True))
    observe(client, people, request_key=key)
    assert observe(client, people, request_key=key).status_code == 302
    assert len(db_session.scalars(select(LiveObservation)).all()) == 1


def test_the_form_after_an_observation_has_a_fresh_request_key(client, people):
    sign_in(client, people["Cy"])
    key = request_key(client.get(f"/live/{people['live'].id}").get_data(as_text=True))
    response = observe(client, people, request_key=key)
    assert request_key(client.get(response.headers["Location"]).get_data(as_text=True)) != key


def test_a_refused_observation_keeps_its_request_key(client, people):
    sign_in(client, people["Cy"])
    response = observe(client, people, request_key="kept", note="")
    assert request_key(response.get_data(as_text=True)) == "kept"


def test_an_observation_without_a_note_is_refused_keeping_the_choices(db_session, client, people):
    sign_in(client, people["Cy"])
    response = observe(client, people, note="", kind="concern")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Say what you observed." in html
    assert re.search(r'<input checked[^>]*value="concern"', html)
    assert db_session.scalars(select(LiveObservation)).all() == []


def test_the_observation_form_offers_only_players(client, people):
    html = page_of(client, people, "Cy").get_data(as_text=True)
    assert "Ana (Bottling company)</option>" in html
    assert "Cy (Observer)" not in html


def test_players_cannot_add_observations(client, people):
    sign_in(client, people["Ana"])
    assert observe(client, people).status_code == 403


def test_observations_wait_for_the_session_to_begin(db_session, client, people):
    people["live"].scheduled_for = utcnow() + timedelta(days=1)
    db_session.commit()
    html = page_of(client, people, "Cy").get_data(as_text=True)
    assert "You can add observations once the session begins." in html
    assert observe(client, people).status_code == 302
    assert db_session.scalars(select(LiveObservation)).all() == []


def test_a_player_reads_their_latest_assessment(db_session, client, people):
    ana = people["live"].participants[0]
    marks = assessment.Marks(levels={"clarity": "strong", "risk": "partial"}, comments={})
    live_sessions.assess_participant(
        db_session, ana, marks=marks, number=1, assessor=people["trainer"], now=utcnow()
    )
    db_session.commit()
    html = page_of(client, people, "Ana").get_data(as_text=True)
    assert "Your trainer&#39;s assessment: 80%" in html
    assert "Your trainer assesses you" not in html


def test_observers_page_queries_do_not_grow_with_the_cast_or_observations(
    db_session, app, people, make_account, count_queries
):
    counts = []
    for size in (2, 6):
        players = [make_account(display_name=f"P{size}-{n}") for n in range(size)]
        observer = make_account(display_name=f"Observer {size}")
        for account in [*players, observer]:
            enrolment.enrol(db_session, account, people["course"], now=utcnow())
        casting = {player.id: ("company", "community")[n % 2] for n, player in enumerate(players)}
        live = live_sessions.schedule(
            db_session,
            people["live"].roleplay,
            request_key=f"size-{size}",
            scheduled_for=utcnow() - timedelta(hours=1),
            casting=casting | {observer.id: None},
            scheduled_by=people["trainer"],
            now=utcnow(),
        )
        for n, player in enumerate(live_sessions.players(live)):
            live_observations.add_observation(
                db_session,
                live,
                request_key=f"note-{size}-{n}",
                observer=observer,
                subject_id=player.id,
                criterion="clarity",
                kind="strength",
                note="Clear ask.",
                now=utcnow(),
            )
        db_session.commit()
        client = app.test_client()  # a browser of its own for each trainee
        sign_in(client, observer)
        with count_queries() as counter:
            assert client.get(f"/live/{live.id}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_players_page_queries_do_not_grow_with_the_cast(
    db_session, app, people, make_account, count_queries
):
    counts = []
    for size in (2, 6):
        players = [make_account(display_name=f"P{size}-{n}") for n in range(size)]
        for account in players:
            enrolment.enrol(db_session, account, people["course"], now=utcnow())
        live = live_sessions.schedule(
            db_session,
            people["live"].roleplay,
            request_key=f"size-{size}",
            scheduled_for=utcnow() - timedelta(hours=1),
            casting={
                player.id: ("company", "community")[n % 2] for n, player in enumerate(players)
            },
            scheduled_by=people["trainer"],
            now=utcnow(),
        )
        marks = assessment.Marks(levels={"clarity": "strong", "risk": "full"}, comments={})
        live_sessions.assess_participant(
            db_session,
            live.participants[0],
            marks=marks,
            number=1,
            assessor=people["trainer"],
            now=utcnow(),
        )
        db_session.commit()
        client = app.test_client()  # a browser of its own for each trainee
        sign_in(client, players[0])
        with count_queries() as counter:
            assert client.get(f"/live/{live.id}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
