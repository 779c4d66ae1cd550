"""R-PI-3 to R-PI-7: attendance and written contributions, over invitations to meetings held in the period.

The rules are in ``domain.rules.attendance``; here each invitation of a meeting is judged, and each verdict
becomes an occurrence with the detail a co-ordinator reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from domain.rules.attendance import AttendanceVerdict, Why, invitation_verdicts, latest_marking
from projections.indicators.facts import Invitation, MeetingFact, Step
from projections.indicators.model import Occurrence, Status

_PLACE = {"minute": "the minute", "rmp": "the RMP"}


def attendance_occurrences(meeting: MeetingFact, deadline: date, as_of: date) -> Iterator[Occurrence]:
    """R-PI-3 to R-PI-7 for every invitation of one meeting (held in the period, on or before ``as_of``)."""
    for invitation in meeting.invitations:
        marking = latest_contribution(meeting.steps, invitation.agency, as_of)
        for judged in invitation_verdicts(invitation, marking, deadline, as_of):
            yield Occurrence(judged.rule, meeting.area, meeting.case_reference, meeting.held_on,
                             Status(judged.verdict.value), meeting.meeting_ref, invitation.agency, None,
                             _detail(judged, invitation, deadline))


def latest_contribution(steps: tuple[Step, ...], agency: str, as_of: date) -> Step | None:
    """The marking of ``agency``'s written contribution that counts on ``as_of`` (R-PI-6/7)."""
    return latest_marking(s for s in steps if s.step == "contribution" and s.value == agency and s.occurred_on <= as_of)


def _detail(judged: AttendanceVerdict, invitation: Invitation, deadline: date) -> str:
    why = judged.why
    if why is Why.BELOW_SENIORITY:
        return f"outcome: {invitation.outcome}, not at the agreed seniority"
    if why in (Why.ATTENDED, Why.NOT_ATTENDED):
        return f"outcome: {invitation.outcome}"
    if why is Why.NOTHING_SENT:
        return "did not attend and sent nothing"
    if why is Why.RECORDED:
        return "recorded in the minute and the RMP"
    missing = " and ".join(_PLACE[place] for place in judged.missing) or "the minute or the RMP"
    if judged.verdict.value == Status.PENDING:
        return f"written contribution not yet recorded in {missing}; due {deadline.isoformat()}"
    return f"written contribution not recorded in {missing}"
