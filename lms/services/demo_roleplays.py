"""Demo role-play activity: scenarios played to two endings, written answers, a live session.

Role-plays are found by kind in the course, never by file name, so the demo follows whatever
role-plays the course ships. Each step is skipped when its rows exist, so a second run adds none.
"""

from __future__ import annotations

import secrets
from collections import deque
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.content.roleplays import WrittenSpec
from lms.content.scenarios import Engine, State
from lms.models import (
    Account,
    Course,
    LiveSession,
    Roleplay,
    RoleplayKind,
    ScenarioPlay,
    WrittenSubmission,
)
from lms.services import (
    demo_written_answers,
    enrolment,
    live_sessions,
    roleplays,
    scenario_play,
    written_roleplays,
)
from lms.services.assessment import Marks

SEARCH_LIMIT = 20_000


def first_with_roleplays(session: Session, courses: list[Course]) -> Course | None:
    """The first of ``courses`` that has a published role-play."""
    return next((course for course in courses if roleplays.course_roleplays(session, course)), None)


def act_out(
    session: Session,
    course: Course,
    *,
    trainer: Account,
    busy: Account,
    new: Account,
    cohort: Sequence[Account],
    now: datetime,
) -> int:
    """Give ``course``'s first role-play of each kind demo activity; return the rows added.

    ``busy`` plays the scenario to a passing ending and has a written answer assessed; ``new``
    plays to a failure and waits for an assessment; those of ``cohort`` (every demo trainee) who
    take the course are cast in a live session.
    """
    by_kind: dict[RoleplayKind, Roleplay] = {}
    for roleplay in roleplays.course_roleplays(session, course):
        by_kind.setdefault(roleplay.kind, roleplay)
    enrolled = [
        trainee for trainee in cohort if enrolment.find(session, trainee, course) is not None
    ]
    changes = 0
    scenario = by_kind.get(RoleplayKind.SCENARIO)
    if scenario is not None:
        for trainee, is_passed in ((busy, True), (new, False)):
            if trainee in enrolled:
                changes += play(session, scenario, trainee, is_passed=is_passed, now=now)
    written = by_kind.get(RoleplayKind.WRITTEN)
    if written is not None:
        if busy in enrolled:
            changes += write(session, written, busy, assessor=trainer, now=now)
        if new in enrolled:
            changes += write(session, written, new, assessor=None, now=now)
    live = by_kind.get(RoleplayKind.LIVE)
    if live is not None:
        changes += _schedule(session, live, enrolled, trainer=trainer, now=now)
    return changes


def play(
    session: Session,
    roleplay: Roleplay,
    trainee: Account,
    *,
    is_passed: bool,
    now: datetime,
    floors: Mapping[str, int] | None = None,
    paths: dict[tuple[int, bool], list[str] | None] | None = None,
) -> int:
    """Play the scenario to the nearest ending that passes (or fails), unless already played;
    a pass also reaches ``floors``, the least score on each dimension a pathway asks for.

    ``paths`` keeps the paths found by version and verdict, so that several trainees playing
    the same scenario to the same floors search it once.
    """
    version = roleplay.current_version
    if _has_row(session, ScenarioPlay, roleplay, trainee) or version is None:
        return 0
    known = {} if paths is None else paths
    if (version.id, is_passed) not in known:
        engine = roleplays.engine_of(version)
        known[version.id, is_passed] = path_to(engine, is_passed=is_passed, floors=floors)
    path = known[version.id, is_passed]
    if path is None:
        return 0
    started = scenario_play.start_play(session, roleplay, trainee=trainee, now=now)
    for step, choice_id in enumerate(path):
        scenario_play.choose(session, started, step=step, choice_id=choice_id, now=now)
    return 1


def path_to(
    engine: Engine, *, is_passed: bool, floors: Mapping[str, int] | None = None
) -> list[str] | None:
    """The fewest choices that reach an ending whose verdict is ``is_passed`` (and, for a pass,
    whose scores reach ``floors``); None if there is none among the first SEARCH_LIMIT states."""
    start = engine.start()
    came_from: dict[State, tuple[State, str] | None] = {start: None}
    queue = deque([start])
    while queue and len(came_from) < SEARCH_LIMIT:
        state = queue.popleft()
        if engine.is_ending(state):
            if engine.verdict(state).is_passed is is_passed and _reaches(engine, state, floors):
                return _unwind(came_from, state)
            continue
        for choice in engine.choices(state):
            after = engine.apply(state, choice)
            if after not in came_from:
                came_from[after] = (state, choice.id)
                queue.append(after)
    return None


def _reaches(engine: Engine, state: State, floors: Mapping[str, int] | None) -> bool:
    scores = engine.dimensions(state)
    return all(scores.get(name, 0) >= floor for name, floor in (floors or {}).items())


def _unwind(came_from: dict[State, tuple[State, str] | None], state: State) -> list[str]:
    path: list[str] = []
    step = came_from[state]
    while step is not None:
        state, choice_id = step
        path.append(choice_id)
        step = came_from[state]
    return path[::-1]


def write(
    session: Session,
    roleplay: Roleplay,
    trainee: Account,
    *,
    assessor: Account | None,
    now: datetime,
) -> int:
    """Submit an answer; with ``assessor``, a strong one assessed at the top levels, else a
    first draft awaiting assessment."""
    if _has_row(session, WrittenSubmission, roleplay, trainee):
        return 0
    answers = demo_written_answers.answer_for(roleplay.slug)
    answer = answers.first_draft if assessor is None else answers.strong
    submission = written_roleplays.submit(
        session, roleplay, trainee, number=1, answer=answer, now=now
    )
    if assessor is not None:
        spec = roleplays.written_of(submission.version)
        written_roleplays.assess(
            session, submission, marks=_top_marks(spec), number=1, assessor=assessor, now=now
        )
    return 1


def _top_marks(spec: WrittenSpec) -> Marks:
    criteria = spec.rubric.criteria
    return Marks(
        levels={criterion.id: criterion.levels[-1].id for criterion in criteria},
        comments={criterion.id: "Clear, and each partner can act on it." for criterion in criteria},
        overall_comment="A plan the partners could negotiate from as it stands.",
    )


def _schedule(
    session: Session,
    roleplay: Roleplay,
    trainees: list[Account],
    *,
    trainer: Account,
    now: datetime,
) -> int:
    """Schedule a session that began at the start of this hour, so that the trainer can assess
    its players at once, with the trainees cast as suggested (each outside their own sector where
    the counts allow); only if the role-play has none yet and the trainees can play every party."""
    has_session = session.scalar(
        select(LiveSession.id).where(LiveSession.roleplay_id == roleplay.id).limit(1)
    )
    if has_session is not None or roleplay.current_version is None:
        return 0
    spec = roleplays.live_of(roleplay.current_version)
    if len(spec.parties) > len(trainees):
        return 0
    live_sessions.schedule(
        session,
        roleplay,
        request_key=secrets.token_urlsafe(16),
        scheduled_for=now.replace(minute=0, second=0, microsecond=0),
        casting=live_sessions.suggest_casting(spec, trainees),
        scheduled_by=trainer,
        now=now,
    )
    return 1


def _has_row(
    session: Session,
    model: type[ScenarioPlay] | type[WrittenSubmission],
    roleplay: Roleplay,
    trainee: Account,
) -> bool:
    found = session.scalar(
        select(model.id)
        .where(model.roleplay_id == roleplay.id, model.account_id == trainee.id)
        .limit(1)
    )
    return found is not None
