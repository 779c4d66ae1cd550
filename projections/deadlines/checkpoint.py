"""A case's fold state, saved between batches so that a new fact continues the fold instead of redoing it.

A fact that sorts after the saved state's last fact (the usual case) is folded
on from the saved state; one that sorts before it (an event recorded late, with
an earlier business date) makes the case be folded again from all its facts.
Either way the deadlines are exactly those of a fold over every fact. A
meeting's state is what its minute-and-RMP deadline depends on; its facts come
in any order, so its fold always goes on.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from projections.deadlines.case_rules import CaseState
from projections.deadlines.item_rules import MeetingState
from projections.deadlines.model import Deadline, Kind, Status


def dump_state(state: CaseState) -> str:
    return json.dumps([
        state.level, state.in_custody, state.archived, _day(state.release_on), _day(state.custody_since),
        _day(state.initial_l3_on), state.why, {str(kind): _deadline(d) for kind, d in state.clocks.items()},
        _deadline(state.pre_release),
    ], separators=(",", ":"))


def load_state(subject: str, text: str, last: tuple[date, int, int]) -> CaseState:
    level, in_custody, archived, release_on, custody_since, initial_l3_on, why, clocks, pre_release = json.loads(text)
    return CaseState(
        level=level, in_custody=in_custody, archived=archived, release_on=_date(release_on),
        custody_since=_date(custody_since), initial_l3_on=_date(initial_l3_on), why=why,
        clocks={Kind(kind): _undeadline(subject, d) for kind, d in clocks.items()},
        pre_release=_undeadline(subject, pre_release), last=last,
    )


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _deadline(deadline: Deadline | None) -> list[Any] | None:
    if deadline is None:
        return None
    return [str(deadline.kind), deadline.basis.isoformat(), deadline.due_on.isoformat(), str(deadline.status),
            _day(deadline.closed_on), deadline.reason]


def _undeadline(subject: str, data: list[Any] | None) -> Deadline | None:
    if data is None:
        return None
    kind, basis, due_on, status, closed_on, reason = data
    return Deadline(Kind(kind), subject, date.fromisoformat(basis), date.fromisoformat(due_on), Status(status),
                    _date(closed_on), reason)


def dump_meeting(state: MeetingState) -> str:
    """The steps in name order: a meeting's facts fold in any order, and the same state must give the same text."""
    return json.dumps([_day(state.held_on), state.held_at,
                       {step: [on.isoformat(), at] for step, (on, at) in sorted(state.done.items())}],
                      separators=(",", ":"))


def load_meeting(text: str) -> MeetingState:
    held_on, held_at, done = json.loads(text)
    steps = {step: (date.fromisoformat(on), at) for step, (on, at) in done.items()}
    return MeetingState(_date(held_on), held_at, steps)
