"""The questions the indicator reports answer, over a connection to the read models.

- ``indicator_results``: R-PI-1 to R-PI-10 for a scope (R-PI-3: one line per DTC agency);
- ``exception_rows``: the exceptions, each with its recorded reason or the flag that none is;
- ``pending_occurrences``: occurrences not yet decided at the as-of date (shown, not counted);
- ``commonality_groups``: an indicator's exceptions by case, agency and reason, against the previous period;
- ``find_exception``: whether an exception key names a current exception (R-PI-EXC).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, case, func, or_, select

from domain.calendar import date_range
from projections.deadlines.tables import compliance_table
from projections.indicators.commonality import ExceptionRow, Group, Reason, commonality, with_reasons
from projections.indicators.known_at import occurrences_known_at
from projections.indicators.model import (
    INDICATORS,
    IndicatorFigures,
    IndicatorResult,
    Occurrence,
    Status,
    figures_of,
    parse_key,
    summarise,
)
from projections.indicators.scope import Scope
from projections.runner import fewer_collections
from projections.views.exception import reason_table

ALL = tuple(INDICATORS)


def indicator_results(conn: Connection, scope: Scope, indicators: Sequence[str] = ALL) -> list[IndicatorResult]:
    """Each indicator's line with its occurrences. A report makes a hundred thousand occurrences (tuples, no
    cycles): the collector runs less often."""
    with fewer_collections():
        return summarise(_occurrences(conn, scope, indicators), indicators)


def indicator_figures(conn: Connection, scope: Scope, indicators: Sequence[str] = ALL) -> list[IndicatorFigures]:
    """Each indicator's line, counted (the report): one aggregate query over the stored occurrences; as known at
    a moment, counted from the rulebook over the facts recorded by then."""
    if scope.known_at is not None:
        return [figures_of(result) for result in indicator_results(conn, scope, indicators)]
    c = compliance_table.c
    agency = case((c.indicator == "R-PI-3", c.agency), else_=None)
    query = _holding(select(c.indicator, agency, c.status, func.count()), scope, indicators).group_by(
        c.indicator, agency, c.status)
    counts: dict[tuple[str, str | None], dict[str, int]] = {}
    for indicator, line_agency, status, n in conn.execute(query).all():
        counts.setdefault((indicator, line_agency), {})[status] = n
    found = []
    for indicator in indicators:
        lines = sorted((line for line in counts if line[0] == indicator), key=lambda line: line[1] or "")
        for line in lines or [(indicator, None)]:
            by = counts.get(line, {})
            found.append(IndicatorFigures(INDICATORS[indicator], line[1], by.get(Status.MET, 0),
                                          by.get(Status.NOT_MET, 0), by.get(Status.PENDING, 0),
                                          by.get(Status.WITHDRAWN, 0)))
    return found


def _occurrences(conn: Connection, scope: Scope, indicators: Sequence[str],
                 status: Status | None = None) -> list[Occurrence]:
    """The occurrences of the scope (of one status, when given): stored, or as known at a moment."""
    known_at = scope.known_at_utc
    if known_at is None:
        return stored_occurrences(conn, scope, indicators, status)
    return [o for o in occurrences_known_at(conn, scope, known_at)
            if o.indicator in indicators and (status is None or o.status is status)]


def _holding(query: Select[Any], scope: Scope, indicators: Sequence[str]) -> Select[Any]:
    """Only the stored occurrences of the scope's period and area that hold at its as-of date."""
    c = compliance_table.c
    query = query.where(c.on_day >= scope.period.start, c.on_day <= scope.period.end, c.valid_from <= scope.as_of,
                        or_(c.valid_to.is_(None), c.valid_to > scope.as_of))
    if len(indicators) < len(ALL):
        query = query.where(c.indicator.in_(list(indicators)))
    if scope.area:
        query = query.where(c.area == scope.area)
    if scope.case_reference:
        query = query.where(c.case_reference == scope.case_reference)
    return query


def stored_occurrences(conn: Connection, scope: Scope, indicators: Sequence[str] = ALL,
                       status: Status | None = None) -> list[Occurrence]:
    """The stored occurrences of the scope's period that hold at its as-of date (R-PI-1 to R-PI-10): a row's
    days late are fixed, or, while it is late and open, the days from ``late_from`` to the as-of date."""
    c = compliance_table.c
    as_of = scope.as_of
    query = _holding(select(c.indicator, c.area, c.case_reference, c.on_day, c.status, c.meeting_ref, c.agency,
                            c.days_late, c.detail, c.late_from), scope, indicators)
    if status is not None:
        query = query.where(c.status == str(status))
    new = tuple.__new__
    return [new(Occurrence, (*row[:4], Status(row[4]), *row[5:7],
                             row[7] if row[9] is None else (as_of - row[9]).days, row[8]))
            for row in conn.execute(query).all()]


def exception_rows(conn: Connection, scope: Scope, indicators: Sequence[str] = ALL) -> list[ExceptionRow]:
    exceptions = [o for result in summarise(_occurrences(conn, scope, indicators, Status.NOT_MET), indicators)
                  for o in result.exceptions]
    return with_reasons(exceptions, reasons(conn, scope, indicators))


def pending_occurrences(conn: Connection, scope: Scope, indicators: Sequence[str] = ALL) -> list[Occurrence]:
    results = summarise(_occurrences(conn, scope, indicators, Status.PENDING), indicators)
    return [o for result in results for o in result.occurrences if o.status is Status.PENDING]


def commonality_groups(conn: Connection, scope: Scope, indicator: str) -> list[Group]:
    """R-PI-EXC: the indicator's exceptions in the period and in the previous period, grouped."""
    previous = replace(scope, period=scope.period.previous())
    return commonality(exception_rows(conn, scope, (indicator,)), exception_rows(conn, previous, (indicator,)))


def reasons(conn: Connection, scope: Scope, indicators: Sequence[str] = ALL) -> dict[str, Reason]:
    """The latest reason known for each exception of the scope's area (all areas when none)."""
    r = reason_table.c
    query = select(r.exception_key, r.indicator, r.category, r.agency, r.text, r.occurred_on, r.recorded_by,
                   r.recorded_at).where(r.indicator.in_(indicators)).order_by(r.position)
    if scope.area:
        query = query.where(r.area == scope.area)
    if scope.case_reference:
        query = query.where(r.case_reference == scope.case_reference)
    if scope.known_at_utc is not None:
        query = query.where(r.recorded_at <= scope.known_at_utc)
    return {row.exception_key: Reason(**row._asdict()) for row in conn.execute(query)}


def find_exception(conn: Connection, key: str, as_of: date) -> ExceptionRow | None:
    """The current exception named by ``key`` as of ``as_of``, or None when there is no such exception.

    Raises ValueError when the key is not shaped like an exception key.
    """
    parts = parse_key(key)
    c = compliance_table.c
    mine = select(c.area, c.on_day).where(c.case_reference == parts.case_reference, c.indicator == parts.indicator)
    if parts.on is None:
        mine = mine.where(c.meeting_ref == (parts.meeting_ref or ""))
    found = conn.execute(mine.limit(1)).first()
    if found is None:
        return None
    on = parts.on or found.on_day
    scope = Scope(area=found.area, period=date_range(on, on), as_of=as_of, case_reference=parts.case_reference)
    rows = [row for row in exception_rows(conn, scope, (parts.indicator,)) if row.occurrence.key == key]
    return rows[0] if rows else None
