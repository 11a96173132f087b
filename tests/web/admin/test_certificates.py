"""Administrators issue certificates (one or many), keep the register, revoke, renew, export."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from html import unescape
from typing import Any
from urllib.parse import parse_qs

import pytest
from sqlalchemy import func, select

from lms.models import Certificate, Role, utcnow
from lms.services import certificates, cpd
from lms.services.directory import PER_PAGE
from lms.services.mail import MailSettings
from tests.certificate_setup import complete_stages, issuer_named, make_certificate_pathway
from tests.conftest import outbox_messages, post_form


@pytest.fixture
def pathway(db_session):
    return make_certificate_pathway(db_session)


@pytest.fixture
def make_graduate(db_session, make_account, pathway):
    def make(name: str | None = None, stage: str = "foundation"):
        trainee = make_account(Role.TRAINEE, **({"display_name": name} if name else {}))
        complete_stages(db_session, trainee, pathway, stage)
        return trainee

    return make


def issue(db_session, account, pathway, stage="foundation"):
    made = certificates.issue(
        db_session, account, pathway, stage,
        issuer=issuer_named(), base_url="http://localhost", now=utcnow(),
    )  # fmt: skip
    db_session.commit()
    return made


def certificate_count(db_session) -> int:
    return db_session.scalar(select(func.count()).select_from(Certificate))


def test_the_page_lists_who_awaits_a_certificate(admin_client, make_graduate):
    make_graduate("Ama Mensah")
    html = admin_client.get("/admin/certificates").get_data(as_text=True)
    assert "Ama Mensah" in html
    assert "Partnership Broker — Level 1 Foundation" in html
    assert 'type="checkbox" name="chosen"' in html


def test_the_list_of_who_awaits_a_certificate_is_paged(admin_client, pathway, make_graduate):
    for number in range(PER_PAGE + 1):
        make_graduate(f"Trainee {number:03}")
    first = admin_client.get("/admin/certificates").get_data(as_text=True)
    parameter = f"page-{pathway.id}"
    second = admin_client.get(f"/admin/certificates?{parameter}=2").get_data(as_text=True)

    assert f"Showing 1–{PER_PAGE} of {PER_PAGE + 1} certificates to issue" in first
    assert f"Trainee {PER_PAGE - 1:03}" in first
    assert f"Trainee {PER_PAGE:03}" not in first
    assert f'href="/admin/certificates?{parameter}=2"' in first
    assert f"Trainee {PER_PAGE:03}" in second
    assert "Trainee 000" not in second
    assert f'href="/admin/certificates?{parameter}=1"' in second


def test_each_pathway_pages_on_its_own_and_keeps_the_others_page(
    admin_client, db_session, pathway, make_graduate, make_account
):
    other = make_certificate_pathway(db_session, slug="another-pathway")
    for number in range(PER_PAGE + 1):
        make_graduate(f"Trainee {number:03}")
    complete_stages(
        db_session, make_account(Role.TRAINEE, display_name="Zainab"), other, "foundation"
    )
    ours, theirs = f"page-{pathway.id}", f"page-{other.id}"
    html = admin_client.get(f"/admin/certificates?{ours}=2&{theirs}=1").get_data(as_text=True)

    assert f"Trainee {PER_PAGE:03}" in html
    assert "Zainab" in html
    links = [
        parse_qs(unescape(query))
        for query in re.findall(r'href="/admin/certificates\?([^"]+)"', html)
    ]
    assert links == [{ours: ["1"], theirs: ["1"]}]  # back to our first page, theirs kept


def test_bulk_issue_makes_each_certificate_once(admin_client, db_session, pathway, make_graduate):
    chosen = [f"{make_graduate().id}:{pathway.id}:foundation" for _ in range(2)]
    first = post_form(admin_client, "/admin/certificates/issue", {"chosen": chosen})
    again = post_form(admin_client, "/admin/certificates/issue", {"chosen": chosen})

    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == "/admin/certificates/register"
    assert certificate_count(db_session) == 2


def test_one_certificate_is_issued_by_its_own_button(
    admin_client, db_session, pathway, make_graduate
):
    one, other = make_graduate(), make_graduate()
    data = {
        "chosen": [f"{other.id}:{pathway.id}:foundation"],
        "one": f"{one.id}:{pathway.id}:foundation",
    }
    post_form(admin_client, "/admin/certificates/issue", data)
    [made] = db_session.scalars(select(Certificate)).all()
    assert made.account_id == one.id


def test_issuing_an_unfinished_stage_is_refused_with_a_message(
    admin_client, db_session, pathway, make_graduate
):
    trainee = make_graduate()
    data = {"chosen": [f"{trainee.id}:{pathway.id}:accredited"]}
    response = post_form(admin_client, "/admin/certificates/issue", data, follow_redirects=True)
    assert "has not completed Accredited Partnership Broker yet" in response.get_data(as_text=True)
    assert certificate_count(db_session) == 0


def test_ids_too_large_for_the_database_are_ignored(admin_client, db_session):
    huge = 2**70
    data = {"one": f"{huge}:{huge}:accredited"}
    response = post_form(admin_client, "/admin/certificates/issue", data, follow_redirects=True)
    assert response.status_code == 200
    assert "Tick at least one trainee" in response.get_data(as_text=True)
    assert certificate_count(db_session) == 0


def test_the_eligible_list_and_register_use_constant_queries(
    admin_client, db_session, pathway, make_graduate, count_queries
):
    def measure(url):
        with count_queries() as counter:
            assert admin_client.get(url).status_code == 200
        return counter.count

    for _ in range(2):
        issue(db_session, make_graduate(), pathway)
        make_graduate()
    few = measure("/admin/certificates"), measure("/admin/certificates/register")
    for _ in range(4):
        issue(db_session, make_graduate(), pathway)
        make_graduate()
    many = measure("/admin/certificates"), measure("/admin/certificates/register")
    assert many == few


def test_revoking_asks_for_a_reason_then_revokes(admin_client, db_session, pathway, make_graduate):
    made = issue(db_session, make_graduate(), pathway)
    url = f"/admin/certificates/{made.code}/revoke"

    assert "This cannot be undone" in admin_client.get(url).get_data(as_text=True)
    empty = post_form(admin_client, url, {"reason": ""})
    assert "Say why the certificate is revoked." in empty.get_data(as_text=True)
    done = post_form(admin_client, url, {"reason": "Awarded in error."})
    db_session.expire_all()

    assert done.status_code == 302
    assert db_session.get(Certificate, made.id).revocation_reason == "Awarded in error."


def test_renewing_without_cpd_is_refused_with_a_message(
    admin_client, db_session, pathway, make_graduate
):
    made = issue(db_session, make_graduate(stage="accredited"), pathway, "accredited")
    response = post_form(
        admin_client, f"/admin/certificates/{made.code}/renew", follow_redirects=True
    )
    assert "Renewal needs 10 hours of CPD" in response.get_data(as_text=True)
    assert certificate_count(db_session) == 1


def test_an_unknown_code_is_not_found(admin_client):
    assert admin_client.get("/admin/certificates/7KQ2-M9XD-H3Z/revoke").status_code == 404


def test_the_export_holds_every_pdf_and_a_safe_register(
    admin_client, db_session, pathway, make_graduate
):
    plain = issue(db_session, make_graduate("Kofi Boateng"), pathway)
    risky = issue(db_session, make_graduate('=HYPERLINK("http://evil.example")'), pathway)

    response = admin_client.get("/admin/certificates/export.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    rows = list(csv.reader(io.StringIO(archive.read("register.csv").decode("utf-8-sig"))))

    assert response.mimetype == "application/zip"
    assert archive.read(f"certificates/{plain.number}.pdf") == plain.pdf
    assert archive.read(f"certificates/{risky.number}.pdf") == risky.pdf
    assert rows[0][:3] == ["Certificate number", "Verification code", "Holder"]
    holders = {row[0]: row[2] for row in rows[1:]}
    assert holders[plain.number] == "Kofi Boateng"
    assert holders[risky.number] == '\'=HYPERLINK("http://evil.example")'
    assert rows[1][7] == "valid"
    assert rows[1][9] == f"http://localhost/verify/{rows[1][1]}"


def test_issuing_emails_each_holder_once(app, admin_client, db_session, pathway, make_graduate):
    graduate = make_graduate("Ama Mensah")
    chosen = {"chosen": [f"{graduate.id}:{pathway.id}:foundation"]}
    post_form(admin_client, "/admin/certificates/issue", chosen)
    post_form(admin_client, "/admin/certificates/issue", chosen)
    made = db_session.scalars(select(Certificate)).one()

    [message] = outbox_messages(app)
    body = message.get_content()
    assert message["To"] == graduate.email
    assert message["Subject"] == "Your certificate: Partnership Broker — Level 1 Foundation"
    assert f"verification code {made.code}" in body
    assert f"http://localhost/verify/{made.code}" in body
    assert "http://localhost/certificates" in body
    assert made.notified_at is not None


def test_the_email_links_to_the_public_address(
    app, admin_client, db_session, pathway, make_graduate, monkeypatch
):
    """Behind a proxy the administrator's request may reach an internal host; holders need
    the address the academy publishes."""
    monkeypatch.setitem(app.config, "LMS_PUBLIC_URL", "https://academy.example.org/")
    graduate = make_graduate("Ama Mensah")
    post_form(
        admin_client, "/admin/certificates/issue", {"one": f"{graduate.id}:{pathway.id}:foundation"}
    )
    made = db_session.scalars(select(Certificate)).one()

    body = outbox_messages(app)[0].get_content()
    assert "https://academy.example.org/certificates" in body
    assert f"https://academy.example.org/verify/{made.code}" in body
    assert "http://localhost" not in body


@dataclass
class BrokenMail:
    """Mail that cannot be sent (no server, no outbox) until mended."""

    academy: Any
    working: MailSettings

    def mend(self) -> None:
        self.academy.mail_settings = self.working


@pytest.fixture
def broken_mail(app):
    academy = app.extensions["broker_academy"]
    broken = BrokenMail(academy, academy.mail_settings)
    academy.mail_settings = MailSettings(sender="lms@example.org")
    yield broken
    broken.mend()


def test_failed_emails_leave_the_certificates_issued_to_send_later(
    app, admin_client, db_session, pathway, make_graduate, broken_mail, caplog
):
    chosen = [f"{make_graduate(name).id}:{pathway.id}:foundation" for name in ("Ama", "Kofi")]
    response = post_form(
        admin_client, "/admin/certificates/issue", {"chosen": chosen}, follow_redirects=True
    )
    html = response.get_data(as_text=True)
    made = db_session.scalars(select(Certificate).order_by(Certificate.id)).all()

    assert "2 certificates issued." in html
    for certificate in made:
        db_session.refresh(certificate)
        assert certificate.notified_at is None
        assert f"of certificate {certificate.number} could not be sent" in html
        assert f"Email {certificate.number} to its holder" in html
    # Mail is down after the first failure: the second email is not tried.
    assert [
        record.getMessage() for record in caplog.records if "not sent" in record.getMessage()
    ] == [f"certificate {made[0].number}: the email to its holder was not sent"]


def test_the_register_sends_an_unsent_email_once(
    app, admin_client, db_session, pathway, make_graduate, broken_mail
):
    graduate = make_graduate("Ama Mensah")
    post_form(
        admin_client, "/admin/certificates/issue", {"one": f"{graduate.id}:{pathway.id}:foundation"}
    )
    made = db_session.scalars(select(Certificate)).one()
    broken_mail.mend()
    url = f"/admin/certificates/{made.code}/email"
    sent = post_form(admin_client, url, follow_redirects=True).get_data(as_text=True)
    again = post_form(admin_client, url, follow_redirects=True).get_data(as_text=True)

    assert f"Certificate {made.number} emailed to Ama Mensah." in sent
    assert f"Email {made.number} to its holder" not in sent
    assert f"Ama Mensah was emailed certificate {made.number} already." in again
    assert [message["To"] for message in outbox_messages(app)] == [graduate.email]


def test_a_revoked_certificate_is_not_emailed(
    app, admin_client, db_session, pathway, make_graduate, make_account, broken_mail
):
    graduate = make_graduate("Ama Mensah")
    post_form(
        admin_client, "/admin/certificates/issue", {"one": f"{graduate.id}:{pathway.id}:foundation"}
    )
    made = db_session.scalars(select(Certificate)).one()
    certificates.revoke(
        db_session, made, reason="Issued in error.", actor=make_account(Role.ADMIN), now=utcnow()
    )
    db_session.commit()
    broken_mail.mend()
    url = f"/admin/certificates/{made.code}/email"
    html = post_form(admin_client, url, follow_redirects=True).get_data(as_text=True)

    assert f"Certificate {made.number} is revoked or superseded" in html
    assert f"Email {made.number} to its holder" not in html
    assert outbox_messages(app) == []


def test_renewal_emails_the_renewed_certificate(
    app, admin_client, db_session, pathway, make_graduate
):
    graduate = make_graduate(stage="accredited")
    made = issue(db_session, graduate, pathway, "accredited")
    cpd.log_entry(
        db_session, graduate, pathway, request_key="cpd", activity="Workshop",
        done_on=date.today(), hours="10", reflection="Learnt a lot.", now=utcnow(),
    )  # fmt: skip
    db_session.commit()
    post_form(admin_client, f"/admin/certificates/{made.code}/renew")
    renewed = db_session.scalars(select(Certificate).where(Certificate.sequence == 2)).one()

    [message] = outbox_messages(app)
    assert f"Certificate {renewed.number}" in message.get_content()
