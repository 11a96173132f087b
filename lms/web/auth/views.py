"""Sign in and out, register, reset a forgotten password, change one's password."""

from __future__ import annotations

import logging

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

from lms import db
from lms.extension import get_academy
from lms.models import Account, utcnow
from lms.services import accounts, mail
from lms.services.errors import InvalidInput, Throttled
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
)
from lms.web.forms import show_invalid_input

bp = Blueprint("auth", __name__, template_folder="templates")
log = logging.getLogger(__name__)


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    next_url = safe_next_url(request.args.get("next"), url_for("lms.learn.dashboard"))
    if current_account() is not None:
        return redirect(next_url)
    form = LoginForm()
    if form.validate_on_submit():
        academy = get_academy(current_app)
        dbs = db.get_session()
        try:
            account = accounts.authenticate(
                dbs,
                email=form.email.data or "",
                password=form.password.data or "",
                address=request.remote_addr or "unknown",
                hasher=academy.password_hasher,
                policy=academy.throttle_policy,
                now=utcnow(),
            )
        except (accounts.AuthenticationFailed, Throttled) as error:
            dbs.commit()  # keep the failure on record for throttling
            form.form_errors.append(str(error))
            return render_template("lms/auth/login.html", form=form), 200
        _start_signed_in_session(account)
        dbs.commit()
        return redirect(next_url)
    return render_template("lms/auth/login.html", form=form)


def _start_signed_in_session(account: Account) -> None:
    """Open a server-side login session in a fresh cookie session (no fixation)."""
    token = accounts.start_login_session(db.get_session(), account, now=utcnow())
    session.clear()
    flask_login.login_user(SignedInAccount(account, token))


@bp.route("/logout", methods=["POST"])
@public
def logout() -> ResponseReturnValue:
    user = flask_login.current_user
    if user.is_authenticated:
        dbs = db.get_session()
        accounts.end_login_session(dbs, user.token, now=utcnow())
        dbs.commit()
    flask_login.logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("lms.learn.catalogue"))


@bp.route("/register", methods=["GET", "POST"])
@public
def register() -> ResponseReturnValue:
    if current_account() is not None:
        return redirect(url_for("lms.learn.dashboard"))
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
            return redirect(url_for("lms.learn.catalogue"))
    return render_template("lms/auth/register.html", form=form, password_hint=PASSWORD_HINT)


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
def forgot_password() -> ResponseReturnValue:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        account = accounts.find_account_for_reset(db.get_session(), form.email.data or "")
        if account is not None:
            _send_reset_link(account)
        flash(
            "If an account uses that address, a link to choose a new password is on its way. "
            "It works once, within the hour.",
            "success",
        )
        return redirect(url_for(".login"))
    return render_template("lms/auth/forgot_password.html", form=form)


def _send_reset_link(account: Account) -> None:
    academy = get_academy(current_app)
    token = accounts.make_reset_token(account, secret=_secret_key())
    link = url_for(".reset_password", token=token, _external=True)
    body = render_template("lms/auth/reset_email.txt", account=account, link=link)
    try:
        mail.send(academy.mail_settings, to=account.email, subject="Choose a new password",
                  body=body, now=utcnow())  # fmt: skip
    except mail.MailNotSent:
        # Same answer either way, so the page never tells whether the address has an account.
        log.exception("password reset mail to account %s was not sent", account.id)


def _secret_key() -> str:
    return str(current_app.secret_key)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str) -> ResponseReturnValue:
    dbs = db.get_session()
    secret = _secret_key()
    max_age = current_app.config["LMS_PASSWORD_RESET_MAX_AGE"]
    try:
        accounts.account_for_reset_token(dbs, token, secret=secret, max_age=max_age)
    except accounts.InvalidResetLink as error:
        return render_template("lms/auth/reset_link_invalid.html", reason=str(error)), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(dbs, token, new_password=form.password.data or "",
                                    secret=secret, max_age=max_age,
                                    hasher=get_academy(current_app).password_hasher,
                                    now=utcnow())  # fmt: skip
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
    signed_in_account = require_account()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        dbs = db.get_session()
        try:
            accounts.change_password(
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
    return render_template(
        "lms/auth/account.html", form=form, account=signed_in_account, password_hint=PASSWORD_HINT
    )
