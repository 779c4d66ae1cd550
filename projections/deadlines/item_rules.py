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
from domain.rules.minutes import MeetingRecord, minute_obligation
from projections.deadlines.model import Deadline, Fact, Kind, Ledger, Status


def _in_order(facts: Iterable[Fact]) -> list[Fact]:
    return sorted(facts, key=lambda f: (f.occurred_on, f.position))


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
    current: Deadline | None = None
    for fact in _in_order(facts):
        ledger.at = fact.position
        if fact.kind in ("approved", "renewed") and fact.until is not None:
            if current is not None and current.status is Status.OPEN:
                ledger.put(current.met(fact.occurred_on))
            current = ledger.put(Deadline(Kind.ISP_RENEWAL, subject, fact.until, fact.until))
        elif fact.kind == "ended" and current is not None and current.status is Status.OPEN:
            current = ledger.put(current.withdrawn(fact.occurred_on, f"ISP ended on {fact.occurred_on.isoformat()}"))


def scr_deadlines(subject: str, facts: Iterable[Fact]) -> list[Deadline]:
    ledger = Ledger()
    fold_scr(subject, facts, ledger)
    return ledger.all()


def fold_scr(subject: str, facts: Iterable[Fact], ledger: Ledger) -> None:
    actions: dict[str, Deadline] = {}
    recommendation_of: dict[str, str] = {}
    for fact in _in_order(facts):
        ledger.at = fact.position
        action = fact.ref or ""
        if fact.kind == "action" and fact.on_date is not None:
            actions[action] = ledger.put(Deadline(Kind.SCR_ACTION, subject, fact.on_date, fact.on_date, item=action))
            recommendation_of[action] = fact.ref2 or ""
        elif fact.kind == "progressed" and fact.flag and _is_open(actions.get(action)):
            actions[action] = ledger.put(actions[action].met(fact.occurred_on, "completed"))
        elif fact.kind == "recommendation-closed":
            for ref, deadline in actions.items():
                if recommendation_of[ref] == fact.ref2 and deadline.status is Status.OPEN:
                    actions[ref] = ledger.put(deadline.met(fact.occurred_on, f"recommendation {fact.ref2} closed"))


def _is_open(deadline: Deadline | None) -> bool:
    return deadline is not None and deadline.status is Status.OPEN
