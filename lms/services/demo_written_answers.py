"""What the demo trainees write for the shipped written role-plays: a strong answer that a
trainer assessed, and a first draft still awaiting assessment, each about its own case, so that
a newcomer reading an answer sees one that fits the brief beside it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoAnswer:
    strong: str
    first_draft: str


ANSWERS = {
    "prepare-the-negotiation": DemoAnswer(
        strong=(
            "Interests behind positions: the port needs the bank's second tranche, which waits "
            "on a livelihood restoration plan, more than it needs the fishers gone by 1 March; "
            "Tidewell needs traceable fish for its buyers, not exclusivity for its own sake; the "
            "cooperative needs a working landing site before it moves and never again one buyer; "
            "the women processors need market space and kilns. Alternatives: the port can clear "
            "the beach by law but would put the tranche at risk; Tidewell's fallback earns half "
            "the return. The zone of agreement lies between a ten-year concession the port board "
            "can approve and Tidewell's break-even volume of 4,000 tonnes. Options: start "
            "dredging at the southern end to buy three months, fund the market from the unused "
            "resettlement budget, and pay for ice by the tonne landed. First meeting: agree the "
            "facts and the timetable before anyone names a price, hear the women processors in "
            "their own right, and keep what each partner told me alone to myself."
        ),
        first_draft=(
            "The port should give the fishers more time and Tidewell should lower its volume "
            "demand. I will ask each partner what they want at the first meeting."
        ),
    ),
    "proposal-for-a-board": DemoAnswer(
        strong=(
            "Decision sought: approve our part in an 18-month programme paying 25 dollars a "
            "month by mobile money to 30,000 farming households in two northern districts. We "
            "are asked to open their wallets free of charge, recruit and train 250 cash-out "
            "agents (about 400,000 dollars) and share anonymised payment data with an "
            "independent monitor. We gain a fee of 1 per cent of 13.5 million dollars of "
            "transfers, 30,000 new customers and an agent network in districts we do not yet "
            "serve. The risks: weak signal for a fifth of households, agents short of cash on "
            "payment days, personal data under the data protection law, and the news if a poor "
            "family's payment fails. The UN agency funds the transfers, wallet training and the "
            "monitor; the Ministry selects households and runs the complaints line. The agency "
            "offers no funding after 18 months and no use of its emblem in our advertising."
        ),
        first_draft=(
            "This partnership leverages our digital platform to build the resilience of "
            "vulnerable households in line with the SDGs. The board is asked to support it."
        ),
    ),
    "risk-sharing-clause": DemoAnswer(
        strong=(
            "Cost overruns above 2.4 million dollars fall first on a 10 per cent contingency the "
            "utility holds, because it manages the works contract; beyond that the partners meet "
            "within a month and no one is bound to pay more without its board's approval. A late "
            "or rejected tariff is no single partner's to carry: Kestrel lends the utility its "
            "first year's repayments, to be returned from the water charges once the tariff is "
            "approved, and the UN office's guarantee facility stands behind the bank loan. If "
            "monitoring shows the aquifer below the threshold, Kestrel cuts its abstraction "
            "first, because only Kestrel controls it, and the independent monitor's reading "
            "settles any dispute. Low take-up is the trust's to manage through the kiosk "
            "committees, with the utility waiving connection fees for the first year. Each "
            "quarter the partners review the risks together and decide by consensus."
        ),
        first_draft=(
            "All four partners share every risk equally and will discuss any problem that "
            "arises in good faith."
        ),
    ),
}
# For written role-plays of courses other than the shipped ones.
GENERAL = DemoAnswer(
    strong=(
        "Each partner's interests come first, then what each can bring and risk, and what we "
        "will decide together, in words every partner would read the same way."
    ),
    first_draft="Every partner should work together for the good of the partnership.",
)


def answer_for(roleplay_slug: str) -> DemoAnswer:
    """The demo's answers to the written role-play ``roleplay_slug``."""
    return ANSWERS.get(roleplay_slug, GENERAL)
