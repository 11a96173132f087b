"""A spike: 200 trainees finish the same quiz at the same moment, against gunicorn, on SQLite and
on PostgreSQL when a server answers. Reports p50/p95 latency and checks in the database that
every submission was recorded exactly once; then replays every form (a double click, a
resubmitted page) and checks that nothing changed.

Accounts, attempts and saved answers are prepared through the services, and every trainee signs
in through the real form before the spike, with a cheap Argon2 cost set for this server alone
(sign-in cost is measured by the pages benchmark), so the spike measures submission only.
"""

from __future__ import annotations

import os
import secrets
import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from argon2 import PasswordHasher
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bench.client import CSRF_META, Client
from bench.mixed_quiz import EXPECTED_MARK, EXPECTED_PERCENT, FormValues, add_quiz, page_form
from bench.server import WORKERS, environment, gunicorn
from lms.db import Database, upgrade_schema
from lms.models import Attempt, QuizGrade, utcnow
from lms.services import accounts, attempts, enrolment, quizzes

TRAINEES = 200
QUESTIONS_PER_PAGE = 5
PASSWORD = "quiet river lantern"
CHEAP_ARGON2 = {
    "LMS_ARGON2_TIME_COST": 1,
    "LMS_ARGON2_MEMORY_COST": 1024,
    "LMS_ARGON2_PARALLELISM": 1,
}
SIGN_IN_THREADS = 4
# A PostgreSQL server's maintenance database; LMS_BENCH_POSTGRES_URL names another.
POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Trainee:
    """One trainee of the spike: their in-progress attempt and the finish form of its last page."""

    email: str
    attempt_id: int
    finish_path: str
    page_path: str
    form: FormValues


@dataclass(frozen=True)
class Browser:
    """A signed-in trainee's cookies and the CSRF token of the page they have open."""

    client: Client
    csrf_token: str


@dataclass(frozen=True)
class Reply:
    status: int
    location: str | None
    seconds: float


@dataclass(frozen=True)
class Record:
    """What the database holds for the spike quiz afterwards."""

    attempts: int
    finished: int
    duplicated: int
    marks_right: int
    grades: int
    grades_right: int


def run(folder: Path) -> bool:
    """Run the spike on SQLite, then on PostgreSQL if reachable; True if nothing was lost."""
    print(f"Spike: {TRAINEES} signed-in trainees finish the same quiz at once …")
    is_recorded = [spike("SQLite", "sqlite:///" + str(folder / "spike.sqlite3"), folder)]
    admin_url = os.environ.get("LMS_BENCH_POSTGRES_URL", POSTGRES_ADMIN_URL)
    with ExitStack() as stack:
        try:
            url = stack.enter_context(postgres_database(admin_url))
        except OperationalError as error:
            reason = str(error.orig or error).strip().splitlines()[0]
            address = make_url(admin_url).render_as_string(hide_password=True)
            print(
                f"{'spike PostgreSQL':<18} SKIPPED: no PostgreSQL at {address} ({reason}); "
                "set LMS_BENCH_POSTGRES_URL to use another server"
            )
        else:
            is_recorded.append(spike("PostgreSQL", url, folder))
    return all(is_recorded)


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    """A throwaway database on the server of ``admin_url``, dropped afterwards; raises
    OperationalError when no server answers."""
    name = f"lms_bench_{os.getpid()}_{secrets.token_hex(3)}"
    server = create_engine(
        admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )
    try:
        with server.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield (make_url(admin_url).set(database=name).render_as_string(hide_password=False))
        finally:
            with server.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        server.dispose()


def spike(backend: str, url: str, folder: Path) -> bool:
    """Prepare, serve, sign everyone in, release the finishes and then their replay; report."""
    env = environment(folder) | {"LMS_DATABASE_URL": url}
    env |= {key: str(value) for key, value in CHEAP_ARGON2.items()}
    quiz_id, trainees = prepare(url)
    log = folder / f"gunicorn-spike-{backend.lower()}.log"
    with gunicorn(env, log) as port:
        browsers = sign_in_all(port, trainees)
        try:
            replies = submit_at_once(browsers, trainees)
            replays = submit_at_once(browsers, trainees)
        finally:
            for browser in browsers:
                browser.client.close()
    is_ok = report(backend, trainees, replies, replays, recorded(url, quiz_id))
    if not is_ok:
        print(f"gunicorn's log ends:\n{log.read_text()[-4000:]}")
    return is_ok


def prepare(url: str) -> tuple[int, list[Trainee]]:
    """Migrate; add the quiz; enrol every trainee and start their attempt with every answer
    saved and the last page open, as a trainee about to finish has."""
    database = Database(url)
    hasher = PasswordHasher(
        time_cost=CHEAP_ARGON2["LMS_ARGON2_TIME_COST"],
        memory_cost=CHEAP_ARGON2["LMS_ARGON2_MEMORY_COST"],
        parallelism=CHEAP_ARGON2["LMS_ARGON2_PARALLELISM"],
    )
    trainees = []
    try:
        upgrade_schema(database)
        with database.sessionmaker() as session:
            quiz = add_quiz(session, slug="spike", questions_per_page=QUESTIONS_PER_PAGE)
            for number in range(TRAINEES):
                now = utcnow()
                email = f"spike{number}@example.org"
                account = accounts.create_account(
                    session,
                    email=email,
                    display_name=f"Spike trainee {number}",
                    password=PASSWORD,
                    hasher=hasher,
                    now=now,
                )
                enrolment.enrol(session, account, quiz.course, now=now)
                attempt = quizzes.start_attempt(session, quiz, trainee=account, now=now)
                items = list(attempt.items)
                last = max(item.page for item in items)
                attempts.save_page(session, attempt, page=last, values=page_form(items), now=now)
                trainees.append(
                    Trainee(
                        email=email,
                        attempt_id=attempt.id,
                        finish_path=f"/attempts/{attempt.id}/finish",
                        page_path=f"/attempts/{attempt.id}?page={last}",
                        form={"page": [str(last)], **page_form(items, last)},
                    )
                )
            session.commit()
            return quiz.id, trainees
    finally:
        database.dispose()


