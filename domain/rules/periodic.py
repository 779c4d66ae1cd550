"""R-REM-6: an area's periodic duties, which depend on the date rather than on events (RULES §9).

For each area, from the period it was registered in up to a date the caller gives (``through``; a rule never
reads the clock):

- annual case audit (R-AUD-1): per reporting year, due 31 March, met by a case audit dated in that year;
- quarterly meeting audit (guidance 19.20): per quarter, due the quarter's last day, met by a meeting audit
  dated in that quarter;
- quarterly SOG review (guidance 18.8): per quarter, due the quarter's last day, met by a SOG review held on a
  date in that quarter;
- annual report (guidance 18.14, "as soon as practicable after the end" of the reporting year): once the year
  has ended, due 31 October after it, met by the report's publication for that year.

Each period's duty is an obligation that arose on the period's first day, met on the earliest business date of
a record that meets it. One still not met when the next period's duty of the same kind has fallen due (before
``through``) is stopped on that day as missed, so reminders chase the current period rather than years of
history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from domain.calendar import Period, quarter_of, reporting_year, reporting_year_of
from domain.rules.obligation import Obligation

ANNUAL_REPORT_MONTH_DAY = (10, 31)  # due 31 October after the reporting year ends


class Duty(StrEnum):
    CASE_AUDIT = "annual-case-audit"
    MEETING_AUDIT = "quarterly-meeting-audit"
    SOG_REVIEW = "quarterly-sog-review"
    ANNUAL_REPORT = "annual-report"


# the record kind that meets each duty, and the audit kind it must be (None: any)
MET_BY: dict[Duty, tuple[str, str | None]] = {
    Duty.CASE_AUDIT: ("audit", "case"),
    Duty.MEETING_AUDIT: ("audit", "meeting"),
    Duty.SOG_REVIEW: ("sog-review", None),
    Duty.ANNUAL_REPORT: ("annual-report", None),
}


class OversightRecord(NamedTuple):
    """One of the area's own records: an audit, a SOG review or an annual report's publication."""

    kind: str  # audit, sog-review, annual-report
    occurred_on: date  # its business date
    ref: str | None = None  # audit: its kind (case, meeting); annual-report: the year's label
    on_date: date | None = None  # sog-review: the day it was held


class PeriodicObligation(NamedTuple):
    duty: Duty
    period: Period
    obligation: Obligation


_DueOf = Callable[[Period], date]


def periodic_obligations(registered_on: date, through: date,
                         records: Iterable[OversightRecord]) -> list[PeriodicObligation]:
    """Every periodic obligation of an area registered on ``registered_on``, as it stands on ``through``."""
    records = list(records)
    found: list[PeriodicObligation] = []
    for duty, periods, due_of in _schedules(registered_on, through):
        chain = [PeriodicObligation(duty, p, _judge(duty, p, Obligation("R-REM-6", p.start, due_of(p)), records))
                 for p in periods]
        found.extend(_stop_missed(chain, through))
    return found


def _schedules(registered_on: date, through: date) -> Iterator[tuple[Duty, list[Period], _DueOf]]:
    quarters = list(_quarters(registered_on, through))
    years = list(_years(registered_on, through))
    yield Duty.CASE_AUDIT, years, _period_end
    yield Duty.MEETING_AUDIT, quarters, _period_end
    yield Duty.SOG_REVIEW, quarters, _period_end
    yield Duty.ANNUAL_REPORT, [y for y in years if y.end < through], report_due


def _period_end(period: Period) -> date:
    return period.end


def report_due(year: Period) -> date:
    """The annual report of a reporting year is due 31 October after it ends."""
    month, day = ANNUAL_REPORT_MONTH_DAY
    return date(year.end.year, month, day)


def _quarters(start: date, through: date) -> Iterator[Period]:
    period = quarter_of(start)
    while period.start <= through:
        yield period
        period = quarter_of(period.end + timedelta(days=1))


def _years(start: date, through: date) -> Iterator[Period]:
    period = reporting_year_of(start)
    while period.start <= through:
        yield period
        period = reporting_year(period.end.year)


def _judge(duty: Duty, period: Period, obligation: Obligation, records: list[OversightRecord]) -> Obligation:
    kind, ref = MET_BY[duty]
    if duty is Duty.ANNUAL_REPORT:
        dates = [r.occurred_on for r in records if r.kind == kind and r.ref == period.label]
    else:
        dates = [r.occurred_on for r in records
                 if r.kind == kind and (ref is None or r.ref == ref) and period.contains(_dated(r))]
    return obligation.met(min(dates)) if dates else obligation


def _dated(record: OversightRecord) -> date:
    """The date a record counts for: a SOG review names the day it was held; an audit is dated by its event."""
    return record.on_date or record.occurred_on


def _stop_missed(chain: list[PeriodicObligation], through: date) -> Iterator[PeriodicObligation]:
    for index, found in enumerate(chain):
        following = chain[index + 1] if index + 1 < len(chain) else None
        if found.obligation.met_on is None and following is not None and following.obligation.due_on < through:
            due = following.obligation.due_on
            why = f"missed: superseded by {following.period.label}'s, due since {due.isoformat()}"
            yield found._replace(obligation=found.obligation.stopped(due, why))
        else:
            yield found
