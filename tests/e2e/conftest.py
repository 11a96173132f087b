"""Browser tests: the real app on a free local port, driven by Debian's Chromium, every page it
shows checked by axe-core against WCAG 2.1 A and AA.

Without /usr/bin/chromium the tests skip (pytest -ra says why), except in CI, where they fail;
so do the tests that render certificate PDFs without poppler's pdftoppm.
"""

from __future__ import annotations

import itertools
import os
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from lms import create_app
from lms.content.loader import load_courses
from lms.content.questions import parse_spec
from lms.content.quizzes import BankEntry, CourseQuizzes, QuizSpec
from lms.content.roleplays import parse_spec as parse_roleplay_spec
from lms.content.specs import CourseSpec
from lms.content.sync import sync_course
from lms.db import Database, upgrade_schema
from lms.models import Account, utcnow
from lms.services import enrolment, question_bank, roleplays, teaching
from tests.conftest import REPO_ROOT, TEST_HASHER, course_spec
from tests.e2e.people import People, Person

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = (
    f"Chromium not found at {CHROMIUM}: browser tests skipped; "
    "install Debian's chromium package to run them"
)
# Headless in a container: no sandbox (root), no GPU, and nothing that phones home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PDFTOPPM_MISSING = (
    "pdftoppm not found on PATH: tests that render certificate PDFs skipped; "
    "install Debian's poppler-utils package to run them"
)
SECRET_KEY = "e2e-secret-key-not-for-production"  # noqa: S105 (test data)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def is_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; Playwright never downloads a browser of its own."""
    if not CHROMIUM.exists():
        if is_ci():
            pytest.fail(
                f"Chromium not found at {CHROMIUM}, and CI must run the browser tests: "
                "install Debian's chromium package"
            )
        pytest.skip(CHROMIUM_MISSING)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def pdftoppm() -> Path:
    """Poppler's PDF renderer, to look at a certificate as a person would see it."""
    found = shutil.which("pdftoppm")
    if found is None:
        if is_ci():
            pytest.fail(
                "pdftoppm not found on PATH, and CI must run the browser tests: "
                "install Debian's poppler-utils package"
            )
        pytest.skip(PDFTOPPM_MISSING)
    return Path(found)


@pytest.fixture(scope="session")
def courses() -> list[tuple[str, CourseSpec]]:
    """The repository's real courses (slug, spec), as the site under test holds them."""
    return load_courses(REPO_ROOT / "courses")


@pytest.fixture(scope="session")
def e2e_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh migrated SQLite file holding the real courses/ with their quizzes, role-plays
    and pathways: the live server's database."""
    folder = tmp_path_factory.mktemp("e2e-db")
    url = "sqlite:///" + str(folder / "lms-e2e.sqlite3")
    prepare_database(url, folder)
    return url


@pytest.fixture(scope="session")
def people(e2e_database_url: str, courses: list[tuple[str, CourseSpec]]) -> People:
    """A trainer of every course, an administrator, and a trainee part-way through the first
    course, in the live server's database; ``people.add`` makes more."""
    people = People(e2e_database_url, secret_key=SECRET_KEY)
    people.set_up_teaching(courses)
    return people


@pytest.fixture(scope="session")
def e2e_database(e2e_database_url: str) -> Iterator[Database]:
    """The live server's database, for a test to set up what no page can (sessions commit)."""
    database = Database(e2e_database_url)
    yield database
    database.dispose()


@dataclass(frozen=True)
class SeededQuiz:
    """Where a quiz made for one test is: plain values that outlive the session that made it."""

    course_slug: str
    course_title: str
    slug: str
    title: str

    @property
    def path(self) -> str:
        return f"/courses/{self.course_slug}/quizzes/{self.slug}"


_quiz_courses = itertools.count(1)


@pytest.fixture
def make_quiz(e2e_database: Database) -> Callable[..., SeededQuiz]:
    """``make_quiz(questions=[spec dicts], enrolled=[people], **quiz file fields)``: a course of
    its own in the live server's database, holding one quiz that asks ``questions`` in order
    (``q1``, ``q2``... unless they carry an ``id``), with ``enrolled`` enrolled in it."""

    def make(
        *,
        questions: Sequence[dict[str, Any]],
        enrolled: Sequence[Person] = (),
        slug: str = "check",
        **settings: Any,
    ) -> SeededQuiz:
        number = next(_quiz_courses)
        title = settings.pop("title", "Check your understanding")
        entries = []
        for line, question in enumerate(questions, start=1):
            data = {"id": f"q{line}", **question}
            entries.append(
                BankEntry(data["id"], "Checks", parse_spec(data), Path("bank.yaml"), line)
            )
        quiz_spec = QuizSpec.model_validate(
            {"title": title, "questions": [{"question": e.key} for e in entries], **settings}
        )
        now = utcnow()
        with e2e_database.sessionmaker() as session:
            course_title = f"Quiz practice {number}"
            course = sync_course(
                session, f"quiz-practice-{number}", course_spec(title=course_title), now=now
            ).course
            content = CourseQuizzes(bank=entries, quizzes={slug: quiz_spec})
            question_bank.sync_quizzes(session, course, content, now=now)
            for person in enrolled:
                account = session.scalars(select(Account).filter_by(email=person.email)).one()
                enrolment.enrol(session, account, course, now=now)
            session.commit()
            return SeededQuiz(course.slug, course.title, slug, title)

    return make


