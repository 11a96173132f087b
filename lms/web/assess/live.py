"""Trainer page assessing a player of a live session against the role-play's rubric."""

from __future__ import annotations

from functools import partial

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from lms import db
from lms.models import LiveParticipant, Role, utcnow
from lms.services import assessment, live_observations, live_sessions, roleplays
from lms.web.access import require_account, require_teaching, role_required
from lms.web.assess.rubric import RubricForm, marks_from, record_or_explain, rubric_form
from lms.web.assess.views import bp


@bp.route("/participants/<int:participant_id>", methods=["GET", "POST"])
@role_required(Role.TRAINER, Role.ADMIN)
def participant(participant_id: int) -> ResponseReturnValue:
    """Show a player, their party, what observers noted and past assessments; record one.

    When someone else assessed the player meanwhile, the page shows their assessment and keeps
    what this trainer entered, ready to record as the next assessment.
    """
    session = db.get_session()
    player = _player_or_404(session, participant_id)
    form = rubric_form(roleplays.live_of(player.session.version).rubric)()
    if form.validate_on_submit() and record_or_explain(
        form,
        partial(
            live_sessions.assess_participant,
            session,
            player,
            marks=marks_from(form),
            number=form.number.data,
            assessor=require_account(),
            now=utcnow(),
        ),
        next_number=partial(assessment.next_number, session, participant=player),
    ):
        session.commit()
        flash(f"Assessment saved for {player.account.display_name}.", "success")
        return redirect(url_for("lms.teach.live_session", session_id=player.session_id))
    return _page(session, player, form)


def _player_or_404(session: Session, participant_id: int) -> LiveParticipant:
    """A player in a course the signed-in account teaches (else 403), checked first so that
    others learn nothing about them; observers play no party, so they are not found."""
    player = db.get_or_404(session, LiveParticipant, participant_id)
    require_teaching(player.session.roleplay.course_id)
    if player.is_observer:
        abort(404)
    return player


def _page(session: Session, player: LiveParticipant, form: RubricForm) -> str:
    """The player, their party's brief, observations about them, their history and the form."""
    if form.number.data is None:
        form.renumber(assessment.next_number(session, participant=player))
    live = player.session
    spec = roleplays.live_of(live.version)
    party = live_sessions.brief_for(spec, player)
    return render_template(
        "lms/assess/participant.html",
        player=player,
        live=live,
        spec=spec,
        party=party,
        observations=live_observations.observations(session, live, subject=player),
        criteria=live_observations.criterion_titles(spec),
        history=assessment.history(session, participant=player),
        has_started=live_sessions.has_started(live, now=utcnow()),
        form=form,
    )
