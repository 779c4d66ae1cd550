"""Calendar arithmetic for MAPPA rules (RULES.md section 1).

- R-CAL-1: business dates are calendar dates in Europe/London (`london_today`).
- R-CAL-2: reporting years from 1 April, quarters, explicit ranges (`Period`).
- R-CAL-3: working days and counting them (`WorkingDayCalendar`); the minute
  deadline built on it is a rule, in `domain/rules/minutes.py`.
- R-CAL-4: weeks as fixed day counts and calendar months clamped to month end.

Pure: imports only the standard library and `holidays`, and never reads the
wall clock. Scottish public holidays come from the `holidays` package, so pin
its version: a new release can add a holiday and move a deadline.
"""

from __future__ import annotations

import calendar
import functools
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

FOUR_WEEKS = 28
SIX_WEEKS = 42
TWELVE_WEEKS = 84
THREE_MONTHS = 3

LONDON = ZoneInfo("Europe/London")

_ACCEPTED = "use a reporting year like 2026-27, a quarter like 2026-27-Q3, or an explicit range (--from/--to)"
_YEAR = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-(\d{2})-Q(\d)")
_RANGE = re.compile(r"(\S+)\.\.(\S+)")


# --- R-CAL-4: fixed lengths ---------------------------------------------------


def add_days(d: date, n: int) -> date:
    """Return `d` plus `n` calendar days (R-CAL-4: weeks are fixed day counts)."""
    return d + timedelta(days=n)


def add_months(d: date, n: int) -> date:
    """Return the same day number `n` calendar months later, clamped to month end (R-CAL-4)."""
    month_index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last_day))


# --- R-CAL-3: working days ----------------------------------------------------


@functools.cache
def scottish_public_holidays(year: int) -> frozenset[date]:
    """Scottish public holidays in `year`, substitute days included (R-CAL-3).

    Memoised per year: building the `holidays` table is slow and projections
    ask about working days millions of times.
    """
    table = holidays.country_holidays("GB", subdiv="SCT", years=year)
    return frozenset(day for day in table if day.year == year)


class WorkingDayCalendar:
    """Working days of one MAPPA area (R-CAL-3).

    A working day is Monday to Friday, not a Scottish public holiday and not
    one of the area's local closure days.
    """

    def __init__(self, local_closures: Iterable[date] = ()) -> None:
        self._local_closures = frozenset(local_closures)
        self._closed_by_year: dict[int, frozenset[date]] = {}
        self._working_by_year: dict[int, list[date]] = {}

    @property
    def local_closures(self) -> frozenset[date]:
        """The area's local closure days."""
        return self._local_closures

    def is_working_day(self, d: date) -> bool:
        """True if `d` is Mon-Fri, not a Scottish public holiday, not a local closure (R-CAL-3)."""
        return d.weekday() < 5 and d not in self._closed_days(d.year)

    def nth_working_day_after(self, d: date, n: int) -> date:
        """The `n`-th working day after `d`; `d` itself never counts (R-CAL-3).

        A binary search in the year's working days, moving on a year while the
        count runs past its last one: rules ask this for every meeting of a report.
        """
        if n < 1:
            raise ValueError(f"n must be at least 1 working day, got {n}")
        year = d.year
        days = self._working_days(year)
        index = bisect_right(days, d) + n - 1
        while index >= len(days):
            index -= len(days)
            year += 1
            days = self._working_days(year)
        return days[index]

    def _working_days(self, year: int) -> list[date]:
        days = self._working_by_year.get(year)
        if days is None:
            first = date(year, 1, 1)
            every_day = (first + timedelta(days=offset) for offset in range((date(year + 1, 1, 1) - first).days))
            days = self._working_by_year[year] = [day for day in every_day if self.is_working_day(day)]
        return days

    def _closed_days(self, year: int) -> frozenset[date]:
        closed = self._closed_by_year.get(year)
        if closed is None:
            closed = scottish_public_holidays(year) | self._local_closures
            self._closed_by_year[year] = closed
        return closed


# --- R-CAL-2: reporting periods -----------------------------------------------


