"""Where a case stands now, in a few lines: shown above its history (table and HTML export).

The state is the case's fold with everything recorded so far (``domain.case_state``); the open deadlines come from
the deadlines view (``projections.deadlines``), read after it has caught up. No free text, no personal details:
codes, levels, dates and counts, as in the history's summaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from domain.case_state import CaseState
from projections.deadlines.model import Status
from projections.deadlines.query import DeadlineRow


@dataclass(frozen=True)
class CaseSummary:
    today: date
    items: tuple[tuple[str, str], ...]  # (label, value in words), in reading order


def case_summary(state: CaseState, deadlines: Sequence[DeadlineRow], today: date) -> CaseSummary:
    """The case as it stands on ``today``: level, category, custody, status, orders, meetings, ISPs, deadlines."""
    return CaseSummary(today, (
        ("Area", state.area),
        ("Level", str(state.level)),
        ("Category", str(state.category)),
        ("Custody", _custody(state)),
        ("Status", f"archived on {state.archived_on}" if state.archived else f"open, referred on {state.referred_on}"),
        ("Wanted or missing", f"{state.missing} since {state.missing_since}" if state.missing else "no"),
        ("Preventative orders", _orders(state)),
        ("Meetings", _meetings(state)),
        ("ISPs", _isps(state, today)),
        ("Open deadlines", _deadlines(deadlines, today)),
    ))


def _custody(state: CaseState) -> str:
    if not state.in_custody:
        return "in the community"
    return f"in custody, release expected {state.expected_release_on}" if state.expected_release_on else "in custody"


def _orders(state: CaseState) -> str:
    if not state.orders:
        return "none"
    return ", ".join(f"{ref} ({status})" for ref, status in sorted(state.orders.items()))


def _meetings(state: CaseState) -> str:
    if not state.meetings:
        return "none"
    latest = max(state.meetings.values(), key=lambda m: m.held_on)
    return f"{len(state.meetings)}, the latest on {latest.held_on} ({latest.kind}, Level {latest.level})"


def _isps(state: CaseState, today: date) -> str:
    current = [i for i in state.isps.values() if i.ended_on is None and i.starts_on <= today <= i.ends_on]
    if not state.isps:
        return "none"
    if not current:
        return f"{len(state.isps)}, none current"
    return f"{len(state.isps)}, current: " + ", ".join(f"{i.ref} to {i.ends_on}" for i in current)


def _deadlines(deadlines: Sequence[DeadlineRow], today: date) -> str:
    open_ = sorted((d for d in deadlines if d.status == Status.OPEN), key=lambda d: d.due_on)
    if not open_:
        return "none"
    overdue = sum(d.due_on < today for d in open_)
    first = open_[0]
    return f"{len(open_)} ({overdue} overdue); the next: {first.kind} due {first.due_on}"
