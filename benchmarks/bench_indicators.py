"""Benchmark (not a test): how long the indicator report takes, all ten indicators, one area, one reporting year.

Run it over a store at national scale, for example:

    MAPPA_SQLITE_PATH=var/national.db mappa-flow init
    MAPPA_SQLITE_PATH=var/national.db mappa-flow demo --cases 7000 --years 5
    MAPPA_SQLITE_PATH=var/national.db python benchmarks/bench_indicators.py

It catches the views up first (not timed), then times the report for every
area and the last full reporting year, as of today, several times, and prints
the median and the worst time per area (wall clock and CPU: on a busy machine
the CPU time is what an idle core would take), and the number of occurrences read.
The target is under 250 ms for one area and one year.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import Connection, select

from domain.calendar import Period, parse_period, reporting_year_of
from mappa_flow.bootstrap import bootstrap
from mappa_flow.clock import SystemClock, today_in_london
from mappa_flow.projecting import build_projector
from mappa_flow.settings import load_settings
from projections.indicators import Scope, indicator_figures
from projections.indicators.queries import stored_occurrences
from projections.views.area import area_table


def last_full_year(as_of: date) -> Period:
    """The last reporting year that ended before ``as_of``."""
    return reporting_year_of(reporting_year_of(as_of).start - timedelta(days=1))


def time_report(conn: Connection, scope: Scope, repeats: int,
                report: Callable[[Connection, Scope], object] = indicator_figures) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each run of ``report`` (default: the report the CLI shows, counted
    from the stored occurrences); CPU time is what an idle core would take."""
    wall, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        report(conn, scope)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--as-of", type=date.fromisoformat, default=None)
    parser.add_argument("--period", type=parse_period, default=None, help="Default: the last full reporting year.")
    options = parser.parse_args()
    settings = load_settings()
    app = bootstrap(settings, SystemClock())
    projector = build_projector(settings, app)
    projector.catch_up()
    as_of = options.as_of or today_in_london(app.clock)
    year = options.period or last_full_year(as_of)
    with projector.engine.connect() as conn:
        areas = [row.code for row in conn.execute(select(area_table.c.code).order_by(area_table.c.code))]
        print(f"{settings.describe_store()}; reporting year {year.label}, as of {as_of}, {options.repeats} runs")
        for area in areas:
            scope = Scope(area, year, as_of)
            occurrences = len(stored_occurrences(conn, scope))
            wall, cpu = time_report(conn, scope, options.repeats)
            print(f"  {area:<12} occurrences {occurrences:>6}  "
                  f"wall median {statistics.median(wall):6.1f} ms, worst {max(wall):6.1f} ms;  "
                  f"CPU median {statistics.median(cpu):6.1f} ms")
        wall, cpu = time_report(conn, Scope(None, year, as_of), max(1, options.repeats // 5))
        print(f"  {'all areas':<12} wall median {statistics.median(wall):6.1f} ms;  CPU median "
              f"{statistics.median(cpu):6.1f} ms")
    projector.engine.dispose()
    app.close()


if __name__ == "__main__":
    main()
