"""A trainee's certificates page and CPD log."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from lms.models import CpdEntry, utcnow
from lms.services import certificates
from tests.certificate_setup import complete_stages, issuer_named, make_certificate_pathway
from tests.conftest import post_form


def test_my_certificates_show_status_and_downloads(trainee_client, db_session, trainee):
    pathway = make_certificate_pathway(db_session)
    complete_stages(db_session, trainee, pathway, "foundation")
    made = certificates.issue(
        db_session, trainee, pathway, "foundation",
        issuer=issuer_named(), base_url="http://localhost", now=utcnow(),
    )  # fmt: skip
    db_session.commit()

    html = trainee_client.get("/certificates").get_data(as_text=True)

    assert made.number in html
    assert "Valid: the certificate is genuine and current." in html
    assert f'href="/verify/{made.code}/certificate.pdf"' in html
    assert f'href="/verify/{made.code}/credential.json"' in html


def test_no_certificates_yet_says_how_they_come(trainee_client):
    html = trainee_client.get("/certificates").get_data(as_text=True)
    assert "You hold no certificates yet." in html


def cpd_form(trainee_client, pathway, **changes):
    page = trainee_client.get("/certificates/cpd").get_data(as_text=True)
    key = page.split('name="request_key" type="hidden" value="')[1].split('"')[0]
    data = {
        "request_key": key,
        "pathway": str(pathway.id),
        "activity": "Mediation course",
        "done_on": date(2026, 5, 4).isoformat(),
        "hours": "6",
        "reflection": "Listening before proposing.",
    } | changes
    return data


def test_logging_cpd_shows_the_running_total_and_logs_once(trainee_client, db_session, trainee):
    pathway = make_certificate_pathway(db_session)
    data = cpd_form(trainee_client, pathway)
    first = post_form(trainee_client, "/certificates/cpd", data)
    post_form(trainee_client, "/certificates/cpd", data)

    html = trainee_client.get("/certificates/cpd").get_data(as_text=True)
    assert first.status_code == 302
    assert db_session.scalar(select(func.count()).select_from(CpdEntry)) == 1
    assert "6 of 10 hours" in html
    assert "Mediation course" in html


def test_cpd_hours_breaking_the_rules_show_on_the_field(trainee_client, db_session):
    pathway = make_certificate_pathway(db_session)
    data = cpd_form(trainee_client, pathway, hours="150")
    response = post_form(trainee_client, "/certificates/cpd", data)
    assert response.status_code == 200
    assert "Log at most 100 hours in one entry" in response.get_data(as_text=True)
    assert db_session.scalar(select(func.count()).select_from(CpdEntry)) == 0


def test_my_certificates_page_uses_constant_queries(
    trainee_client, db_session, trainee, count_queries
):
    def measure():
        with count_queries() as counter:
            assert trainee_client.get("/certificates").status_code == 200
        return counter.count

    stages = ["foundation", "practitioner", "accredited"]
    pathways = [make_certificate_pathway(db_session, slug=f"pathway-{n}") for n in range(3)]
    for pathway in pathways:
        complete_stages(db_session, trainee, pathway, "accredited")

    def issue(pathway, stage):
        certificates.issue(
            db_session, trainee, pathway, stage,
            issuer=issuer_named(), base_url="http://localhost", now=utcnow(),
        )  # fmt: skip
        db_session.commit()

    issue(pathways[0], "foundation")
    few = measure()
    for pathway in pathways[1:]:
        for stage in stages:
            issue(pathway, stage)
    assert measure() == few


def test_the_cpd_page_uses_constant_queries_whatever_the_pathways(
    trainee_client, db_session, count_queries
):
    def measure():
        with count_queries() as counter:
            assert trainee_client.get("/certificates/cpd").status_code == 200
        return counter.count

    def log_on(pathway):
        post_form(trainee_client, "/certificates/cpd", cpd_form(trainee_client, pathway))

    log_on(make_certificate_pathway(db_session, slug="pathway-0"))
    few = measure()
    for n in range(1, 4):
        log_on(make_certificate_pathway(db_session, slug=f"pathway-{n}"))
    assert measure() == few
    assert db_session.scalar(select(func.count()).select_from(CpdEntry)) == 4
