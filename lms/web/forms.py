"""Form helpers shared by every area."""

from __future__ import annotations

import secrets
from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import InputRequired, Length

from lms.services.errors import InvalidInput

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
