"""Certificate issuance: certificates issued per second by ``certificates.issue`` (PDF and signed
Open Badges 3.0 credential, stored with its audit record) on a real SQLite file, as a ratio
against signing the same credential alone, interleaved in the same run.

Signing (RDFC-1.0 canonicalisation, then Ed25519) is the part of issuing that is slow by its
nature, so it is the baseline; rendering the same PDF alone is timed alongside, so the print
shows what the database work adds. Each round signs a batch, renders a batch, then issues the
foundation award to a batch of fresh trainees who have met its requirements, each issue in a
session of its own that commits, as a request would.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import event, func, select

from bench.pathway_trainees import add_statuses, add_trainees, met_rows, sync_shipped_pathway
from lms.db import Database, upgrade_schema
from lms.models import Account, Certificate, Pathway, utcnow
from lms.services import certificates
from lms.services.certificate_pdf import PrintedCertificate, render_pdf
from lms.services.credential_issuer import Issuer, key_resolver, verification_url
from lms.services.credentials import proofs
from lms.services.credentials.linked_data import DocumentLoader, document_loader

PAIRS = 7
PER_ROUND = 10
STAGE = "foundation"
BASE_URL = "https://academy.example.org"
# Issuing signs once and renders one PDF (about twice as slow as signing), so even with no
# database work it would reach about 0.3× of signing alone; checking eligibility, drawing a
# number and a status index and storing it all may add at most as much again.
GOAL = 0.15


@dataclass(frozen=True)
class Prepared:
    database: Database
    pathway_id: int
    issuer: Issuer
    trainee_ids: list[int]  # met the stage's requirements, no certificate yet
    credential: dict[str, Any]  # as issued to the warm-up trainee, proof included
    printed: PrintedCertificate


@dataclass(frozen=True)
class Round:
    """Per second: credentials signed alone, PDFs rendered alone, certificates issued."""

    sign: float
    pdf: float
    issue: float

    @property
    def ratio(self) -> float:
        return self.issue / self.sign


def run(folder: Path) -> bool:
    """Measure, print the result lines; return whether the goal is met."""
    print(
        f"Certificates: {PAIRS} rounds of {PER_ROUND} issued, signed alone and rendered alone, "
        "on SQLite …"
    )
    prepared = prepare(Database("sqlite:///" + str(folder / "certificates.sqlite3")))
    try:
        rounds, statements = measure(prepared)
        check_issued(prepared)
    finally:
        prepared.database.dispose()
    return report(rounds, statements)


def prepare(database: Database) -> Prepared:
    """Migrate, import the pathway, add trainees who met the stage, and issue one certificate
    to warm up (it records the signing key) and to give the credential and PDF to time alone."""
    upgrade_schema(database)
    issuer = Issuer("Broker Academy", Ed25519PrivateKey.generate())
    with database.sessionmaker() as session:
        pathway = sync_shipped_pathway(session)
        ids = add_trainees(session, PAIRS * PER_ROUND + 1, prefix="certificate")
        add_statuses(session, met_rows(pathway, ids, up_to=STAGE))
        session.commit()
        account = session.get(Account, ids[0])
        if account is None:
            raise RuntimeError("the first trainee vanished")
        certificate = certificates.issue(
            session, account, pathway, STAGE, issuer=issuer, base_url=BASE_URL, now=utcnow()
        )
        session.commit()
        printed = PrintedCertificate(
            holder_name=certificate.holder_name,
            award_title=certificate.award_title,
            pathway_title=certificate.pathway_title,
            issued_on=certificate.issued_at.date(),
            valid_until=certificate.valid_until.date() if certificate.valid_until else None,
            code=certificate.code,
            verification_url=verification_url(BASE_URL, certificate.code),
            issuer_name=issuer.name,
            issuer_url=BASE_URL,
            certificate_number=certificate.number,
        )
        return Prepared(database, pathway.id, issuer, ids[1:], certificate.credential, printed)


def measure(prepared: Prepared) -> tuple[list[Round], float]:
    """Interleave sign, render and issue rounds; also return the SQL statements one issue
    sends, on average."""
    loader = document_loader()
    sign_alone(prepared, loader)
    statements = 0

    def count(*_args: object) -> None:
        nonlocal statements
        statements += 1

    engine = prepared.database.engine
    rounds = []
    for number in range(PAIRS):
        batch = prepared.trainee_ids[number * PER_ROUND : (number + 1) * PER_ROUND]
        sign = per_second(PER_ROUND, lambda: sign_alone(prepared, loader))
        pdf = per_second(PER_ROUND, lambda: render_pdf(prepared.printed))
        event.listen(engine, "before_cursor_execute", count)
        try:
            issued = per_second(len(batch), issuer_of(prepared, iter(batch)))
        finally:
            event.remove(engine, "before_cursor_execute", count)
        rounds.append(Round(sign, pdf, issued))
    return rounds, statements / len(prepared.trainee_ids)


def sign_alone(prepared: Prepared, loader: DocumentLoader) -> None:
    """Sign the warm-up credential again; refuse to time signing that gives another proof
    (Ed25519 is deterministic, so the same inputs must give the same proof)."""
    [proof] = prepared.credential["proof"]
    signed = proofs.sign(
        prepared.credential,
        private_key=prepared.issuer.private_key,
        verification_method=proof["verificationMethod"],
        created=proof["created"],
        loader=loader,
    )
    if signed != prepared.credential:
        raise RuntimeError("signing the issued credential again gave another proof")


def issuer_of(prepared: Prepared, trainee_ids: Iterator[int]) -> Callable[[], None]:
    """Return an action issuing the certificate of the next trainee of ``trainee_ids``."""

    def issue_next() -> None:
        with prepared.database.sessionmaker() as session:
            account = session.get(Account, next(trainee_ids))
            pathway = session.get(Pathway, prepared.pathway_id)
            if account is None or pathway is None:
                raise RuntimeError("a trainee or the pathway vanished")
            certificates.issue(
                session,
                account,
                pathway,
                STAGE,
                issuer=prepared.issuer,
                base_url=BASE_URL,
                now=utcnow(),
            )
            session.commit()

    return issue_next


def per_second(times: int, action: Callable[[], object]) -> float:
    started = time.perf_counter()
    for _ in range(times):
        action()
    return times / (time.perf_counter() - started)


def check_issued(prepared: Prepared) -> None:
    """Refuse to report a rate unless every trainee holds one certificate and a sample's
    credential verifies."""
    with prepared.database.sessionmaker() as session:
        holders = session.scalar(select(func.count(func.distinct(Certificate.account_id))))
        issued = session.scalar(select(func.count()).select_from(Certificate))
        expected = len(prepared.trainee_ids) + 1
        if holders != expected or issued != expected:
            raise RuntimeError(f"{issued} certificates for {holders} trainees, expected {expected}")
        last = session.scalars(select(Certificate).order_by(Certificate.id.desc()).limit(1)).one()
        resolver = key_resolver(session, base_url=BASE_URL)
        problems = proofs.verify(last.credential, resolver, document_loader())
        if problems:
            raise RuntimeError(f"an issued credential does not verify: {problems[0]}")


def report(rounds: Sequence[Round], statements: float) -> bool:
    ratio = statistics.median(item.ratio for item in rounds)
    is_met = ratio >= GOAL
    low, high = min(item.ratio for item in rounds), max(item.ratio for item in rounds)
    issued = statistics.median(item.issue for item in rounds)
    signed = statistics.median(item.sign for item in rounds)
    rendered = statistics.median(item.pdf for item in rounds)
    print(
        f"{'certificates':<12} {ratio:.2f}× signing alone (goal ≥ {GOAL:.2f}×) "
        f"{'PASS' if is_met else 'BELOW'}   rounds {low:.2f}–{high:.2f}×; "
        f"{issued:.1f} issued/s against {signed:.1f} credentials signed/s   "
        f"[certificates.issue vs proofs.sign, SQLite]"
    )
    print(
        f"{'':<12} rendering the PDF alone: {rendered:.1f}/s; one issue ≈ "
        f"{1000 / issued:.0f} ms = sign {1000 / signed:.0f} ms + PDF {1000 / rendered:.0f} ms "
        f"+ {1000 / issued - 1000 / signed - 1000 / rendered:.0f} ms else, "
        f"with {statements:.0f} SQL statements"
    )
    return is_met
