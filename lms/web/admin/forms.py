"""Administration forms (field checks only; the rules live in the services)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SearchField, SelectChoice, SelectField, SelectMultipleField
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget

from lms.models import Role

ROLE_LABELS = {Role.TRAINEE: "Trainee", Role.TRAINER: "Trainer", Role.ADMIN: "Administrator"}
ROLE_CHOICES = [SelectChoice(role.value, ROLE_LABELS[role]) for role in Role]
_STATUSES = {"": None, "active": True, "deactivated": False}


def _role_or_none(value: str | Role | None) -> Role | None:
    return Role(value) if value else None


def _is_active_or_none(value: str | bool | None) -> bool | None:
    """``"active"`` → True, ``"deactivated"`` → False, ``""`` → None (either)."""
    if value is None or isinstance(value, bool):
        return value
    if value not in _STATUSES:
        raise ValueError(value)
    return _STATUSES[value]


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a group of checkboxes (the ``field`` macro renders it as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserFilterForm(FlaskForm):
    """Search and filters of the user list; read from the query string, so no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField("Name or email contains", validators=[Length(max=254)])
    role = SelectField(
        "Role",
        choices=[SelectChoice("", "Any role"), *ROLE_CHOICES],
        coerce=_role_or_none,
    )
    status = SelectField(
        "Status",
        choices=[
            SelectChoice("", "Any status"),
            SelectChoice("active", "Active"),
            SelectChoice("deactivated", "Deactivated"),
        ],
        coerce=_is_active_or_none,
    )


class RolesForm(FlaskForm):
    roles = MultiCheckboxField("Roles", choices=ROLE_CHOICES, coerce=Role)


class AuditFilterForm(FlaskForm):
    """The audit log's action filter; its choices are the actions on record."""

    class Meta:
        csrf = False

    action = SelectField("Action", choices=[SelectChoice("", "Every action")], default="")


class AssignTrainerForm(FlaskForm):
    """Pick a trainer for one course; the page holds one per course, each with its own prefix.

    The root blueprint checks the CSRF token of every POST, and a prefix would rename the form's
    own token field, so this form carries none of its own.
    """

    class Meta:
        csrf = False

    trainer_id = SelectField("Trainer", coerce=int, validate_choice=True)