@dataclass(frozen=True)
class SeededRoleplay:
    """Where a role-play made for one test is: plain values that outlive its session."""

    course_title: str
    title: str


_roleplay_courses = itertools.count(1)


@pytest.fixture
def make_roleplay(e2e_database: Database, people: People) -> Callable[..., SeededRoleplay]:
    """``make_roleplay(spec, enrolled=[people])``: a course of its own in the live server's
    database, taught by ``people.trainer``, holding one role-play made from ``spec`` (a role-play
    file's dict, see tests/roleplay_specs.py), with ``enrolled`` enrolled in it."""

    def make(spec: dict[str, Any], *, enrolled: Sequence[Person] = ()) -> SeededRoleplay:
        number = next(_roleplay_courses)
        now = utcnow()
        with e2e_database.sessionmaker() as session:

            def account(person: Person) -> Account:
                return session.scalars(select(Account).filter_by(email=person.email)).one()

            course_title = f"Role-play practice {number}"
            course = sync_course(
                session, f"roleplay-practice-{number}", course_spec(title=course_title), now=now
            ).course
            roleplays.sync_roleplays(
                session, course, {"exercise": parse_roleplay_spec(spec)}, now=now
            )
            teaching.assign_trainer(
                session, course, account(people.trainer), actor=account(people.admin), now=now
            )
            for person in enrolled:
                enrolment.enrol(session, account(person), course, now=now)
            session.commit()
            (roleplay,) = roleplays.course_roleplays(session, course)
            return SeededRoleplay(course.title, roleplay.title)

    return make


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory, e2e_database_url: str) -> Iterator[str]:
    """Serve the app on 127.0.0.1 from the e2e database."""
    app = site(e2e_database_url, tmp_path_factory.mktemp("e2e"))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()
    app.extensions["broker_academy"].database.dispose()


def site(database_url: str, folder: Path) -> Flask:
    """The app under test on ``database_url``, mailing into ``folder``."""
    return create_app(
        {
            "LMS_ENV": "testing",
            "LMS_SECRET_KEY": SECRET_KEY,
            "LMS_DATABASE_URL": database_url,
            "LMS_COURSES_PATH": str(REPO_ROOT / "courses"),
            "LMS_MAIL_OUTBOX": str(folder / "outbox"),
            "LMS_ARGON2_TIME_COST": TEST_HASHER.time_cost,
            "LMS_ARGON2_MEMORY_COST": TEST_HASHER.memory_cost,
            "LMS_ARGON2_PARALLELISM": TEST_HASHER.parallelism,
        }
    )


def prepare_database(url: str, folder: Path) -> None:
    """Build the schema through the migrations (their end-to-end run), then import courses/
    with ``lms courses import``, as an administrator sets up a site."""
    database = Database(url)
    try:
        upgrade_schema(database)
    finally:
        database.dispose()
    app = site(url, folder)
    try:
        result = app.test_cli_runner().invoke(args=["lms", "courses", "import"])
    finally:
        app.extensions["broker_academy"].database.dispose()
    if result.exit_code != 0:
        pytest.fail(f"courses import failed:\n{result.output}")


class AccessibilityCheck:
    """Run axe-core on a page's current document, and remember every document the page loaded
    so that a test cannot visit a page without checking it."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.unchecked: list[str] = []
        self.axe = Axe()
        page.on("load", self._loaded)

    def _loaded(self, page: Page) -> None:
        self.unchecked.append(page.url)

    def __call__(self) -> None:
        self.page.wait_for_load_state("load")
        results = self.axe.run(self.page, options=AXE_OPTIONS)
        self.unchecked.clear()
        violations = results.response["violations"]
        assert not violations, describe_violations(self.page.url, violations)


def describe_violations(url: str, violations: list[dict[str, Any]]) -> str:
    """A report a developer can act on: rule, impact, what to do, and which elements."""
    lines = [f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {selector_of(node['target'])}  {summary}")
    return "\n".join(lines)


def selector_of(target: list[Any]) -> str:
    """axe nests selectors for elements inside iframes or shadow roots."""
    return " >>> ".join(
        selector_of(part) if isinstance(part, list) else str(part) for part in target
    )


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    """A fresh browser context (no cookies) on the live server."""
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def open_page(
    browser: Browser, live_server: str
) -> Iterator[Callable[[], tuple[Page, AccessibilityCheck]]]:
    """``open_page()``: one more page in a browser context of its own (someone else signed in
    at the same time), with its axe check; at the end of the test every page it loaded must
    have been checked, as with ``assert_accessible``."""
    opened: list[tuple[BrowserContext, AccessibilityCheck]] = []

    def open_one() -> tuple[Page, AccessibilityCheck]:
        context = browser.new_context(base_url=live_server)
        page = context.new_page()
        page.set_default_timeout(10_000)
        check = AccessibilityCheck(page)
        opened.append((context, check))
        return page, check

    yield open_one
    unchecked = [url for _context, check in opened for url in check.unchecked]
    for context, _check in opened:
        context.close()
    assert not unchecked, f"pages visited without an axe check: {unchecked}"


@pytest.fixture(autouse=True)
def assert_accessible(page: Page) -> Iterator[Callable[[], None]]:
    """Call after reaching each page: fails on any WCAG 2.1 A/AA violation axe finds, and at the
    end of the test on any page that was visited but never checked."""
    check = AccessibilityCheck(page)
    yield check
    assert not check.unchecked, f"pages visited without an axe check: {check.unchecked}"
