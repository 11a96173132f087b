"""The accreditation journey in a real browser, on the shipped pathway: a trainer assesses the
last answer a trainee's Level 1 awaits, and the trainee, Level 1 complete, applies for the
practicum; an administrator accepts it with a mentor and an examiner; the trainee writes and
submits the logbook, which the mentor and the examiner pass; the trainee signs the ethics
commitment; the administrator approves and issues the certificate, whose PDF names the holder and
its code; a visitor verifies it, then sees it revoked. Every page state is checked with axe."""

from __future__ import annotations

import io
import math
import re
import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from lms.content.pathways import PracticumAccepted
from lms.models import Role, Sector
from tests.conftest import shipped_pathway
from tests.e2e.pathway_setup import level_1_but_one_assessment, write_all_weeks_but_the_last
from tests.e2e.steps import (
    admin_nav,
    assess_from_the_queue,
    choose_level,
    flash,
    heading,
    main_nav,
    sign_in,
)

pytestmark = pytest.mark.e2e

PARTNERSHIP = (
    "A water partnership between the utility, a bottler and the east district's residents."
)
MENTOR_SCORES = {"narrative": 15, "aims": 20, "reflection": 22, "principles": 18}  # 75
EXAMINER_SCORES = {"narrative": 14, "aims": 19, "reflection": 21, "principles": 16}  # 70
REVOCATION = "Issued on a logbook later found to be copied."


def stage_heading(page: Page, title: str) -> Locator:
    """The heading of a pathway stage, which carries a badge once the stage is complete."""
    return page.get_by_role("heading", level=2, name=re.compile(f"^{re.escape(title)}"))


def write_week(page: Page, assert_accessible: Callable[[], None], week: int) -> None:
    """Open a week of the logbook from the practicum page, write it and save it."""
    page.get_by_role("link", name=f"Week {week}", exact=True).click()
    expect(heading(page)).to_have_text(f"Logbook week {week}")
    assert_accessible()
    for part in ("Aims", "Strategies", "Activities", "Reflection"):
        page.get_by_label(part, exact=True).fill(f"{part} of week {week} with the partners.")
    page.get_by_role("button", name=f"Save week {week}").click()
    expect(flash(page)).to_have_text(f"Week {week} saved.")
    assert_accessible()


def record_marks(
    page: Page, rubric: PracticumAccepted, scores: dict[str, int], comments: str
) -> None:
    """Score every criterion of the rubric, comment, and record the marks."""
    for criterion in rubric.rubric:
        label = f"{criterion.title} (out of {criterion.weight})"
        page.get_by_label(label, exact=True).fill(str(scores[criterion.key]))
    page.get_by_label("Comments").fill(comments)
    page.get_by_role("button", name="Record my marks").click()
    expect(flash(page)).to_have_text("Your marks are recorded.")


def check_certificate_pdf(
    pdf: bytes, pdftoppm: Path, folder: Path, *, code: str, name: str
) -> None:
    """The PDF holds the code and the holder's name, and renders to a landscape image of the page
    that is not blank."""
    [page] = PdfReader(io.BytesIO(pdf)).pages
    text = page.extract_text()
    assert code in text
    assert name in text
    source = folder / "certificate.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [str(pdftoppm), "-png", "-r", "72", "-singlefile", str(source), str(folder / "page")],
        check=True,
        capture_output=True,
    )
    with Image.open(folder / "page.png") as image:
        assert image.format == "PNG"
        # At 72 dots per inch a pixel is a point: the image is the page, rounded up.
        assert image.size == (math.ceil(page.mediabox.width), math.ceil(page.mediabox.height))
        assert image.width > image.height
        darkest, lightest = image.convert("L").getextrema()
        assert lightest - darkest > 100, "the rendered certificate is blank"


