"""R-PI-9 (minute ratified and RMP updated by the 10th working day) and R-PI-10 (disclosure decision recorded).

Both are over the Level 2 / 3 meetings held in the period. The deadline is the
10th working day after the meeting in the area's calendar (R-CAL-3): Scottish
public holidays and the area's own closure days are not working days.

- R-PI-9 met: the minute ratified and the RMP updated, both on or before the
  deadline. Pending while not both done and the deadline is on or after the
  as-of date. Days late: the later of the two dates (or the as-of date while one
  is missing) minus the deadline.
- R-PI-10 met: a disclosure decision is recorded. The decision is recorded in
  the minutes, so it is pending until the same deadline and an exception after it.
"""

from __future__ import annotations

from datetime import date

from projections.indicators.facts import MeetingFact, Step
from projections.indicators.model import Occurrence, Status


def first_step(steps: tuple[Step, ...], name: str, as_of: date) -> Step | None:
    """The earliest ``name`` step by business date then position (one pass: three per meeting in a report)."""
    first = None
    for step in steps:
        if step.step == name and step.occurred_on <= as_of and (
                first is None or (step.occurred_on, step.position) < (first.occurred_on, first.position)):
            first = step
    return first


def _occurrence(meeting: MeetingFact, indicator: str, status: Status, detail: str,
                days_late: int | None = None) -> Occurrence:
    return Occurrence(indicator=indicator, area=meeting.area, case_reference=meeting.case_reference,
                      on=meeting.held_on, status=status, meeting_ref=meeting.meeting_ref, days_late=days_late,
                      detail=detail)


def minutes_occurrence(meeting: MeetingFact, deadline: date, as_of: date) -> Occurrence:
    """R-PI-9 for one meeting."""
    ratified = first_step(meeting.steps, "minute-ratified", as_of)
    updated = first_step(meeting.steps, "rmp-updated", as_of)
    detail = (f"minute {_done('ratified', ratified)}, RMP {_done('updated', updated)}; "
              f"deadline {deadline.isoformat()}")
    if ratified is not None and updated is not None:
        done_on = max(ratified.occurred_on, updated.occurred_on)
        if done_on <= deadline:
            return _occurrence(meeting, "R-PI-9", Status.MET, detail)
        return _occurrence(meeting, "R-PI-9", Status.NOT_MET, detail, (done_on - deadline).days)
    if as_of <= deadline:
        return _occurrence(meeting, "R-PI-9", Status.PENDING, detail)
    return _occurrence(meeting, "R-PI-9", Status.NOT_MET, detail, (as_of - deadline).days)


def disclosure_occurrence(meeting: MeetingFact, deadline: date, as_of: date) -> Occurrence:
    """R-PI-10 for one meeting."""
    decided = first_step(meeting.steps, "disclosure", as_of)
    if decided is not None:
        return _occurrence(meeting, "R-PI-10", Status.MET, f"decision: {decided.value}")
    if as_of <= deadline:
        return _occurrence(meeting, "R-PI-10", Status.PENDING,
                           f"no disclosure decision recorded yet; minute due {deadline.isoformat()}")
    return _occurrence(meeting, "R-PI-10", Status.NOT_MET, "no disclosure decision recorded")


def _done(what: str, step: Step | None) -> str:
    return f"{what} {step.occurred_on.isoformat()}" if step else f"not {what}"
