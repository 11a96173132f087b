"""The audit log is append-only: the app's sessions refuse to change or delete a record, one by one
or in bulk."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from lms.models import AuditEvent, Role, utcnow
from lms.models.audit import AuditIsAppendOnly
from lms.services import audit


@pytest.fixture
def recorded(db_session, make_account) -> AuditEvent:
    admin = make_account(Role.ADMIN)
    event = audit.record(
        db_session, actor=admin, action="certificate.revoked", subject=admin, now=utcnow()
    )
    db_session.commit()
    return event


def test_a_record_cannot_be_changed(db_session, recorded):
    recorded.action = "certificate.issued"
    with pytest.raises(AuditIsAppendOnly):
        db_session.flush()
    db_session.rollback()

    assert stored_action(db_session, recorded.id) == "certificate.revoked"


def test_a_record_cannot_be_deleted(db_session, recorded):
    db_session.delete(recorded)
    with pytest.raises(AuditIsAppendOnly):
        db_session.flush()
    db_session.rollback()

    assert stored_action(db_session, recorded.id) == "certificate.revoked"


def test_a_bulk_update_or_delete_is_refused(db_session, recorded):
    for statement in (
        update(AuditEvent).values(action="certificate.issued"),
        delete(AuditEvent).where(AuditEvent.id == recorded.id),
    ):
        with pytest.raises(AuditIsAppendOnly):
            db_session.execute(statement)
        db_session.rollback()

    assert stored_action(db_session, recorded.id) == "certificate.revoked"


def stored_action(session, event_id: int) -> str | None:
    """What the database holds, not the session's copy."""
    return session.scalar(select(AuditEvent.action).where(AuditEvent.id == event_id))
