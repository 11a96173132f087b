"""The administrators' directory without Flask: finding accounts, paging, the audit log."""

from __future__ import annotations

from datetime import timedelta

from lms.models import Role, utcnow
from lms.services import audit, directory

START = utcnow() + timedelta(days=1)  # after the accounts' own creation events


def record_events(db_session, actor, subject, actions: list[str]) -> None:
    for minute, action in enumerate(actions):
        audit.record(
            db_session,
            actor=actor,
            action=action,
            subject=subject,
            now=START + timedelta(minutes=minute),
        )
    db_session.commit()


def test_find_accounts_matches_text_in_email_or_name_by_name(db_session, make_account):
    make_account(email="zed@example.org", display_name="Rosa Zed")
    make_account(email="rosa@example.org", display_name="Ann Other")
    make_account(email="li@example.org", display_name="Li Wei")
    found = directory.find_accounts(db_session, text="ROSA")
    assert [account.email for account in found.items] == ["rosa@example.org", "zed@example.org"]


def test_find_accounts_narrows_by_role_and_status(db_session, make_account):
    make_account(Role.TRAINER, email="active@example.org")
    gone = make_account(Role.TRAINER, email="gone@example.org")
    make_account(Role.TRAINEE, email="trainee@example.org")
    gone.is_active = False
    db_session.commit()
    found = directory.find_accounts(db_session, role=Role.TRAINER, is_active=False)
    assert [account.email for account in found.items] == ["gone@example.org"]


def test_page_counts_the_matches_and_knows_its_neighbours(db_session, make_account):
    for number in range(5):
        make_account(display_name=f"Person {number}")
    middle = directory.find_accounts(db_session, page=2, per_page=2)
    assert [account.display_name for account in middle.items] == ["Person 2", "Person 3"]
    assert (middle.number, middle.total, middle.pages) == (2, 5, 3)
    assert (middle.has_previous, middle.has_next) == (True, True)
    assert (middle.first_position, middle.last_position) == (3, 4)


def test_page_past_the_end_is_the_last_page(db_session, make_account):
    for _ in range(3):
        make_account()
    last = directory.find_accounts(db_session, page=99, per_page=2)
    assert (last.number, len(last.items), last.has_next) == (2, 1, False)


def test_page_before_the_first_is_the_first_page(db_session, make_account):
    make_account()
    first = directory.find_accounts(db_session, page=-3)
    assert (first.number, first.has_previous) == (1, False)


def test_empty_list_is_one_page_with_no_positions(db_session):
    empty = directory.find_accounts(db_session, text="nobody")
    assert (empty.total, empty.pages, empty.first_position, empty.last_position) == (0, 1, 0, 0)


def test_audit_events_are_newest_first_and_filtered_by_action(db_session, make_account):
    admin = make_account(Role.ADMIN)
    record_events(db_session, admin, admin, ["a.one", "a.two", "a.one"])
    events = directory.audit_events(db_session, action="a.one")
    assert [event.at for event in events.items] == [START + timedelta(minutes=2), START]


def test_account_events_are_those_about_or_by_the_account(db_session, make_account):
    admin, trainee, other = make_account(Role.ADMIN), make_account(), make_account()
    record_events(db_session, admin, trainee, ["about.trainee"])
    record_events(db_session, trainee, other, ["by.trainee"])
    record_events(db_session, admin, other, ["unrelated"])
    events = directory.account_events(db_session, trainee, limit=10)
    assert {event.action for event in events} >= {"about.trainee", "by.trainee"}
    assert "unrelated" not in {event.action for event in events}


def test_account_events_stop_at_the_limit(db_session, make_account):
    admin = make_account(Role.ADMIN)
    record_events(db_session, admin, admin, ["x.one", "x.two", "x.three"])
    events = directory.account_events(db_session, admin, limit=2)
    assert [event.action for event in events] == ["x.three", "x.two"]


def test_recorded_actions_are_distinct_and_sorted(db_session, make_account):
    admin = make_account(Role.ADMIN)
    record_events(db_session, admin, admin, ["b.second", "a.first", "b.second"])
    assert [a for a in directory.recorded_actions(db_session) if a[:2] in ("a.", "b.")] == [
        "a.first",
        "b.second",
    ]
