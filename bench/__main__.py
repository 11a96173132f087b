"""``python -m bench [pages] [grading] [spike] [roleplays] [cohort] [certificates] [refresh]``
(all seven by default): throughput of the trainee dashboard and of a lesson page as ratios
against a signed-in baseline page, and what signing in costs; quiz grading throughput
(bench/grading.py); 200 trainees finishing a quiz at once (bench/spike.py); the scenario play and
debrief pages against the lesson page (bench/roleplays.py); the cohort report of 10,000 trainees
against 1,000 (bench/cohort.py); certificates issued per second against signing alone
(bench/certificates.py); and the recompute a pathway import runs, for 1,000 people against 100
(bench/refresh.py).

The baseline, ``/account``, goes through the same sign-in, session and layout as the pages but
loads one row (the account), so a ratio shows what the page's own work costs. Exits 1 when a
page, grading, the cohort report, issuing or the recompute is below its goal, or when the spike
lost or duplicated a submission.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from argon2 import PasswordHasher

from bench import certificates, cohort, grading, refresh, roleplays, spike
from bench.client import Client
from bench.measure import (
    CLIENT_THREADS,
    ROUND_SECONDS,
    Page,
    Pair,
    fastest_seconds,
    interleaved_pairs,
    report_page,
    signed_in_cookies,
    throughput,
)
from bench.server import WORKERS, Trainee, environment, gunicorn, prepare_database

BASELINE_PATH = "/account"
CYCLES = 9
WARM_UP_SECONDS = 1.0
LOGIN_SAMPLES = 9
LATENCY_SAMPLES = 20
PARTS = ("pages", "grading", "spike", "roleplays", "cohort", "certificates", "refresh")


def main(arguments: Sequence[str]) -> int:
    parts = arguments or PARTS
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        print(f"usage: python -m bench [{'] ['.join(PARTS)}]; unknown: {', '.join(unknown)}")
        return 2
    runs = {
        "pages": run_pages,
        "grading": grading.run,
        "spike": spike.run,
        "roleplays": roleplays.run,
        "cohort": cohort.run,
        "certificates": certificates.run,
        "refresh": refresh.run,
    }
    passed = []
    with tempfile.TemporaryDirectory(prefix="lms-bench-") as temporary:
        for part in PARTS:
            if part in parts:
                passed.append(runs[part](Path(temporary)))
                print()
    return 0 if all(passed) else 1


def run_pages(folder: Path) -> bool:
    """Measure the pages against the baseline and print them; return whether all meet goals."""
    env = environment(folder)
    print("Preparing a fresh SQLite database: migrations, courses/, one trainee …")
    trainee = prepare_database(env)
    pages = [Page("dashboard", "/", 0.35), Page("lesson", trainee.lesson_path, 0.45)]
    with gunicorn(env, folder / "gunicorn.log") as port:
        cookies = signed_in_cookies(port, trainee.email, trainee.password)
        pairs, client_cpu = measure_pages(port, cookies, pages)
        login_line = login_cost(port, cookies, trainee)
    print()
    passed = [report_page(page, pairs[page.name], BASELINE_PATH) for page in pages]
    print(login_line)
    print(
        f"context: {os.cpu_count()} CPUs shared by {WORKERS} gunicorn workers and this client, "
        f"which used {client_cpu:.0%} of one CPU (a busy client pulls the ratios towards 1)"
    )
    return all(passed)


def measure_pages(
    port: int, cookies: dict[str, str], pages: Sequence[Page]
) -> tuple[dict[str, list[Pair]], float]:
    """Warm every worker up, then run the interleaved pairs; also return the share of one CPU
    this client used, to tell whether the client rather than the server set the pace."""
    for path in (BASELINE_PATH, *(page.path for page in pages)):
        throughput(port, cookies, path, WARM_UP_SECONDS)
    print(
        f"Measuring: gunicorn -w {WORKERS}, {CLIENT_THREADS} client threads, "
        f"{CYCLES} interleaved pairs of {ROUND_SECONDS:.0f} s rounds per page …"
    )
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    pairs = interleaved_pairs(port, cookies, BASELINE_PATH, pages, CYCLES)
    client_cpu = (time.process_time() - cpu_started) / (time.perf_counter() - wall_started)
    return pairs, client_cpu


def login_cost(port: int, cookies: dict[str, str], trainee: Trainee) -> str:
    """Compare one sign-in (the POST alone) with one baseline request, and show how much of it
    is Argon2, timed here on the same hash: the part that is slow on purpose. Each figure is the
    fastest of several runs."""
    login = min(sign_in_seconds(port, trainee) for _ in range(LOGIN_SAMPLES))
    client = Client(port, cookies)
    try:
        baseline = fastest_seconds(lambda: client.get(BASELINE_PATH), LATENCY_SAMPLES)
    finally:
        client.close()
    hasher = PasswordHasher()
    argon2 = fastest_seconds(
        lambda: hasher.verify(trainee.password_hash, trainee.password), LOGIN_SAMPLES
    )
    return (
        f"login ≈ {login * 1000:.0f} ms, of which argon2 ≈ {argon2 * 1000:.0f} ms "
        f"({argon2 / login:.0%}); one {BASELINE_PATH} request ≈ {baseline * 1000:.1f} ms, "
        f"so a sign-in costs ≈ {login / baseline:.0f} baseline requests"
    )


def sign_in_seconds(port: int, trainee: Trainee) -> float:
    client = Client(port)
    try:
        return client.sign_in(trainee.email, trainee.password)
    finally:
        client.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
