"""The accreditation pages the main journey does not reach, in a real browser and each checked
with axe: an administrator moderating marks that disagree; a holder logging CPD and an
administrator renewing their certificate; and a visitor checking an old code, an unknown code,
and the uploaded credential and PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from lms.content.pathways import PracticumAccepted
from lms.models import Role, utcnow
from lms.services import certificate_codes, demo_practicum
from tests.conftest import shipped_pathway
from tests.e2e.pathway_setup import StaffPeople, approved_for_accreditation, logbook_marked
from tests.e2e.people import People
from tests.e2e.steps import flash, heading, sign_in

pytestmark = pytest.mark.e2e

MODERATED_SCORES = {"narrative": 14, "aims": 17, "reflection": 20, "principles": 17}  # 68


@pytest.fixture
def staff(people: People) -> StaffPeople:
    """The site's trainer, who teaches the courses, mentors; a second trainer examines."""
    return StaffPeople(
        people.admin, people.trainer, people.add(Role.TRAINER, name="Examiner Ekwueme")
    )


def test_an_administrator_moderates_marks_twenty_apart_and_the_trainee_passes(
    page, open_page, assert_accessible, people, e2e_database, staff
):
    slug, spec = shipped_pathway()
    [practicum] = [r for r in spec.stages[1].requirements if isinstance(r, PracticumAccepted)]
    trainee = people.add(name="Maribel Ortega")
    logbook_marked(
        e2e_database,
        trainee,
        staff,
        slug,
        markings=(demo_practicum.MENTOR_MARKING, demo_practicum.STRICT_EXAMINER_MARKING),
    )
    admin_page, admin_check = open_page()

    sign_in(admin_page, admin_check, people.admin)
    admin_page.goto("/admin/practicums")
    awaiting = admin_page.get_by_role("region", name="Logbooks awaiting moderation")
    awaiting.get_by_role("link", name=trainee.display_name).click()
    expect(heading(admin_page)).to_have_text(f"Moderate the logbook of {trainee.display_name}")
    marks = admin_page.get_by_role("region", name="Marks")
    expect(marks).to_contain_text("75 — pass")
    expect(marks).to_contain_text("55 — pass")
    admin_check()

    admin_page.get_by_role("button", name="Record the moderation").click()
    first_criterion = practicum.rubric[0]
    expect(
        admin_page.get_by_text(f"Give a score from 0 to {first_criterion.weight}.").first
    ).to_be_visible()
    admin_check()
    for criterion in practicum.rubric:
        label = f"{criterion.title} (out of {criterion.weight})"
        admin_page.get_by_label(label, exact=True).fill(str(MODERATED_SCORES[criterion.key]))
    admin_page.get_by_label("Moderation note").fill("The examiner's reading of week 6 is fair.")
    admin_page.get_by_role("button", name="Record the moderation").click()
    expect(flash(admin_page)).to_have_text("Moderation recorded.")
    expect(heading(admin_page)).to_have_text(f"Practicum of {trainee.display_name}")
    expect(admin_page.locator("dt:text-is('Status') + dd")).to_have_text("Passed")
    expect(admin_page.get_by_role("region", name="Marks")).to_contain_text("68 — pass")
    admin_check()

    # The trainee finds the outcome from the list of their pathways.
    sign_in(page, assert_accessible, trainee)
    page.goto("/pathways")
    expect(heading(page)).to_have_text("Your accreditation pathways")
    assert_accessible()
    page.get_by_role("link", name=spec.title, exact=True).click()
    expect(heading(page)).to_have_text(spec.title)
    assert_accessible()
    page.goto(f"/pathways/{slug}/practicum")
    expect(page.get_by_role("heading", name="Outcome of submission 1: passed")).to_be_visible()
    assert_accessible()


