"""Administrator pages of accreditation pathways: the cohort report, a trainee's standing, and
the approval a stage may call for."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import HiddenField, TextAreaField
from wtforms.validators import InputRequired, Length

from lms import db
from lms.content.pathways import AdminApproval
from lms.models import Account, Pathway, Role, utcnow
from lms.services import approvals, cohort_report, pathway_progress
from lms.services.errors import InvalidInput, NotFound, NotPermitted
from lms.web.access import require_account, role_required
from lms.web.admin.views import bp
from lms.web.forms import show_invalid_input


class ApprovalForm(FlaskForm):
    """An approval for one stage, with the panel's note."""

    stage = HiddenField(validators=[InputRequired(), Length(max=80)])
    note = TextAreaField(
        "Note for the record",
        render_kw={"rows": 4},
        validators=[
            Length(
                max=approvals.NOTE_LIMIT,
                message=f"Keep the note under {approvals.NOTE_LIMIT} characters.",
            )
        ],
    )


def _pathway_or_404(session: Session, slug: str) -> Pathway:
    pathway = pathway_progress.find_pathway(session, slug)
    if pathway is None:
        abort(404)
    return pathway


@bp.route("/pathways/<slug>")
@role_required(Role.ADMIN)
def pathway_report(slug: str) -> ResponseReturnValue:
    """Count each stage's trainees and list them with their current stage and next step."""
    session = db.get_session()
    pathway = _pathway_or_404(session, slug)
    page = request.args.get("page", 1, type=int) or 1
    report = cohort_report.report(session, pathway, page=page)
    return render_template("lms/admin/pathway_report.html", report=report)


@bp.route("/pathways/<slug>/trainees/<int:account_id>")
@role_required(Role.ADMIN)
def pathway_trainee(slug: str, account_id: int) -> ResponseReturnValue:
    """Show a trainee's standing on the pathway, with the approval form where a stage asks."""
    session = db.get_session()
    pathway = _pathway_or_404(session, slug)
    trainee = db.get_or_404(session, Account, account_id)
    return _trainee_page(session, pathway, trainee, ApprovalForm(formdata=None))


@bp.route("/pathways/<slug>/trainees/<int:account_id>/approve", methods=["POST"])
@role_required(Role.ADMIN)
def approve_trainee(slug: str, account_id: int) -> ResponseReturnValue:
    """Approve the trainee for a stage; a refusal shows the page again with the reason."""
    session = db.get_session()
    pathway = _pathway_or_404(session, slug)
    trainee = db.get_or_404(session, Account, account_id)
    form = ApprovalForm()
    if form.validate_on_submit():
        try:
            approvals.approve(
                session,
                trainee,
                pathway,
                form.stage.data or "",
                approved_by=require_account(),
                note=form.note.data or "",
                now=utcnow(),
            )
        except InvalidInput as error:
            show_invalid_input(form, error)
        except (NotPermitted, NotFound) as error:
            session.rollback()
            form.form_errors.append(str(error))
        else:
            session.commit()
            flash(f"{trainee.display_name} is approved.", "success")
            return redirect(url_for(".pathway_trainee", slug=slug, account_id=account_id))
    return _trainee_page(session, pathway, trainee, form), 422


def _trainee_page(session: Session, pathway: Pathway, trainee: Account, form: ApprovalForm) -> str:
    standing = pathway_progress.of_pathway(session, trainee.id, pathway)
    awaiting = {
        stage.stage.slug: approvals.missing(session, trainee, pathway, stage.stage.slug)
        for stage in standing.stages
        if any(
            isinstance(item.requirement, AdminApproval) and not item.is_met
            for item in stage.requirements
        )
    }
    return render_template(
        "lms/admin/pathway_trainee.html",
        progress=standing,
        trainee=trainee,
        awaiting=awaiting,
        form=form,
    )
