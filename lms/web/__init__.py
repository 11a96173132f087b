"""The web adapter: one ``lms`` blueprint holding a child blueprint per user-facing area."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
)
from flask.typing import ResponseReturnValue
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from jinja2 import Template
from markupsafe import Markup
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException
from wtforms import ValidationError

from lms import db
from lms.config import ConfigurationError
from lms.content.markdown import render_text
from lms.extension import get_academy
from lms.models import Role
from lms.services.wording import long_date
from lms.web import access

if TYPE_CHECKING:
    from lms.content.questions import FormattedText
    from lms.extension import MountedAcademy

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
# Ids are BIGINT at most; a larger one in a URL can name nothing.
LARGEST_ID = 2**63 - 1
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


def init_app(app: Flask, academy: MountedAcademy) -> None:
    """Register the academy's blueprints, sign-in, error pages and security headers on ``app``."""
    from lms.web import admin, assess, learn, teach, verify

    root = Blueprint(
        "lms",
        __name__,
        static_folder=str(PACKAGE_ROOT / "static"),
        static_url_path="/static",
        template_folder=str(PACKAGE_ROOT / "templates"),
    )
    root.before_request(_refuse_oversized_ids)
    root.before_request(_check_csrf)
    root.before_request(access.enforce_access)
    root.after_request(_add_security_headers)
    root.context_processor(_template_globals)
    # Filters are app-wide in Flask; the prefix keeps them from replacing a host's own.
    root.add_app_template_filter(formatted, "lms_formatted")
    root.add_app_template_filter(number, "lms_number")
    root.add_app_template_filter(long_date, "lms_long_date")
    root.add_app_template_filter(markdown, "lms_markdown")
    root.add_url_rule("/healthz", "healthz", access.public(healthz))
    for code in (400, 401, 403, 404, 405, 413, 429, 500):
        root.register_error_handler(code, render_error)
    root.register_error_handler(CSRFError, render_error)
    if academy.uses_host_identity:
        children = [learn.bp, teach.bp, assess.bp, admin.bp, verify.bp]
    else:
        from lms.web import auth

        children = [auth.bp, learn.bp, teach.bp, assess.bp, admin.bp, verify.bp]
        _init_login_manager(app)
    for child in children:
        root.register_blueprint(child)
    app.register_blueprint(root, url_prefix=academy.url_prefix or None)
    if not academy.url_prefix:
        # The standalone app owns every URL, so its unmatched ones get the academy's pages too.
        for code in (404, 405):
            app.register_error_handler(code, render_error)
    _refuse_unguarded_views(app)


def _init_login_manager(app: Flask) -> None:
    if getattr(app, "login_manager", None) is not None:
        raise ConfigurationError(
            "the host app already has a Flask-Login manager; pass "
            "BrokerAcademy(app, identity_loader=...) so the academy uses the host's sign-in"
        )
    login_manager = LoginManager()
    login_manager.user_loader(access.load_signed_in_account)
    login_manager.init_app(app)


def _refuse_unguarded_views(app: Flask) -> None:
    """Fail at start-up, not in production, if an LMS view forgot to declare its access rule."""
    for endpoint, view in app.view_functions.items():
        is_guarded_view = endpoint.startswith("lms.") and endpoint != "lms.static"
        if is_guarded_view and access.access_rule_of(view) is None:
            raise ConfigurationError(f"view {endpoint} declares no access rule")


def _check_csrf() -> None:
    """Every state-changing request needs the session's CSRF token, form or not."""
    if request.method not in UNSAFE_METHODS:
        return
    token = request.form.get("csrf_token") or request.headers.get("X-CSRFToken")
    try:
        validate_csrf(token)
    except ValidationError as error:
        raise CSRFError(str(error)) from None


def _add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def _template_globals() -> dict[str, Any]:
    return {
        "current_account": access.current_account(),
        "site_name": current_app.config["LMS_SITE_NAME"],
        "Role": Role,
        "csrf_token": generate_csrf,
        "has_own_sign_in": not get_academy(current_app).uses_host_identity,
        "sign_in_url": access.sign_in_url,
    }


def _refuse_oversized_ids() -> None:
    """Answer 404 for an id no database column can hold, before a query overflows on it."""
    for value in (request.view_args or {}).values():
        if isinstance(value, int) and not 0 <= value <= LARGEST_ID:
            abort(404)


def formatted(text: FormattedText | None, *, inline: bool = False) -> Markup:
    """Render an authored text in its own format as safe HTML; ``inline`` drops a lone paragraph
    so the text fits in a label."""
    if text is None:
        return Markup("")
    html = render_text(text.text, text.format.value).strip()
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    # render_text's output is sanitised HTML, so marking it safe is sound.
    return Markup(html)  # nosec B704


def markdown(text: str) -> Markup:
    """Render an author's Markdown (a brief, a situation, feedback) as safe HTML."""
    html = render_text(text, "markdown")
    # render_text's output is sanitised HTML, so marking it safe is sound.
    return Markup(html)  # nosec B704


def number(value: Decimal | int, places: int = 2) -> str:
    """Show a mark or a percent without trailing zeros ("0.5", "66.67", "100")."""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{rounded.normalize():f}"


def render_error(error: HTTPException) -> ResponseReturnValue:
    """Render an HTTP error as a page of the site (JSON for JSON clients)."""
    code = error.code or 500
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"error": error.name, "message": error.description}), code
    templates: list[str | Template] = [f"lms/errors/{code}.html", "lms/errors/generic.html"]
    # Unmatched URLs of the standalone app belong to no blueprint, so pass the globals explicitly.
    return render_template(templates, error=error, **_template_globals()), code


def healthz() -> ResponseReturnValue:
    """Answer 200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        db.get_session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return jsonify({"status": "unavailable", "database": "unreachable"}), 503
    return jsonify({"status": "ok"})