def test_a_trainee_is_accredited_and_a_visitor_verifies_then_sees_the_certificate_revoked(
    page,
    open_page,
    assert_accessible,
    people,
    courses,
    e2e_database,
    pdftoppm: Path,
    tmp_path: Path,
):
    slug, spec = shipped_pathway()
    foundation, practitioner, accredited = spec.stages
    [practicum] = [r for r in practitioner.requirements if isinstance(r, PracticumAccepted)]
    trainee = people.add(name="Nadia Haddad")
    mentor = people.add(Role.TRAINER, name="Mentor Moyo")
    examiner = people.add(Role.TRAINER, name="Examiner Eriksen")
    awaited = level_1_but_one_assessment(e2e_database, trainee, people.trainer, slug)
    trainer_page, trainer_check = open_page()
    admin_page, admin_check = open_page()
    mentor_page, mentor_check = open_page()
    examiner_page, examiner_check = open_page()
    visitor_page, visitor_check = open_page()

    # Level 1 waits for one assessment; the pathway page says so.
    sign_in(page, assert_accessible, trainee)
    page.get_by_role("link", name=spec.title, exact=True).click()
    expect(heading(page)).to_have_text(spec.title)
    expect(stage_heading(page, foundation.title)).not_to_contain_text("Complete")
    expect(page.get_by_text(f"Current stage: {foundation.title}")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Submitted; awaiting assessment")
    assert_accessible()

    # The course's trainer assesses the answer at the rubric's best levels.
    sign_in(trainer_page, trainer_check, people.trainer)
    assess_from_the_queue(
        trainer_page, trainer_check, awaited.course_title, trainee, submission="First"
    )
    expect(trainer_page.get_by_role("main")).to_contain_text(awaited.roleplay_title)
    for criterion, level in awaited.best_levels:
        choose_level(trainer_page, criterion, level)
    trainer_page.get_by_role("button", name="Record the assessment").click()
    expect(flash(trainer_page)).to_have_text(f"Assessment saved for {trainee.display_name}.")
    trainer_check()

    # Level 1 is complete on the pathway page, whose next step is the practicum.
    main_nav(page).get_by_role("link", name="Dashboard").click()
    expect(heading(page)).to_have_text("Your courses")
    assert_accessible()
    page.get_by_role("link", name=spec.title, exact=True).click()
    expect(heading(page)).to_have_text(spec.title)
    expect(stage_heading(page, foundation.title)).to_contain_text("Complete")
    expect(stage_heading(page, practitioner.title)).not_to_contain_text("Complete")
    expect(page.get_by_text(f"Current stage: {practitioner.title}")).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name=practicum.title).first.click()
    expect(heading(page)).to_have_text(f"{practitioner.title} practicum")
    assert_accessible()
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("Describe the partnership.").first).to_be_visible()
    assert_accessible()
    page.get_by_label("Your Level 1 course").select_option(label=courses[0][1].title)
    page.get_by_label("The sector you work in").select_option(label=Sector.CIVIL_SOCIETY.label)
    page.get_by_label("The partnership you will work on").fill(PARTNERSHIP)
    page.get_by_role("button", name="Apply").click()
    expect(flash(page)).to_have_text("Your application has been sent.")
    expect(page.get_by_text("Your application is waiting for a decision.")).to_be_visible()
    assert_accessible()

    # The administrator accepts it with a mentor, then allocates the examiner.
    sign_in(admin_page, admin_check, people.admin)
    admin_page.goto("/admin/practicums")
    expect(heading(admin_page)).to_have_text("Practicums")
    admin_check()
    applied = admin_page.get_by_role("region", name="Applications awaiting a decision")
    applied.get_by_role("link", name=trainee.display_name).click()
    expect(heading(admin_page)).to_have_text(f"Practicum of {trainee.display_name}")
    expect(admin_page.get_by_role("main")).to_contain_text(PARTNERSHIP)
    admin_check()
    admin_page.get_by_label("Mentor").select_option(label=f"{mentor.display_name} ({mentor.email})")
    # The practicum began twelve weeks ago, so every week of the logbook has opened.
    began = date.today() - timedelta(weeks=12)
    admin_page.get_by_label("Start date").fill(began.isoformat())
    admin_page.get_by_role("button", name="Accept the application").click()
    expect(flash(admin_page)).to_have_text("Practicum updated.")
    admin_check()
    admin_page.get_by_label("Examiner").select_option(
        label=f"{examiner.display_name} ({examiner.email})"
    )
    admin_page.get_by_role("button", name="Allocate the examiner").click()
    expect(flash(admin_page)).to_have_text("Practicum updated.")
    expect(admin_page.get_by_role("main")).to_contain_text(examiner.display_name)
    admin_check()

    # The weeks pass, each written in the logbook; the trainee writes the last ones here and
    # submits it.
    last_weeks = write_all_weeks_but_the_last(e2e_database, trainee, slug)
    page.reload()
    expect(page.get_by_role("heading", name="Your practicum")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(mentor.display_name)
    assert_accessible()
    for week in last_weeks:
        write_week(page, assert_accessible, week)
    page.get_by_role("button", name="Submit the logbook for marking").click()
    expect(flash(page)).to_have_text("Logbook submitted for marking (submission 1).")
    assert_accessible()

    # The mentor reads the logbook and marks it.
    sign_in(mentor_page, mentor_check, mentor)
    mentor_page.goto("/teach/mentoring")
    expect(heading(mentor_page)).to_have_text("My mentees")
    mentor_check()
    mentor_page.get_by_role("link", name=trainee.display_name).click()
    expect(heading(mentor_page)).to_have_text(f"Logbook of {trainee.display_name}")
    expect(mentor_page.get_by_role("region", name=f"Week {last_weeks[-1]}")).to_contain_text(
        f"Reflection of week {last_weeks[-1]} with the partners."
    )
    mentor_check()
    mentor_page.get_by_role("link", name="Mark the submitted logbook").click()
    expect(heading(mentor_page)).to_have_text(f"Mark the logbook of {trainee.display_name}")
    mentor_check()
    record_marks(mentor_page, practicum, MENTOR_SCORES, "Honest about what did not work.")
    expect(heading(mentor_page)).to_have_text(f"Logbook of {trainee.display_name}")
    mentor_check()

    # The examiner marks it independently; the two marks agree, so the practicum passes.
    sign_in(examiner_page, examiner_check, examiner)
    examiner_page.goto("/assess/examining")
    expect(heading(examiner_page)).to_have_text("Logbooks to examine")
    examiner_check()
    examiner_page.get_by_role("link", name=trainee.display_name).click()
    expect(heading(examiner_page)).to_have_text(f"Examine the logbook of {trainee.display_name}")
    examiner_check()
    record_marks(examiner_page, practicum, EXAMINER_SCORES, "Clear aims, week by week.")
    marks = examiner_page.get_by_role("region", name="Marks")
    expect(marks).to_contain_text("75 — pass")
    expect(marks).to_contain_text("70 — pass")
    expect(examiner_page.get_by_role("main")).to_contain_text("Status: passed")
    examiner_check()

    # The trainee sees the outcome, and signs the ethics commitment from the pathway page.
    page.reload()
    expect(page.get_by_role("heading", name="Outcome of submission 1: passed")).to_be_visible()
    assert_accessible()
    page.goto(f"/pathways/{slug}")
    expect(stage_heading(page, practitioner.title)).to_contain_text("Complete")
    expect(page.get_by_text(f"Current stage: {accredited.title}")).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name="Sign the ethics commitment").first.click()
    expect(heading(page)).to_have_text("Ethics commitment")
    assert_accessible()
    page.get_by_role("button", name="Sign the commitment").click()
    expect(page.get_by_text("Type your full name to sign.").first).to_be_visible()
    assert_accessible()
    page.get_by_label("Type your full name to sign").fill(trainee.display_name)
    page.get_by_role("button", name="Sign the commitment").click()
    expect(flash(page)).to_have_text("You have signed the ethics commitment.")
    expect(page.locator("dt:text-is('Signed as') + dd")).to_have_text(trainee.display_name)
    assert_accessible()

    # The administrator approves the trainee for the last stage and issues the certificate.
    admin_page.goto(f"/admin/pathways/{slug}")
    admin_check()
    admin_page.get_by_role("link", name=trainee.display_name).click()
    expect(heading(admin_page)).to_have_text(trainee.display_name)
    admin_check()
    admin_page.get_by_label("Note for the record").fill("Approved by the accreditation panel.")
    admin_page.get_by_role("button", name=f"Approve for {accredited.title}").click()
    expect(flash(admin_page)).to_have_text(f"{trainee.display_name} is approved.")
    expect(stage_heading(admin_page, accredited.title)).to_contain_text("Complete")
    admin_check()
    admin_nav(admin_page).get_by_role("link", name="Certificates").click()
    expect(heading(admin_page)).to_have_text("Certificates to issue")
    admin_check()
    award = admin_page.get_by_role("row").filter(has_text=accredited.award)
    award.get_by_role("button", name=f"Issue to {trainee.display_name}").click()
    expect(flash(admin_page)).to_have_text("1 certificate issued.")
    expect(heading(admin_page)).to_have_text("Register of certificates")
    issued = admin_page.get_by_role("row").filter(has_text=accredited.award)
    expect(issued).to_contain_text(trainee.display_name)
    number = issued.get_by_role("link").first.inner_text()
    admin_check()

    # The trainee finds it among their certificates; its PDF names them and carries its code.
    page.goto("/certificates")
    expect(heading(page)).to_have_text("My certificates")
    certificate = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=accredited.award)
    )
    expect(certificate).to_contain_text(number)
    expect(certificate).to_contain_text("Valid: the certificate is genuine and current.")
    assert_accessible()
    code = certificate.locator("dt:text-is('Verification code') + dd").inner_text()
    pdf_link = certificate.get_by_role("link", name=f"Download the certificate {number} (PDF)")
    response = page.request.get(pdf_link.get_attribute("href") or "")
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    check_certificate_pdf(response.body(), pdftoppm, tmp_path, code=code, name=trainee.display_name)

    # A visitor without an account verifies it by its code.
    visitor_page.goto("/verify/")
    expect(heading(visitor_page)).to_have_text("Verify a certificate")
    visitor_check()
    visitor_page.get_by_role("textbox", name="Verification code").fill(code.lower())
    visitor_page.get_by_role("button", name="Look up the certificate").click()
    expect(heading(visitor_page)).to_have_text(accredited.award)
    expect(flash(visitor_page)).to_have_text(
        "Status: Valid: the certificate is genuine and current."
    )
    expect(visitor_page.get_by_role("main")).to_contain_text(trainee.display_name)
    visitor_check()

    # The administrator revokes it, giving a reason; the visitor then sees it revoked.
    issued.get_by_role("link", name=f"Revoke {number}").click()
    expect(heading(admin_page)).to_have_text(f"Revoke certificate {number}")
    admin_check()
    admin_page.get_by_role("button", name="Revoke the certificate").click()
    expect(admin_page.get_by_text("Say why the certificate is revoked.").first).to_be_visible()
    admin_check()
    admin_page.get_by_label("Reason for revoking").fill(REVOCATION)
    admin_page.get_by_role("button", name="Revoke the certificate").click()
    expect(flash(admin_page)).to_have_text(f"Certificate {number} revoked.")
    expect(issued).to_contain_text("Revoked on")
    admin_check()

    visitor_page.reload()
    expect(flash(visitor_page)).to_contain_text("Revoked on")
    expect(flash(visitor_page)).not_to_contain_text("Valid")
    visitor_check()