@dataclass(frozen=True)
class Period:
    """An inclusive span of dates used for reporting (R-CAL-2)."""

    start: date
    end: date
    label: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period '{self.label}' ends ({self.end}) before it starts ({self.start})")

    def contains(self, d: date) -> bool:
        """True if `d` falls in the period, both ends included (R-CAL-2)."""
        return self.start <= d <= self.end

    @property
    def days(self) -> int:
        """Number of calendar days in the period, both ends included."""
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period before this one, of the same kind (R-CAL-2).

        The kind is read from the dates, not the label: a reporting year gives
        the previous reporting year, a quarter the previous quarter, and any
        other range the range of equal length ending the day before `start`.
        """
        day_before = self.start - timedelta(days=1)
        if self._spans(reporting_year_of(self.start)):
            return reporting_year_of(day_before)
        if self._spans(quarter_of(self.start)):
            return quarter_of(day_before)
        return date_range(day_before - timedelta(days=self.days - 1), day_before)

    def _spans(self, other: Period) -> bool:
        return (self.start, self.end) == (other.start, other.end)


def _reporting_year_start(d: date) -> int:
    return d.year if d.month >= 4 else d.year - 1


def _year_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def reporting_year(start_year: int) -> Period:
    """The reporting year 1 April `start_year` to 31 March the next year (R-CAL-2)."""
    return Period(date(start_year, 4, 1), date(start_year + 1, 3, 31), _year_label(start_year))


def quarter(start_year: int, number: int) -> Period:
    """Quarter `number` (1-4) of the reporting year starting in `start_year` (R-CAL-2)."""
    if not 1 <= number <= 4:
        raise ValueError(f"quarter must be 1 to 4, got {number}")
    start = add_months(date(start_year, 4, 1), 3 * (number - 1))
    end = add_months(start, 3) - timedelta(days=1)
    return Period(start, end, f"{_year_label(start_year)}-Q{number}")


def reporting_year_of(d: date) -> Period:
    """The reporting year containing `d` (R-CAL-2)."""
    return reporting_year(_reporting_year_start(d))


def quarter_of(d: date) -> Period:
    """The reporting quarter containing `d` (R-CAL-2)."""
    start_year = _reporting_year_start(d)
    months_into_year = (d.month - 4) % 12
    return quarter(start_year, months_into_year // 3 + 1)


def date_range(start: date, end: date) -> Period:
    """An explicit inclusive range, labelled like `2026-05-01..2026-06-30` (R-CAL-2)."""
    if end < start:
        raise ValueError(f"date range ends ({end.isoformat()}) before it starts ({start.isoformat()})")
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}")


def parse_period(text: str) -> Period:
    """Parse `2026-27`, `2026-27-Q1`..`Q4` or `2026-05-01..2026-06-30` (R-CAL-2).

    Raises ValueError naming the value and the accepted forms.
    """
    value = text.strip()
    if match := _QUARTER.fullmatch(value):
        start_year = _checked_start_year(text, match.group(1), match.group(2))
        number = int(match.group(3))
        if not 1 <= number <= 4:
            raise ValueError(f"period '{text}' has no quarter Q{number}: quarters are Q1 to Q4; {_ACCEPTED}")
        return quarter(start_year, number)
    if match := _YEAR.fullmatch(value):
        return reporting_year(_checked_start_year(text, match.group(1), match.group(2)))
    if match := _RANGE.fullmatch(value):
        return date_range(_parse_iso_date(text, match.group(1)), _parse_iso_date(text, match.group(2)))
    raise ValueError(f"period '{text}' is not a reporting year, quarter or date range: {_ACCEPTED}")


def _checked_start_year(text: str, first: str, second: str) -> int:
    start_year = int(first)
    if int(second) != (start_year + 1) % 100:
        raise ValueError(f"period '{text}' is not a reporting year: {_ACCEPTED}")
    return start_year


def _parse_iso_date(text: str, part: str) -> date:
    try:
        return date.fromisoformat(part)
    except ValueError:
        raise ValueError(f"period '{text}' has '{part}', which is not a date (YYYY-MM-DD): {_ACCEPTED}") from None


# --- R-CAL-1: business dates in Europe/London -----------------------------------


def london_today(instant: datetime) -> date:
    """The calendar date in Europe/London at an aware `instant`, BST included (R-CAL-1)."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"instant {instant.isoformat()} has no time zone: pass an aware UTC datetime")
    return instant.astimezone(LONDON).date()
