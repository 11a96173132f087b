"""Administrator pages of certificates: who may be issued one, issuing (one or many), the
register, revoking with a reason, renewing, and exporting everything as a zip."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length

from lms import db
from lms.config import ConfigurationError
from lms.models import Account, Certificate, Pathway, Role, utcnow
from lms.services import (
    certificate_export,
    certificate_notices,
    certificate_register,
    certificates,
)
from lms.services.errors import ServiceError
from lms.services.wording import counted
from lms.web import LARGEST_ID
from lms.web.access import require_account, role_required
from lms.web.admin.views import bp
from lms.web.forms import commit_or_explain
from lms.web.issuing import base_url, email_holders, issuer

SPOOL_BYTES = 16 * 1024 * 1024
CHUNK = 64 * 1024


class RevokeForm(FlaskForm):
    """The reason a certificate is revoked, which the audit log keeps."""

    reason = TextAreaField(
        "Reason for revoking",
        validators=[
            InputRequired("Say why the certificate is revoked."),
            Length(max=1000, message="Keep the reason to 1,000 characters or fewer."),
        ],
        render_kw={"rows": 3},
    )


@bp.route("/certificates")
@role_required(Role.ADMIN)
def certificates_page() -> ResponseReturnValue:
    """List, per pathway and a page at a time, the trainees who have earned a certificate not
    yet issued. Each pathway pages on its own ``page-<id>`` parameter, and its page links keep
    the pages the other pathways show."""
    session = db.get_session()
    pathways = session.scalars(
        select(Pathway).where(Pathway.current_version_id.is_not(None)).order_by(Pathway.title)
    ).all()
    pages = [
        (pathway, certificates.eligible(session, pathway, page=_page_asked(pathway)))
        for pathway in pathways
    ]
    shown = {_page_parameter(pathway): page.number for pathway, page in pages}
    waiting = [
        (pathway, page, {key: n for key, n in shown.items() if key != _page_parameter(pathway)})
        for pathway, page in pages
    ]
    return render_template(
        "lms/admin/certificates.html", waiting=waiting, page_parameter=_page_parameter
    )


def _page_parameter(pathway: Pathway) -> str:
    return f"page-{pathway.id}"


def _page_asked(pathway: Pathway) -> int:
    return request.args.get(_page_parameter(pathway), 1, type=int)


@bp.route("/certificates/issue", methods=["POST"])
@role_required(Role.ADMIN)
def issue_certificates() -> ResponseReturnValue:
    """Issue the certificates ticked (or the one whose button was pressed), each once."""
    session = db.get_session()
    wanted = [request.form["one"]] if "one" in request.form else request.form.getlist("chosen")
    choices = _choices(session, wanted)
    if not choices:
        flash("Tick at least one trainee to issue certificates to.", "error")
        return redirect(url_for(".certificates_page"))
    try:
        made, refused = certificates.issue_many(
            session, choices,
            issuer=issuer(), base_url=base_url(), now=utcnow(), issued_by=require_account(),
        )  # fmt: skip
    except ConfigurationError as error:
        session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".certificates_page"))
    session.commit()
    for refusal in refused:
        flash(refusal.reason, "error")
    if made:
        flash(f"{counted(len(made), 'certificate')} issued.", "success")
    _say_unsent(email_holders(session, made).unsent)
    return redirect(url_for(".certificate_list"))


@bp.route("/certificates/register")
@role_required(Role.ADMIN)
def certificate_list() -> ResponseReturnValue:
    """Every certificate issued, newest first, a page at a time."""
    number: int = request.args.get("page", 1, type=int)
    page = certificate_register.register(db.get_session(), page=number)
    return render_template(
        "lms/admin/certificate_register.html",
        page=page,
        now=utcnow(),
        standing=certificate_register.standing,
        awaits_email=certificate_notices.is_awaited,
    )


@bp.route("/certificates/<code>/revoke", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def revoke_certificate(code: str) -> ResponseReturnValue:
    """Ask for the reason, then revoke the certificate."""
    session = db.get_session()
    found = _certificate_or_404(code)
    form = RevokeForm()
    if form.validate_on_submit() and commit_or_explain(
        form,
        lambda: certificates.revoke(
            session, found, reason=form.reason.data or "", actor=require_account(), now=utcnow()
        ),
        done=f"Certificate {found.number} revoked.",
    ):
        return redirect(url_for(".certificate_list"))
    return render_template("lms/admin/revoke_certificate.html", certificate=found, form=form)


@bp.route("/certificates/<code>/renew", methods=["POST"])
@role_required(Role.ADMIN)
def renew_certificate(code: str) -> ResponseReturnValue:
    """Renew the certificate when enough CPD has been logged."""
    session = db.get_session()
    found = _certificate_or_404(code)
    try:
        renewed = certificates.renew(
            session, found, issuer=issuer(), base_url=base_url(), now=utcnow(),
            actor=require_account(),
        )  # fmt: skip
    except (ServiceError, ConfigurationError) as error:
        session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".certificate_list"))
    session.commit()
    flash(f"Certificate {found.number} renewed as {renewed.number}.", "success")
    _say_unsent(email_holders(session, [renewed]).unsent)
    return redirect(url_for(".certificate_list"))


@bp.route("/certificates/<code>/email", methods=["POST"])
@role_required(Role.ADMIN)
def email_certificate(code: str) -> ResponseReturnValue:
    """Email the holder a live certificate whose email was never sent (each is sent once)."""
    session = db.get_session()
    found = _certificate_or_404(code)
    if not found.is_live:
        flash(
            f"Certificate {found.number} is revoked or superseded: its holder is not emailed "
            "about it.",
            "error",
        )
        return redirect(url_for(".certificate_list"))
    emailing = email_holders(session, [found])
    if emailing.sent:
        flash(f"Certificate {found.number} emailed to {found.holder_name}.", "success")
    elif emailing.unsent:
        _say_unsent(emailing.unsent)
    else:
        flash(f"{found.holder_name} was emailed certificate {found.number} already.", "error")
    return redirect(url_for(".certificate_list"))


def _say_unsent(unsent: list[Certificate]) -> None:
    for certificate in unsent:
        flash(
            f"The email telling {certificate.holder_name} of certificate {certificate.number} "
            "could not be sent; send it from the register once mail works.",
            "error",
        )


@bp.route("/certificates/export.zip")
@role_required(Role.ADMIN)
def export_certificates() -> ResponseReturnValue:
    """Every certificate's PDF and the register as CSV, in one zip, streamed as it is read."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by the stream)
    certificate_export.write_zip(db.get_session(), spool, now=utcnow())
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        with spool:
            while chunk := spool.read(CHUNK):
                yield chunk

    response = Response(stream_with_context(chunks()), mimetype="application/zip")
    response.headers["Content-Disposition"] = 'attachment; filename="certificates.zip"'
    return response


def _certificate_or_404(code: str) -> Certificate:
    found = certificate_register.find(db.get_session(), code)
    if found is None:
        abort(404)
    return found


def _choices(session: Session, values: list[str]) -> list[tuple[Account, Pathway, str]]:
    """Read ``account:pathway:stage`` values; ones naming nothing (or ids no column can hold)
    are left out."""
    parsed = []
    for value in values:
        account_id, _, rest = value.partition(":")
        pathway_id, _, stage = rest.partition(":")
        if account_id.isdigit() and pathway_id.isdigit() and stage:
            ids = int(account_id), int(pathway_id)
            if max(ids) <= LARGEST_ID:
                parsed.append((*ids, stage))
    account_ids, pathway_ids = {item[0] for item in parsed}, {item[1] for item in parsed}
    accounts = {
        a.id: a for a in session.scalars(select(Account).where(Account.id.in_(account_ids)))
    }
    pathways = {
        p.id: p for p in session.scalars(select(Pathway).where(Pathway.id.in_(pathway_ids)))
    }
    return [(accounts[a], pathways[p], s) for a, p, s in parsed if a in accounts and p in pathways]
