"""Sign in and out, register, reset a forgotten password, change one's password."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from functools import partial

import flask_login
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from lms import db
from lms.extension import get_academy
from lms.models import Account, Sector, utcnow
from lms.services import accounts, mail, signin, throttling
from lms.services.errors import InvalidInput, ServiceError, Throttled
from lms.web.access import (
    SignedInAccount,
    current_account,
    public,
    require_account,
    safe_next_url,
    signed_in,
)
from lms.web.auth.forms import (
    PASSWORD_HINT,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
    SectorForm,
)
from lms.web.forms import show_invalid_input

bp = Blueprint("auth", __name__, template_folder="templates")
log = logging.getLogger(__name__)


@bp.context_processor
def _carried_next() -> dict[str, str | None]:
    """Let the sign-in and registration pages link to each other without losing ``next``."""
    return {"carried_next": safe_next_url(request.args.get("next"), "") or None}


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    """Sign in with email and password, then go to a local ``next`` page or the dashboard."""
    next_url = safe_next_url(request.args.get("next"), url_for("lms.learn.dashboard"))
    if current_account() is not None:
        return redirect(next_url)
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("lms/auth/login.html", form=form)
    academy = get_academy(current_app)
    dbs = db.get_session()
    try:
        account = signin.authenticate(
            dbs,
            email=form.email.data or "",
            password=form.password.data or "",
            address=request.remote_addr or "unknown",
            hasher=academy.password_hasher,
            policy=academy.throttle_policy,
            now=utcnow(),
        )
    except (signin.AuthenticationFailed, Throttled) as error:
        dbs.commit()  # keep a failure on record for throttling
        return _refused_login(form, error)
    _start_signed_in_session(account)
    dbs.commit()
    return redirect(next_url)


def _refused_login(form: LoginForm, error: ServiceError) -> ResponseReturnValue:
    """Show the sign-in page with ``error``; when throttled, answer 429 with seconds to wait."""
    if isinstance(error, Throttled):
        return _throttled_form("lms/auth/login.html", form, error)
    form.form_errors.append(str(error))
    return render_template("lms/auth/login.html", form=form)


def _throttled_form(template: str, form: FlaskForm, error: Throttled) -> ResponseReturnValue:
    """Show ``form`` again with ``error``, answering 429 with the whole seconds to wait."""
    form.form_errors.append(str(error))
    page = render_template(template, form=form)
    return page, 429, {"Retry-After": str(max(1, math.ceil(error.retry_after.total_seconds())))}


def _start_signed_in_session(account: Account) -> None:
    """Open a server-side login session in a fresh cookie session (no fixation)."""
    token = signin.start_login_session(db.get_session(), account, now=utcnow())
    session.clear()
    flask_login.login_user(SignedInAccount(account, token))


@bp.route("/logout", methods=["POST"])
@public
def logout() -> ResponseReturnValue:
    """Sign out: end this browser's login session and clear its cookie session."""
    user = flask_login.current_user
    if user.is_authenticated:
        dbs = db.get_session()
        signin.end_login_session(dbs, user.token, now=utcnow())
        dbs.commit()
    flask_login.logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("lms.learn.catalogue"))


@bp.route("/register", methods=["GET", "POST"])
@public
def register() -> ResponseReturnValue:
    """Create a trainee account and sign it in, then go to a local ``next`` page or the courses."""
    if current_account() is not None:
        return redirect(safe_next_url(request.args.get("next"), url_for("lms.learn.dashboard")))
    form = RegisterForm()
    if form.validate_on_submit():
        dbs = db.get_session()
        try:
            account = accounts.create_account(
                dbs,
                email=form.email.data or "",
                display_name=form.display_name.data or "",
                password=form.password.data or "",
                hasher=get_academy(current_app).password_hasher,
                now=utcnow(),
            )
        except InvalidInput as error:
            dbs.rollback()
            show_invalid_input(form, error)
        else:
            _start_signed_in_session(account)
            dbs.commit()
            flash(f"Welcome, {account.display_name}. Your account is ready.", "success")
            return redirect(safe_next_url(request.args.get("next"), url_for("lms.learn.catalogue")))
    return render_template("lms/auth/register.html", form=form, password_hint=PASSWORD_HINT)


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
def forgot_password() -> ResponseReturnValue:
    """Mail a reset link if an account uses the address; answer alike, and as fast, either way.

    Requests are throttled: past its share, an email silently gets no more mails, and a network
    address is refused with 429.
    """
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("lms/auth/forgot_password.html", form=form)
    dbs = db.get_session()
    try:
        account = signin.request_password_reset(
            dbs,
            form.email.data or "",
            address=request.remote_addr or "unknown",
            policy=get_academy(current_app).reset_throttle_policy,
            now=utcnow(),
        )
    except Throttled as error:
        return _throttled_form("lms/auth/forgot_password.html", form, error)
    dbs.commit()
    lifetime = _reset_link_lifetime()
    flash(
        "If an account uses that address, a link to choose a new password is on its way. "
        f"It works once, within {lifetime}.",
        "success",
    )
    response = redirect(url_for(".login"))
    if account is not None:
        # Sent once the answer has gone out, so that its time does not tell the address is known.
        response.call_on_close(_reset_mail_sender(account, lifetime))
    return response


