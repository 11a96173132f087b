"""Public verification: look a certificate up by its code, check an uploaded credential or PDF,
and serve the signed credentials, the revocation list, the issuer profile and its keys.

Every request counts against the visitor's network address, so the codes cannot be guessed in
bulk; past the limit the answer is 429.
"""

from __future__ import annotations

import json
import math
from datetime import timedelta
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import undefer
from werkzeug.exceptions import TooManyRequests

from lms import db
from lms.config import ConfigurationError
from lms.models import Certificate, SigningKey, ThrottleScope, utcnow
from lms.services import certificate_checks, certificate_register, credential_issuer, throttling
from lms.services.certificate_codes import normalise
from lms.services.certificate_pdf import printed_fields
from lms.services.errors import InvalidInput, Throttled
from lms.web.access import public
from lms.web.forms import show_invalid_input
from lms.web.issuing import base_url, issuer
from lms.web.verify.forms import CodeForm, UploadForm

bp = Blueprint("verify", __name__, url_prefix="/verify", template_folder="templates")

JSON_LD = "application/ld+json"


@bp.before_request
def _limit_requests() -> ResponseReturnValue | None:
    """Count this request against the visitor's address; refuse it with 429 past the limit."""
    session = db.get_session()
    config = current_app.config
    limit = throttling.Limit(
        ThrottleScope.VERIFY_ADDRESS,
        config["LMS_VERIFY_MAX_PER_ADDRESS"],
        timedelta(seconds=config["LMS_VERIFY_WINDOW"]),
    )
    address, now = request.remote_addr or "unknown", utcnow()
    try:
        limit.refuse(
            session,
            address,
            now=now,
            refusal="Too many verification requests from your network. Try again in {wait}.",
        )
    except Throttled as error:
        seconds = max(1, math.ceil(error.retry_after.total_seconds()))
        page = render_template("lms/errors/429.html", error=TooManyRequests(str(error)))
        return page, 429, {"Retry-After": str(seconds)}
    throttling.record_events(session, (limit, address), now=now)
    session.commit()
    return None


@bp.errorhandler(ConfigurationError)
def _issuer_not_configured(error: ConfigurationError) -> ResponseReturnValue:
    """Answer 503 with a page saying checks are unavailable, rather than a bare server error,
    when the site is missing the issuer settings (its message goes to the log, not the page)."""
    current_app.logger.error("Verification unavailable: %s", error)
    return render_template("lms/verify/unavailable.html"), 503


@bp.route("/", methods=["GET", "POST"])
@public
def index() -> ResponseReturnValue:
    """Offer both checks: a code typed in (GET) and a file uploaded (POST)."""
    code_form = CodeForm(request.args, meta={"csrf": False})
    upload_form = UploadForm()
    finding = None
    if "code" in request.args and code_form.validate():
        code = normalise(code_form.code.data or "")
        if code is not None:
            return redirect(url_for(".certificate", code=code))
        code_form.code.errors = [
            "That is not a verification code: check it against the certificate, such as "
            "7KQ2-M9XD-H3Z."
        ]
    if request.method == "POST" and upload_form.validate_on_submit():
        try:
            finding = certificate_checks.check_file(
                db.get_session(), upload_form.content, issuer(), base_url=base_url(), now=utcnow()
            )
        except InvalidInput as error:
            show_invalid_input(upload_form, error)
    status = 200 if request.method == "GET" or finding is not None else 400
    return render_template(
        "lms/verify/index.html", code_form=code_form, upload_form=upload_form, finding=finding
    ), status


@bp.route("/<code>")
@public
def certificate(code: str) -> ResponseReturnValue:
    """Show every field the certificate prints, and whether it is valid now."""
    found = certificate_register.find(db.get_session(), code)
    if found is None:
        return render_template("lms/verify/unknown.html", code=code), 404
    if found.code != code:
        return redirect(url_for(".certificate", code=found.code))
    return render_template(
        "lms/verify/certificate.html",
        certificate=found,
        fields=printed_fields(certificate_register.printed(found)),
        standing=certificate_register.standing(found, now=utcnow()),
    )


@bp.route("/<code>/credential.json")
@public
def credential(code: str) -> ResponseReturnValue:
    """The signed credential exactly as issued."""
    found = _certificate_or_404(code, undefer(Certificate.credential))
    return _json(found.credential, filename=f"certificate-{found.code}.json")


@bp.route("/<code>/certificate.pdf")
@public
def pdf(code: str) -> ResponseReturnValue:
    """The PDF exactly as issued."""
    found = _certificate_or_404(code, undefer(Certificate.pdf))
    response = Response(found.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="certificate-{found.code}.pdf"'
    return response


@bp.route("/status/revocation")
@public
def revocation_list() -> ResponseReturnValue:
    """The signed list of revoked certificates' status bits."""
    document = certificate_register.revocation_list(db.get_session(), issuer(), base_url=base_url())
    db.get_session().commit()  # the signing key's row, on first use
    return _json(document, cache_seconds=60)


@bp.route("/issuer")
@public
def issuer_profile() -> ResponseReturnValue:
    """The issuer's profile with every public key it signs with."""
    session = db.get_session()
    document = credential_issuer.profile(session, issuer(), base_url=base_url())
    session.commit()
    return _json(document, cache_seconds=300)


@bp.route("/keys/<int:key_id>")
@public
def key(key_id: int) -> ResponseReturnValue:
    """One public key as a Multikey verification method."""
    row = db.get_or_404(db.get_session(), SigningKey, key_id)
    document = {
        "@context": credential_issuer.MULTIKEY_CONTEXT,
        **credential_issuer.multikey_document(row, base_url=base_url()),
    }
    return _json(document, cache_seconds=3600)


def _certificate_or_404(code: str, *options: Any) -> Certificate:
    found = certificate_register.find(db.get_session(), code, *options)
    if found is None:
        abort(404, description=f"No certificate has the verification code {code}.")
    return found


def _json(
    document: dict[str, Any], *, filename: str | None = None, cache_seconds: int = 0
) -> Response:
    response = Response(json.dumps(document, ensure_ascii=False, indent=2), mimetype=JSON_LD)
    response.headers["Access-Control-Allow-Origin"] = "*"
    if filename:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    if cache_seconds:
        response.headers["Cache-Control"] = f"public, max-age={cache_seconds}"
    return response
