"""Throughput rounds and latency samples against the running app."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.client import Client

CLIENT_THREADS = 4
ROUND_SECONDS = 2.0
# Bounds every loop even if the clock misbehaves: far more than a client manages in a round.
MAX_REQUESTS_PER_CLIENT = 100_000


@dataclass(frozen=True)
class Page:
    """A page measured against the baseline; ``goal`` is the lowest acceptable ratio."""

    name: str
    path: str
    goal: float


@dataclass(frozen=True)
class Pair:
    """Requests per second of a baseline round and of the page round right after it."""

    baseline: float
    page: float

    @property
    def ratio(self) -> float:
        return self.page / self.baseline


def throughput(port: int, cookies: dict[str, str], path: str, seconds: float) -> float:
    """Requests per second ``CLIENT_THREADS`` signed-in clients get from ``path`` in ``seconds``.

    Any answer but 200 aborts the run: a redirect to the sign-in page would otherwise be
    measured as if it were the page.
    """
    deadline = time.perf_counter() + seconds
    counts = [0] * CLIENT_THREADS
    failures: list[str] = []

    def visit(index: int) -> None:
        client = Client(port, cookies)
        try:
            for _ in range(MAX_REQUESTS_PER_CLIENT):
                if time.perf_counter() >= deadline:
                    return
                status = client.get(path).status
                if status != 200:
                    failures.append(f"GET {path} answered HTTP {status}")
                    return
                counts[index] += 1
        except OSError as error:
            failures.append(f"GET {path} failed: {error!r}")
        finally:
            client.close()

    threads = [threading.Thread(target=visit, args=(index,)) for index in range(CLIENT_THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError(failures[0])
    return sum(counts) / elapsed


def interleaved_pairs(
    port: int, cookies: dict[str, str], baseline_path: str, pages: Sequence[Page], cycles: int
) -> dict[str, list[Pair]]:
    """Run A B1 A B2 A B1 A B2 …: each page round right after a baseline round, so a machine
    that speeds up or slows down during the run shifts both sides of every ratio alike."""
    pairs: dict[str, list[Pair]] = {page.name: [] for page in pages}
    for _ in range(cycles):
        for page in pages:
            baseline = throughput(port, cookies, baseline_path, ROUND_SECONDS)
            measured = throughput(port, cookies, page.path, ROUND_SECONDS)
            pairs[page.name].append(Pair(baseline, measured))
    return pairs


def fastest_seconds(action: Callable[[], object], times: int) -> float:
    """Shortest wall time of ``action`` over ``times`` sequential runs: on a busy machine noise
    only ever adds time, so the fastest run is the best estimate of the action's own cost."""
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return min(samples)


def signed_in_cookies(port: int, email: str, password: str) -> dict[str, str]:
    """Sign in once through the real form; every measuring client reuses the cookies."""
    client = Client(port)
    try:
        client.sign_in(email, password)
        return client.cookies
    finally:
        client.close()


def report_page(page: Page, pairs: Sequence[Pair], baseline_path: str) -> bool:
    """Print the median of the pair ratios against the goal; return whether it is met."""
    ratio = statistics.median(pair.ratio for pair in pairs)
    is_met = ratio >= page.goal
    baseline = statistics.median(pair.baseline for pair in pairs)
    measured = statistics.median(pair.page for pair in pairs)
    low, high = min(pair.ratio for pair in pairs), max(pair.ratio for pair in pairs)
    print(
        f"{page.name:<10} {ratio:.2f}× baseline (goal ≥ {page.goal:.2f}×) "
        f"{'PASS' if is_met else 'BELOW'}   pairs {low:.2f}–{high:.2f}×; "
        f"{measured:.0f} req/s against {baseline:.0f} req/s for {baseline_path}   "
        f"[{page.path}]"
    )
    return is_met
