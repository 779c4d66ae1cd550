"""What an indicator report is made of: the ten indicators, occurrences and their results (RULES §4).

An *occurrence* is one thing an indicator judges: a due review (R-PI-1/2), an
agency's invitation to a meeting (R-PI-3 to R-PI-7), a release (R-PI-8) or a
meeting (R-PI-9/10). It is met, not met (an exception), pending (not yet
decided at the as-of date: shown, not counted) or withdrawn (no longer
applicable: not counted).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not-met"
    PENDING = "pending"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    target: int  # percent
    per_agency: bool = False


INDICATORS: dict[str, Indicator] = {
    indicator.id: indicator
    for indicator in (
        Indicator("R-PI-1", "Level 3 reviews within 6 weeks", 95),
        Indicator("R-PI-2", "Level 2 reviews within 12 weeks", 95),
        Indicator("R-PI-3", "DTC attendance (each agency)", 90, per_agency=True),
        Indicator("R-PI-4", "Police Scotland attendance", 90),
        Indicator("R-PI-5", "Community-based social work attendance", 90),
        Indicator("R-PI-6", "Responsible Authority written contributions", 100),
        Indicator("R-PI-7", "DTC written contributions", 100),
        Indicator("R-PI-8", "Pre-release Level 3 meetings", 100),
        Indicator("R-PI-9", "Minutes and RMP within 10 working days", 90),
        Indicator("R-PI-10", "Disclosure considered and recorded", 100),
    )
}


DATE_KEYED = frozenset({"R-PI-1", "R-PI-2", "R-PI-8"})


class Occurrence(NamedTuple):
    """One thing an indicator judges, with what decided it (a tuple: a report makes thousands)."""

    indicator: str
    area: str
    case_reference: str
    on: date  # the due date, meeting date or release date the occurrence belongs to
    status: Status
    meeting_ref: str | None = None
    agency: str | None = None
    days_late: int | None = None
    detail: str = ""

    @property
    def key(self) -> str:
        """A stable key, so a reason recorded against this exception finds it again (R-PI-EXC)."""
        return exception_key(self.indicator, self.case_reference, self.on, self.meeting_ref, self.agency)

    @property
    def counted(self) -> bool:
        return self.status in (Status.MET, Status.NOT_MET)


def exception_key(indicator: str, case_reference: str, on: date, meeting_ref: str | None = None,
                  agency: str | None = None) -> str:
    """``R-PI-1:N-0001:2026-05-14``, ``R-PI-9:N-0001:M-12``, ``R-PI-4:N-0001:M-12:police-scotland``.

    Reviews and releases are keyed by their due or release date (a late review
    keeps its key when its meeting is held); meetings' indicators by meeting.
    References never contain ':', so the parts can be read back.
    """
    by_date = indicator in DATE_KEYED or meeting_ref is None
    parts = [indicator, case_reference, on.isoformat() if by_date else str(meeting_ref)]
    if agency:
        parts.append(agency)
    return ":".join(parts)


@dataclass(frozen=True)
class KeyParts:
    indicator: str
    case_reference: str
    meeting_ref: str | None
    on: date | None
    agency: str | None


def parse_key(key: str) -> KeyParts:
    """Read an exception key back; raises ValueError naming the expected shape."""
    parts = key.strip().split(":")
    if len(parts) not in (3, 4) or parts[0] not in INDICATORS or not all(parts):
        raise ValueError(f"exception key {key!r} is not INDICATOR:CASE:DATE-OR-MEETING[:AGENCY], "
                         "as listed by 'mappa-flow exceptions'")
    indicator, reference, third = parts[:3]
    on = _date_or_none(third) if indicator in DATE_KEYED else None
    if indicator in DATE_KEYED and on is None:
        raise ValueError(f"exception key {key!r}: {indicator} exceptions end with a date (YYYY-MM-DD)")
    return KeyParts(indicator, reference, None if on else third, on, parts[3] if len(parts) == 4 else None)


def _date_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class IndicatorResult:
    """One line of the report: an indicator (for R-PI-3, one DTC agency) and its occurrences."""

    indicator: Indicator
    occurrences: tuple[Occurrence, ...]
    agency: str | None = None

    def _count(self, *statuses: Status) -> int:
        return sum(1 for o in self.occurrences if o.status in statuses)

    @property
    def numerator(self) -> int:
        return self._count(Status.MET)

    @property
    def denominator(self) -> int:
        return self._count(Status.MET, Status.NOT_MET)

    @property
    def pending(self) -> int:
        return self._count(Status.PENDING)

    @property
    def withdrawn(self) -> int:
        return self._count(Status.WITHDRAWN)

    @property
    def percentage(self) -> float | None:
        return round(100 * self.numerator / self.denominator, 1) if self.denominator else None

    @property
    def met(self) -> bool | None:
        """Whether the target is met; None when nothing was counted (no occurrence to judge)."""
        if not self.denominator:
            return None
        return self.numerator * 100 >= self.indicator.target * self.denominator

    @property
    def exceptions(self) -> tuple[Occurrence, ...]:
        return tuple(o for o in self.occurrences if o.status is Status.NOT_MET)


@dataclass(frozen=True)
class IndicatorFigures:
    """One line of the report, counted: an indicator (for R-PI-3, one DTC agency) and how many of its
    occurrences are met, not met (exceptions), pending and withdrawn."""

    indicator: Indicator
    agency: str | None
    numerator: int  # met
    exceptions: int  # not met
    pending: int
    withdrawn: int

    @property
    def denominator(self) -> int:
        return self.numerator + self.exceptions

    @property
    def percentage(self) -> float | None:
        return round(100 * self.numerator / self.denominator, 1) if self.denominator else None

    @property
    def met(self) -> bool | None:
        """Whether the target is met; None when nothing was counted (no occurrence to judge)."""
        if not self.denominator:
            return None
        return self.numerator * 100 >= self.indicator.target * self.denominator


def figures_of(result: IndicatorResult) -> IndicatorFigures:
    return IndicatorFigures(result.indicator, result.agency, result.numerator, len(result.exceptions),
                            result.pending, result.withdrawn)


_PER_AGENCY = frozenset(indicator.id for indicator in INDICATORS.values() if indicator.per_agency)


def summarise(occurrences: Iterable[Occurrence],
              indicators: Sequence[str] = tuple(INDICATORS)) -> list[IndicatorResult]:
    """One result per indicator, in order; R-PI-3 gives one result per DTC agency."""
    by_line: dict[tuple[str, str | None], list[Occurrence]] = {}
    for occurrence in occurrences:
        indicator = occurrence.indicator
        line = (indicator, occurrence.agency) if indicator in _PER_AGENCY else (indicator, None)
        found = by_line.get(line)
        if found is None:
            by_line[line] = [occurrence]
        else:
            found.append(occurrence)
    results = []
    for indicator_id in indicators:
        lines = sorted(((agency, found) for (ind, agency), found in by_line.items() if ind == indicator_id),
                       key=lambda line: line[0] or "")
        for agency, found in lines or [(None, [])]:
            results.append(IndicatorResult(INDICATORS[indicator_id], _ordered(found), agency))
    return results


def _ordered(occurrences: Iterable[Occurrence]) -> tuple[Occurrence, ...]:
    return tuple(sorted(occurrences, key=lambda o: (o.on, o.area, o.case_reference, o.meeting_ref or "",
                                                     o.agency or "")))
