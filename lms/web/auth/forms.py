"""Sign-in, registration and password forms (field checks only; rules live in the services).

``autocomplete`` tells browsers and password managers what each field holds, so they fill in
the right saved password and offer to generate and save new ones.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from lms.models import Sector
from lms.services.accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

PASSWORD_HINT = f"At least {MIN_PASSWORD_LENGTH} characters; a few unrelated words work well."


def email_field() -> EmailField:
    """Return an email address field."""
    return EmailField(
        "Email address",
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )


def current_password_field(label: str = "Password") -> PasswordField:
    """Return a field for the password the account has now."""
    return PasswordField(
        label,
        validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )


def new_password_field(label: str = "Password") -> PasswordField:
    """Return a field for a password being chosen."""
    return PasswordField(
        label,
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "new-password"},
    )


def confirm_field(of: str) -> PasswordField:
    """Return a field that must repeat the new password in field ``of``."""
    return PasswordField(
        "Repeat the password",
        validators=[DataRequired(), EqualTo(of, "The passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )


class LoginForm(FlaskForm):
    """Sign in with email address and password."""

    email = email_field()
    password = current_password_field()


class RegisterForm(FlaskForm):
    """Create an account."""

    display_name = StringField(
        "Your name",
        validators=[DataRequired(), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
    email = email_field()
    password = new_password_field()
    confirm = confirm_field("password")


class ForgotPasswordForm(FlaskForm):
    """Ask for a reset link."""

    email = email_field()


class ResetPasswordForm(FlaskForm):
    """Choose a new password from a reset link."""

    password = new_password_field("New password")
    confirm = confirm_field("password")


class ChangePasswordForm(FlaskForm):
    """Change the password while signed in."""

    current_password = current_password_field("Current password")
    password = new_password_field("New password")
    confirm = confirm_field("password")


class SectorForm(FlaskForm):
    """The sector one works in, if one cares to say."""

    sector = SelectField(
        "Sector you work in",
        choices=[
            SelectChoice("", "Not stated"),
            *(SelectChoice(sector.value, sector.label) for sector in Sector),
        ],
    )
