"""The practicum pages: the trainee's logbook, the mentor's and examiner's views, blind marking
on the page, and query counts that do not grow with the weeks shown."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lms.models import Role, utcnow
from lms.services import logbook, logbook_marking
from tests.conftest import post_form, sign_in
from tests.practicum_setup import PASSING, accepted, make_pathway, submitted, write_all_weeks


@pytest.fixture
def people(make_account):
    return {
        "trainee": make_account(Role.TRAINEE),
        "mentor": make_account(Role.TRAINER),
        "examiner": make_account(Role.TRAINER),
        "admin": make_account(Role.ADMIN),
    }


def practicum_of(db_session, people, *, weeks=3, slug="partnership-broker"):
    pathway = make_pathway(db_session, weeks=weeks, slug=slug)
    return accepted(
        db_session,
        people["trainee"],
        pathway,
        mentor=people["mentor"],
        examiner=people["examiner"],
        admin=people["admin"],
    )


def test_the_trainee_writes_a_week_and_sees_its_revisions(client, db_session, people):
    case = practicum_of(db_session, people)
    sign_in(client, people["trainee"])
    url = "/pathways/partnership-broker/practicum/weeks/1"
    for reflection in ("First thoughts.", "Second thoughts."):
        text = {"aims": "A", "strategies": "S", "activities": "D", "reflection": reflection}
        assert post_form(client, url, text).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert case.status.value == "active"
    for shown in ("Original", "Revision 2", "First thoughts.", "Second thoughts."):
        assert shown in page


def test_a_week_not_yet_begun_says_when_it_opens_and_takes_no_entry(client, db_session, people):
    case = practicum_of(db_session, people)
    case.starts_on = utcnow().date()
    db_session.commit()
    opens = case.starts_on + timedelta(weeks=1)
    sign_in(client, people["trainee"])
    overview = client.get("/pathways/partnership-broker/practicum").get_data(as_text=True)
    url = "/pathways/partnership-broker/practicum/weeks/2"
    page = client.get(url).get_data(as_text=True)
    text = {"aims": "A", "strategies": "S", "activities": "D", "reflection": "Too early."}
    refused = post_form(client, url, text).get_data(as_text=True)

    spelled = f"{opens.day} {opens:%B %Y}"
    assert f'begins <time datetime="{opens.isoformat()}">{spelled}</time>' in overview
    assert f">{spelled}</time> (UTC)." in page
    assert "Week 2 has not begun yet: you can write it from" in page
    assert 'name="aims"' not in page
    assert "Week 2 has not begun yet: it can be written from" in refused
    assert logbook.entries(db_session, case) == {}


def test_the_examiner_does_not_see_the_mentor_marks_before_their_own(client, db_session, people):
    case = practicum_of(db_session, people)
    submitted(db_session, case)
    logbook_marking.record_mark(
        db_session,
        case,
        marker=people["mentor"],
        scores=PASSING,
        comments="Mentor secret comment.",
        now=utcnow(),
    )
    db_session.commit()
    sign_in(client, people["examiner"])
    page = client.get(f"/assess/examining/{case.id}").get_data(as_text=True)
    assert "Mentor secret comment." not in page
    scores = {f"score-{key}": value for key, value in PASSING.items()}
    assert post_form(client, f"/assess/examining/{case.id}", scores).status_code == 302
    page = client.get(f"/assess/examining/{case.id}").get_data(as_text=True)
    assert "Mentor secret comment." in page


def test_the_administrator_sees_each_marker_s_marks_of_the_latest_submission(
    client, db_session, people
):
    case = practicum_of(db_session, people)
    submitted(db_session, case)
    sign_in(client, people["admin"])
    assert "Not marked yet." in client.get(f"/admin/practicums/{case.id}").get_data(as_text=True)
    for marker, comments in (("mentor", "Mentor's view."), ("examiner", "Examiner's view.")):
        logbook_marking.record_mark(
            db_session, case, marker=people[marker], scores=PASSING, comments=comments, now=utcnow()
        )
    db_session.commit()
    page = client.get(f"/admin/practicums/{case.id}").get_data(as_text=True)
    assert "Marks of submission 1" in page
    assert page.count("70 — pass") == 2
    assert "Mentor&#39;s view." in page
    assert "Examiner&#39;s view." in page


def test_another_trainer_cannot_read_the_logbook(client, db_session, people, make_account):
    case = practicum_of(db_session, people)
    sign_in(client, make_account(Role.TRAINER))
    assert client.get(f"/teach/mentoring/{case.id}").status_code == 404
    assert client.get(f"/assess/examining/{case.id}").status_code == 404


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("trainee", "/pathways/{slug}/practicum"),
        ("mentor", "/teach/mentoring/{id}"),
        ("examiner", "/assess/examining/{id}"),
        ("admin", "/admin/practicums/{id}/moderate"),
    ],
)
def test_queries_per_page_do_not_grow_with_the_weeks(
    app, db_session, people, count_queries, who, url
):
    counts = []
    for weeks, slug in ((3, "three-weeks"), (12, "twelve-weeks")):
        case = practicum_of(db_session, people, weeks=weeks, slug=slug)
        write_all_weeks(db_session, case)
        client = app.test_client()
        sign_in(client, people[who])
        with count_queries() as counter:
            assert client.get(url.format(slug=slug, id=case.id)).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_the_mentees_page_queries_do_not_grow_with_mentees(
    app, db_session, make_account, people, count_queries
):
    counts = []
    for mentees in (3, 12):
        pathway = make_pathway(db_session, slug=f"pathway-{mentees}")
        for _ in range(mentees):
            accepted(
                db_session,
                make_account(Role.TRAINEE),
                pathway,
                mentor=people["mentor"],
                examiner=people["examiner"],
                admin=people["admin"],
            )
        client = app.test_client()
        sign_in(client, people["mentor"])
        with count_queries() as counter:
            assert client.get("/teach/mentoring").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_the_examiner_cannot_be_changed_once_they_have_marked(
    client, db_session, people, make_account
):
    case = practicum_of(db_session, people)
    submitted(db_session, case)
    logbook_marking.record_mark(
        db_session, case, marker=people["examiner"], scores=PASSING, comments="", now=utcnow()
    )
    db_session.commit()
    other = make_account(Role.TRAINER)
    sign_in(client, people["admin"])
    response = post_form(
        client, f"/admin/practicums/{case.id}", {"examiner": str(other.id), "allocate": "1"}
    )
    assert response.status_code == 200
    assert "already marked this logbook" in response.get_data(as_text=True)
    db_session.expire_all()
    assert case.examiner_id == people["examiner"].id


def test_an_unpublished_pathway_has_no_practicum_page(client, db_session, people):
    case = practicum_of(db_session, people)
    case.pathway.current_version = None
    db_session.commit()
    sign_in(client, people["trainee"])
    assert client.get("/pathways/partnership-broker/practicum").status_code == 404
