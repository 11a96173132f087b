"""Export of every certificate: a zip of the PDFs as issued, with the register as CSV."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, undefer

from lms.models import Certificate
from lms.services.certificate_register import printed, standing

REGISTER_COLUMNS = (
    "Certificate number",
    "Verification code",
    "Holder",
    "Award",
    "Pathway",
    "Issued on",
    "Valid until",
    "Status",
    "Status since",
    "Verification URL",
    "PDF file",
)
# A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BATCH = 50


def spreadsheet_safe(value: str) -> str:
    """Return ``value`` so that no spreadsheet runs it as a formula (a leading ``'``)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_zip(session: Session, target: IO[bytes], *, now: datetime) -> int:
    """Write the zip to ``target`` a batch of certificates at a time; return how many it holds."""
    register = io.StringIO()
    writer = csv.writer(register)
    writer.writerow(REGISTER_COLUMNS)
    count = 0
    statement = (
        select(Certificate)
        .options(
            undefer(Certificate.pdf),
            undefer(Certificate.credential),
            joinedload(Certificate.superseded_by),
        )
        .order_by(Certificate.id)
        .execution_options(yield_per=BATCH)
    )
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for certificate in session.scalars(statement):
            name = f"certificates/{certificate.number}.pdf"
            archive.writestr(name, certificate.pdf)
            state = standing(certificate, now=now)
            fields = printed(certificate)
            row = [
                certificate.number,
                certificate.code,
                certificate.holder_name,
                certificate.award_title,
                certificate.pathway_title,
                certificate.issued_at.date().isoformat(),
                certificate.valid_until.date().isoformat() if certificate.valid_until else "",
                state.state.value,
                state.since.date().isoformat() if state.since else "",
                fields.verification_url,
                name,
            ]
            writer.writerow([spreadsheet_safe(str(cell)) for cell in row])
            session.expunge(certificate)  # let the PDF go once it is written
            count += 1
        archive.writestr("register.csv", register.getvalue().encode("utf-8-sig"))
    return count
