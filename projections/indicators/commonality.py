"""Exceptions with their recorded reasons, and the commonality analysis (R-PI-EXC).

The guidance asks, for each indicator, whether exceptions have something in
common: the same case again and again, one agency, or one kind of reason. The
analysis counts an indicator's exceptions in the period and in the previous
period by case, by agency and by reason category.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from projections.indicators.model import Occurrence

NO_REASON = "no reason recorded"
NO_AGENCY = "none recorded"


@dataclass(frozen=True)
class Reason:
    """The latest reason recorded against one exception."""

    exception_key: str
    indicator: str
    category: str
    agency: str | None
    text: str
    occurred_on: date
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class ExceptionRow:
    occurrence: Occurrence
    reason: Reason | None

    @property
    def agency(self) -> str:
        """The agency concerned: the invited agency, else the one the reason names."""
        return self.occurrence.agency or (self.reason.agency if self.reason else None) or NO_AGENCY

    @property
    def category(self) -> str:
        return self.reason.category if self.reason else NO_REASON


def with_reasons(exceptions: Iterable[Occurrence], reasons: Mapping[str, Reason]) -> list[ExceptionRow]:
    return [ExceptionRow(o, reasons.get(o.key)) for o in exceptions]


@dataclass(frozen=True)
class Group:
    """How many exceptions share one case, agency or reason, now and in the previous period."""

    dimension: str  # case, agency or reason
    value: str
    current: int
    previous: int

    @property
    def repeated(self) -> bool:
        """The same value more than once in the period, or in both periods: a commonality to look at."""
        return self.current > 1 or (self.current > 0 and self.previous > 0)


_DIMENSIONS: dict[str, Callable[[ExceptionRow], str]] = {
    "case": lambda row: row.occurrence.case_reference,
    "agency": lambda row: row.agency,
    "reason": lambda row: row.category,
}


def commonality(current: Sequence[ExceptionRow], previous: Sequence[ExceptionRow]) -> list[Group]:
    """Exceptions grouped by case, agency and reason, each compared with the previous period.

    Within each dimension, the largest groups of the period come first.
    """
    groups: list[Group] = []
    for dimension, value_of in _DIMENSIONS.items():
        now = Counter(value_of(row) for row in current)
        before = Counter(value_of(row) for row in previous)
        found = [Group(dimension, value, now[value], before[value]) for value in set(now) | set(before)]
        groups.extend(sorted(found, key=lambda g: (-g.current, -g.previous, g.value)))
    return groups
