"""``flask lms certificates``: list the register and revoke a certificate."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from lms import db
from lms.models import utcnow
from lms.services import certificate_register, certificates
from lms.services.errors import ServiceError

# Where the development server listens, for links when LMS_PUBLIC_URL is not set.
DEVELOPMENT_URL = "http://localhost:5000"

certificates_group = AppGroup("certificates", help="Certificates: list the register, revoke one.")


@certificates_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of lines.")
def certificates_list(as_json: bool) -> None:
    """List every certificate: code, holder, award, status and the verification URL it printed."""
    now = utcnow()
    with db.get_database().sessionmaker() as session:
        rows = [
            {
                "code": certificate.code,
                "number": certificate.number,
                "holder": certificate.holder_name,
                "award": certificate.award_title,
                "status": certificate_register.standing(certificate, now=now).state.value,
                "verification_url": certificate_register.printed(certificate).verification_url,
            }
            for certificate in certificate_register.every_certificate(session)
        ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(
            f"{row['code']}  {row['number']}  {row['status']:<10}  {row['holder']} — "
            f"{row['award']}  {row['verification_url']}"
        )


@certificates_group.command("revoke")
@click.argument("code")
@click.option("--reason", required=True, help="Why the certificate is revoked (kept in the log).")
def certificates_revoke(code: str, reason: str) -> None:
    """Revoke the certificate with verification code CODE."""
    with db.get_database().sessionmaker() as session:
        certificate = certificate_register.find(session, code)
        if certificate is None:
            raise click.ClickException(f"no certificate has the verification code {code!r}")
        if certificate.revoked_at is not None:
            raise click.ClickException(f"certificate {certificate.number} is already revoked")
        try:
            certificates.revoke(session, certificate, reason=reason, actor=None, now=utcnow())
        except ServiceError as error:
            raise click.ClickException(str(error)) from None
        session.commit()
        click.echo(f"Revoked certificate {certificate.number} ({certificate.code}).")
