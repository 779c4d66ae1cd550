"""The periodic deadlines of an area (R-REM-6), which depend on the date rather than on events.

For each area, from the period it was registered in up to a date the caller
gives (``through``, the scheduler's today; projections never read the clock):

- annual case audit (R-AUD-1): per reporting year, due 31 March, met by a case
  audit dated in that year;
- quarterly meeting audit (guidance 19.20): per quarter, due the quarter's last
  day, met by a meeting audit dated in that quarter;
- quarterly SOG review (guidance 18.8): per quarter, due the quarter's last
  day, met by a SOG review recorded for a date in that quarter;
- annual report (guidance 18.14, "as soon as practicable after the end" of the
  reporting year): once the year has ended, due 31 October after it, met by
  the report's publication for that year.

A periodic deadline that is still not met when the next period's deadline of
the same kind falls due is withdrawn as missed, so reminders chase the current
period rather than years of history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta

from domain.calendar import Period, quarter_of, reporting_year, reporting_year_of
from projections.deadlines.model import Deadline, Fact, Kind, Ledger, Status

ANNUAL_REPORT_MONTH_DAY = (10, 31)  # due 31 October after the reporting year ends

_DueOf = Callable[[Period], date]


def periodic_deadlines(subject: str, registered_on: date, through: date, facts: Iterable[Fact]) -> list[Deadline]:
    """Every periodic deadline of the area ``subject`` (``area:CODE``) as it stands on ``through``."""
    facts = list(facts)
    found: list[Deadline] = []
    for kind, periods, due_of in _schedules(registered_on, through):
        chain = [_judge(Deadline(kind, subject, p.start, due_of(p), label=p.label), p, facts) for p in periods]
        found.extend(_withdraw_missed(chain, through))
    return found


def fold_periodic(subject: str, registered_on: date, through: date, facts: Iterable[Fact], ledger: Ledger) -> None:
    """Put every periodic deadline, each at the position of the fact that met it (0 when none did)."""
    facts = list(facts)
    for deadline in periodic_deadlines(subject, registered_on, through, facts):
        met_by = [f.position for f in facts if deadline.status is Status.MET and f.occurred_on == deadline.closed_on
                  and f.kind == _MET_BY[deadline.kind][0]]
        ledger.at = min(met_by, default=0)
        ledger.put(deadline)


def _schedules(registered_on: date, through: date) -> Iterator[tuple[Kind, list[Period], _DueOf]]:
    quarters = list(_quarters(registered_on, through))
    years = list(_years(registered_on, through))
    yield Kind.CASE_AUDIT, years, _period_end
    yield Kind.MEETING_AUDIT, quarters, _period_end
    yield Kind.SOG_REVIEW, quarters, _period_end
    yield Kind.ANNUAL_REPORT, [y for y in years if y.end < through], _report_due


def _period_end(period: Period) -> date:
    return period.end


def _report_due(year: Period) -> date:
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


_MET_BY = {
    Kind.CASE_AUDIT: ("audit", "case"),
    Kind.MEETING_AUDIT: ("audit", "meeting"),
    Kind.SOG_REVIEW: ("sog-review", None),
    Kind.ANNUAL_REPORT: ("annual-report", None),
}


def _judge(deadline: Deadline, period: Period, facts: list[Fact]) -> Deadline:
    fact_kind, ref = _MET_BY[deadline.kind]
    if deadline.kind is Kind.ANNUAL_REPORT:
        dates = [f.occurred_on for f in facts if f.kind == fact_kind and f.ref == period.label]
    else:
        dates = [f.occurred_on for f in facts
                 if f.kind == fact_kind and (ref is None or f.ref == ref) and period.contains(_dated(f))]
    return deadline.met(min(dates)) if dates else deadline


def _dated(fact: Fact) -> date:
    """The date a fact counts for: a SOG review names the day it was held; an audit is dated by its event."""
    return fact.on_date or fact.occurred_on


def _withdraw_missed(chain: list[Deadline], through: date) -> Iterator[Deadline]:
    for index, deadline in enumerate(chain):
        following = chain[index + 1] if index + 1 < len(chain) else None
        if deadline.status is Status.OPEN and following is not None and following.due_on < through:
            yield deadline.withdrawn(following.due_on, f"missed: superseded by {following.label}'s, due since "
                                                       f"{following.due_on.isoformat()}")
        else:
            yield deadline
