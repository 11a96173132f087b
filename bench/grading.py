"""Grading throughput: attempts of the 30-question mixed quiz finished and graded per second by
``quizzes.submit_attempt`` on a real SQLite file, as a ratio against saving the same attempts.

The baseline is the request a trainee sends just before finishing: ``attempts.save_page`` with
all 30 answers (it loads the attempt's items with their versions, reads every answer and writes
every item). Each round saves a batch of fresh attempts, then finishes that same batch, so a
machine that speeds up or slows down shifts both sides of a pair alike. Every operation runs in
a session of its own and commits, as a request would.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

from bench.measure import Pair, fastest_seconds
from bench.mixed_quiz import EXPECTED_MARK, QUESTION_COUNT, FormValues, add_quiz, page_form
from lms.db import Database, upgrade_schema
from lms.models import Attempt, utcnow
from lms.services import accounts, attempts, enrolment, grading, quizzes

PAIRS = 7
ATTEMPTS_PER_ROUND = 20
# Finishing writes what saving writes plus the marks, the total and the trainee's grade, so it
# may run somewhat slower than saving; loading each item's question on its own (one query and
# one flush per item) once brought it to 0.25×.
GOAL = 0.4
SCORING_SAMPLES = 20


@dataclass(frozen=True)
class Prepared:
    database: Database
    forms: dict[int, FormValues]  # attempt id -> the form answering all its questions


def run(folder: Path) -> bool:
    """Measure, print one result line and a context line; return whether the goal is met."""
    url = "sqlite:///" + str(folder / "grading.sqlite3")
    print(
        f"Grading: {PAIRS} pairs of {ATTEMPTS_PER_ROUND} attempts, "
        f"{QUESTION_COUNT} mixed questions each, on SQLite …"
    )
    prepared = prepare(Database(url), PAIRS * ATTEMPTS_PER_ROUND)
    try:
        pairs, queries = measure(prepared)
        scoring = scoring_seconds(prepared.database, next(iter(prepared.forms)))
    finally:
        prepared.database.dispose()
    return report(pairs, queries, scoring)


def prepare(database: Database, count: int) -> Prepared:
    """Migrate, add the mixed quiz and start ``count`` attempts, one per trainee (a trainee's
    grade reads all their attempts, so one trainee taking them all would skew the rounds)."""
    upgrade_schema(database)
    forms: dict[int, FormValues] = {}
    with database.sessionmaker() as session:
        quiz = add_quiz(session, slug="grading", questions_per_page=0)
        for number in range(count):
            trainee = accounts.create_account(
                session,
                email=f"grading{number}@example.org",
                display_name=f"Grading trainee {number}",
                password=None,
                now=utcnow(),
            )
            enrolment.enrol(session, trainee, quiz.course, now=utcnow())
            attempt = quizzes.start_attempt(session, quiz, trainee=trainee, now=utcnow())
            forms[attempt.id] = page_form(list(attempt.items))
        session.commit()
    return Prepared(database, forms)


def measure(prepared: Prepared) -> tuple[list[Pair], float]:
    """Interleave save and finish rounds over batches of fresh attempts; also return the SQL
    statements one finish sends, on average."""
    ids = list(prepared.forms)
    pairs = []
    statements = 0

    def count(*_args: object) -> None:
        nonlocal statements
        statements += 1

    def save(session: Session, attempt: Attempt) -> None:
        values = prepared.forms[attempt.id]
        attempts.save_page(session, attempt, page=0, values=values, now=utcnow())

    def finish(session: Session, attempt: Attempt) -> None:
        quizzes.submit_attempt(session, attempt, now=utcnow())

    engine = prepared.database.engine
    for round_number in range(PAIRS):
        batch = ids[round_number * ATTEMPTS_PER_ROUND : (round_number + 1) * ATTEMPTS_PER_ROUND]
        baseline = per_second(prepared.database, batch, save)
        event.listen(engine, "before_cursor_execute", count)
        try:
            measured = per_second(prepared.database, batch, finish)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        check_marks(prepared.database, batch)
        pairs.append(Pair(baseline, measured))
    return pairs, statements / (PAIRS * ATTEMPTS_PER_ROUND)


def per_second(
    database: Database, attempt_ids: Sequence[int], action: Callable[[Session, Attempt], None]
) -> float:
    """Attempts per second ``action`` handles, each in a session of its own that commits."""
    started = time.perf_counter()
    for attempt_id in attempt_ids:
        with database.sessionmaker() as session:
            attempt = session.get(Attempt, attempt_id)
            if attempt is None:
                raise RuntimeError(f"attempt {attempt_id} vanished")
            action(session, attempt)
            session.commit()
    return len(attempt_ids) / (time.perf_counter() - started)


def check_marks(database: Database, attempt_ids: Sequence[int]) -> None:
    """Refuse to report a rate for grading that gave the wrong marks."""
    with database.sessionmaker() as session:
        for attempt_id in attempt_ids:
            attempt = session.get(Attempt, attempt_id)
            if attempt is None or not attempt.is_finished or attempt.mark != EXPECTED_MARK:
                mark = None if attempt is None else attempt.mark
                raise RuntimeError(
                    f"attempt {attempt_id} was graded {mark}, expected {EXPECTED_MARK}"
                )


def scoring_seconds(database: Database, attempt_id: int) -> float:
    """Time scoring alone: every item of one graded attempt, in memory, no SQL."""
    with database.sessionmaker() as session:
        attempt = session.get(Attempt, attempt_id)
        if attempt is None:
            raise RuntimeError(f"attempt {attempt_id} vanished")
        items = list(attempt.items)
        for item in items:
            grading.spec_of(item.question_version)

        def score_all() -> None:
            for item in items:
                grading.outcome_of(item)

        return fastest_seconds(score_all, SCORING_SAMPLES)


def report(pairs: Sequence[Pair], queries: float, scoring: float) -> bool:
    ratio = statistics.median(pair.ratio for pair in pairs)
    is_met = ratio >= GOAL
    baseline = statistics.median(pair.baseline for pair in pairs)
    measured = statistics.median(pair.page for pair in pairs)
    low, high = min(pair.ratio for pair in pairs), max(pair.ratio for pair in pairs)
    print(
        f"{'grading':<10} {ratio:.2f}× baseline (goal ≥ {GOAL:.2f}×) "
        f"{'PASS' if is_met else 'BELOW'}   pairs {low:.2f}–{high:.2f}×; "
        f"{measured:.0f} attempts graded/s against {baseline:.0f} pages of "
        f"{QUESTION_COUNT} answers saved/s   [quizzes.submit_attempt vs attempts.save_page, SQLite]"
    )
    print(
        f"           one finish sends {queries:.0f} SQL statements; scoring its "
        f"{QUESTION_COUNT} answers alone takes {scoring * 1000:.2f} ms"
    )
    return is_met
