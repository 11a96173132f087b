"""Access control, in one place: every view declares who may use it, and one hook enforces it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar
from urllib.parse import urlencode, urlsplit

import flask_login
from flask import abort, current_app, g, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from lms import db
from lms.extension import get_academy
from lms.models import Account, Role, utcnow
from lms.services import accounts, marking, signin
from lms.services.errors import InvalidInput, ServiceError

ViewT = TypeVar("ViewT", bound=Callable[..., Any])

PUBLIC = "public"
ACCESS_ATTRIBUTE = "lms_access"
log = logging.getLogger(__name__)


def public(view: ViewT) -> ViewT:
    """Let anyone use ``view``, signed in or not."""
    setattr(view, ACCESS_ATTRIBUTE, PUBLIC)
    return view


def signed_in(view: ViewT) -> ViewT:
    """Let any signed-in account use ``view``."""
    setattr(view, ACCESS_ATTRIBUTE, frozenset())
    return view


def role_required(*roles: Role) -> Callable[[ViewT], ViewT]:
    """Let signed-in accounts holding at least one of ``roles`` use the view."""

    def decorate(view: ViewT) -> ViewT:
        setattr(view, ACCESS_ATTRIBUTE, frozenset(roles))
        return view

    return decorate


def access_rule_of(view: Callable[..., Any]) -> str | frozenset[Role] | None:
    """Return the rule ``view`` declares: ``PUBLIC``, a set of roles (empty: any), or ``None``."""
    rule: str | frozenset[Role] | None = getattr(view, ACCESS_ATTRIBUTE, None)
    return rule


def enforce_access() -> ResponseReturnValue | None:
    """Before every LMS request: send anonymous visitors to sign in, refuse missing roles (403)."""
    if request.endpoint is None or request.endpoint == "lms.static":
        return None
    rule = access_rule_of(current_app.view_functions[request.endpoint])
    if rule == PUBLIC:
        return None
    account = current_account()
    if account is None:
        return redirect(sign_in_url(next_url=request.full_path.rstrip("?")))
    if isinstance(rule, frozenset) and rule and not (account.roles & rule):
        abort(403)
    return None


def current_account() -> Account | None:
    """Return the signed-in account of this request, or ``None``."""
    if "lms_account" not in g:
        g.lms_account = None  # stays so if the account is refused, for the 403 page to render
        g.lms_account = _resolve_account()
    account: Account | None = g.lms_account
    return account


def require_account() -> Account:
    """Return the signed-in account, in a view that ``@signed_in`` or ``@role_required`` guards."""
    account = current_account()
    if account is None:
        abort(401)
    return account


def require_teaching(course_id: int) -> None:
    """Answer 403 unless the signed-in account teaches the course or is an administrator."""
    if not marking.may_mark(db.get_session(), require_account(), course_id):
        abort(403)


def _resolve_account() -> Account | None:
    academy = get_academy(current_app)
    if academy.identity_loader is None:
        user = flask_login.current_user
        return user.account if user.is_authenticated else None
    identity = academy.identity_loader()
    if identity is None:
        return None
    session = db.get_session()
    try:
        account = accounts.account_for_host_identity(session, identity, now=utcnow())
    except InvalidInput as error:
        session.rollback()
        log.warning("host user %r cannot be mapped to an account: %s", identity.external_id, error)
        _refuse_host_user(
            "The academy cannot use the email address or name this site has for you; "
            "ask an administrator."
        )
    except ServiceError as error:
        session.rollback()
        _refuse_host_user(str(error))
    session.commit()
    if not account.is_active:
        _refuse_host_user("This account has been deactivated; ask an administrator.")
    return account


def _refuse_host_user(reason: str) -> NoReturn:
    """Answer 403 saying why: sending a host user back to the host's sign-in would loop."""
    page = render_template("lms/errors/account_refused.html", reason=reason)
    abort(make_response(page, 403))


def sign_in_url(*, next_url: str | None = None) -> str:
    """Return where to sign in (the academy's page or the host's), coming back to ``next_url``."""
    academy = get_academy(current_app)
    if academy.identity_loader is None:
        return url_for("lms.auth.login", next=next_url)
    host_login_url: str | None = current_app.config["LMS_LOGIN_URL"]
    if host_login_url is None:
        abort(401)
    if not next_url:
        return host_login_url
    separator = "&" if "?" in host_login_url else "?"
    return f"{host_login_url}{separator}{urlencode({'next': next_url})}"


def safe_next_url(target: str | None, fallback: str) -> str:
    """Return ``target`` if it is a path on this site, else ``fallback`` (no open redirects)."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(ord(character) < 32 for character in target):
        return fallback
    return target


class SignedInAccount(flask_login.UserMixin):
    """What Flask-Login keeps for a browser: the account and the server-side login session token."""

    def __init__(self, account: Account, token: str) -> None:
        self.account = account
        self.token = token

    def get_id(self) -> str:
        """Return what Flask-Login keeps in the cookie: the login session token."""
        return self.token

    @property
    def is_active(self) -> bool:
        """Tell Flask-Login whether the account may still be used."""
        return self.account.is_active


def load_signed_in_account(token: str) -> SignedInAccount | None:
    """Return the browser's signed-in account from its login session token (Flask-Login hook)."""
    account = signin.account_for_login_token(db.get_session(), token)
    return SignedInAccount(account, token) if account is not None else None
