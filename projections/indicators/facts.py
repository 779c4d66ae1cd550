"""The facts the indicators are computed from, as plain values (made from the deadlines view's stored facts by
projections/indicators/rows.py, or built by tests).

Every fact keeps its business date and its position in the event log, so the
rules can order them by business date with ties in recording order (R-CAL-1).
Facts are named tuples: a national report
builds tens of thousands of them, and tuples are quick to make.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from domain.calendar import WorkingDayCalendar
from domain.rules.case_timeline import CaseChange

__all__ = ["AreaFacts", "CaseChange", "CaseFacts", "Invitation", "MeetingFact", "Step"]


class CaseFacts(NamedTuple):
    case_id: str
    reference: str
    area: str
    changes: tuple[CaseChange, ...]


class Invitation(NamedTuple):
    agency: str
    responsible: bool
    outcome: str  # in-person, remote, written, absent
    at_seniority: bool


class Step(NamedTuple):
    """A dated step after a meeting: disclosure, contribution, minute-issued, minute-ratified, rmp-updated."""

    position: int
    step: str
    occurred_on: date
    value: str | None = None  # disclosure: the decision; contribution: the agency
    in_minute: bool | None = None
    in_rmp: bool | None = None
    considered: bool | None = None  # disclosure: whether disclosure was considered (R-MTG-3)


class MeetingFact(NamedTuple):
    meeting_id: str
    meeting_ref: str
    case_id: str
    case_reference: str
    area: str
    held_on: date
    level: int
    kind: str  # initial or review
    venue: str  # community or custody
    position: int
    invitations: tuple[Invitation, ...] = ()
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class AreaFacts:
    """Everything one area's indicators need for one period.

    ``review_meetings`` are the Level 2 / 3 meetings from 84 days before the
    period to the as-of date (R-PI-1/2 clocks); ``period_meetings`` those held
    in the period, with invitations and steps (R-PI-3 to R-PI-7, R-PI-9,
    R-PI-10); ``initial_meetings`` the Level 3 initial community meetings up to
    the period's end (R-PI-8), whenever held.
    """

    area: str
    calendar: WorkingDayCalendar
    cases: tuple[CaseFacts, ...] = ()
    review_meetings: tuple[MeetingFact, ...] = ()
    period_meetings: tuple[MeetingFact, ...] = ()
    initial_meetings: tuple[MeetingFact, ...] = ()
