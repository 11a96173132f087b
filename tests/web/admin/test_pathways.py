"""Administrator pages of pathways: the cohort report, a trainee's standing, approval."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.models import Account, AccountRole, Approval, Role, utcnow
from lms.services import enrolment, ethics, progress
from tests.conftest import post_form, sign_in
from tests.services.test_approvals import approval_spec


@pytest.fixture
def course(make_course):
    return make_course("basics", modules=1, lessons_per_module=1)


@pytest.fixture
def pathway(make_pathway, course):
    return make_pathway(approval_spec(), slug="broker")


@pytest.fixture
def trainee(make_account):
    return make_account(display_name="Rosa Trainee")


def finish_all_but_approval(db_session, trainee, course, pathway) -> None:
    enrolment.enrol(db_session, trainee, course, now=utcnow())
    progress.complete_lesson(db_session, trainee, course, "lesson-1-1", now=utcnow())
    ethics.sign(db_session, trainee, pathway, typed_name=trainee.display_name, now=utcnow())
    db_session.commit()


def add_trainees(db_session, count: int, *, prefix: str) -> None:
    """Trainees inserted cheaply (no password hashing)."""
    db_session.add_all(
        [
            Account(
                email=f"{prefix}{number:04d}@example.org",
                display_name=f"{prefix.title()} {number:04d}",
                password_hash="not-a-real-hash",
                created_at=utcnow(),
                role_grants=[AccountRole(role=Role.TRAINEE)],
            )
            for number in range(count)
        ]
    )
    db_session.commit()


def test_trainers_cannot_open_the_report(client, make_account, pathway):
    sign_in(client, make_account(Role.TRAINER))
    assert client.get("/admin/pathways/broker").status_code == 403


def test_the_report_counts_stages_and_lists_trainees(
    admin_client, db_session, trainee, course, pathway
):
    finish_all_but_approval(db_session, trainee, course, pathway)
    page = admin_client.get("/admin/pathways/broker").get_data(as_text=True)
    assert '<tr><th scope="row">Foundation</th><td>1</td><td>0</td><td>0</td></tr>' in page
    assert '<tr><th scope="row">Accredited</th><td>0</td><td>1</td><td>0</td></tr>' in page
    assert f'/admin/pathways/broker/trainees/{trainee.id}">Rosa Trainee</a>' in page
    assert "<td>Approval by the accreditation panel</td>" in page


def test_the_report_runs_the_same_queries_for_few_or_many_trainees(
    admin_client, db_session, pathway, count_queries
):
    add_trainees(db_session, 2, prefix="few")
    with count_queries() as few:
        assert admin_client.get("/admin/pathways/broker").status_code == 200
    add_trainees(db_session, 120, prefix="many")
    with count_queries() as many:
        assert admin_client.get("/admin/pathways/broker?page=2").status_code == 200
    assert many.count == few.count


def test_the_trainee_page_lists_what_is_unmet_before_approval(admin_client, trainee, pathway):
    page = admin_client.get(f"/admin/pathways/broker/trainees/{trainee.id}").get_data(as_text=True)
    assert "Approval is possible once these are met:" in page
    assert "<li>Complete the course basics</li>" in page
    assert "Approve for Accredited" not in page


def test_approving_an_eligible_trainee(admin_client, db_session, trainee, course, pathway):
    finish_all_but_approval(db_session, trainee, course, pathway)
    url = f"/admin/pathways/broker/trainees/{trainee.id}"
    assert "Approve for Accredited" in admin_client.get(url).get_data(as_text=True)
    response = post_form(admin_client, url + "/approve", {"stage": "accredited", "note": "Agreed."})
    assert response.status_code == 302
    assert db_session.scalar(select(func.count(Approval.id))) == 1
    page = admin_client.get(url).get_data(as_text=True)
    assert "Approved on" in page
    assert "Approve for Accredited" not in page


def test_approving_too_early_shows_the_reason(admin_client, db_session, trainee, pathway):
    url = f"/admin/pathways/broker/trainees/{trainee.id}/approve"
    response = post_form(admin_client, url, {"stage": "accredited", "note": ""})
    assert response.status_code == 422
    assert "still to meet: Complete the course basics" in response.get_data(as_text=True)
    assert db_session.scalar(select(func.count(Approval.id))) == 0


def test_approving_a_stage_without_approval_is_refused(admin_client, trainee, pathway):
    url = f"/admin/pathways/broker/trainees/{trainee.id}/approve"
    response = post_form(admin_client, url, {"stage": "foundation", "note": ""})
    assert response.status_code == 422
    assert "does not call for an approval" in response.get_data(as_text=True)
