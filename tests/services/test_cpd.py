"""CPD entries: the rules on each entry, a repeated submit logged once, totals since a date."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lms.models import AuditEvent, CpdEntry, Role, utcnow
from lms.services import cpd
from lms.services.errors import InvalidInput
from tests.certificate_setup import make_certificate_pathway


@pytest.fixture
def pathway(db_session):
    return make_certificate_pathway(db_session)


@pytest.fixture
def broker(make_account):
    return make_account(Role.TRAINEE)


def log(db_session, broker, pathway, *, key="k1", **changes):
    values = {
        "activity": "Facilitation workshop",
        "done_on": date(2026, 3, 2),
        "hours": "3.5",
        "reflection": "I now open meetings with interests, not positions.",
    } | changes
    entry = cpd.log_entry(db_session, broker, pathway, request_key=key, now=utcnow(), **values)
    db_session.commit()
    return entry


def test_logging_twice_with_one_request_key_records_once(db_session, broker, pathway):
    first = log(db_session, broker, pathway)
    second = log(db_session, broker, pathway)

    assert second.id == first.id
    assert first.hours == Decimal("3.5")
    assert db_session.scalar(select(func.count()).select_from(CpdEntry)) == 1
    actions = db_session.scalars(select(AuditEvent.action)).all()
    assert actions.count("cpd.logged") == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"hours": "0"}, "hours", "more than 0"),
        ({"hours": "-2"}, "hours", "more than 0"),
        ({"hours": "100.25"}, "hours", "at most 100"),
        ({"hours": "two"}, "hours", "as a number"),
        ({"hours": "1.1"}, "hours", "quarter hour"),
        ({"reflection": "   "}, "reflection", "Write what you took"),
        ({"activity": ""}, "activity", "Name the activity"),
        ({"done_on": date.today() + timedelta(days=2)}, "done_on", "future"),
    ],
)
def test_an_entry_breaking_a_rule_is_refused_on_its_field(
    db_session, broker, pathway, changes, field, message
):
    with pytest.raises(InvalidInput, match=message) as caught:
        log(db_session, broker, pathway, **changes)
    assert caught.value.field == field
    assert db_session.scalar(select(func.count()).select_from(CpdEntry)) == 0


def test_a_hundred_hours_is_the_most_one_entry_takes(db_session, broker, pathway):
    assert log(db_session, broker, pathway, hours="100").hours == Decimal(100)


def test_hours_since_counts_activities_on_or_after_the_date(db_session, broker, pathway):
    log(db_session, broker, pathway, key="a", done_on=date(2025, 12, 31), hours="5")
    log(db_session, broker, pathway, key="b", done_on=date(2026, 1, 1), hours="2.25")
    log(db_session, broker, pathway, key="c", done_on=date(2026, 2, 1), hours="1.5")

    assert cpd.hours_since(db_session, broker, pathway, since=date(2026, 1, 1)) == Decimal("3.75")
    assert cpd.hours_since(db_session, broker, pathway, since=date(2027, 1, 1)) == 0
