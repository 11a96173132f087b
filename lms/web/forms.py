"""Form helpers shared by every area."""

from __future__ import annotations

from flask_wtf import FlaskForm

from lms.services.errors import InvalidInput


def show_invalid_input(form: FlaskForm, error: InvalidInput) -> None:
    """Put a service's InvalidInput on the form field it names (or on the form as a whole)."""
    field = getattr(form, error.field, None)
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)
