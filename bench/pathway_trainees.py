"""Many trainees on the shipped accreditation pathway, written in bulk.

Accounts, roles and requirement statuses go in with one executemany each, as an import would:
creating 10,000 accounts one by one through the services (an Argon2 hash each) would take
longer than everything measured. Every account shares one password hash, made beforehand.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from bench.server import REPO_ROOT
from lms.content.pathway_loader import load_pathways
from lms.content.pathway_sync import spec_of, sync_pathway
from lms.content.pathways import AnyRequirement, PathwaySpec
from lms.models import (
    Account,
    AccountRole,
    Pathway,
    RequirementState,
    RequirementStatus,
    Role,
    utcnow,
)

# PasswordHasher().hash("quiet river lantern"), made once: hashing 10,000 times would take minutes.
PASSWORD_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$jTS9IAg5gfiVmV+e6d/1Hg"
    "$8ozERL9CSH9H8i8nX34Dlunir2ZD3jCYKU5iVtuRLbY"
)
FIRST_NAMES = ("Amara", "Bilal", "Chiara", "Dafydd", "Esi", "Farah", "Gethin", "Hana", "Isla")
LAST_NAMES = ("Okafor", "Patel", "Rossi", "Jones", "Mensah", "Haddad", "Evans", "Sato", "Byrne")
# Where a cohort stands, as shares of its trainees: most are working through the foundation
# stage, fewer on the practicum, a few waiting for approval or accredited.
NOT_STARTED = 0.15
FOUNDATION = 0.50
PRACTITIONER = 0.20
ACCREDITED_STAGE = 0.10


def sync_shipped_pathway(session: Session) -> Pathway:
    """Import the pathway of courses/pathways/ through the content sync."""
    [(slug, spec)] = load_pathways(REPO_ROOT / "courses")
    return sync_pathway(session, slug, spec, now=utcnow()).pathway


def add_trainees(session: Session, count: int, *, prefix: str) -> list[int]:
    """Insert ``count`` trainee accounts and return their ids, in insertion order."""
    now = utcnow()
    accounts = [
        {
            "email": f"{prefix}{number}@example.org",
            "display_name": (
                f"{FIRST_NAMES[number % len(FIRST_NAMES)]} "
                f"{LAST_NAMES[number // len(FIRST_NAMES) % len(LAST_NAMES)]} {number}"
            ),
            "password_hash": PASSWORD_HASH,
            "is_active": True,
            "created_at": now,
            "password_changed_at": now,
        }
        for number in range(count)
    ]
    ids = list(
        session.scalars(
            insert(Account).returning(Account.id, sort_by_parameter_order=True), accounts
        )
    )
    session.execute(insert(AccountRole), [{"account_id": id_, "role": Role.TRAINEE} for id_ in ids])
    return ids


def add_statuses(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert requirement statuses made by ``met_rows`` or ``cohort_rows``."""
    if rows:
        session.execute(insert(RequirementStatus), list(rows))


def cohort_rows(pathway: Pathway, account_ids: Sequence[int], *, seed: int) -> list[dict[str, Any]]:
    """Requirement statuses spreading ``account_ids`` across the stages (see the shares above):
    those on a stage have met every earlier stage, part of theirs and are working on the next
    requirement."""
    spec = _spec(pathway)
    chance = random.Random(seed)
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for account_id in account_ids:
        draw = chance.random()
        if draw < NOT_STARTED:
            continue
        if draw < NOT_STARTED + FOUNDATION:
            stage_index = 0
        elif draw < NOT_STARTED + FOUNDATION + PRACTITIONER:
            stage_index = 1
        elif draw < NOT_STARTED + FOUNDATION + PRACTITIONER + ACCREDITED_STAGE:
            stage_index = 2
        else:
            stage_index = len(spec.stages)
        for index, stage in enumerate(spec.stages):
            if index < stage_index:
                rows += _rows(account_id, pathway, stage.slug, stage.requirements, now)
            elif index == stage_index:
                done = chance.randrange(len(stage.requirements))
                rows += _rows(account_id, pathway, stage.slug, stage.requirements[:done], now)
                working = stage.requirements[done]
                rows += _rows(
                    account_id, pathway, stage.slug, [working], now, RequirementState.IN_PROGRESS
                )
    return rows


def met_rows(pathway: Pathway, account_ids: Sequence[int], *, up_to: str) -> list[dict[str, Any]]:
    """Requirement statuses with every requirement met up to and including stage ``up_to``."""
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for stage in _spec(pathway).stages:
        for account_id in account_ids:
            rows += _rows(account_id, pathway, stage.slug, stage.requirements, now)
        if stage.slug == up_to:
            return rows
    raise ValueError(f"the pathway has no stage {up_to!r}")


def _spec(pathway: Pathway) -> PathwaySpec:
    if pathway.current_version is None:
        raise RuntimeError(f"the pathway {pathway.slug!r} has no version")
    return spec_of(pathway.current_version)


def _rows(
    account_id: int,
    pathway: Pathway,
    stage_slug: str,
    requirements: Sequence[AnyRequirement],
    now: datetime,
    state: RequirementState = RequirementState.MET,
) -> list[dict[str, Any]]:
    is_met = state == RequirementState.MET
    return [
        {
            "account_id": account_id,
            "pathway_id": pathway.id,
            "stage_slug": stage_slug,
            "requirement_key": requirement.key,
            "state": state,
            "percent": 100 if is_met else 50,
            "evidence": "",
            "met_at": now if is_met else None,
            "updated_at": now,
        }
        for requirement in requirements
    ]
