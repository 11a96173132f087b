"""Signing the ethics commitment: the typed name, one signature per wording, the audit record."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.models import AuditEvent, EthicsSignature, utcnow
from lms.services import ethics
from lms.services.errors import InvalidInput
from tests.services.test_accreditation import small_spec


@pytest.fixture
def pathway(make_pathway):
    return make_pathway(small_spec(), slug="broker")


@pytest.fixture
def trainee(make_account):
    return make_account(display_name="Rosa  Trainee")


def test_signing_records_the_current_wording(db_session, pathway, trainee):
    signature = ethics.sign(
        db_session, trainee, pathway, typed_name="  ROSA trainee ", now=utcnow()
    )
    db_session.commit()
    assert signature.ethics_hash == pathway.current_version.ethics_hash
    assert signature.pathway_version_id == pathway.current_version_id
    assert ethics.current_signature(db_session, trainee, pathway) == signature


def test_another_name_is_refused_on_the_name_field(db_session, pathway, trainee):
    with pytest.raises(InvalidInput, match="exactly as your account shows it") as raised:
        ethics.sign(db_session, trainee, pathway, typed_name="Someone Else", now=utcnow())
    assert raised.value.field == "typed_name"
    assert ethics.current_signature(db_session, trainee, pathway) is None


def test_an_empty_name_is_refused(db_session, pathway, trainee):
    with pytest.raises(InvalidInput, match="Type your full name"):
        ethics.sign(db_session, trainee, pathway, typed_name="   ", now=utcnow())


def test_signing_twice_keeps_one_signature_and_one_audit_record(db_session, pathway, trainee):
    for _ in range(2):
        ethics.sign(db_session, trainee, pathway, typed_name="Rosa Trainee", now=utcnow())
        db_session.commit()
    assert db_session.scalar(select(func.count(EthicsSignature.id))) == 1
    [event] = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "ethics.signed"))
    assert event.after["ethics_hash"] == pathway.current_version.ethics_hash
    assert event.after["version"] == 1


def test_a_new_wording_needs_a_new_signature(db_session, make_pathway, pathway, trainee):
    ethics.sign(db_session, trainee, pathway, typed_name="Rosa Trainee", now=utcnow())
    db_session.commit()
    make_pathway(small_spec(ethics_text="I will broker openly."), slug="broker")
    db_session.refresh(pathway)
    assert ethics.current_signature(db_session, trainee, pathway) is None
    ethics.sign(db_session, trainee, pathway, typed_name="Rosa Trainee", now=utcnow())
    db_session.commit()
    assert db_session.scalar(select(func.count(EthicsSignature.id))) == 2