def sign_in_all(port: int, trainees: Sequence[Trainee]) -> list[Browser]:
    """Sign every trainee in and open their attempt's last page, as the browser each trainee
    presses "Finish attempt" in has."""

    def sign_in(trainee: Trainee) -> Browser:
        client = Client(port)
        client.sign_in(trainee.email, PASSWORD)
        page = client.get(trainee.page_path)
        match = CSRF_META.search(page.body.decode())
        if page.status != 200 or match is None:
            raise RuntimeError(f"{trainee.page_path} answered HTTP {page.status}")
        return Browser(client, match.group(1))

    with ThreadPoolExecutor(max_workers=SIGN_IN_THREADS) as pool:
        return list(pool.map(sign_in, trainees))


def submit_at_once(browsers: Sequence[Browser], trainees: Sequence[Trainee]) -> list[Reply]:
    """Release every trainee's finish POST at the same moment; time each from the release."""
    barrier = threading.Barrier(len(trainees))
    replies: list[Reply | None] = [None] * len(trainees)

    def submit(index: int) -> None:
        trainee, browser = trainees[index], browsers[index]
        form = {"csrf_token": [browser.csrf_token], **trainee.form}
        body = urlencode(form, doseq=True).encode()
        barrier.wait(timeout=60)
        started = time.perf_counter()
        try:
            reply = browser.client.request("POST", trainee.finish_path, body)
            status, location = reply.status, reply.location
        except OSError:
            status, location = 0, None  # no answer at all: counted as a failure
        replies[index] = Reply(status, location, time.perf_counter() - started)

    threads = [threading.Thread(target=submit, args=(index,)) for index in range(len(trainees))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [reply if reply is not None else Reply(0, None, 0.0) for reply in replies]


def recorded(url: str, quiz_id: int) -> Record:
    """Count, in the database, what the submissions left behind."""
    database = Database(url)
    try:
        with database.sessionmaker() as session:
            recorded = session.scalars(select(Attempt).where(Attempt.quiz_id == quiz_id)).all()
            grades = session.scalars(select(QuizGrade).where(QuizGrade.quiz_id == quiz_id)).all()
            per_trainee = Counter(attempt.account_id for attempt in recorded)
            return Record(
                attempts=len(recorded),
                finished=sum(1 for attempt in recorded if attempt.is_finished),
                duplicated=sum(count - 1 for count in per_trainee.values()),
                marks_right=sum(1 for attempt in recorded if attempt.mark == EXPECTED_MARK),
                grades=len(grades),
                grades_right=sum(
                    1
                    for grade in grades
                    if grade.attempts_counted == 1 and grade.percent == EXPECTED_PERCENT
                ),
            )
    finally:
        database.dispose()


def report(
    backend: str,
    trainees: Sequence[Trainee],
    replies: Sequence[Reply],
    replays: Sequence[Reply],
    record: Record,
) -> bool:
    """Print latency and what was recorded; True when every submission was recorded once."""
    count = len(trainees)
    seconds = sorted(reply.seconds for reply in replies)
    p95 = statistics.quantiles(seconds, n=20, method="inclusive")[18]
    reviewed = sum(
        1
        for trainee, reply in zip(trainees, replies, strict=True)
        if reply.status == 302 and (reply.location or "").endswith(f"/{trainee.attempt_id}/review")
    )
    statuses = Counter(reply.status for reply in [*replies, *replays])
    failed = sum(number for status, number in statuses.items() if status >= 500 or status == 0)
    lost = count - record.finished
    is_ok = (
        record.attempts == record.finished == record.marks_right == count
        and record.grades == record.grades_right == count
        and record.duplicated == 0
        and reviewed == count
        and failed == 0
    )
    replayed = statistics.median(reply.seconds for reply in replays)
    print(
        f"{'spike ' + backend:<18} {count} finish POSTs released together: "
        f"p50 {statistics.median(seconds) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {seconds[-1] * 1000:.0f} ms ({count / seconds[-1]:.0f} finishes/s through "
        f"{WORKERS} workers); the same {count} replayed: p50 {replayed * 1000:.0f} ms; "
        f"HTTP {', '.join(f'{status}×{number}' for status, number in sorted(statuses.items()))}"
    )
    print(
        f"{'':<18} recorded: {record.finished}/{count} attempts finished, {record.grades}/{count} "
        f"grades, {lost} lost, {record.duplicated} duplicated, {failed} server errors; "
        f"{record.marks_right} marked {EXPECTED_MARK}/30 and {record.grades_right} graded "
        f"{EXPECTED_PERCENT:.0f}% from one attempt, as answered, after the replay   "
        f"{'EXACTLY ONCE' if is_ok else 'FAILED'}"
    )
    return is_ok
