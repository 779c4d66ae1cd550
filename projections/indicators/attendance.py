"""R-PI-3 to R-PI-7: attendance and written contributions, over invitations to meetings held in the period.

- R-PI-3 each DTC agency: attended in person, remotely or by written report, at seniority.
- R-PI-4 Police Scotland and R-PI-5 community-based social work: attended in
  person or remotely, at seniority. A written report alone is not attendance
  for a Responsible Authority.
- R-PI-6 (Responsible Authorities) and R-PI-7 (DTC agencies), over the
  invitations that did not end in attendance: a written contribution was sent
  and is recorded in both the minute and the RMP. A contribution sent but not
  (yet) recorded in both is pending until the meeting's minute deadline (the
  10th working day, R-PI-9) and an exception after it; it counts as met once
  recorded in both.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from domain.vocabulary import ATTENDED, Agency, Attendance
from projections.indicators.facts import Invitation, MeetingFact, Step
from projections.indicators.model import Occurrence, Status

_DTC_ATTENDED = frozenset({*ATTENDED, Attendance.WRITTEN})
_NAMED = {Agency.POLICE_SCOTLAND.value: "R-PI-4", Agency.SOCIAL_WORK.value: "R-PI-5"}


def attendance_occurrences(meeting: MeetingFact, deadline: date, as_of: date) -> Iterator[Occurrence]:
    """R-PI-3 to R-PI-7 for every invitation of one meeting (held in the period, on or before ``as_of``)."""
    for invitation in meeting.invitations:
        if not invitation.responsible:
            yield _attendance(meeting, invitation, "R-PI-3", _DTC_ATTENDED)
        elif invitation.agency in _NAMED:
            yield _attendance(meeting, invitation, _NAMED[invitation.agency], ATTENDED)
        if invitation.outcome not in ATTENDED:
            indicator = "R-PI-6" if invitation.responsible else "R-PI-7"
            yield _contribution(meeting, invitation, indicator, deadline, as_of)


def _occurrence(meeting: MeetingFact, invitation: Invitation, indicator: str, status: Status,
                detail: str) -> Occurrence:
    return Occurrence(indicator, meeting.area, meeting.case_reference, meeting.held_on, status, meeting.meeting_ref,
                      invitation.agency, None, detail)


def _attendance(meeting: MeetingFact, invitation: Invitation, indicator: str,
                counts: frozenset[str]) -> Occurrence:
    if invitation.outcome not in counts:
        return _occurrence(meeting, invitation, indicator, Status.NOT_MET, f"outcome: {invitation.outcome}")
    if not invitation.at_seniority:
        return _occurrence(meeting, invitation, indicator, Status.NOT_MET,
                           f"outcome: {invitation.outcome}, not at the agreed seniority")
    return _occurrence(meeting, invitation, indicator, Status.MET, f"outcome: {invitation.outcome}")


def _contribution(meeting: MeetingFact, invitation: Invitation, indicator: str, deadline: date,
                  as_of: date) -> Occurrence:
    if invitation.outcome != Attendance.WRITTEN:
        return _occurrence(meeting, invitation, indicator, Status.NOT_MET, "did not attend and sent nothing")
    recorded = latest_contribution(meeting.steps, invitation.agency, as_of)
    if recorded is not None and recorded.in_minute and recorded.in_rmp:
        return _occurrence(meeting, invitation, indicator, Status.MET, "recorded in the minute and the RMP")
    missing = _not_recorded_in(recorded)
    if as_of <= deadline:
        return _occurrence(meeting, invitation, indicator, Status.PENDING,
                           f"written contribution not yet recorded in {missing}; due {deadline.isoformat()}")
    return _occurrence(meeting, invitation, indicator, Status.NOT_MET,
                       f"written contribution not recorded in {missing}")


def latest_contribution(steps: tuple[Step, ...], agency: str, as_of: date) -> Step | None:
    """The latest marking of ``agency``'s written contribution, by business date then position."""
    marks = [s for s in steps if s.step == "contribution" and s.value == agency and s.occurred_on <= as_of]
    return max(marks, key=lambda s: (s.occurred_on, s.position), default=None)


def _not_recorded_in(recorded: Step | None) -> str:
    if recorded is None:
        return "the minute or the RMP"
    places = [name for name, done in (("the minute", recorded.in_minute), ("the RMP", recorded.in_rmp)) if not done]
    return " and ".join(places)
