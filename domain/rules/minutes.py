"""The minute-and-RMP deadline of a meeting and its disclosure decision (R-PI-9, R-REM-3, R-PI-10, R-CAL-3).

- R-CAL-3: "within 10 working days following the meeting" is due on the 10th
  working day after the meeting in the area's calendar; the meeting day never
  counts, and a step done on or before that day is on time.
- R-PI-9 / R-REM-3: the minute is ratified and the RMP updated by that day.
  The obligation is met on the later of the two dates, once both are done.
  Judged on an as-of date: met if that date is on or before the deadline,
  otherwise not met by the days between; while one step is missing, pending
  up to and including the deadline, then not met by the as-of date minus the
  deadline.
- R-PI-10 / R-MTG-3 (refined): "disclosure considered" is its own yes / no,
  recorded with the decision. A meeting is met when it is yes AND a decision
  is recorded, even when recorded late. Otherwise (no decision yet, or a
  decision recorded with considered = no) it is pending up to the same
  deadline, then not met (no days late are counted).

The record holds the first date of each step known at the as-of date (which
steps are known is the caller's business). The obligation built from it does
not depend on the as-of date; only its judgement does.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from domain.calendar import WorkingDayCalendar
from domain.rules.obligation import Judgement, Obligation, Verdict

MINUTE_WORKING_DAYS = 10


class MeetingRecord(NamedTuple):
    """What a meeting's minute obligations depend on: when it was held, and the first date of each step."""

    held_on: date
    minute_ratified_on: date | None = None
    rmp_updated_on: date | None = None
    disclosure: str | None = None  # the decision recorded, if any
    considered: bool = False  # whether disclosure was considered, recorded with the decision (R-MTG-3)


class DisclosureObligation(NamedTuple):
    """R-PI-10 for one meeting: a decision, with disclosure considered, is due with the minute; recorded late,
    it still counts."""

    held_on: date
    due_on: date
    decision: str | None
    considered: bool = False


def minute_deadline(calendar: WorkingDayCalendar, held_on: date) -> date:
    """The last on-time day for the minute and RMP: the 10th working day after the meeting (R-CAL-3, R-PI-9)."""
    return calendar.nth_working_day_after(held_on, MINUTE_WORKING_DAYS)


def minute_obligation(record: MeetingRecord, calendar: WorkingDayCalendar) -> Obligation:
    """R-PI-9 / R-REM-3: due on the 10th working day after the meeting, met on the later of the ratification
    and the RMP update once both are done. ``Obligation.judge`` says met, not met (days late) or pending."""
    ratified, updated = record.minute_ratified_on, record.rmp_updated_on
    met_on = max(ratified, updated) if ratified is not None and updated is not None else None
    return Obligation("R-PI-9", record.held_on, minute_deadline(calendar, record.held_on), met_on=met_on)


def disclosure_obligation(record: MeetingRecord, calendar: WorkingDayCalendar) -> DisclosureObligation:
    """R-PI-10: the decision and whether disclosure was considered, due with the minute (R-CAL-3)."""
    return DisclosureObligation(record.held_on, minute_deadline(calendar, record.held_on), record.disclosure,
                                record.considered)


def judge_disclosure(obligation: DisclosureObligation, as_of: date) -> Judgement:
    """R-PI-10 on ``as_of``: met once a decision is recorded with disclosure considered; otherwise pending up
    to the minute deadline, then not met (R-MTG-3: a decision recorded with considered = no does not count)."""
    if obligation.decision is not None and obligation.considered:
        return Judgement(Verdict.MET)
    if as_of <= obligation.due_on:
        return Judgement(Verdict.PENDING)
    return Judgement(Verdict.NOT_MET)
