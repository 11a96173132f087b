"""A trainee's page of a live session: the shared situation and their own party's brief, or,
for observers, a form to note what players do. No other party's brief ever reaches this page.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from lms import db
from lms.content.roleplays import LiveSpec
from lms.models import LiveParticipant, LiveSession, ObservationKind, utcnow
from lms.services import assessment, live_observations, live_sessions, roleplays
from lms.services.errors import InvalidInput, NotPermitted
from lms.web.access import require_account, signed_in
from lms.web.forms import RequestKeyField, show_invalid_input
from lms.web.learn.views import bp


class ObservationForm(FlaskForm):
    """Take an observer's note on a player; the choices come from the session and its rubric."""

    request_key = RequestKeyField()
    subject = SelectField("Player", coerce=int, validators=[InputRequired("Choose a player.")])
    criterion = SelectField("Criterion", validators=[InputRequired("Choose a criterion.")])
    kind = RadioField(
        "Strength or concern",
        choices=[
            SelectChoice(ObservationKind.STRENGTH.value, "Strength"),
            SelectChoice(ObservationKind.CONCERN.value, "Concern"),
        ],
        validators=[InputRequired("Say whether it is a strength or a concern.")],
    )
    note = TextAreaField(
        "What you observed",
        validators=[
            InputRequired("Say what you observed."),
            Length(max=live_observations.NOTE_LIMIT),
        ],
    )


def observation_form(live: LiveSession, spec: LiveSpec) -> ObservationForm:
    """Build the observation form offering the session's players and the rubric's criteria."""
    form = ObservationForm()
    form.subject.choices = [
        SelectChoice(
            player.id, f"{player.account.display_name} ({live_sessions.part_of(spec, player)})"
        )
        for player in live_sessions.players(live)
    ]
    form.criterion.choices = [
        SelectChoice(criterion, title)
        for criterion, title in live_observations.criterion_titles(spec).items()
    ]
    return form


def _own_place_or_404(session: Session, session_id: int) -> tuple[LiveSession, LiveParticipant]:
    """Load the session and the trainee's place in it; 404 for others, who learn nothing of it."""
    live = live_sessions.find_session(session, session_id)
    if live is None:
        abort(404)
    participant = live_sessions.participant_of(session, live, require_account())
    if participant is None:
        abort(404)
    return live, participant


def _page(
    session: Session, live: LiveSession, participant: LiveParticipant, form: ObservationForm | None
) -> str:
    spec = roleplays.live_of(live.version)
    party = live_sessions.brief_for(spec, participant)
    return render_template(
        "lms/learn/live_session.html",
        live=live,
        participant=participant,
        spec=spec,
        party=party,
        form=form or (observation_form(live, spec) if participant.is_observer else None),
        criteria=live_observations.criterion_titles(spec),
        observations=(
            live_observations.observations(session, live, observer=participant)
            if participant.is_observer
            else []
        ),
        assessed=assessment.latest(session, participant=participant),
        has_started=live_sessions.has_started(live, now=utcnow()),
    )


@bp.route("/live/<int:session_id>")
@signed_in
def live_session(session_id: int) -> ResponseReturnValue:
    """Show the session to one of its participants: the situation and their own brief only."""
    session = db.get_session()
    live, participant = _own_place_or_404(session, session_id)
    return _page(session, live, participant, None)


@bp.route("/live/<int:session_id>/observations", methods=["POST"])
@signed_in
def add_observation(session_id: int) -> ResponseReturnValue:
    """Record an observer's note on a player, for the trainer to weigh when assessing."""
    session = db.get_session()
    live, participant = _own_place_or_404(session, session_id)
    if not participant.is_observer:
        abort(403)
    form = observation_form(live, roleplays.live_of(live.version))
    if form.validate_on_submit():
        try:
            live_observations.add_observation(
                session,
                live,
                request_key=form.request_key.data,
                observer=require_account(),
                subject_id=form.subject.data,
                criterion=form.criterion.data,
                kind=form.kind.data,
                note=form.note.data,
                now=utcnow(),
            )
        except NotPermitted as error:
            flash(str(error), "error")
            return redirect(url_for(".live_session", session_id=live.id))
        except InvalidInput as error:
            show_invalid_input(form, error)
        else:
            session.commit()
            flash("Observation saved.", "success")
            return redirect(url_for(".live_session", session_id=live.id))
    return _page(session, live, participant, form)