def test_a_holder_logs_cpd_is_renewed_and_a_visitor_checks_each_code_and_file(
    page, open_page, assert_accessible, people, e2e_database, staff, tmp_path: Path
):
    slug, spec = shipped_pathway()
    accredited = spec.stages[-1]
    trainee = people.add(name="Jun Nakamura")
    approved_for_accreditation(e2e_database, trainee, staff, slug)
    admin_page, admin_check = open_page()
    visitor_page, visitor_check = open_page()

    # The administrator issues the award the trainee is approved for.
    sign_in(admin_page, admin_check, people.admin)
    admin_page.goto("/admin/certificates")
    expect(heading(admin_page)).to_have_text("Certificates to issue")
    admin_check()
    award = admin_page.get_by_role("row").filter(has_text=accredited.award)
    award.get_by_role("button", name=f"Issue to {trainee.display_name}").click()
    expect(flash(admin_page)).to_have_text("1 certificate issued.")
    old_number = (
        admin_page.get_by_role("row").filter(has_text=trainee.display_name).get_by_role("link")
    ).first.inner_text()
    first = admin_page.get_by_role("row").filter(has_text=old_number)

    # Renewal is refused until the holder has logged the CPD it needs.
    first.get_by_role("button", name=f"Renew {old_number}").click()
    expect(admin_page.get_by_role("alert")).to_contain_text(
        f"Renewal needs {spec.renewal.cpd_hours} hours of CPD"
    )
    admin_check()

    # The holder logs it: a blank form says what each field needs, then the hours count.
    sign_in(page, assert_accessible, trainee)
    page.goto("/certificates")
    expect(heading(page)).to_have_text("My certificates")
    assert_accessible()
    old_code = page.locator("dt:text-is('Verification code') + dd").first.inner_text()
    credential = page.request.get(f"/verify/{old_code}/credential.json")
    assert credential.ok
    page.get_by_role("link", name="Log continuing professional development (CPD)").click()
    expect(heading(page)).to_have_text("Continuing professional development")
    assert_accessible()
    page.get_by_role("button", name="Log the activity").click()
    expect(page.get_by_text("Name the activity.").first).to_be_visible()
    assert_accessible()
    page.get_by_label("Activity", exact=True).fill(
        "Brokering practice review with two accredited peers"
    )
    page.get_by_label("Date of the activity").fill(utcnow().date().isoformat())
    page.get_by_label("Hours", exact=True).fill(str(spec.renewal.cpd_hours))
    page.get_by_label("Reflection", exact=True).fill(
        "I now ask partners what they fear before what they want."
    )
    page.get_by_role("button", name="Log the activity").click()
    expect(flash(page)).to_have_text("Activity logged.")
    expect(page.get_by_role("main")).to_contain_text("enough to renew")
    assert_accessible()

    # The administrator renews it; the register shows both, the old one superseded.
    admin_page.reload()
    first.get_by_role("button", name=f"Renew {old_number}").click()
    expect(flash(admin_page)).to_contain_text(f"Certificate {old_number} renewed as")
    new_number = flash(admin_page).inner_text().split(" renewed as ")[1].split(".")[0]
    expect(first).to_contain_text("Superseded on")
    admin_check()

    # A visitor finds the old code superseded, and an unknown code not found.
    visitor_page.goto(f"/verify/{old_code}")
    expect(flash(visitor_page)).to_contain_text("by a renewed certificate")
    visitor_check()
    visitor_page.goto("/verify/")
    unknown = certificate_codes.new_code()
    visitor_page.get_by_role("textbox", name="Verification code").fill(unknown)
    visitor_page.get_by_role("button", name="Look up the certificate").click()
    expect(heading(visitor_page)).to_have_text("Certificate not found")
    expect(visitor_page.get_by_role("main")).to_contain_text(unknown)
    visitor_check()

    # An upload of the old credential is genuine but no longer current; a changed one is not
    # genuine; the holder's new PDF is genuine and current.
    visitor_page.goto("/verify/")
    old_file = tmp_path / "old-credential.json"
    old_file.write_bytes(credential.body())
    check_upload(
        visitor_page,
        old_file,
        accepted=False,
        headline="This credential is genuine but no longer current.",
    )
    visitor_check()
    changed = json.loads(credential.body())
    changed["credentialSubject"]["achievement"]["name"] = "Master Partnership Broker"
    changed_file = tmp_path / "changed-credential.json"
    changed_file.write_text(json.dumps(changed))
    check_upload(
        visitor_page, changed_file, accepted=False, headline="This credential is not genuine"
    )
    visitor_check()
    page.goto("/certificates")
    new_pdf = page.get_by_role("link", name=f"Download the certificate {new_number} (PDF)")
    assert_accessible()
    response = page.request.get(new_pdf.get_attribute("href") or "")
    assert response.ok
    pdf_file = tmp_path / "certificate.pdf"
    pdf_file.write_bytes(response.body())
    check_upload(
        visitor_page,
        pdf_file,
        accepted=True,
        headline=f"This PDF is the certificate {new_number} we issued. Valid",
    )
    visitor_check()


def check_upload(page: Page, file: Path, *, accepted: bool, headline: str) -> None:
    """Upload ``file`` on the verification page and expect the finding to accept it or not, and
    to say ``headline``."""
    page.get_by_label("Credential (.json) or certificate (.pdf)").set_input_files(file)
    page.get_by_role("button", name="Check the file").click()
    finding = page.get_by_role("region", name="Genuine and current" if accepted else "Not accepted")
    expect(finding.get_by_role("status")).to_contain_text(headline)
