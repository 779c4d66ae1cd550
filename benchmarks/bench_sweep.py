"""Benchmark (not a test): one scheduler sweep over at least 50,000 open deadlines (SQLite).

    python benchmarks/bench_sweep.py                      # 50,000 open deadlines, history 0 then 500,000
    python benchmarks/bench_sweep.py --open 100000        # twice as many open deadlines

It prints:

- the first sweep, which records the reminder of every deadline whose stage has come (write throughput);
- a steady sweep (every due reminder already recorded: the sweep the scheduler runs every few minutes),
  median of three; target (issue 4): under 2 s on SQLite;
- the same steady sweep after adding a long history (closed deadlines and their delivered reminders) with
  the same open deadlines: its cost should not grow with the history; and once more after deleting that
  history, to show how much the figures drift on a busy machine anyway.

The area and its contacts are recorded through the application; the open and closed deadlines are written
straight into the deadlines view (the sweep reads only the view), so that the figures are the sweep's own.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import NAMESPACE_URL, uuid5

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from domain.reminder import reminder_id  # noqa: E402
from domain.reminder_stage import StagePlan  # noqa: E402
from mappa_flow.bootstrap import Mappa, bootstrap  # noqa: E402
from mappa_flow.clock import FixedClock  # noqa: E402
from mappa_flow.projecting import build_projector  # noqa: E402
from mappa_flow.settings import Settings  # noqa: E402
from projections.deadlines.tables import deadline_table  # noqa: E402
from projections.runner import Projector  # noqa: E402
from projections.views.area import AreaView  # noqa: E402
from projections.views.deadline import DeadlineView  # noqa: E402
from projections.views.reminder import ReminderView, reminder_table  # noqa: E402
from scheduler.cycle import Cycle  # noqa: E402
from tests import reminder_world as w  # noqa: E402

TODAY = date(2026, 11, 20)
CLOCK = FixedClock(datetime(2026, 11, 20, 10, tzinfo=UTC))
CHUNK = 20_000


def _deadline(i: int, status: str, due_on: date) -> dict[str, Any]:
    return {"deadline_id": str(uuid5(NAMESPACE_URL, f"bench-{status}-{i}")), "kind": "level-3-review",
            "rule": "R-REM-1", "area": "north", "subject_id": f"bench-{status}-{i}", "case_id": None,
            "case_reference": f"B-{i:07d}", "subject_ref": f"B-{i:07d}", "basis": due_on - timedelta(days=42),
            "due_on": due_on, "status": status, "closed_on": None if status == "open" else due_on,
            "reason": None, "position": 0}


def _insert(views: Projector, table: Any, rows: Callable[[int], dict[str, Any]], count: int) -> None:
    with views.engine.begin() as conn:
        for start in range(0, count, CHUNK):
            conn.execute(table.insert(), [rows(i) for i in range(start, min(start + CHUNK, count))])


def open_deadlines(views: Projector, count: int) -> None:
    """Due dates spread from 60 days ago to 29 days ahead: every one is within reach of the sweep, and all
    but those due more than 14 days ahead have a stage that has come (the worst case for a sweep)."""
    _insert(views, deadline_table, lambda i: _deadline(i, "open", TODAY + timedelta(days=i % 90 - 60)), count)


def history(views: Projector, count: int) -> None:
    """Closed deadlines of past years, each with a delivered reminder."""
    def reminder(i: int) -> dict[str, Any]:
        d = _deadline(i, "met", TODAY - timedelta(days=60 + i % 1000))
        return {"reminder_id": str(reminder_id(d["deadline_id"], "due", d["due_on"])), "deadline_id": d["deadline_id"],
                "kind": d["kind"], "stage": "due", "stage_days": 0, "due_on": d["due_on"], "comes_on": d["due_on"],
                "area": "north",
                "subject_ref": d["subject_ref"], "case_reference": d["case_reference"], "rule": "R-REM-1",
                "recipients": "coordinator", "raised_on": d["due_on"], "raised_at": datetime(2025, 1, 1),
                "status": "delivered", "attempts": 1, "next_attempt_at": None, "delivered_at": datetime(2025, 1, 1),
                "delivered_to": "c@example.org", "message_id": "<m>", "last_failure": None, "cancel_reason": None,
                "position": 0}

    _insert(views, deadline_table, lambda i: _deadline(i, "met", TODAY - timedelta(days=60 + i % 1000)), count)
    _insert(views, reminder_table, reminder, count)


def forget(views: Projector) -> None:
    """Delete the history again, keeping the open deadlines and their reminders."""
    with views.engine.begin() as conn:
        conn.execute(reminder_table.delete().where(reminder_table.c.deadline_id.in_(
            deadline_table.select().with_only_columns(deadline_table.c.deadline_id)
            .where(deadline_table.c.status == "met").scalar_subquery())))
        conn.execute(deadline_table.delete().where(deadline_table.c.status == "met"))


def timed(cycle: Cycle) -> tuple[float, Any]:
    start = time.perf_counter()
    report = cycle.run_once()
    return time.perf_counter() - start, report


def steady(cycle: Cycle, runs: int = 3) -> tuple[float, Any]:
    results = [timed(cycle) for _ in range(runs)]
    assert all(report.swept.recorded == 0 for _, report in results)
    return statistics.median(seconds for seconds, _ in results), results[-1][1]


def setup(folder: Path) -> tuple[Mappa, Projector]:
    settings = Settings(sqlite_path=folder / "events.db", views_sqlite_path=folder / "views.db",
                        postgres_dbname=None, database_url=None)  # type: ignore[call-arg]
    app = bootstrap(settings, CLOCK)
    w.area(app, on=date(2026, 10, 1))
    views = build_projector(settings, app, [AreaView(), DeadlineView(), ReminderView()])
    views.catch_up()
    return app, views


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=50_000, help="open deadlines (default 50,000)")
    parser.add_argument("--history", type=int, default=500_000, help="closed deadlines added (default 500,000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sweep-") as tmp:
        app, views = setup(Path(tmp))
        cycle = Cycle(app=app, projector=views, plan=StagePlan.parse("default=-14,-7,0,+1,+7!"), outbox=None,
                      clock=CLOCK.now)
        open_deadlines(views, args.open)
        seconds, report = timed(cycle)
        print(f"first sweep: {report.swept.open_deadlines} open deadlines in reach of {args.open:,}, "
              f"{report.swept.recorded:,} reminders recorded in {seconds:.1f} s "
              f"({report.swept.recorded / seconds:,.0f} reminders/s)")
        views.catch_up()
        quiet, report = steady(cycle)
        print(f"steady sweep, no history: {quiet:.2f} s over {report.swept.open_deadlines:,} open deadlines in "
              f"reach ({report.swept.due:,} with a stage due, all recorded before)")
        history(views, args.history)
        long, report = steady(cycle)
        print(f"steady sweep, {args.history:,} closed deadlines and reminders of history: {long:.2f} s "
              f"({long / quiet:.2f} x the sweep without history)")
        forget(views)
        again, report = steady(cycle)
        print(f"steady sweep, history deleted again: {again:.2f} s (the machine's own drift, for comparison)")
        print(f"target: a sweep over >= 50,000 open deadlines under 2 s: {'met' if long < 2 else 'NOT met'}")
        app.close()


if __name__ == "__main__":
    main()
