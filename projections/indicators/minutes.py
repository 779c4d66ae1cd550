"""R-PI-9 (minute ratified and RMP updated by the 10th working day) and R-PI-10 (disclosure considered and the
decision recorded).

Both are over the Level 2 / 3 meetings held in the period. The rules are in
``domain.rules.minutes``; here a meeting's facts become its record, and the
rule's verdict becomes an occurrence with the detail a co-ordinator reads.
"""

from __future__ import annotations

from datetime import date

from domain.rules.minutes import DisclosureObligation, MeetingRecord, judge_disclosure
from domain.rules.obligation import Judgement, Obligation, Verdict
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


def meeting_record(meeting: MeetingFact, as_of: date) -> MeetingRecord:
    """The meeting as the rules see it on ``as_of``: the first of each step known by then."""
    ratified = first_step(meeting.steps, "minute-ratified", as_of)
    updated = first_step(meeting.steps, "rmp-updated", as_of)
    decided = first_step(meeting.steps, "disclosure", as_of)
    return MeetingRecord(meeting.held_on, ratified.occurred_on if ratified else None,
                         updated.occurred_on if updated else None, decided.value if decided else None,
                         bool(decided and decided.considered))


def _occurrence(meeting: MeetingFact, indicator: str, judgement: Judgement, detail: str) -> Occurrence:
    return Occurrence(indicator=indicator, area=meeting.area, case_reference=meeting.case_reference,
                      on=meeting.held_on, status=Status(judgement.verdict.value), meeting_ref=meeting.meeting_ref,
                      days_late=judgement.days_late, detail=detail)


def minutes_occurrence(meeting: MeetingFact, record: MeetingRecord, obligation: Obligation,
                       as_of: date) -> Occurrence:
    """R-PI-9 for one meeting."""
    detail = (f"minute {_done('ratified', record.minute_ratified_on)}, RMP {_done('updated', record.rmp_updated_on)}; "
              f"deadline {obligation.due_on.isoformat()}")
    return _occurrence(meeting, "R-PI-9", obligation.judge(as_of), detail)


def disclosure_occurrence(meeting: MeetingFact, obligation: DisclosureObligation, as_of: date) -> Occurrence:
    """R-PI-10 for one meeting."""
    judgement = judge_disclosure(obligation, as_of)
    if judgement.verdict is Verdict.MET:
        detail = f"decision: {obligation.decision}"
    else:
        detail = _missing(obligation)
        if judgement.verdict is Verdict.PENDING:
            detail += f" yet; minute due {obligation.due_on.isoformat()}"
    return _occurrence(meeting, "R-PI-10", judgement, detail)


def _missing(obligation: DisclosureObligation) -> str:
    if obligation.decision is None:
        return "no disclosure decision recorded"
    return f"decision: {obligation.decision}, but disclosure not recorded as considered"


def _done(what: str, on: date | None) -> str:
    return f"{what} {on.isoformat()}" if on else f"not {what}"
