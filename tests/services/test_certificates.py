"""Issuing, renewing and revoking certificates: idempotent, frozen once made, and reflected in the
signed revocation list."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select

from lms.models import Account, AuditEvent, Certificate, Pathway, Role, utcnow
from lms.services import (
    certificate_making,
    certificate_pdf,
    certificate_register,
    certificates,
    cpd,
    credential_issuer,
)
from lms.services.certificate_register import State
from lms.services.credentials import linked_data, proofs, status_list
from lms.services.errors import InvalidInput, NotFound, NotPermitted
from tests.certificate_setup import (
    BASE_URL,
    complete_stages,
    issuer_named,
    make_certificate_pathway,
    meet_stage,
    passed_practicum,
)
from tests.concurrency import run_concurrently
from tests.conftest import QueryCounter

ISSUER = issuer_named()


@pytest.fixture
def pathway(db_session):
    return make_certificate_pathway(db_session)


@pytest.fixture
def graduate(db_session, make_account, pathway):
    """A trainee who completed every stage, practicum passed."""
    trainee = make_account(Role.TRAINEE, display_name="Zofia Łęcka")
    complete_stages(db_session, trainee, pathway, "accredited")
    passed_practicum(db_session, trainee, pathway)
    return trainee


def issue(db_session, account, pathway, stage="foundation", *, now=None, issuer=ISSUER):
    certificate = certificates.issue(
        db_session, account, pathway, stage, issuer=issuer, base_url=BASE_URL, now=now or utcnow()
    )
    db_session.commit()
    return certificate


def count(db_session, model, *where) -> int:
    return db_session.scalar(select(func.count()).select_from(model).where(*where))


def test_eligible_lists_completed_stages_without_a_live_certificate(
    db_session, make_account, pathway, graduate
):
    beginner = make_account(Role.TRAINEE, display_name="Aled Jones")
    complete_stages(db_session, beginner, pathway, "foundation")
    make_account(Role.TRAINEE)  # nothing completed
    issue(db_session, graduate, pathway, "foundation")

    found = certificates.eligible(db_session, pathway).items

    assert [(c.account.display_name, c.stage_slug) for c in found] == [
        ("Aled Jones", "foundation"),
        ("Zofia Łęcka", "practitioner"),
        ("Zofia Łęcka", "accredited"),
    ]
    assert found[0].award_title == "Partnership Broker — Level 1 Foundation"


def test_eligible_needs_earlier_stages_too(db_session, make_account, pathway):
    trainee = make_account(Role.TRAINEE)
    meet_stage(db_session, trainee, pathway, "practitioner")
    assert certificates.eligible(db_session, pathway).total == 0


def eligible_queries(db_session, pathway, *, page: int = 1, per_page: int = 50):
    """The page of candidates, and the number of statements it took."""
    counter = QueryCounter()
    event.listen(db_session.get_bind(), "before_cursor_execute", counter)
    try:
        found = certificates.eligible(db_session, pathway, page=page, per_page=per_page)
    finally:
        event.remove(db_session.get_bind(), "before_cursor_execute", counter)
    return found, counter.count


def test_eligible_query_count_is_the_same_for_3_and_12_trainees(db_session, make_account, pathway):
    assert pathway.current_version is not None  # loaded before counting
    for _ in range(3):
        complete_stages(db_session, make_account(Role.TRAINEE), pathway, "foundation")
    few, few_queries = eligible_queries(db_session, pathway)
    for _ in range(9):
        complete_stages(db_session, make_account(Role.TRAINEE), pathway, "practitioner")
    many, many_queries = eligible_queries(db_session, pathway)

    assert (few.total, many.total) == (3, 21)
    assert few_queries == many_queries == 3  # count, the page, the accounts' roles


def test_eligible_pages_in_the_database_by_stage_then_name(db_session, make_account, pathway):
    for name in ["Dara", "Bea", "Cai"]:
        trainee = make_account(Role.TRAINEE, display_name=name)
        complete_stages(db_session, trainee, pathway, "foundation")
    ahead = make_account(Role.TRAINEE, display_name="Abe")
    complete_stages(db_session, ahead, pathway, "practitioner")

    pages = [eligible_queries(db_session, pathway, page=n, per_page=2)[0] for n in (1, 2, 3, 9)]

    listed = [[(c.account.display_name, c.stage_slug) for c in page.items] for page in pages]
    assert listed == [
        [("Abe", "foundation"), ("Bea", "foundation")],
        [("Cai", "foundation"), ("Dara", "foundation")],
        [("Abe", "practitioner")],
        [("Abe", "practitioner")],  # beyond the last page: the last page
    ]
    assert [page.number for page in pages] == [1, 2, 3, 3]
    assert pages[0].total == 5
    assert pages[0].pages == 3


def test_issue_twice_returns_the_same_certificate_and_audits_once(db_session, pathway, graduate):
    first = issue(db_session, graduate, pathway)
    second = issue(db_session, graduate, pathway)

    assert second.id == first.id
    assert count(db_session, Certificate) == 1
    assert count(db_session, AuditEvent, AuditEvent.action == "certificate.issued") == 1


def test_concurrent_issues_make_one_certificate(database, db_session, pathway, graduate):
    pathway_id, account_id = pathway.id, graduate.id

    def work(session):
        account = session.get(Account, account_id)
        chosen = session.get(Pathway, pathway_id)
        made = certificates.issue(
            session, account, chosen, "foundation", issuer=ISSUER, base_url=BASE_URL, now=utcnow()
        )
        return made.id

    ids = run_concurrently(database, work, times=4)

    assert len(set(ids)) == 1
    assert count(db_session, Certificate) == 1
    assert count(db_session, AuditEvent, AuditEvent.action == "certificate.issued") == 1


def test_issue_fills_number_code_index_and_fingerprint(db_session, make_account, pathway, graduate):
    other = make_account(Role.TRAINEE)
    complete_stages(db_session, other, pathway, "foundation")
    now = utcnow()
    first = issue(db_session, graduate, pathway, now=now)
    second = issue(db_session, other, pathway, now=now)

    assert first.number == f"PB-FOU-{now.year}-0001"
    assert second.number == f"PB-FOU-{now.year}-0002"
    assert first.code != second.code
    assert first.status_index != second.status_index
    assert first.pdf.startswith(b"%PDF-")
    assert certificate_making.sha256_hex(first.pdf) == first.pdf_sha256
    assert first.holder_name == "Zofia Łęcka"
    assert first.valid_until is None


def test_final_award_expires_after_the_renewal_period(db_session, pathway, graduate):
    now = utcnow()
    final = issue(db_session, graduate, pathway, "accredited", now=now)
    assert final.valid_until == certificate_making.add_years(now, 3)
    assert final.credential["validUntil"] == certificate_making.add_years(now, 3).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )


def test_issue_refuses_an_incomplete_stage_and_a_stage_without_award(
    db_session, make_account, pathway
):
    trainee = make_account(Role.TRAINEE)
    with pytest.raises(NotPermitted, match="has not completed Level 1 Foundation"):
        issue(db_session, trainee, pathway)
    with pytest.raises(NotFound):
        issue(db_session, trainee, pathway, "no-such-stage")
    assert count(db_session, Certificate) == 0


def test_pdf_is_frozen_when_the_issuer_and_template_change(
    db_session, pathway, graduate, monkeypatch
):
    made = issue(db_session, graduate, pathway)
    original = made.pdf
    monkeypatch.setattr(certificate_pdf, "long_date", lambda day: day.isoformat())
    renamed = issuer_named("Renamed Institute")
    again = issue(db_session, graduate, pathway, issuer=renamed)
    db_session.expire_all()

    assert again.id == made.id
    assert db_session.get(Certificate, made.id).pdf == original
    assert certificate_register.printed(again).issuer_name == "Broker Academy"
    assert again.credential["issuer"]["name"] == "Broker Academy"


def test_credential_states_rubric_totals_and_evidence_but_no_logbook_text(
    db_session, pathway, graduate
):
    made = issue(db_session, graduate, pathway, "practitioner")
    credential = made.credential
    subject = credential["credentialSubject"]

    assert [result["value"] for result in subject["result"]] == ["72", "68"]
    descriptions = subject["achievement"]["resultDescription"]
    assert [d["valueMax"] for d in descriptions] == ["100", "100"]
    assert credential["evidence"][0]["description"] == (
        "Practicum logbook of 12 weeks, passed by mentor and examiner."
    )
    text = json.dumps(credential)
    assert "Private" not in text
    assert "partnership description" not in text
    assert credential["id"] == f"{BASE_URL}/verify/{made.code}/credential.json"
    assert credential["proof"][0]["verificationMethod"] == f"{BASE_URL}/verify/keys/1"


def test_the_final_credential_states_the_earlier_practicum_and_every_stage_criteria(
    db_session, pathway, graduate
):
    made = issue(db_session, graduate, pathway, "accredited")
    credential = made.credential
    subject = credential["credentialSubject"]

    assert [result["value"] for result in subject["result"]] == ["72", "68"]
    assert credential["evidence"][0]["description"] == (
        "Practicum logbook of 12 weeks, passed by mentor and examiner."
    )
    narrative = subject["achievement"]["criteria"]["narrative"]
    for title in ("Level 1 Foundation", "Level 2 Practitioner", "Accredited Partnership Broker"):
        assert f"{title}:" in narrative
    text = json.dumps(credential)
    assert "Private" not in text
    assert "partnership description" not in text


def test_revoking_sets_the_status_bit_in_a_newly_signed_list(db_session, pathway, graduate):
    made = issue(db_session, graduate, pathway)
    before = certificate_register.revocation_list(db_session, ISSUER, base_url=BASE_URL)
    assert not status_list.is_set(before["credentialSubject"]["encodedList"], made.status_index)

    certificates.revoke(db_session, made, reason="Issued in error.", actor=None, now=utcnow())
    db_session.commit()
    after = certificate_register.revocation_list(db_session, ISSUER, base_url=BASE_URL)

    assert status_list.is_set(after["credentialSubject"]["encodedList"], made.status_index)
    resolver = credential_issuer.key_resolver(db_session, base_url=BASE_URL)
    assert proofs.verify(after, resolver, linked_data.document_loader()) == []
    assert after["proof"] != before["proof"]
    verdict = certificate_register.check_credential(
        db_session, made.credential, ISSUER, base_url=BASE_URL, now=utcnow()
    )
    assert verdict.genuine
    assert verdict.revoked
    state = certificate_register.standing(made, now=utcnow())
    assert state.state is State.REVOKED
    assert count(db_session, AuditEvent, AuditEvent.action == "certificate.revoked") == 1


def test_revoking_needs_a_reason_and_happens_once(db_session, pathway, graduate):
    made = issue(db_session, graduate, pathway)
    with pytest.raises(InvalidInput, match="Say why"):
        certificates.revoke(db_session, made, reason="  ", actor=None, now=utcnow())
    certificates.revoke(db_session, made, reason="Fraud.", actor=None, now=utcnow())
    certificates.revoke(db_session, made, reason="Again.", actor=None, now=utcnow())
    db_session.commit()
    assert made.revocation_reason == "Fraud."
    assert count(db_session, AuditEvent, AuditEvent.action == "certificate.revoked") == 1


def test_concurrent_revokes_revoke_once(database, db_session, pathway, graduate):
    code = issue(db_session, graduate, pathway).code

    def work(session):
        found = certificate_register.find(session, code)
        certificates.revoke(session, found, reason="Issued in error.", actor=None, now=utcnow())

    run_concurrently(database, work, times=4)

    assert count(db_session, AuditEvent, AuditEvent.action == "certificate.revoked") == 1


def test_concurrent_renewals_make_one_new_certificate(database, db_session, pathway, graduate):
    final = issue(db_session, graduate, pathway, "accredited", now=utcnow() - timedelta(days=30))
    log_hours(db_session, graduate, pathway, Decimal("10"), key="enough")
    code = final.code

    def work(session):
        found = certificate_register.find(session, code)
        renewed = certificates.renew(session, found, issuer=ISSUER, base_url=BASE_URL, now=utcnow())
        return renewed.id

    ids = run_concurrently(database, work, times=4)

    assert len(set(ids)) == 1
    assert count(db_session, Certificate) == 2
    assert count(db_session, AuditEvent, AuditEvent.action == "certificate.renewed") == 1


def test_issue_many_reports_a_certificate_that_could_not_be_made(
    db_session, pathway, graduate, monkeypatch
):
    # No free bit can be drawn: the revocation list counts as full.
    monkeypatch.setattr(certificate_making, "STATUS_INDEX_DRAWS", 0)

    made, refused = certificates.issue_many(
        db_session, [(graduate, pathway, "foundation")],
        issuer=ISSUER, base_url=BASE_URL, now=utcnow(),
    )  # fmt: skip

    assert made == []
    assert [refusal.reason for refusal in refused] == [
        "The revocation list is nearly full; it must be extended before issuing."
    ]
    assert count(db_session, Certificate) == 0


def test_a_revoked_certificate_is_replaced_by_the_next_in_sequence(db_session, pathway, graduate):
    made = issue(db_session, graduate, pathway)
    certificates.revoke(db_session, made, reason="Misspelt name.", actor=None, now=utcnow())
    db_session.commit()
    replacement = issue(db_session, graduate, pathway)
    assert replacement.id != made.id
    assert replacement.sequence == 2


def log_hours(db_session, account, pathway, hours, *, key, done_on=None):
    cpd.log_entry(
        db_session, account, pathway, request_key=key, activity="Workshop",
        done_on=done_on or date.today(), hours=hours, reflection="Learnt a lot.", now=utcnow(),
    )  # fmt: skip
    db_session.commit()


def test_renewal_needs_cpd_hours_logged_since_the_issue(db_session, pathway, graduate):
    issued = utcnow() - timedelta(days=400)
    final = issue(db_session, graduate, pathway, "accredited", now=issued)
    log_hours(db_session, graduate, pathway, "9", key="recent")
    log_hours(db_session, graduate, pathway, "50", key="old", done_on=date(2020, 1, 1))

    with pytest.raises(NotPermitted, match="needs 10 hours"):
        certificates.renew(db_session, final, issuer=ISSUER, base_url=BASE_URL, now=utcnow())


def test_renewal_supersedes_the_old_certificate_and_keeps_it(db_session, pathway, graduate):
    final = issue(db_session, graduate, pathway, "accredited", now=utcnow() - timedelta(days=30))
    log_hours(db_session, graduate, pathway, Decimal("10"), key="enough")

    renewed = certificates.renew(db_session, final, issuer=ISSUER, base_url=BASE_URL, now=utcnow())
    again = certificates.renew(db_session, final, issuer=ISSUER, base_url=BASE_URL, now=utcnow())
    db_session.commit()

    assert again.id == renewed.id
    assert renewed.sequence == 2
    assert final.superseded_by_id == renewed.id
    assert count(db_session, Certificate) == 2
    state = certificate_register.standing(final, now=utcnow())
    assert state.state is State.SUPERSEDED
    assert state.since == renewed.issued_at
    assert certificate_register.standing(renewed, now=utcnow()).state is State.VALID
    assert count(db_session, AuditEvent, AuditEvent.action == "certificate.renewed") == 1
    assert certificates.eligible(db_session, pathway).items[-1].stage_slug != "accredited"


def test_a_level_without_expiry_cannot_be_renewed(db_session, pathway, graduate):
    made = issue(db_session, graduate, pathway)
    with pytest.raises(NotPermitted, match="does not expire"):
        certificates.renew(db_session, made, issuer=ISSUER, base_url=BASE_URL, now=utcnow())


def test_a_certificate_past_its_date_is_expired(db_session, pathway, graduate):
    final = issue(db_session, graduate, pathway, "accredited")
    later = final.valid_until + timedelta(days=1)
    state = certificate_register.standing(final, now=later)
    assert state.state is State.EXPIRED
    assert state.describe() == f"Expired on {final.valid_until.day} {final.valid_until:%B %Y}."
