"""The plan of a demo run, drawn first from the seeded random source: areas, referral dates, the showcase case.

Drawing the plan before anything else means the showcase case's reference can
be found (``demo_case_reference``) without generating the whole history.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from random import Random

from domain.calendar import WorkingDayCalendar, add_months
from mappa_flow.demo.text import AREAS, CLOSURE_LABELS
from mappa_flow.demo.workdays import WorkDays

STOCK_SHARE = 0.35  # cases already known when the history starts, referred in its first month
STOCK_DAYS = 30
SHOWCASE_LOOKBACK = 660  # the showcase case is referred about 21 months before today (or at the start)
FUTURE_DAYS = 400  # working days are tabulated this far past today


@dataclass(frozen=True)
class DemoArea:
    index: int
    code: str
    name: str
    prefix: str
    weight: float
    closures: tuple[tuple[date, str], ...]
    work: WorkDays
    chairs: tuple[str, ...]

    @property
    def coordinator(self) -> str:
        return f"coord-{self.code}"


@dataclass(frozen=True)
class Plan:
    seed: int
    start: int  # first business day of the history (ordinal)
    today: int
    areas: tuple[DemoArea, ...]
    days: array[int]  # referral day of each case, in order
    case_area: array[int]  # area index of each case
    showcase: int  # index of the showcase case
    rng: Random  # continues into the simulation

    def reference(self, index: int) -> str:
        year = date.fromordinal(self.days[index]).year
        return f"{self.areas[self.case_area[index]].prefix}-{year}-{index + 1:05d}"


def make_plan(seed: int, cases: int, years: int, today: date) -> Plan:
    if cases < 1 or years < 1:
        raise ValueError(f"a demo needs at least 1 case and 1 year (got cases={cases}, years={years})")
    rng = Random(seed)
    start = add_months(today, -12 * years).toordinal()
    areas = _areas(rng, start, today.toordinal())
    days = _referral_days(rng, cases, start, today.toordinal())
    showcase = _place_showcase(days, start, today.toordinal())
    weights = [a.weight for a in areas]
    case_area = array("b", rng.choices(range(len(areas)), weights, k=cases))
    return Plan(seed, start, today.toordinal(), areas, days, case_area, showcase, rng)


def _areas(rng: Random, start: int, today: int) -> tuple[DemoArea, ...]:
    chosen = sorted(rng.sample(range(len(AREAS)), rng.randint(4, 8)))
    areas = []
    for index, which in enumerate(chosen):
        code, name, prefix = AREAS[which]
        closures = _closures(rng, date.fromordinal(start).year, date.fromordinal(today).year + 1)
        work = WorkDays(start - 20, today + FUTURE_DAYS, (day for day, _ in closures))
        chairs = tuple(f"chair-{3 * index + n:02d}" for n in (1, 2, 3))
        areas.append(DemoArea(index, code, name, prefix, rng.uniform(0.5, 2.0), closures, work, chairs))
    return tuple(areas)


def _closures(rng: Random, first_year: int, last_year: int) -> tuple[tuple[date, str], ...]:
    """Two local closure days a year, on days that would otherwise be working days (R-CAL-3)."""
    plain = WorkingDayCalendar()
    closures = []
    for year in range(first_year, last_year + 1):
        for month, label in zip((5, 9), CLOSURE_LABELS, strict=True):
            day = date(year, month, rng.randint(1, 28))
            while not plain.is_working_day(day):
                day = date.fromordinal(day.toordinal() + 1)
            closures.append((day, label))
    return tuple(closures)


def _referral_days(rng: Random, cases: int, start: int, today: int) -> array[int]:
    stock = int(cases * STOCK_SHARE)
    days = [rng.randint(start, start + STOCK_DAYS - 1) for _ in range(stock)]
    days += [rng.randint(start, today) for _ in range(cases - stock)]
    return array("l", sorted(_weekday(min(day, today), start) for day in days))


def _weekday(day: int, start: int) -> int:
    """Referrals arrive on weekdays: a weekend day moves to the Friday before (or the Monday after)."""
    weekday = date.fromordinal(day).weekday()
    if weekday < 5:
        return day
    earlier = day - (weekday - 4)
    return earlier if earlier >= start else day + (7 - weekday)


def _place_showcase(days: array[int], start: int, today: int) -> int:
    target = _weekday(max(start + 3, today - SHOWCASE_LOOKBACK), start)
    index = min(bisect_left(days, target), len(days) - 1)
    days[index] = target
    return index
