"""Run the same request body in several threads at once, each with its own session."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from lms.db import Database

ResultT = TypeVar("ResultT")


def run_concurrently(
    database: Database, work: Callable[[Session], ResultT], *, times: int
) -> list[ResultT]:
    """Start ``work`` in ``times`` threads released together; each commits its own session.

    Returns every thread's result; an exception in any thread fails the caller.
    """
    barrier = threading.Barrier(times)

    def one_request() -> Any:
        with database.sessionmaker() as session:
            barrier.wait(timeout=10)
            result = work(session)
            session.commit()
            return result

    with ThreadPoolExecutor(max_workers=times) as pool:
        futures = [pool.submit(one_request) for _ in range(times)]
        return [future.result(timeout=60) for future in futures]
