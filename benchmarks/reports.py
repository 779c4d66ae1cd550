"""Timing the indicator report on views that are built: one area, and all areas, for one reporting year, from
the stored occurrences; the same area as known at a moment (the rulebook over the facts); and, as the baseline in
the same run, reading the area's rows of the year."""

from __future__ import annotations

import statistics
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from benchmarks.bench_indicators import last_full_year, time_report
from projections.deadlines.tables import compliance_table
from projections.indicators import Scope
from projections.views.case import case_table


def largest_area(engine: Engine) -> tuple[str, int]:
    """The area with the most cases in the register (the slowest one-area report), and its cases."""
    count = func.count().label("cases")
    query = select(case_table.c.area, count).group_by(case_table.c.area).order_by(count.desc(), case_table.c.area)
    with engine.connect() as conn:
        row = conn.execute(query.limit(1)).first()
    if row is None:
        raise RuntimeError("the case register is empty: build the views first")
    return str(row.area), int(row.cases)


def report_times(engine: Engine, as_of: date, repeats: int) -> dict[str, Any]:
    """Median milliseconds of the report of all ten indicators, for the largest area and for every area, for
    the last full reporting year before ``as_of``."""
    area, cases = largest_area(engine)
    year = last_full_year(as_of)
    known_at = datetime.now(UTC)
    with engine.connect() as conn:
        wall, cpu = time_report(conn, Scope(area, year, as_of), repeats)
        all_wall, all_cpu = time_report(conn, Scope(None, year, as_of), repeats)
        base_wall, _ = time_report(conn, Scope(area, year, as_of), repeats, read_rows)
        known_wall, known_cpu = time_report(conn, Scope(area, year, as_of, known_at=known_at), max(1, repeats // 3))
    return {"area": area, "area_cases": cases, "year": year.label, "as_of": as_of.isoformat(),
            "area_ms": statistics.median(wall), "area_cpu_ms": statistics.median(cpu),
            "all_ms": statistics.median(all_wall), "all_cpu_ms": statistics.median(all_cpu),
            "rows_ms": statistics.median(base_wall), "known_at_ms": statistics.median(known_wall),
            "known_at_cpu_ms": statistics.median(known_cpu)}


def read_rows(conn: Connection, scope: Scope) -> int:
    """The baseline: reading the period's stored occurrence rows of the area, all columns, and nothing else."""
    c = compliance_table.c
    query = select(compliance_table).where(c.area == scope.area, c.on_day >= scope.period.start,
                                           c.on_day <= scope.period.end)
    return len(conn.execute(query).all())
