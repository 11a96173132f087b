"""Cohort report: ``cohort_report.report`` for 10,000 trainees on the shipped pathway, counted
in the database, against the same report for 1,000 trainees and a plain count of the requirement
statuses, interleaved in the same run.

Each cohort has a database of its own (the report covers every trainee of a database), spread
across the stages as a real cohort would be. The ratio of the two reports shows how the report
scales: 10× the trainees should cost at most about 10× the time, and the same SQL statements.
Every report runs in a session of its own, as a request would. On SQLite, then on a throwaway
PostgreSQL database when one answers.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bench.measure import fastest_seconds
from bench.pathway_trainees import add_statuses, add_trainees, cohort_rows, sync_shipped_pathway
from bench.spike import POSTGRES_ADMIN_URL, postgres_database
from lms.db import Database, upgrade_schema
from lms.models import Pathway, RequirementStatus
from lms.services import cohort_report

SMALL = 1_000
LARGE = 10_000
ROUNDS = 7
SAMPLES = 3
# Linear would be 10×; the report sorts every trainee by name, so allow a little more.
SCALING_GOAL = 12.0


@dataclass(frozen=True)
class Cohort:
    """A database holding one cohort on the pathway."""

    database: Database
    pathway_id: int
    trainees: int
    statuses: int


@dataclass(frozen=True)
class Round:
    """Fastest seconds of the baseline count and of each report, measured one after another."""

    count: float
    small: float
    large: float

    @property
    def ratio(self) -> float:
        return self.large / self.small


def run(folder: Path) -> bool:
    """Measure on SQLite, then on PostgreSQL if reachable; True when every goal is met."""
    print(f"Cohort report: {LARGE:,} trainees against {SMALL:,}, on the shipped pathway …")
    sqlite_urls = [f"sqlite:///{folder / f'cohort-{size}.sqlite3'}" for size in (SMALL, LARGE)]
    passed = [measure_backend("SQLite", sqlite_urls[0], sqlite_urls[1])]
    admin_url = os.environ.get("LMS_BENCH_POSTGRES_URL", POSTGRES_ADMIN_URL)
    with ExitStack() as stack:
        try:
            small_url = stack.enter_context(postgres_database(admin_url))
            large_url = stack.enter_context(postgres_database(admin_url))
        except OperationalError as error:
            reason = str(error.orig or error).strip().splitlines()[0]
            address = make_url(admin_url).render_as_string(hide_password=True)
            print(
                f"{'cohort PostgreSQL':<18} SKIPPED: no PostgreSQL at {address} ({reason}); "
                "set LMS_BENCH_POSTGRES_URL to use another server"
            )
        else:
            passed.append(measure_backend("PostgreSQL", small_url, large_url))
    return all(passed)


def measure_backend(backend: str, small_url: str, large_url: str) -> bool:
    """Prepare both cohorts, interleave the rounds and print the result lines."""
    small = prepare(Database(small_url), SMALL)
    large = prepare(Database(large_url), LARGE)
    try:
        rounds = []
        for _ in range(ROUNDS):
            rounds.append(
                Round(
                    fastest_seconds(lambda: count_statuses(large), SAMPLES),
                    fastest_seconds(lambda: one_report(small), SAMPLES),
                    fastest_seconds(lambda: one_report(large), SAMPLES),
                )
            )
        statements = (statements_of(small), statements_of(large))
    finally:
        small.database.dispose()
        large.database.dispose()
    return report(backend, large, rounds, statements)


def prepare(database: Database, trainees: int) -> Cohort:
    """Migrate, import the pathway and add ``trainees`` trainees spread across its stages."""
    upgrade_schema(database)
    with database.sessionmaker() as session:
        pathway = sync_shipped_pathway(session)
        ids = add_trainees(session, trainees, prefix="cohort")
        rows = cohort_rows(pathway, ids, seed=trainees)
        add_statuses(session, rows)
        session.commit()
        if database.engine.dialect.name == "postgresql":
            # A live server has statistics from autovacuum; a freshly filled one has none yet.
            session.execute(text("ANALYZE"))
        return Cohort(database, pathway.id, trainees, len(rows))


def one_report(cohort: Cohort) -> None:
    """Load the pathway and build the report's first page; refuse a report with wrong totals."""
    with cohort.database.sessionmaker() as session:
        pathway = session.get(Pathway, cohort.pathway_id)
        if pathway is None:
            raise RuntimeError(f"pathway {cohort.pathway_id} vanished")
        result = cohort_report.report(session, pathway)
    if result.trainees.total != cohort.trainees or any(
        counts.completed + counts.in_progress + counts.not_started != cohort.trainees
        for counts in result.stages
    ):
        raise RuntimeError(f"the report of {cohort.trainees} trainees counted them wrongly")


def count_statuses(cohort: Cohort) -> None:
    """The baseline: ``SELECT count(*)`` over every requirement status, in a session."""
    with cohort.database.sessionmaker() as session:
        session.scalar(select(func.count()).select_from(RequirementStatus))


def statements_of(cohort: Cohort) -> int:
    """The SQL statements one report sends, pathway loading included."""
    statements = 0

    def count(*_args: object) -> None:
        nonlocal statements
        statements += 1

    engine = cohort.database.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        one_report(cohort)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return statements


def report(backend: str, large: Cohort, rounds: list[Round], statements: tuple[int, int]) -> bool:
    """Print the scaling against its goal and the statement counts; True when both are met."""

    def median(part: Callable[[Round], float]) -> float:
        return statistics.median(part(item) for item in rounds)

    ratio = median(lambda item: item.ratio)
    is_met = ratio <= SCALING_GOAL and statements[0] == statements[1]
    low, high = min(item.ratio for item in rounds), max(item.ratio for item in rounds)
    large_ms, small_ms = (
        median(lambda item: item.large) * 1000,
        median(lambda item: item.small) * 1000,
    )
    count_ms = median(lambda item: item.count) * 1000
    verdict = "PASS" if is_met else "BELOW"
    equal = "" if statements[0] == statements[1] else " (must be equal)"
    print(
        f"{'cohort ' + backend:<18} {ratio:.1f}× the time for {LARGE // SMALL}× the trainees "
        f"(goal ≤ {SCALING_GOAL:.0f}×) {verdict}   rounds {low:.1f}–{high:.1f}×; "
        f"{large_ms:.0f} ms for {LARGE:,} trainees against {small_ms:.0f} ms for {SMALL:,}"
    )
    print(
        f"{'':<18} SQL statements per report: {statements[0]} at {SMALL:,} trainees, "
        f"{statements[1]} at {LARGE:,}{equal}; "
        f"baseline SELECT count(*) of the {large.statuses:,} statuses ≈ {count_ms:.1f} ms, "
        f"so one report at {LARGE:,} ≈ {large_ms / count_ms:.0f} counts"
    )
    return is_met
