"""The deadlines of a meeting, an ISP and an SCR, each folded from that aggregate's own facts.

- R-REM-3: a Level 2 / 3 meeting's minute must be ratified and its RMP updated
  by the 10th working day after the meeting in the area's calendar (R-CAL-3,
  R-PI-9). Met on the later of the two dates: ``domain.rules.minutes`` decides.
- R-REM-4: each ISP funding period needs a renewal approved by the period's
  last funded day. The renewal meets it (late if approved after that day);
  the ISP's end withdraws it.
- R-REM-5: each SCR action is due on its due date. It is met when progress
  records it completed, or when its recommendation is closed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from domain.calendar import WorkingDayCalendar
from domain.rules.isp_renewal import IspChange, IspRenewal
from domain.rules.isp_renewal import in_order as isp_order
from domain.rules.minutes import MeetingRecord, minute_obligation
from domain.rules.obligation import Obligation
from domain.rules.scr_actions import ScrActions, ScrChange
from domain.rules.scr_actions import in_order as scr_order
from projections.deadlines.model import Deadline, Fact, Kind, Ledger


@dataclass
class MeetingState:
    """What a meeting's minute-and-RMP deadline depends on: when it was held, and when each step was done."""

    held_on: date | None = None
    held_at: int = 0  # the position of the meeting's holding
    done: dict[str, tuple[date, int]] = field(default_factory=dict)  # step -> (date, position)


def meeting_deadlines(subject: str, facts: Iterable[Fact], calendar: WorkingDayCalendar) -> list[Deadline]:
    ledger = Ledger()
    state = MeetingState()
    fold_meeting(state, facts)
    meeting_deadline(subject, state, calendar, ledger)
    return ledger.all()


def fold_meeting(state: MeetingState, facts: Iterable[Fact]) -> None:
    """A meeting's facts can come in any order and each happens once, so a fold can always go on."""
    for fact in facts:
        if fact.kind == "held":
            state.held_on, state.held_at = fact.occurred_on, fact.position
        elif fact.kind in ("minute-ratified", "rmp-updated"):
            state.done[fact.kind] = (fact.occurred_on, fact.position)


def meeting_deadline(subject: str, state: MeetingState, calendar: WorkingDayCalendar, ledger: Ledger) -> None:
    if state.held_on is None:
        return
    ledger.at = state.held_at
    record = MeetingRecord(state.held_on, _done_on(state, "minute-ratified"), _done_on(state, "rmp-updated"))
    obligation = minute_obligation(record, calendar)
    deadline = Deadline(Kind.MINUTE_AND_RMP, subject, state.held_on, obligation.due_on)
    if obligation.met_on is not None:
        ledger.at = max(position for _, position in state.done.values())
        deadline = deadline.met(obligation.met_on)
    ledger.put(deadline)


def _done_on(state: MeetingState, step: str) -> date | None:
    done = state.done.get(step)
    return done[0] if done else None


def isp_deadlines(subject: str, facts: Iterable[Fact]) -> list[Deadline]:
    ledger = Ledger()
    fold_isp(subject, facts, ledger)
    return ledger.all()


def fold_isp(subject: str, facts: Iterable[Fact], ledger: Ledger) -> None:
    renewal = IspRenewal()
    for change in isp_order(IspChange(f.position, f.occurred_on, f.kind, f.until) for f in facts):
        ledger.at = change.position
        for obligation in renewal.step(change):
            ledger.put(_deadline(Kind.ISP_RENEWAL, subject, obligation))


def _deadline(kind: Kind, subject: str, obligation: Obligation, item: str = "") -> Deadline:
    """An obligation of R-REM-4 or R-REM-5 as its deadline: a stopped one is withdrawn."""
    deadline = Deadline(kind, subject, obligation.arose_on, obligation.due_on, item=item)
    if obligation.met_on is not None:
        return deadline.met(obligation.met_on, obligation.met_by)
    if obligation.stopped_on is not None:
        return deadline.withdrawn(obligation.stopped_on, obligation.why_stopped)
    return deadline


def scr_deadlines(subject: str, facts: Iterable[Fact]) -> list[Deadline]:
    ledger = Ledger()
    fold_scr(subject, facts, ledger)
    return ledger.all()


def fold_scr(subject: str, facts: Iterable[Fact], ledger: Ledger) -> None:
    actions = ScrActions()
    for change in scr_order(_scr_change(f) for f in facts):
        ledger.at = change.position
        for found in actions.step(change):
            ledger.put(_deadline(Kind.SCR_ACTION, subject, found.obligation, found.action))


def _scr_change(fact: Fact) -> ScrChange:
    return ScrChange(fact.position, fact.occurred_on, fact.kind, fact.ref or "", fact.ref2, fact.on_date,
                     bool(fact.flag))
