"""Role-plays of a course: bringing them in from files, finding them, and reading their specs.

A role-play's file becomes a new version when it changes; plays, submissions and sessions keep
the version they began on, so a fixed typo never rewrites what a trainee already did.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.content.roleplays import (
    AnyRoleplaySpec,
    LiveSpec,
    ScenarioSpec,
    WrittenSpec,
    dump_spec,
    parse_spec,
)
from lms.content.scenarios import Engine
from lms.models import Course, Roleplay, RoleplayKind, RoleplayVersion
from lms.services.errors import NotFound, NotPermitted
from lms.services.question_bank import Change

_PARSED_KEPT = 256
_specs: dict[str, AnyRoleplaySpec] = {}
_engines: dict[str, Engine] = {}


def sync_roleplays(
    session: Session, course: Course, specs: dict[str, AnyRoleplaySpec], *, now: datetime
) -> dict[str, Change]:
    """Bring a course folder's role-plays into the database, keyed by file name.

    Role-plays no longer in the folder are unpublished, never deleted: their plays stay.
    Raises NotPermitted when a file would change the kind of an existing role-play.
    """
    existing = {
        roleplay.slug: roleplay
        for roleplay in session.scalars(select(Roleplay).where(Roleplay.course_id == course.id))
    }
    changes: dict[str, Change] = {}
    for slug, spec in specs.items():
        changes[slug] = _put(session, course, existing.get(slug), slug, spec, now=now)
    for slug, roleplay in existing.items():
        if slug not in specs and roleplay.is_published:
            roleplay.is_published = False
    session.flush()
    return changes


def _put(
    session: Session,
    course: Course,
    roleplay: Roleplay | None,
    slug: str,
    spec: AnyRoleplaySpec,
    *,
    now: datetime,
) -> Change:
    data = dump_spec(spec)
    fingerprint = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    if roleplay is not None and roleplay.kind != spec.kind:
        raise NotPermitted(
            f"role-play '{slug}' is a {roleplay.kind} role-play and cannot become a {spec.kind} "
            "one: give it a new file name"
        )
    current = roleplay.current_version if roleplay is not None else None
    if roleplay is not None and current is not None and current.content_hash == fingerprint:
        if roleplay.is_published:
            return Change.UNCHANGED
        roleplay.is_published = True
        return Change.UPDATED
    if roleplay is None:
        roleplay = Roleplay(course_id=course.id, slug=slug, kind=RoleplayKind(spec.kind))
        session.add(roleplay)
        change = Change.CREATED
    else:
        change = Change.NEW_VERSION
    roleplay.title = spec.title
    roleplay.module_slug = spec.module
    roleplay.is_published = True
    session.flush()
    number = (current.number if current is not None else 0) + 1
    version = RoleplayVersion(
        roleplay_id=roleplay.id, number=number, spec=data, content_hash=fingerprint, created_at=now
    )
    session.add(version)
    session.flush()
    roleplay.current_version = version
    session.flush()
    return change


def course_roleplays(session: Session, course: Course) -> list[Roleplay]:
    """The published role-plays of a course, in the order of their titles."""
    return list(
        session.scalars(
            select(Roleplay)
            .where(Roleplay.course_id == course.id, Roleplay.is_published)
            .order_by(Roleplay.title, Roleplay.id)
        )
    )


def find_roleplay(session: Session, roleplay_id: int) -> Roleplay:
    """The published role-play ``roleplay_id``. Raises NotFound for an unknown or withdrawn one."""
    roleplay = session.get(Roleplay, roleplay_id)
    if roleplay is None or not roleplay.is_published or roleplay.current_version is None:
        raise NotFound("There is no such role-play.")
    return roleplay


def spec_of(version: RoleplayVersion) -> AnyRoleplaySpec:
    """The validated spec of a version, parsed once per content, not per page."""
    spec = _specs.get(version.content_hash)
    if spec is None:
        if len(_specs) >= _PARSED_KEPT:
            _specs.clear()
        spec = _specs[version.content_hash] = parse_spec(version.spec)
    return spec


def scenario_of(version: RoleplayVersion) -> ScenarioSpec:
    """The spec of a scenario's version. Raises NotFound when the version is another kind."""
    spec = spec_of(version)
    if not isinstance(spec, ScenarioSpec):
        raise NotFound("This role-play is not a branching scenario.")
    return spec


def written_of(version: RoleplayVersion) -> WrittenSpec:
    """The spec of a written role-play's version. Raises NotFound for another kind."""
    spec = spec_of(version)
    if not isinstance(spec, WrittenSpec):
        raise NotFound("This role-play is not a written role-play.")
    return spec


def live_of(version: RoleplayVersion) -> LiveSpec:
    """The spec of a live role-play's version. Raises NotFound for another kind."""
    spec = spec_of(version)
    if not isinstance(spec, LiveSpec):
        raise NotFound("This role-play is not a live role-play.")
    return spec


def engine_of(version: RoleplayVersion) -> Engine:
    """The engine of a scenario version, kept so its explored state graph is computed once."""
    engine = _engines.get(version.content_hash)
    if engine is None:
        if len(_engines) >= _PARSED_KEPT:
            _engines.clear()
        engine = _engines[version.content_hash] = Engine(scenario_of(version))
    return engine
