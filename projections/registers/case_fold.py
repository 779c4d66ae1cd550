"""Each case's timeline folded in business-date order (R-CAL-1), for the SOG's statistics and wanted/missing list.

Events may be recorded late, so the rows of ``pv_case_change`` are folded by
``(occurred_on, position)``, not by position alone: the state "at the end of a
day" is then right even when an event was recorded weeks after it happened.
The case's level, custody and archive come from the rulebook's one case-state
fold (``domain/rules/case_timeline.py``); the register adds only its own: the
category (fixed at referral) and whether the individual is wanted or missing
(RULES §5). Pure: works on plain rows, no database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from domain.rules import case_timeline
from domain.rules.case_timeline import CaseChange

GROUPINGS = ("age_band", "gender", "ethnicity")
NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class CaseInfo:
    """What never changes about a case (a ``pv_case`` row)."""

    case_id: str
    reference: str
    area: str
    age_band: str | None = None
    gender: str | None = None
    ethnicity: str | None = None

    def group(self, by: str | None) -> str | None:
        if by is None:
            return None
        return str(getattr(self, by) or NOT_RECORDED)


@dataclass(frozen=True)
class Change:
    """One row of ``pv_case_change`` (the fields in the order of its columns that the statistics read)."""

    case_id: str
    position: int
    occurred_on: date
    kind: str
    level: int | None = None
    in_custody: bool | None = None
    category: int | None = None
    value: str | None = None
    flag: bool | None = None
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class CaseState:
    """Where a case stood after some event: what the statistics count."""

    category: int
    level: int
    in_custody: bool
    archived: bool = False
    missing: str | None = None  # "wanted" or "missing" while so
    missing_since: date | None = None

    @property
    def in_community(self) -> bool:
        return not self.in_custody


@dataclass(frozen=True)
class Step:
    """One event of a case with the state just before and just after it (``before`` is None at referral)."""

    change: Change
    before: CaseState | None
    after: CaseState


def by_case(changes: Iterable[Change]) -> dict[str, list[Change]]:
    """Changes grouped per case, each list in business-date order (ties by position)."""
    grouped: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        grouped[change.case_id].append(change)
    for timeline in grouped.values():
        timeline.sort(key=lambda c: (c.occurred_on, c.position))
    return dict(grouped)


def steps(timeline: Iterable[Change]) -> Iterator[Step]:
    """Fold a case's timeline (in business-date order): a step for each change from the referral on, with the
    state before and after it. Changes before a known referral are skipped."""
    changes = list(timeline)
    made_by = {state.position: state for state in case_timeline.fold(_case_change(c) for c in changes)}
    lifecycle: case_timeline.CaseState | None = None
    state: CaseState | None = None
    for change in changes:
        lifecycle = made_by.get(change.position, lifecycle)
        if lifecycle is None:
            continue
        after = _after(state, change, lifecycle)
        yield Step(change, state, after)
        state = after


def state_at_end_of(timeline: Iterable[Change], day: date) -> CaseState | None:
    """The case's state at the end of ``day``; None if it was not yet referred."""
    state = None
    for step in steps(c for c in timeline if c.occurred_on <= day):
        state = step.after
    return state


def _case_change(change: Change) -> CaseChange:
    return CaseChange(change.position, change.occurred_on, change.kind, change.level, change.in_custody, change.flag)


def _after(before: CaseState | None, change: Change, lifecycle: case_timeline.CaseState) -> CaseState:
    """The register's state after ``change``: the rulebook's lifecycle, the category and wanted or missing."""
    if before is None or change.kind == "referred":
        category, missing, since = int(change.category or 0), None, None
    else:
        category, missing, since = before.category, before.missing, before.missing_since
    if change.kind == "missing":
        missing, since = change.value, change.occurred_on
    elif change.kind == "located":
        missing, since = None, None
    return CaseState(category, lifecycle.level, lifecycle.in_custody, lifecycle.archived, missing, since)
