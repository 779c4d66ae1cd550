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

from domain.calendar import WorkingDayCalendar
from domain.rules.isp_renewal import IspChange, IspRenewal
from domain.rules.isp_renewal import in_order as isp_order
from domain.rules.minutes import MeetingRecord, minute_obligation
from domain.rules.obligation import Obligation
from domain.rules.scr_actions import ScrActions, ScrChange
from domain.rules.scr_actions import in_order as scr_order
from projections.deadlines.model import Deadline, Fact, Kind, Ledger


def meeting_deadlines(subject: str, facts: Iterable[Fact], calendar: WorkingDayCalendar) -> list[Deadline]:
    """R-REM-3: the minute-and-RMP deadline of a meeting once it is held (domain/rules/minutes.py)."""
    facts = list(facts)
    held = next((fact.occurred_on for fact in facts if fact.kind == "held"), None)
    if held is None:
        return []
    done = {fact.kind: fact.occurred_on for fact in facts if fact.kind in ("minute-ratified", "rmp-updated")}
    obligation = minute_obligation(MeetingRecord(held, done.get("minute-ratified"), done.get("rmp-updated")), calendar)
    deadline = Deadline(Kind.MINUTE_AND_RMP, subject, held, obligation.due_on)
    return [deadline if obligation.met_on is None else deadline.met(obligation.met_on)]


def isp_deadlines(subject: str, facts: Iterable[Fact]) -> list[Deadline]:
    """R-REM-4: each funding period's renewal (domain/rules/isp_renewal.py)."""
    ledger = Ledger()
    renewal = IspRenewal()
    for change in isp_order(IspChange(f.position, f.occurred_on, f.kind, f.until) for f in facts):
        for obligation in renewal.step(change):
            ledger.put(_deadline(Kind.ISP_RENEWAL, subject, obligation))
    return ledger.all()


def _deadline(kind: Kind, subject: str, obligation: Obligation, item: str = "") -> Deadline:
    """An obligation of R-REM-4 or R-REM-5 as its deadline: a stopped one is withdrawn."""
    deadline = Deadline(kind, subject, obligation.arose_on, obligation.due_on, item=item)
    if obligation.met_on is not None:
        return deadline.met(obligation.met_on, obligation.met_by)
    if obligation.stopped_on is not None:
        return deadline.withdrawn(obligation.stopped_on, obligation.why_stopped)
    return deadline


def scr_deadlines(subject: str, facts: Iterable[Fact]) -> list[Deadline]:
    """R-REM-5: each SCR action's deadline (domain/rules/scr_actions.py)."""
    ledger = Ledger()
    actions = ScrActions()
    for change in scr_order(_scr_change(f) for f in facts):
        for found in actions.step(change):
            ledger.put(_deadline(Kind.SCR_ACTION, subject, found.obligation, found.action))
    return ledger.all()


def _scr_change(fact: Fact) -> ScrChange:
    return ScrChange(fact.position, fact.occurred_on, fact.kind, fact.ref or "", fact.ref2, fact.on_date,
                     bool(fact.flag))
