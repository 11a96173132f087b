"""Wording shared by the services, the pages and the command line."""

from __future__ import annotations

from datetime import UTC, date, datetime

from lms.services.wording import counted, long_date


def test_counted_nouns_agree_with_their_number():
    assert counted(1, "trainee") == "1 trainee"
    assert counted(2, "trainee") == "2 trainees"
    assert counted(3, "activity", "activities") == "3 activities"


def test_dates_are_written_the_british_way_without_a_leading_zero():
    assert long_date(date(2026, 12, 5)) == "5 December 2026"
    assert long_date(date(2027, 1, 31)) == "31 January 2027"
    assert long_date(datetime(2026, 3, 3, 23, 59, tzinfo=UTC)) == "3 March 2026"
