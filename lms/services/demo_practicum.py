"""Demo practicums: an application, accepted with a mentor and an examiner or awaiting a decision,
logbook weeks about a water partnership, the mentor's comments, and the marks of a submitted
logbook, agreeing or far enough apart to need moderation.

Each step checks the practicum's status or the rows it would add (comments carry fixed request
keys), so a second run adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from lms.models import Account, MarkerRole, Pathway, Practicum, PracticumStatus
from lms.services import logbook, logbook_marking, practicum
from lms.services.logbook import WeekText

PARTNERSHIP = (
    "Safe water for Ndala District: the district council, the regional water utility, a UN "
    "agency's water, sanitation and hygiene programme and a community NGO agree how to restore "
    "and run forty rural water points, and who pays for their upkeep once the grant ends."
)
# One line each of aims, strategies, activities and reflection for the first weeks; later
# weeks repeat the rhythm of review and agreement.
WEEKS = (
    (
        "Map the partners' interests before anyone meets: what each needs, fears and brings.",
        "One-to-one conversations before any joint meeting, so that no partner is surprised.",
        "Met the utility's commercial manager, the district water officer, the UN programme "
        "lead and the NGO's director; drafted an interests map.",
        "The utility worries about unpaid tariffs more than about repairs; I had assumed the "
        "opposite and must check my assumptions earlier.",
    ),
    (
        "Agree why the partners need each other, in words each can sign up to.",
        "Shared problem statement drafted with all four, using their own figures.",
        "Facilitated a half-day scoping workshop at the district offices; eighteen "
        "participants, including two water committee chairs.",
        "The committee chairs spoke most when we split into small groups; I will plan for "
        "that rather than relying on plenary.",
    ),
    (
        "Surface the imbalance of power between the utility and the community committees.",
        "Named the imbalance openly and proposed that committees co-chair the technical group.",
        "Prepared the committees' representatives before the technical meeting; agreed "
        "ground rules for decisions.",
        "Naming power felt risky but the utility accepted it; neutrality is not silence.",
    ),
    (
        "Agree each partner's contribution, in cash and in kind, and value it fairly.",
        "A contributions table with in-kind support priced by the partners themselves.",
        "Worked through the table with the UN agency's finance officer and the district "
        "treasurer; the NGO's volunteer hours were valued for the first time.",
        "Valuing in-kind work changed the tone: the NGO stopped apologising for its budget.",
    ),
    (
        "Draft the partnering agreement's principles and decision rules.",
        "Drafting in the room, on screen, so that every change is seen by everyone.",
        "Two drafting sessions; agreed equity, transparency and mutual benefit as principles "
        "and a rule that repairs above a set cost need all four signatures.",
        "I wrote too much of the first draft myself; the second session went better when the "
        "partners held the pen.",
    ),
    (
        "Allocate the risks of tariff default and of broken pumps.",
        "Risk register built jointly; each risk owned by the partner best placed to manage it.",
        "Facilitated the risk session; the utility took tariff collection, the district took "
        "spare parts, the UN agency a contingency fund for the first two years.",
        "The contingency fund only became possible once the risk was written down plainly.",
    ),
    (
        "Resolve the dispute over who hires the pump mechanics.",
        "Interest-based negotiation: separate the people from the positions.",
        "Shuttle conversations between the utility and the district, then a joint meeting "
        "that agreed a shared roster trained by the NGO.",
        "I was tempted to propose the answer; waiting a week let the partners own it.",
    ),
    (
        "Prepare the agreement for each partner's governance approval.",
        "Framed the same agreement for four audiences: a board, a council, a country office "
        "and a members' assembly.",
        "Wrote briefing notes with each partner's lead; rehearsed the council presentation.",
        "Framing is not spin: the facts stayed the same, only the emphasis changed.",
    ),
    (
        "Support the signing and the launch without the broker taking centre stage.",
        "Partners speak for the partnership; the broker stays in the background.",
        "Signing at the district offices; the community committees presented the plan to "
        "the press alongside the utility's managing director.",
        "Stepping back was harder than I expected, and right.",
    ),
    (
        "Set up the partnership's own review so that it does not depend on me.",
        "A light health check the partners run every quarter.",
        "Designed the health check with the partners and ran the first one together.",
        "The lowest score was on communication between meetings; we agreed a monthly call.",
    ),
    (
        "Hand over the coordination role to a partner.",
        "Gradual handover with a written role description and joint meetings.",
        "The district water officer chaired the monthly call with my support.",
        "A good handover needs more time than the agreement itself did.",
    ),
    (
        "Review what I learnt as a broker over the practicum.",
        "Written reflection against the partnering principles, shared with my mentor.",
        "Final review meeting with the partners; collected their feedback on my role.",
        "I listen better than I did and intervene less; I still need to check my own "
        "assumptions about who holds power.",
    ),
)
COMMENTS = (
    "A clear map. Ask the water committees too: they may see the utility differently.",
    "Good use of small groups. Note who did not speak and follow up with them.",
    "Well judged. How will you keep the co-chair arrangement from becoming a formality?",
    "Valuing in-kind work is exactly right; keep the table in the agreement's annex.",
)


@dataclass(frozen=True)
class Marking:
    """One marker's view of a demo logbook: a share of each criterion's weight, and a comment."""

    role: MarkerRole
    share: float
    comments: str


MENTOR_MARKING = Marking(
    MarkerRole.MENTOR, 0.75, "A well-evidenced logbook; the reflection deepens week by week."
)
EXAMINER_MARKING = Marking(
    MarkerRole.EXAMINER, 0.7, "Sound brokering practice, honestly reflected on."
)
# Twenty marks below the mentor, beyond the shipped pathway's moderation threshold of fifteen.
STRICT_EXAMINER_MARKING = Marking(
    MarkerRole.EXAMINER,
    0.55,
    "The weeks are well told, but the reflection stays descriptive and the partnering "
    "principles are named more often than applied.",
)


@dataclass(frozen=True)
class Staff:
    """Who runs the demo practicums: the admin decides, the mentor and examiner mark."""

    admin: Account
    mentor: Account
    examiner: Account


def week_text(week: int) -> WeekText:
    """The demo entry for ``week`` (1-based)."""
    aims, strategies, activities, reflection = WEEKS[(week - 1) % len(WEEKS)]
    return WeekText(aims=aims, strategies=strategies, activities=activities, reflection=reflection)


def run(
    session: Session,
    trainee: Account,
    pathway: Pathway,
    *,
    staff: Staff,
    weeks_written: int | None,
    markings: tuple[Marking, ...] = (),
    now: datetime,
) -> int:
    """Take ``trainee``'s practicum as far as ``weeks_written`` weeks written (all of them
    submitted) and marked as ``markings`` say, or with ``weeks_written`` None only as far as
    the application; return the steps taken."""
    case = practicum.practicum_of(session, trainee, pathway)
    changes = 0
    if case is None:
        case = practicum.apply(
            session,
            pathway,
            trainee=trainee,
            foundation_course="negotiation",
            sector=trainee.sector.value if trainee.sector else "civil_society",
            partnership=PARTNERSHIP,
            now=now,
        )
        changes += 1
    if weeks_written is None:
        return changes
    if case.status is PracticumStatus.APPLIED:
        # Each written week has begun, and the trainee is now in the week after the last.
        starts_on = now.date() - timedelta(weeks=weeks_written)
        practicum.accept(
            session, case, mentor=staff.mentor, starts_on=starts_on, actor=staff.admin, now=now
        )
        practicum.allocate_examiner(
            session, case, examiner=staff.examiner, actor=staff.admin, now=now
        )
        changes += 1
    changes += _write(session, case, staff.mentor, min(weeks_written, case.weeks), now=now)
    if weeks_written >= case.weeks and case.status is PracticumStatus.ACTIVE:
        logbook.submit(session, case, trainee=trainee, now=now)
        changes += 1
    changes += _mark(session, case, staff, markings, now=now)
    return changes


def _write(session: Session, case: Practicum, mentor: Account, weeks: int, *, now: datetime) -> int:
    """Write the first ``weeks`` weeks and comment, as the mentor, on the first few."""
    if not logbook.is_writable(case):
        return 0
    written = logbook.entries(session, case)
    changes = 0
    for week in range(1, weeks + 1):
        if week not in written:
            logbook.write_week(session, case, week=week, text=week_text(week), now=now)
            changes += 1
    commented = logbook.comments(session, case)
    for week, body in enumerate(COMMENTS[:weeks], start=1):
        if week not in commented:
            logbook.add_comment(
                session,
                case,
                week=week,
                author=mentor,
                body=body,
                request_key=f"demo-{case.id}-week-{week}",
                now=now,
            )
            changes += 1
    return changes


def _mark(
    session: Session,
    case: Practicum,
    staff: Staff,
    markings: tuple[Marking, ...],
    *,
    now: datetime,
) -> int:
    """Record each of ``markings`` on the submitted logbook, unless that marker has marked."""
    submission = logbook.latest_submission(session, case)
    if submission is None or case.status is not PracticumStatus.SUBMITTED:
        return 0
    marked = logbook_marking.marks_of(session, submission)
    rubric = logbook_marking.rubric_of(case).rubric
    changes = 0
    for marking in markings:
        if marking.role in marked:
            continue
        marker = staff.mentor if marking.role is MarkerRole.MENTOR else staff.examiner
        scores = {criterion.key: round(criterion.weight * marking.share) for criterion in rubric}
        logbook_marking.record_mark(
            session, case, marker=marker, scores=scores, comments=marking.comments, now=now
        )
        changes += 1
    return changes
