"""Form helpers shared by every area."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from flask import flash
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import InputRequired, Length

from lms import db
from lms.services.errors import InvalidInput, ServiceError

_RELOAD = "This form is out of date: reload the page and send it again."


def new_request_key() -> str:
    """Make a key for a form shown once, so that the service it is sent to acts only once."""
    return secrets.token_urlsafe(16)


class RequestKeyField(HiddenField):
    """Carry a form's request key, so that sending the form twice acts once.

    The key is made when the form is first shown and kept when it is shown again with errors;
    services insert "unless present" on it.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            default=new_request_key,
            validators=[InputRequired(_RELOAD), Length(max=64, message=_RELOAD)],
            **kwargs,
        )

    def post_validate(self, form: Any, validation_stopped: bool) -> None:
        """Report a missing or forged key on the whole form, as a hidden field shows no error."""
        form.form_errors.extend(self.errors)


def show_invalid_input(form: FlaskForm, error: InvalidInput) -> None:
    """Put a service's InvalidInput on the field it names (hidden or none: on the whole form)."""
    field = getattr(form, error.field, None)
    if field is not None and not isinstance(field, HiddenField):
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def commit_or_explain(form: FlaskForm, change: Callable[[], object], *, done: str) -> bool:
    """Make a service's change and commit it, saying ``done``; or say why not, changing nothing.

    An InvalidInput goes on the field it names; any other refusal is rolled back and flashed
    above the form, which keeps what the person entered.
    """
    session = db.get_session()
    try:
        change()
    except InvalidInput as error:
        session.rollback()
        show_invalid_input(form, error)
        return False
    except ServiceError as error:
        session.rollback()
        flash(str(error), "error")
        return False
    session.commit()
    flash(done, "success")
    return True
