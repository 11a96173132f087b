"""Demo data to try the academy with: known accounts, a trainer for every course, some progress,
role-play activity and trainees at each stage of the accreditation pathway.

The passwords are published, so this is for development machines only (the CLI refuses elsewhere).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.models import Account, Course, Enrolment, Lesson, Role, Sector
from lms.services import (
    accounts,
    demo_accreditation,
    demo_roleplays,
    enrolment,
    progress,
    teaching,
)
from lms.services.credential_issuer import Issuer
from lms.services.demo_practicum import Staff

LESSONS_COMPLETED = 2


@dataclass(frozen=True)
class DemoAccount:
    """A demo account as it is created: fixed email, name, roles, demo-only password, and the
    sector a trainee works in (live role-plays cast them as parties of another)."""

    email: str
    display_name: str
    roles: tuple[Role, ...]
    password: str
    sector: Sector | None = None


ADMIN = DemoAccount(
    "admin@demo.broker-academy.org", "Ada Admin", (Role.ADMIN,), "demo-oversee-2026"
)
TRAINER = DemoAccount(
    "trainer@demo.broker-academy.org", "Tomás Trainer", (Role.TRAINER,), "demo-coach-2026"
)
BUSY_TRAINEE = DemoAccount(
    "amina@demo.broker-academy.org",
    "Amina Trainee",
    (Role.TRAINEE,),
    "demo-trainee-2026",
    Sector.CIVIL_SOCIETY,
)
NEW_TRAINEE = DemoAccount(
    "jonas@demo.broker-academy.org",
    "Jonas Trainee",
    (Role.TRAINEE,),
    "demo-trainee-2026",
    Sector.BUSINESS,
)
UN_TRAINEE = DemoAccount(
    "lucia@demo.broker-academy.org",
    "Lucía Trainee",
    (Role.TRAINEE,),
    "demo-trainee-2026",
    Sector.UN,
)
GOVERNMENT_TRAINEE = DemoAccount(
    "wei@demo.broker-academy.org",
    "Wei Trainee",
    (Role.TRAINEE,),
    "demo-trainee-2026",
    Sector.GOVERNMENT,
)
# They take one course, the one with role-plays, so that with the busy trainee they can play
# every party of a live role-play with four.
NEW_TRAINEES = (NEW_TRAINEE, UN_TRAINEE, GOVERNMENT_TRAINEE)
DEMO_TRAINEES = (BUSY_TRAINEE, *NEW_TRAINEES)
EXAMINER = DemoAccount(
    "examiner@demo.broker-academy.org", "Esi Examiner", (Role.TRAINER,), "demo-assess-2026"
)
# One trainee at each stage of the accreditation pathway, in the order of the stages.
FOUNDATION_TRAINEE = DemoAccount(
    "farah@demo.broker-academy.org",
    "Farah Trainee",
    (Role.TRAINEE,),
    "demo-trainee-2026",
    Sector.BUSINESS,
)
APPLICANT_TRAINEE = DemoAccount(
    "tomas@demo.broker-academy.org",
    "Tomás Trainee",
    (Role.TRAINEE,),
    "demo-trainee-2026",
    Sector.GOVERNMENT,
)
PRACTICUM_TRAINEE = DemoAccount(
    "kwame@demo.broker-academy.org",
    "Kwame Trainee",
    (Role.TRAINEE,),
    "demo-trainee-2026",
    Sector.CIVIL_SOCIETY,
)
EXAMINED_TRAINEE = DemoAccount(
    "sofia@demo.broker-academy.org",
    "Sofia Trainee",
    (Role.TRAINEE,),
    "demo-trainee-2026",
    Sector.UN,
)
MODERATED_TRAINEE = DemoAccount(
    "leila@demo.broker-academy.org",
    "Leila Trainee",
    (Role.TRAINEE,),
    "demo-trainee-2026",
    Sector.BUSINESS,
)
ACCREDITED_TRAINEE = DemoAccount(
    "niamh@demo.broker-academy.org",
    "Niamh Trainee",
    (Role.TRAINEE,),
    "demo-trainee-2026",
    Sector.GOVERNMENT,
)
PATHWAY_TRAINEES = (
    FOUNDATION_TRAINEE,
    APPLICANT_TRAINEE,
    PRACTICUM_TRAINEE,
    EXAMINED_TRAINEE,
    MODERATED_TRAINEE,
    ACCREDITED_TRAINEE,
)
DEMO_ACCOUNTS = (ADMIN, TRAINER, *DEMO_TRAINEES, EXAMINER, *PATHWAY_TRAINEES)


@dataclass(frozen=True)
class DemoResult:
    """What one run did: the accounts it created, the courses it found, the other rows it added
    (``roleplay_changes`` of them role-play activity)."""

    created: tuple[DemoAccount, ...]
    courses: tuple[Course, ...]
    changes: int
    roleplay_changes: int = 0
    has_pathway: bool = False
    pathway_changes: int = 0

    @property
    def is_unchanged(self) -> bool:
        return not self.created and self.changes == 0


def create_demo_data(
    session: Session,
    *,
    hasher: PasswordHasher,
    issuer: Issuer,
    base_url: str,
    now: datetime,
) -> DemoResult:
    """Create whatever demo data is missing and leave the rest alone, so a second run adds nothing.

    The trainer teaches every published course; the busy trainee takes every one of them with
    the first lessons done, the new trainees take the first one (by title) with role-plays, or
    the first one. They then have role-play activity in the courses they take. Once the
    accreditation pathway is imported, the pathway trainees reach their stages of it, the
    accredited one holding certificates signed by ``issuer`` that point to ``base_url``.
    """
    found: dict[str, Account] = {}
    created: list[DemoAccount] = []
    for demo in DEMO_ACCOUNTS:
        account = session.scalars(select(Account).where(Account.email == demo.email)).one_or_none()
        if account is None:
            account = accounts.create_account(
                session,
                email=demo.email,
                display_name=demo.display_name,
                password=demo.password,
                roles=demo.roles,
                hasher=hasher,
                now=now,
                actor=found.get(ADMIN.email),
            )
            if demo.sector is not None:
                accounts.set_sector(session, account, demo.sector)
            created.append(demo)
        found[demo.email] = account
    admin, trainer, busy, new = (
        found[demo.email] for demo in (ADMIN, TRAINER, BUSY_TRAINEE, NEW_TRAINEE)
    )
    courses = list(
        session.scalars(
            select(Course).where(Course.current_version_id.is_not(None)).order_by(Course.title)
        )
    )
    changes = sum(_teach_and_take(session, course, admin, trainer, busy, now) for course in courses)
    new_trainees = [found[demo.email] for demo in NEW_TRAINEES]
    newcomers = [trainee for trainee in new_trainees if not _takes_any_course(session, trainee)]
    if courses and newcomers:
        first = demo_roleplays.first_with_roleplays(session, courses) or courses[0]
        for trainee in newcomers:
            enrolment.enrol(session, trainee, first, now=now)
        changes += len(newcomers)
    cohort = [found[demo.email] for demo in DEMO_TRAINEES]
    roleplay_changes = sum(
        demo_roleplays.act_out(
            session, course, trainer=trainer, busy=busy, new=new, cohort=cohort, now=now
        )
        for course in courses
    )
    pathway = demo_accreditation.find_pathway(session)
    pathway_changes = 0
    if pathway is not None:
        staff = Staff(admin, trainer, found[EXAMINER.email])
        trainees = demo_accreditation.Trainees(*(found[demo.email] for demo in PATHWAY_TRAINEES))
        pathway_changes = demo_accreditation.walk_pathway(
            session, pathway, trainees, staff=staff, issuer=issuer, base_url=base_url, now=now
        )
    session.flush()
    return DemoResult(
        tuple(created),
        tuple(courses),
        changes + roleplay_changes + pathway_changes,
        roleplay_changes,
        has_pathway=pathway is not None,
        pathway_changes=pathway_changes,
    )


def _teach_and_take(
    session: Session,
    course: Course,
    admin: Account,
    trainer: Account,
    trainee: Account,
    now: datetime,
) -> int:
    """Have ``trainer`` teach ``course`` and ``trainee`` take it; return the number of changes."""
    changes = 0
    if trainer not in course.trainers:
        teaching.assign_trainer(session, course, trainer, actor=admin, now=now)
        changes += 1
    if enrolment.find(session, trainee, course) is None:
        enrolment.enrol(session, trainee, course, now=now)
        for slug in _first_lesson_slugs(session, course):
            progress.complete_lesson(session, trainee, course, slug, now=now)
        changes += 1
    return changes


def _first_lesson_slugs(session: Session, course: Course) -> Sequence[str]:
    return session.scalars(
        select(Lesson.slug)
        .where(Lesson.version_id == course.current_version_id)
        .order_by(Lesson.position)
        .limit(LESSONS_COMPLETED)
    ).all()


def _takes_any_course(session: Session, account: Account) -> bool:
    return (
        session.scalar(select(Enrolment.id).where(Enrolment.account_id == account.id).limit(1))
        is not None
    )
