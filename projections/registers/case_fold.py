"""Each case's timeline folded in business-date order (R-CAL-1).

Events may be recorded late, so the rows of ``pv_case_change`` are folded by
``(occurred_on, position)``, not by position alone: the state "at the end of a
day" is then right even when an event was recorded weeks after it happened.
Pure: works on plain rows, no database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime

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
    """Fold a case's timeline (in business-date order). Events before a known referral are skipped."""
    state: CaseState | None = None
    for change in timeline:
        after = _apply(state, change)
        if after is None:
            continue
        yield Step(change, state, after)
        state = after


def state_at_end_of(timeline: Iterable[Change], day: date) -> CaseState | None:
    """The case's state at the end of ``day``; None if it was not yet referred."""
    state = None
    for step in steps(c for c in timeline if c.occurred_on <= day):
        state = step.after
    return state


def _apply(state: CaseState | None, change: Change) -> CaseState | None:
    if change.kind == "referred":
        return CaseState(category=int(change.category or 0), level=int(change.level or 0),
                         in_custody=bool(change.in_custody))
    if state is None:
        return None
    return _CHANGES.get(change.kind, _unchanged)(state, change)


def _unchanged(state: CaseState, _change: Change) -> CaseState:
    return state


_CHANGES: dict[str, Callable[[CaseState, Change], CaseState]] = {
    "level-changed": lambda s, c: replace(s, level=int(c.level or 0)),
    "released": lambda s, c: replace(s, in_custody=False),
    "recalled": lambda s, c: replace(s, in_custody=s.in_custody or bool(c.flag)),
    "missing": lambda s, c: replace(s, missing=c.value, missing_since=c.occurred_on),
    "located": lambda s, c: replace(s, missing=None, missing_since=None),
    "archived": lambda s, c: replace(s, archived=True),
    "reopened": lambda s, c: replace(s, archived=False, level=int(c.level or 0), in_custody=bool(c.in_custody)),
}
