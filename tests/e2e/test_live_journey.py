"""A live role-play in a real browser: a trainer schedules and casts a session, two trainees
signed in at once each read the situation and their own brief only, and the trainer assesses a
player; every page state checked with axe."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from lms.models import utcnow
from tests.e2e.people import People, Person
from tests.e2e.steps import flash, heading, main_nav, open_course, sign_in
from tests.roleplay_specs import LIVE

if TYPE_CHECKING:
    from tests.e2e.conftest import AccessibilityCheck, SeededRoleplay

pytestmark = pytest.mark.e2e

TITLE = LIVE["title"]
COMPANY, COMMUNITY = LIVE["parties"]


def open_own_session(
    page: Page, check: AccessibilityCheck, person: Person, live: SeededRoleplay
) -> None:
    """Sign in and follow the course page to the one session ``person`` is cast in."""
    open_course(page, check, person, live.course_title)
    sessions = page.get_by_role("list", name=f"Your sessions of {TITLE}")
    sessions.get_by_role("link", name=re.compile("^Session on ")).click()
    expect(heading(page)).to_have_text(TITLE)
    check()


def expect_only_own_brief(page: Page, own: dict[str, str], other: dict[str, str]) -> None:
    """The page shows the shared situation and ``own`` party's brief; ``other``'s brief is
    nowhere in what the server sent, hidden or not."""
    expect(page.get_by_text(f"You play {own['name']}.")).to_be_visible()
    expect(page.get_by_role("region", name="The situation")).to_contain_text(LIVE["situation"])
    expect(
        page.get_by_role("region", name=f"Your confidential brief: {own['name']}")
    ).to_contain_text(own["brief"])
    assert other["brief"] not in page.content()


def test_two_trainees_play_a_live_session_each_reading_only_their_own_brief(
    page,
    assert_accessible,
    open_page,
    people: People,
    make_roleplay: Callable[..., SeededRoleplay],
):
    # Named so that the suggested cast is the other way round: the test sets it explicitly.
    company_player = people.add(name="Zainab Okafor")
    community_player = people.add(name="Abel Tesfaye")
    live = make_roleplay(LIVE, enrolled=[company_player, community_player])

    sign_in(page, assert_accessible, people.trainer)
    main_nav(page).get_by_role("link", name="Teaching").click()
    expect(heading(page)).to_have_text("Teaching")
    assert_accessible()
    page.get_by_role("link", name=live.course_title, exact=True).click()
    expect(heading(page)).to_have_text(f"Trainees of {live.course_title}")
    assert_accessible()
    page.get_by_role("link", name="Live role-play sessions").click()
    expect(heading(page)).to_have_text(f"Live role-plays of {live.course_title}")
    expect(page.get_by_text("No session has been scheduled yet.")).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name=f"schedule a session of {TITLE}").click()
    expect(heading(page)).to_have_text(f"Schedule a session of {TITLE}")
    assert_accessible()

    page.get_by_label("Date and time the session starts (UTC)").fill(
        utcnow().strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label(company_player.display_name, exact=True).select_option(
        label=f"Plays {COMPANY['name']}"
    )
    page.get_by_label(community_player.display_name, exact=True).select_option(
        label=f"Plays {COMMUNITY['name']}"
    )
    page.get_by_role("button", name="Schedule the session").click()
    expect(flash(page)).to_have_text(f"Session of {TITLE} scheduled.")
    expect(heading(page)).to_have_text(f"Session of {TITLE}")
    cast = page.get_by_role("region", name="Cast")
    for person, party in ((company_player, COMPANY), (community_player, COMMUNITY)):
        row = cast.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=person.display_name)
        )
        expect(row).to_contain_text(party["name"])
    assert_accessible()

    company_page, company_check = open_page()
    community_page, community_check = open_page()
    open_own_session(company_page, company_check, company_player, live)
    open_own_session(community_page, community_check, community_player, live)
    expect_only_own_brief(company_page, COMPANY, COMMUNITY)
    expect_only_own_brief(community_page, COMMUNITY, COMPANY)

    cast.get_by_role("link", name=f"Assess {company_player.display_name}", exact=True).click()
    expect(heading(page)).to_have_text(f"Assess {company_player.display_name}")
    assert_accessible()
    page.get_by_role("group", name=re.compile("^Clarity of language")).get_by_role(
        "radio", name=re.compile(r"^Strong \(")
    ).check()
    page.get_by_role("group", name=re.compile("^Risk allocation")).get_by_role(
        "radio", name=re.compile(r"^Partial \(")
    ).check()
    page.get_by_label("Overall comment").fill("Held the budget line without showing it.")
    page.get_by_role("button", name="Record the assessment").click()
    expect(flash(page)).to_have_text(f"Assessment saved for {company_player.display_name}.")
    expect(
        cast.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=company_player.display_name)
        )
    ).to_contain_text("80% Passed")
    assert_accessible()

    company_page.reload()
    expect(
        company_page.get_by_role("region", name="Your trainer's assessment: 80%, passed")
    ).to_contain_text("Held the budget line without showing it.")
    expect_only_own_brief(company_page, COMPANY, COMMUNITY)
    company_check()
    community_page.reload()
    expect(community_page.get_by_text("Your trainer assesses you during or after")).to_be_visible()
    expect_only_own_brief(community_page, COMMUNITY, COMPANY)
    community_check()
