"""Sign-in, registration and password forms (field checks only; rules live in the services)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from lms.services.accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

PASSWORD_HINT = f"At least {MIN_PASSWORD_LENGTH} characters; a few unrelated words work well."


class LoginForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        "Password", validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )


def new_password_field(label: str = "Password") -> PasswordField:
    return PasswordField(
        label, validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)]
    )


def confirm_field(of: str) -> PasswordField:
    return PasswordField(
        "Repeat the password", validators=[DataRequired(), EqualTo(of, "The passwords differ.")]
    )


class RegisterForm(FlaskForm):
    display_name = StringField("Your name", validators=[DataRequired(), Length(max=120)])
    email = EmailField("Email address", validators=[DataRequired(), Length(max=254)])
    password = new_password_field()
    confirm = confirm_field("password")


class ForgotPasswordForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    password = new_password_field("New password")
    confirm = confirm_field("password")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )
    password = new_password_field("New password")
    confirm = confirm_field("password")
