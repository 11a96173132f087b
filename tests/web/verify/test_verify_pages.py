"""The public verification pages: by code, by uploaded file, and the machine-readable documents."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from html import escape

from lms import create_app
from lms.models import Certificate, Role, utcnow
from lms.services import certificate_register, certificates, cpd
from lms.services.certificate_pdf import PrintedCertificate, printed_fields, render_pdf
from lms.services.credentials import status_list
from tests.certificate_setup import issuer_named
from tests.conftest import csrf_token


def page(client, url):
    response = client.get(url)
    return response.status_code, response.get_data(as_text=True)


def upload(client, data: bytes, filename: str):
    token = csrf_token(client, "/verify/")
    return client.post(
        "/verify/",
        data={"csrf_token": token, "document": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def test_the_certificate_page_shows_every_printed_field_and_its_status(client, graduate, issue):
    certificate = issue(graduate)
    status, html = page(client, f"/verify/{certificate.code}")

    assert status == 200
    for label, value in printed_fields(certificate_register.printed(certificate)):
        assert f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" in html
    assert "Valid: the certificate is genuine and current." in html


def test_a_code_typed_loosely_leads_to_its_page(client, graduate, issue):
    certificate = issue(graduate)
    typed = certificate.code.replace("-", " ").lower()
    response = client.get("/verify/", query_string={"code": typed})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/verify/{certificate.code}"


def test_a_malformed_code_is_refused_on_the_form(client):
    status, html = page(client, "/verify/?code=not-a-code")
    assert status == 200
    assert "That is not a verification code" in html


def test_an_unknown_code_has_a_clear_not_found_page(client):
    status, html = page(client, "/verify/7KQ2-M9XD-H3Z")
    assert status == 404
    assert "Certificate not found" in html
    assert "7KQ2-M9XD-H3Z" in html


def test_a_revoked_certificate_says_so_with_its_date(client, db_session, graduate, issue):
    certificate = issue(graduate)
    certificates.revoke(db_session, certificate, reason="Error.", actor=None, now=utcnow())
    db_session.commit()
    _, html = page(client, f"/verify/{certificate.code}")
    day = certificate.revoked_at
    assert f"Revoked on {day.day} {day:%B %Y}." in html


def test_an_expired_certificate_says_so(client, graduate, issue):
    certificate = issue(graduate, "accredited", now=utcnow() - timedelta(days=4 * 366))
    _, html = page(client, f"/verify/{certificate.code}")
    assert "Expired on" in html


def renewed(db_session, pathway, graduate, issue) -> tuple[Certificate, Certificate]:
    """Issue the accredited certificate a month ago, log the CPD renewal needs and renew it;
    return the old certificate and the new, committed."""
    old = issue(graduate, "accredited", now=utcnow() - timedelta(days=30))
    cpd.log_entry(
        db_session, graduate, pathway, request_key="k", activity="Course",
        done_on=utcnow().date(), hours="10", reflection="Useful.", now=utcnow(),
    )  # fmt: skip
    new = certificates.renew(
        db_session, old, issuer=issuer_named(), base_url="http://localhost", now=utcnow()
    )
    db_session.commit()
    return old, new


def test_a_superseded_certificate_links_to_its_renewal(
    client, db_session, pathway, graduate, issue
):
    old, new = renewed(db_session, pathway, graduate, issue)
    _, html = page(client, f"/verify/{old.code}")
    assert "Superseded on" in html
    assert f'href="/verify/{new.code}"' in html


def test_the_stored_credential_and_pdf_are_served_as_issued(client, graduate, issue):
    certificate = issue(graduate)
    credential = client.get(f"/verify/{certificate.code}/credential.json")
    pdf = client.get(f"/verify/{certificate.code}/certificate.pdf")

    assert credential.status_code == 200
    assert json.loads(credential.data) == certificate.credential
    assert pdf.mimetype == "application/pdf"
    assert pdf.data == certificate.pdf


def test_an_uploaded_genuine_credential_is_accepted(client, graduate, issue):
    certificate = issue(graduate)
    response = upload(client, json.dumps(certificate.credential).encode(), "badge.json")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This credential is genuine and current." in html
    assert f'href="/verify/{certificate.code}"' in html


def test_an_uploaded_changed_credential_is_refused(client, graduate, issue):
    credential = issue(graduate).credential
    credential["name"] = "Grand Master Broker"
    html = upload(client, json.dumps(credential).encode(), "badge.json").get_data(as_text=True)
    assert "This credential is not genuine" in html
    assert "The proof signature does not match the credential." in html


def test_an_uploaded_revoked_credential_is_genuine_but_not_current(
    client, db_session, graduate, issue
):
    certificate = issue(graduate)
    certificates.revoke(db_session, certificate, reason="Error.", actor=None, now=utcnow())
    db_session.commit()
    html = upload(client, json.dumps(certificate.credential).encode(), "b.json").get_data(
        as_text=True
    )
    assert "genuine but no longer current" in html
    assert "The credential has been revoked." in html


def test_an_uploaded_superseded_credential_is_genuine_but_not_current(
    client, db_session, pathway, graduate, issue
):
    old, _ = renewed(db_session, pathway, graduate, issue)
    html = upload(client, json.dumps(old.credential).encode(), "b.json").get_data(as_text=True)

    assert "genuine but no longer current" in html
    assert "by a renewed certificate." in html


def test_an_uploaded_pdf_is_matched_against_the_issued_ones(client, graduate, issue):
    certificate = issue(graduate)
    html = upload(client, certificate.pdf, "certificate.pdf").get_data(as_text=True)
    assert f"This PDF is the certificate {certificate.number} we issued." in html


def test_an_uploaded_pdf_we_did_not_issue_is_refused(client, graduate, issue):
    certificate = issue(graduate)
    forged = render_pdf(
        PrintedCertificate(
            holder_name="Mallory",
            award_title=certificate.award_title,
            pathway_title=certificate.pathway_title,
            issued_on=certificate.issued_at.date(),
            valid_until=None,
            code=certificate.code,
            verification_url=f"http://localhost/verify/{certificate.code}",
            issuer_name="Broker Academy",
            issuer_url="http://localhost",
            certificate_number=certificate.number,
        )
    )
    html = upload(client, forged, "certificate.pdf").get_data(as_text=True)
    assert "This PDF is not a certificate we issued" in html


def test_an_upload_of_another_kind_is_refused_on_the_field(client):
    response = upload(client, b"hello", "notes.txt")
    assert response.status_code == 400
    assert "Upload a credential (.json) or a certificate (.pdf)." in response.get_data(as_text=True)


def test_the_revocation_list_sets_the_bit_of_a_revoked_certificate(
    client, db_session, graduate, issue
):
    certificate = issue(graduate)
    before = client.get("/verify/status/revocation").get_json(force=True)
    certificates.revoke(db_session, certificate, reason="Error.", actor=None, now=utcnow())
    db_session.commit()
    after = client.get("/verify/status/revocation").get_json(force=True)

    index = certificate.status_index
    assert not status_list.is_set(before["credentialSubject"]["encodedList"], index)
    assert status_list.is_set(after["credentialSubject"]["encodedList"], index)
    assert after["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]


def test_the_issuer_profile_lists_its_keys_at_stable_addresses(client, graduate, issue):
    certificate = issue(graduate)
    profile = client.get("/verify/issuer").get_json(force=True)
    [method] = profile["verificationMethod"]
    key = client.get(f"/verify/keys/{certificate.signing_key_id}").get_json(force=True)

    assert profile["id"] == "http://localhost/verify/issuer"
    assert profile["name"] == "Broker Academy"
    assert method["id"] == certificate.credential["proof"][0]["verificationMethod"]
    assert key["publicKeyMultibase"] == issuer_named().public_multikey
    assert key["type"] == "Multikey"
    assert client.get("/verify/keys/999").status_code == 404


def test_verification_needs_no_sign_in_and_keeps_the_trainee_private(
    client, make_account, graduate, issue
):
    certificate = issue(graduate)
    make_account(Role.ADMIN)
    _, html = page(client, f"/verify/{certificate.code}")
    assert graduate.email not in html


def test_verification_without_issuer_settings_is_unavailable_not_an_error(app_config, database):
    settings = {key: value for key, value in app_config.items() if key != "LMS_PUBLIC_URL"}
    production = create_app(settings | {"LMS_ENV": "production"})
    client = production.test_client()

    for url in ("/verify/issuer", "/verify/status/revocation"):
        status, html = page(client, url)
        assert status == 503
        assert "Verification unavailable" in html
    production.extensions["broker_academy"].database.dispose()
