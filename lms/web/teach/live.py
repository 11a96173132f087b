"""Trainer pages for live role-plays: a course's sessions, scheduling one, and running one.

A trainer reads every party's brief here; trainees only ever see their own (learn/live.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import DateTimeLocalField, HiddenField, SelectChoice, SelectField
from wtforms.validators import InputRequired

from lms import db
from lms.content.roleplays import LiveSpec
from lms.models import Account, Role, Roleplay, RoleplayKind, utcnow
from lms.services import enrolment, live_observations, live_sessions, roleplays
from lms.services.errors import InvalidInput
from lms.web.access import require_account, require_teaching, role_required
from lms.web.forms import RequestKeyField, show_invalid_input
from lms.web.roleplays import roleplay_of_kind_or_404
from lms.web.teach.views import bp

OBSERVER = "observer"
ABSENT = "absent"
PARTY = "party:"  # party ids are free text, so a prefix keeps them apart from the two above


class ScheduleForm(FlaskForm):
    """Ask when a live session starts; ``schedule_form`` adds a casting choice per trainee."""

    request_key = RequestKeyField()
    # The trainees the form was shown with, so that one enrolled since is never cast unseen.
    shown = HiddenField()
    scheduled_for = DateTimeLocalField(
        "Date and time the session starts (UTC)",
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired("Give the date and time the session starts.")],
    )


def schedule_form(
    spec: LiveSpec, trainees: Sequence[Account], suggested: Mapping[int, str | None]
) -> ScheduleForm:
    """Build the schedule form with a select per trainee (``cast-<account id>``), preselected."""
    choices = [SelectChoice(PARTY + party.id, f"Plays {party.name}") for party in spec.parties]
    choices += [SelectChoice(OBSERVER, "Observes"), SelectChoice(ABSENT, "Not taking part")]
    fields = {
        f"cast-{trainee.id}": SelectField(
            trainee.display_name,
            choices=choices,
            default=PARTY + party if (party := suggested.get(trainee.id)) else OBSERVER,
        )
        for trainee in trainees
    }
    form_class = type("CastingForm", (ScheduleForm,), fields)
    form: ScheduleForm = form_class()
    if not form.is_submitted():
        form.shown.data = _ids(trainees)
    return form


def _ids(trainees: Sequence[Account]) -> str:
    return " ".join(str(trainee.id) for trainee in trainees)


def shows_current_trainees(form: ScheduleForm, trainees: Sequence[Account]) -> bool:
    """Check the form was shown with the trainees enrolled now; if not, say so and show them."""
    if form.shown.data == _ids(trainees):
        return True
    form.form_errors.append(
        "The trainees enrolled in the course changed since this form was shown. "
        "Check the cast below, then schedule the session."
    )
    form.shown.data = _ids(trainees)
    return False


def casting_of(form: ScheduleForm, trainees: Sequence[Account]) -> dict[int, str | None]:
    """Read the party (None: observer) of each trainee the form casts, leaving out the absent."""
    casting: dict[int, str | None] = {}
    for trainee in trainees:
        value = form[f"cast-{trainee.id}"].data
        if value != ABSENT:
            casting[trainee.id] = value.removeprefix(PARTY) if value != OBSERVER else None
    return casting


def _live_roleplay_or_404(session: Session, roleplay_id: int) -> tuple[Roleplay, LiveSpec]:
    """Load the published live role-play ``roleplay_id`` and its current spec, or answer 404."""
    roleplay = roleplay_of_kind_or_404(session, roleplay_id, RoleplayKind.LIVE)
    if roleplay.current_version is None:  # refused above already; this tells the type checker
        abort(404)
    return roleplay, roleplays.live_of(roleplay.current_version)


@bp.route("/courses/<slug>/live", endpoint="live_sessions")
@role_required(Role.TRAINER, Role.ADMIN)
def live_sessions_of_course(slug: str) -> ResponseReturnValue:
    """List the course's live role-plays, with a way to schedule each, and its sessions."""
    session = db.get_session()
    course = enrolment.find_course(session, slug)
    if course is None:
        abort(404)
    require_teaching(course.id)
    return render_template(
        "lms/teach/live_sessions.html",
        course=course,
        roleplays=live_sessions.live_roleplays(session, course),
        sessions=live_sessions.course_sessions(session, course),
    )


@bp.route("/roleplays/<int:roleplay_id>/sessions/new", methods=["GET", "POST"])
@role_required(Role.TRAINER, Role.ADMIN)
def schedule_live(roleplay_id: int) -> ResponseReturnValue:
    """Schedule a live session: when, and which party each enrolled trainee plays."""
    session = db.get_session()
    roleplay, spec = _live_roleplay_or_404(session, roleplay_id)
    require_teaching(roleplay.course_id)
    trainees = live_sessions.cast_candidates(session, roleplay.course)
    form = schedule_form(spec, trainees, live_sessions.suggest_casting(spec, trainees))
    is_valid = form.validate_on_submit()
    if shows_current_trainees(form, trainees) and is_valid and trainees:
        try:
            live_session = live_sessions.schedule(
                session,
                roleplay,
                request_key=form.request_key.data,
                scheduled_for=form.scheduled_for.data.replace(tzinfo=UTC),
                casting=casting_of(form, trainees),
                scheduled_by=require_account(),
                now=utcnow(),
            )
        except InvalidInput as error:
            session.rollback()
            show_invalid_input(form, error)
        else:
            session.commit()
            flash(f"Session of {roleplay.title} scheduled.", "success")
            return redirect(url_for(".live_session", session_id=live_session.id))
    rows = [(trainee, form[f"cast-{trainee.id}"]) for trainee in trainees]
    return render_template(
        "lms/teach/schedule_live.html", roleplay=roleplay, spec=spec, form=form, rows=rows
    )


@bp.route("/live/<int:session_id>")
@role_required(Role.TRAINER, Role.ADMIN)
def live_session(session_id: int) -> ResponseReturnValue:
    """Show a session as its trainer runs it: the situation, every brief, the cast, observations."""
    session = db.get_session()
    live = live_sessions.find_session(session, session_id)
    if live is None:
        abort(404)
    require_teaching(live.roleplay.course_id)
    spec = roleplays.live_of(live.version)
    return render_template(
        "lms/teach/live_session.html",
        live=live,
        spec=spec,
        criteria=live_observations.criterion_titles(spec),
        assessed=live_sessions.latest_assessments(session, live),
        observations=live_observations.observations(session, live),
        has_started=live_sessions.has_started(live, now=utcnow()),
    )
