"""Approving a trainee for a stage: only once every other requirement is met, once, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.content.pathways import PathwaySpec
from lms.models import Approval, AuditEvent, Role, utcnow
from lms.services import accreditation, approvals, enrolment, ethics, progress
from lms.services.errors import NotFound, NotPermitted


def approval_spec() -> PathwaySpec:
    """A course to complete, then the ethics commitment and the panel's approval."""
    return PathwaySpec.model_validate(
        {
            "title": "Broker accreditation",
            "version": "1.0",
            "ethics": "ethics.md",
            "ethics_text": "I will broker honestly.",
            "stages": [
                {
                    "slug": "foundation",
                    "title": "Foundation",
                    "requirements": [{"kind": "course_completed", "course": "basics"}],
                },
                {
                    "slug": "accredited",
                    "title": "Accredited",
                    "award": "Accredited broker",
                    "requirements": [{"kind": "ethics_signed"}, {"kind": "admin_approval"}],
                },
            ],
        }
    )


@pytest.fixture
def course(make_course):
    return make_course("basics", modules=1, lessons_per_module=1)


@pytest.fixture
def pathway(make_pathway, course):
    return make_pathway(approval_spec(), slug="broker")


@pytest.fixture
def admin(make_account):
    return make_account(Role.ADMIN)


@pytest.fixture
def trainee(make_account):
    return make_account(display_name="Rosa Trainee")


@pytest.fixture
def eligible(db_session, pathway, course, trainee):
    """A trainee who has met every requirement but the approval, through the services."""
    enrolment.enrol(db_session, trainee, course, now=utcnow())
    progress.complete_lesson(db_session, trainee, course, "lesson-1-1", now=utcnow())
    ethics.sign(db_session, trainee, pathway, typed_name="Rosa Trainee", now=utcnow())
    db_session.commit()
    return trainee


def test_approval_is_refused_listing_what_is_unmet(db_session, pathway, trainee, admin):
    with pytest.raises(
        NotPermitted, match="still to meet: Complete the course basics; Sign the ethics commitment"
    ):
        approvals.approve(
            db_session, trainee, pathway, "accredited", approved_by=admin, note="", now=utcnow()
        )
    assert db_session.scalar(select(func.count(Approval.id))) == 0


def test_a_stage_without_an_approval_requirement_cannot_be_approved(
    db_session, pathway, trainee, admin
):
    with pytest.raises(NotFound, match="does not call for an approval"):
        approvals.approve(
            db_session, trainee, pathway, "foundation", approved_by=admin, note="", now=utcnow()
        )


def test_an_eligible_trainee_is_approved_once_and_audited(db_session, pathway, eligible, admin):
    for _ in range(2):
        approvals.approve(
            db_session,
            eligible,
            pathway,
            "accredited",
            approved_by=admin,
            note="Panel of 3 March agreed.",
            now=utcnow(),
        )
        db_session.commit()
    assert db_session.scalar(select(func.count(Approval.id))) == 1
    [event] = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "approval.granted"))
    assert event.after["note"] == "Panel of 3 March agreed."
    assert accreditation.stage_complete(db_session, eligible.id, pathway, "accredited")


def test_approval_is_refused_while_an_earlier_stage_is_open(db_session, pathway, trainee, admin):
    ethics.sign(db_session, trainee, pathway, typed_name="Rosa Trainee", now=utcnow())
    with pytest.raises(NotPermitted, match="still to meet: Complete the course basics$"):
        approvals.approve(
            db_session, trainee, pathway, "accredited", approved_by=admin, note="", now=utcnow()
        )
