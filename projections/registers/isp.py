"""The SOG's register of Intensive Support Packages and their costs (R-ISP-1, R-ISP-2), as of a date.

Each funding period's cost is spread evenly over its days, in whole pence, by
cumulative rounding: the days ``[a, b)`` of a period of ``n`` days and cost
``c`` cost ``c*b//n - c*a//n``. Any set of slices therefore adds up exactly to
the period's cost. A package ended early incurs no cost after its end date.
Pure: works on the rows of ``pv_isp``, ``pv_isp_fact`` and ``pv_meeting``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

from domain.calendar import FOUR_WEEKS, Period, quarter_of, reporting_year_of

RENEWAL_WINDOW_DAYS = FOUR_WEEKS  # a renewal is "due" in the last four weeks of a funding period


@dataclass(frozen=True)
class Funding:
    starts_on: date
    ends_on: date
    cost_pence: int
    provider: str
    approved_on: date

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def cost_between(self, first: date, last: date) -> int:
        """The cost of the days ``first``..``last`` (both included) that fall in this period."""
        a = max((first - self.starts_on).days, 0)
        b = min((last - self.starts_on).days + 1, self.days)
        if b <= a:
            return 0
        return self.cost_pence * b // self.days - self.cost_pence * a // self.days


@dataclass
class Package:
    """One ISP folded from its facts up to the as-of date."""

    isp_ref: str
    case_id: str
    case_reference: str
    area: str
    periods: list[Funding] = field(default_factory=list)
    renewal_requested_on: date | None = None
    ended_on: date | None = None

    def last_funded_day(self) -> date:
        last = self.periods[-1].ends_on
        return min(last, self.ended_on) if self.ended_on else last

    def current(self, day: date) -> Funding:
        """The period running on ``day``; else the latest started by then; else the first."""
        started = [p for p in self.periods if p.starts_on <= day]
        return started[-1] if started else self.periods[0]

    def cost_between(self, first: date, last: date) -> int:
        last = min(last, self.last_funded_day())
        return sum(period.cost_between(first, last) for period in self.periods)


class IspRow(NamedTuple):
    """One ISP in the register (R-ISP-2), as of a date."""

    isp_ref: str
    case_reference: str
    area: str
    status: str
    provider: str
    period_starts_on: date
    period_ends_on: date
    period_cost: str
    renewal: str
    renewal_due: bool
    renewal_requested_on: date | None
    meeting_in_period: bool
    last_meeting_on: date | None
    ended_on: date | None


class IspCostRow(NamedTuple):
    """The ISP costs of one quarter or reporting year (``from_`` is shown as "from")."""

    period: str
    from_: date
    to: date
    isps_funded: int
    approved_cost: str
    incurred_cost: str


def fold_packages(packages: Iterable[Mapping[str, Any]], facts: Iterable[Mapping[str, Any]],
                  as_of: date) -> list[Package]:
    """Each ISP approved on or before ``as_of``, with its facts up to that date."""
    folded = {
        row["isp_id"]: Package(row["isp_ref"], row["case_id"], row["case_reference"], row["area"])
        for row in packages if row["approved_on"] <= as_of
    }
    for fact in sorted(facts, key=lambda f: (f["occurred_on"], f["position"])):
        package = folded.get(fact["isp_id"])
        if package is not None and fact["occurred_on"] <= as_of:
            _apply(package, fact)
    return sorted((p for p in folded.values() if p.periods), key=lambda p: (p.area, p.isp_ref))


def _apply(package: Package, fact: Mapping[str, Any]) -> None:
    if fact["kind"] == "period":
        package.periods.append(Funding(fact["starts_on"], fact["ends_on"], int(fact["cost_pence"]),
                                       fact["provider"], fact["occurred_on"]))
        package.periods.sort(key=lambda p: p.starts_on)
        package.renewal_requested_on = None
    elif fact["kind"] == "renewal-requested":
        package.renewal_requested_on = fact["occurred_on"]
    elif fact["kind"] == "ended":
        package.ended_on = fact["occurred_on"]


def status(package: Package, as_of: date) -> str:
    if package.ended_on is not None:
        return "ended"
    if as_of < package.periods[0].starts_on:
        return "approved"
    return "lapsed" if as_of > package.periods[-1].ends_on else "active"


def renewal(package: Package, as_of: date) -> str:
    """Where the renewal of the current period stands (R-ISP-1): renewed, requested, due, overdue, not yet due."""
    current = package.current(as_of)
    if package.ended_on is not None:
        return "-"
    if current is not package.periods[-1]:
        return "renewed"
    if package.renewal_requested_on is not None:
        return "requested"
    if as_of > current.ends_on:
        return "overdue"
    return "due" if (current.ends_on - as_of).days < RENEWAL_WINDOW_DAYS else "not yet due"


def register(packages: Sequence[Package], meetings: Iterable[Mapping[str, Any]], period: Period,
             as_of: date) -> list[IspRow]:
    """Every ISP funded at some time between the period's start and ``as_of``, one row each."""
    held = _meetings_by_case(meetings, as_of)
    return [
        _register_row(package, held.get(package.case_id, []), as_of)
        for package in packages
        if (package.periods[0].starts_on <= as_of and package.last_funded_day() >= period.start)
        or status(package, as_of) == "approved"
    ]


