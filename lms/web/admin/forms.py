"""Administration forms (field checks only; the rules live in the services)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import Form as BaseForm
from wtforms import SearchField, SelectChoice, SelectField, SelectMultipleField
from wtforms.validators import Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from lms.models import Role

ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]
_IS_ACTIVE = {"active": True, "deactivated": False}


class ListedChoiceField(SelectField):
    """A select of plain string values that says what to do when given a value not listed.

    A filter read from the query string holds whatever a link or a hand-edited address put
    there, and WTForms' own "Not a valid choice." does not name the field.
    """

    def __init__(self, label: str, *, unlisted_message: str, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.unlisted_message = unlisted_message

    def pre_validate(self, form: BaseForm) -> None:
        """Refuse a value that is not one of the choices, with this field's message."""
        try:
            super().pre_validate(form)
        except ValidationError as error:
            raise ValidationError(self.unlisted_message) from error


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a group of checkboxes (the ``field`` macro renders it as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserFilterForm(FlaskForm):
    """Search and filters of the user list; read from the query string, so no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField("Name or email contains", validators=[Length(max=254)])
    role = ListedChoiceField(
        "Role",
        choices=[SelectChoice("", "Any role"), *ROLE_CHOICES],
        default="",
        unlisted_message="Choose a role from the list.",
    )
    status = ListedChoiceField(
        "Status",
        choices=[
            SelectChoice("", "Any status"),
            SelectChoice("active", "Active"),
            SelectChoice("deactivated", "Deactivated"),
        ],
        default="",
        unlisted_message="Choose a status from the list.",
    )

    @property
    def text(self) -> str:
        """Return the searched text without surrounding spaces."""
        return (self.q.data or "").strip()

    @property
    def chosen_role(self) -> Role | None:
        """Return the role to filter by, or None for any (call after a successful validate)."""
        return Role(self.role.data) if self.role.data else None

    @property
    def chosen_is_active(self) -> bool | None:
        """Return True or False to filter by status, or None for any (after validate)."""
        return _IS_ACTIVE.get(self.status.data or "")

    def link_args(self) -> dict[str, str]:
        """Return the filters in use as query parameters for links to the list's other pages.

        Only the validated fields go in, never the raw query string.
        """
        chosen = {"q": self.text, "role": self.role.data, "status": self.status.data}
        return {name: value for name, value in chosen.items() if value}


class RolesForm(FlaskForm):
    """The roles of one account, as a group of checkboxes."""

    roles = MultiCheckboxField("Roles", choices=ROLE_CHOICES, coerce=Role)


class AuditFilterForm(FlaskForm):
    """The audit log's action filter; its choices are the actions on record."""

    class Meta:
        csrf = False

    action = ListedChoiceField(
        "Action",
        choices=[SelectChoice("", "Every action")],
        default="",
        unlisted_message="Choose an action from the list: no event of that kind is on record.",
    )

    def link_args(self) -> dict[str, str]:
        """Return the action filter as query parameters for links to the log's other pages."""
        return {"action": self.action.data} if self.action.data else {}


class AssignTrainerForm(FlaskForm):
    """Pick a trainer for one course; the page holds one per course, each with its own prefix.

    The root blueprint checks the CSRF token of every POST, and a prefix would rename the form's
    own token field, so this form carries none of its own.
    """

    class Meta:
        csrf = False

    trainer_id = SelectField("Trainer", coerce=int, validate_choice=True)
