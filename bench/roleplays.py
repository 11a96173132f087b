"""Scenario pages: throughput of the play page and of the debrief as ratios against the lesson
page, interleaved in the same run.

The lesson page is the baseline because it is the page a trainee reads between scenarios: it goes
through the same sign-in, enrolment check and layout and renders one stored text. The play page
stands one step before the end of the shortest passing path; the debrief is of that path played
to its end, so it draws the whole path and works out what better paths did differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.measure import (
    CLIENT_THREADS,
    ROUND_SECONDS,
    Page,
    interleaved_pairs,
    report_page,
    signed_in_cookies,
    throughput,
)
from bench.server import TRAINEE_EMAIL, WORKERS, environment, gunicorn, prepare_database
from lms.db import Database
from lms.models import Account, Roleplay, RoleplayKind, utcnow
from lms.services import demo_roleplays, roleplays, scenario_play

CYCLES = 7
WARM_UP_SECONDS = 1.0
# The play page renders one node, its lines and meters, so it should stay close to a lesson;
# the debrief also draws the path as SVG and compares it with the better paths.
PLAY_GOAL = 0.6
DEBRIEF_GOAL = 0.4


@dataclass(frozen=True)
class ScenarioPaths:
    """The pages measured: a play part-way through and the debrief of a finished play."""

    play_path: str
    debrief_path: str


def run(folder: Path) -> bool:
    """Measure the scenario pages against the lesson page; return whether both meet goals."""
    own = folder / "roleplays"
    own.mkdir()
    env = environment(own)
    print("Scenario pages: preparing a fresh SQLite database with a play and a finished play …")
    trainee = prepare_database(env)
    paths = prepare_plays(env["LMS_DATABASE_URL"])
    pages = [
        Page("play", paths.play_path, PLAY_GOAL),
        Page("debrief", paths.debrief_path, DEBRIEF_GOAL),
    ]
    with gunicorn(env, own / "gunicorn.log") as port:
        cookies = signed_in_cookies(port, trainee.email, trainee.password)
        for path in (trainee.lesson_path, *(page.path for page in pages)):
            throughput(port, cookies, path, WARM_UP_SECONDS)
        print(
            f"Measuring: gunicorn -w {WORKERS}, {CLIENT_THREADS} client threads, "
            f"{CYCLES} interleaved pairs of {ROUND_SECONDS:.0f} s rounds per page …"
        )
        pairs = interleaved_pairs(port, cookies, trainee.lesson_path, pages, CYCLES)
    return all([report_page(page, pairs[page.name], trainee.lesson_path) for page in pages])


def prepare_plays(url: str) -> ScenarioPaths:
    """Have the bench trainee play the first scenario twice along its shortest passing path:
    once to one step before the end, once to the end."""
    database = Database(url)
    try:
        with database.sessionmaker() as session:
            trainee = session.scalars(select(Account).where(Account.email == TRAINEE_EMAIL)).one()
            scenario = session.scalars(
                select(Roleplay)
                .where(Roleplay.kind == RoleplayKind.SCENARIO, Roleplay.is_published)
                .order_by(Roleplay.id)
                .limit(1)
            ).one_or_none()
            if scenario is None or scenario.current_version is None:
                raise RuntimeError("courses/ holds no scenario to benchmark")
            engine = roleplays.engine_of(scenario.current_version)
            path = demo_roleplays.path_to(engine, is_passed=True)
            if not path:
                raise RuntimeError(f"the scenario {scenario.slug!r} has no passing path")
            finished = _play(session, scenario, trainee, path)
            unfinished = _play(session, scenario, trainee, path[:-1], restart=True)
            session.commit()
            return ScenarioPaths(f"/plays/{unfinished}", f"/plays/{finished}/debrief")
    finally:
        database.dispose()


def _play(
    session: Session,
    scenario: Roleplay,
    trainee: Account,
    choices: list[str],
    *,
    restart: bool = False,
) -> int:
    play = scenario_play.start_play(
        session, scenario, trainee=trainee, now=utcnow(), restart=restart
    )
    for step, choice_id in enumerate(choices):
        scenario_play.choose(session, play, step=step, choice_id=choice_id, now=utcnow())
    return play.id