def _register_row(package: Package, meetings_held: list[date], as_of: date) -> IspRow:
    current = package.current(as_of)
    in_current = [d for d in meetings_held if current.starts_on <= d <= min(as_of, current.ends_on)]
    renewal_state = renewal(package, as_of)
    return IspRow(
        isp_ref=package.isp_ref, case_reference=package.case_reference, area=package.area,
        status=status(package, as_of), provider=current.provider, period_starts_on=current.starts_on,
        period_ends_on=current.ends_on, period_cost=pounds(current.cost_pence),
        renewal=renewal_state, renewal_due=renewal_state in ("due", "requested", "overdue"),
        renewal_requested_on=package.renewal_requested_on,
        meeting_in_period=bool(in_current), last_meeting_on=max(meetings_held, default=None),
        ended_on=package.ended_on,
    )


def _meetings_by_case(meetings: Iterable[Mapping[str, Any]], as_of: date) -> dict[str, list[date]]:
    """Dates of the Level 2 / 3 meetings of each case held on or before ``as_of``."""
    held: dict[str, list[date]] = {}
    for meeting in meetings:
        if meeting["held_on"] <= as_of and meeting["level"] in (2, 3):
            held.setdefault(meeting["case_id"], []).append(meeting["held_on"])
    return held


def costs(packages: Sequence[Package], period: Period, as_of: date) -> list[IspCostRow]:
    """Cost per quarter (clipped to the period) and per reporting year: approved and incurred to ``as_of``."""
    quarters = [_row(packages, s, as_of) for s in _slices(period, quarter_of)]
    years = [_row(packages, s, as_of) for s in _slices(period, reporting_year_of)]
    return [*quarters, *years]


def _slices(period: Period, of: Any) -> list[Period]:
    slices, day = [], period.start
    while day <= period.end:
        whole: Period = of(day)
        end = min(whole.end, period.end)
        label = whole.label if (day, end) == (whole.start, whole.end) else f"{whole.label} ({day}..{end})"
        slices.append(Period(day, end, label))
        day = end + timedelta(days=1)
    return slices


def _row(packages: Sequence[Package], span: Period, as_of: date) -> IspCostRow:
    funded = [p for p in packages if _funded_in(p, span)]
    incurred_to = min(span.end, as_of)
    return IspCostRow(
        period=span.label, from_=span.start, to=span.end, isps_funded=len(funded),
        approved_cost=pounds(sum(p.cost_between(span.start, span.end) for p in packages)),
        incurred_cost=pounds(sum(p.cost_between(span.start, incurred_to) for p in packages))
        if incurred_to >= span.start else pounds(0),
    )


def _funded_in(package: Package, span: Period) -> bool:
    """Whether the package had at least one funded day in ``span`` (a zero-cost package counts too)."""
    last = min(span.end, package.last_funded_day())
    return any(p.starts_on <= last and p.ends_on >= span.start for p in package.periods)


def pounds(pence: int) -> str:
    return f"{pence // 100}.{pence % 100:02d}"