def _reset_link_lifetime() -> str:
    return throttling.duration_in_words(current_app.config["LMS_PASSWORD_RESET_MAX_AGE"])


def _reset_mail_sender(account: Account, lifetime: str) -> Callable[[], None]:
    """Write the reset mail now, while the request is there, and return what sends it later."""
    token = signin.make_reset_token(account, secret=_secret_key())
    link = url_for(".reset_password", token=token, _external=True)
    body = render_template(
        "lms/auth/reset_email.txt", account=account, link=link, lifetime=lifetime
    )
    settings = get_academy(current_app).mail_settings
    return partial(_send_reset_mail, settings, to=account.email, body=body, account_id=account.id)


def _send_reset_mail(settings: mail.MailSettings, *, to: str, body: str, account_id: int) -> None:
    """Send the reset mail after the answer; nobody is waiting any more, so failures are logged."""
    try:
        mail.send(settings, to=to, subject="Choose a new password", body=body, now=utcnow())
    except (mail.MailNotSent, OSError):
        log.exception("password reset mail to account %s was not sent", account_id)


def _secret_key() -> str:
    return str(current_app.secret_key)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str) -> ResponseReturnValue:
    """Choose a new password from a reset link (which then stops working)."""
    dbs = db.get_session()
    secret = _secret_key()
    max_age = current_app.config["LMS_PASSWORD_RESET_MAX_AGE"]
    try:
        signin.account_for_reset_token(dbs, token, secret=secret, max_age=max_age)
    except signin.InvalidResetLink as error:
        return render_template("lms/auth/reset_link_invalid.html", reason=str(error)), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            signin.reset_password(
                dbs,
                token,
                new_password=form.password.data or "",
                secret=secret,
                max_age=max_age,
                hasher=get_academy(current_app).password_hasher,
                now=utcnow(),
            )
        except InvalidInput as error:
            dbs.rollback()
            show_invalid_input(form, error)
        else:
            dbs.commit()
            flash("Your password has been changed. Sign in with the new one.", "success")
            return redirect(url_for(".login"))
    return render_template("lms/auth/reset_password.html", form=form, password_hint=PASSWORD_HINT)


@bp.route("/account", methods=["GET", "POST"])
@signed_in
def account() -> ResponseReturnValue:
    """Show one's account and change its password (signing out every other browser)."""
    signed_in_account = require_account()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        dbs = db.get_session()
        try:
            signin.change_password(
                dbs,
                signed_in_account,
                current_password=form.current_password.data or "",
                new_password=form.password.data or "",
                hasher=get_academy(current_app).password_hasher,
                now=utcnow(),
            )
        except InvalidInput as error:
            dbs.rollback()
            show_invalid_input(form, error)
        else:
            _start_signed_in_session(signed_in_account)
            dbs.commit()
            flash("Your password has been changed; other devices have been signed out.", "success")
            return redirect(url_for(".account"))
    role_labels = sorted(role.label for role in signed_in_account.roles)
    return render_template(
        "lms/auth/account.html",
        form=form,
        account=signed_in_account,
        role_labels=role_labels,
        password_hint=PASSWORD_HINT,
        sector_form=SectorForm(data={"sector": signed_in_account.sector or ""}),
    )


@bp.route("/account/sector", methods=["POST"])
@signed_in
def account_sector() -> ResponseReturnValue:
    """Record the sector one works in, so trainers can cast one as a party of another sector."""
    form = SectorForm()
    if not form.validate_on_submit():
        flash("Choose one of the sectors listed.", "error")
        return redirect(url_for(".account"))
    dbs = db.get_session()
    accounts.set_sector(
        dbs, require_account(), Sector(form.sector.data) if form.sector.data else None
    )
    dbs.commit()
    flash("Your sector has been saved.", "success")
    return redirect(url_for(".account"))
