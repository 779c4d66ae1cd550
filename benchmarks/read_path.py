"""The read side on a workload's store: rebuild, indicator reports, the reminder sweep, audit verify; and a
case's state as at a date, on a scratch store holding one case of 1,000 events."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from typing import Any

from benchmarks.bench_audit import measure_time_travel, measure_verify
from benchmarks.reports import report_times
from benchmarks.stores import CLOCK, TODAY, Store, scratch
from benchmarks.timing import Row, repeat
from benchmarks.workload import ROOT
from domain.reminder_stage import StagePlan
from mappa_flow.audit.auditor import Auditor
from mappa_flow.bootstrap import bootstrap
from mappa_flow.projecting import build_projector, views_engine
from scheduler.cycle import Cycle

REBUILD_TARGET = 20_000  # events/s, and a ratio of 0.25 to reading (SQLite)
MEMORY_GROWTH = 1.2  # "flat": the peak over the whole history within this factor of the peak over a quarter


def probe(store: Store, mode: str, upto: int, report: int = 0) -> dict[str, Any]:
    """One rebuild (or read-only) measurement in a fresh process: benchmarks/probe.py."""
    command = [sys.executable, "-m", "benchmarks.probe", mode, str(upto), "--report", str(report)]
    done = subprocess.run(command, env=store.as_env(), cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"benchmarks.probe {mode} {upto} failed:\n{done.stderr[-3000:]}")
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def rebuild_rows(store: Store, size: str, events: int, repeats: int,
                 report_repeats: int) -> tuple[list[Row], list[dict[str, Any]]]:
    """Rebuild rate and peak memory against reading and decoding; and the points of the growth plot (a quarter,
    a half and all of the history, each rebuilt with the report timed after). Leaves the views complete."""
    reads = [probe(store, "read", events) for _ in range(repeats)]
    points = [probe(store, "rebuild", events // part, report_repeats) for part in (4, 2)]
    fulls = [probe(store, "rebuild", events, report_repeats if n == repeats - 1 else 0) for n in range(repeats)]
    points.append(fulls[-1])
    rate = events / statistics.median(run["seconds"] for run in fulls)
    read_rate = events / statistics.median(run["seconds"] for run in reads)
    peak = statistics.median(run["peak_mib"] for run in fulls)
    sqlite = store.backend == "sqlite"
    rebuild = Row("rebuild", "full rebuild of all views", store.backend, size, rate, "events/s", read_rate,
                  "reading and decoding the same notifications, no projection work",
                  target=f">= {REBUILD_TARGET:,} events/s, ratio >= 0.25" if sqlite else None,
                  met=(rate >= REBUILD_TARGET and rate / read_rate >= 0.25) if sqlite else None,
                  detail={"events": events, "decoded": fulls[-1]["decoded"], "peak_mib": peak,
                          "runs": fulls, "baseline_runs": reads})
    quarter = points[0]["peak_mib"]
    memory = Row("rebuild-memory", "peak memory of a full rebuild", store.backend, size, peak, "MiB", quarter,
                 f"peak rebuilding a quarter of the history ({points[0]['head']:,} events)",
                 target=f"flat: <= {MEMORY_GROWTH} x the quarter's", met=peak <= MEMORY_GROWTH * quarter,
                 detail={"peaks_mib": {str(p["head"]): p["peak_mib"] for p in points}})
    return [rebuild, memory], [_point(store.backend, size, p) for p in points]


def _point(backend: str, size: str, run: dict[str, Any]) -> dict[str, Any]:
    report = run.get("report") or {}
    return {"backend": backend, "size": size, "events": run["head"], "rebuild_s": run["seconds"],
            "peak_mib": run["peak_mib"], "report_area_ms": report.get("area_ms"),
            "report_all_ms": report.get("all_ms"), "as_of": report.get("as_of")}


def report_rows(store: Store, size: str, repeats: int) -> list[Row]:
    engine = views_engine(store.settings())
    found = report_times(engine, TODAY, repeats)
    engine.dispose()
    detail = {key: found[key] for key in ("area", "area_cases", "year", "as_of")}
    return [
        Row("report-area", "indicator report, all ten, one area, one reporting year", store.backend, size,
            found["area_ms"], "ms", baseline=found["rows_ms"], baseline_what="reading the area's rows of the year",
            target="< 50 ms", met=found["area_ms"] < 50,
            detail=detail | {"cpu_ms": found["area_cpu_ms"], "known_at_ms": found["known_at_ms"],
                             "known_at_cpu_ms": found["known_at_cpu_ms"], "known_at_target": "< 1 s"}),
        Row("report-all", "indicator report, all areas", store.backend, size, found["all_ms"], "ms",
            target="< 250 ms", met=found["all_ms"] < 250, detail=detail | {"cpu_ms": found["all_cpu_ms"]}),
    ]


def sweep_row(store: Store, size: str, repeats: int) -> Row:
    """The steady sweep: the workload's due reminders were recorded when it was made, so it records none."""
    settings = store.settings()
    app = bootstrap(settings, CLOCK)
    projector = build_projector(settings, app)
    cycle = Cycle(app=app, projector=projector, plan=StagePlan.parse(settings.reminder_stages), outbox=None,
                  clock=CLOCK.now)
    reports = []
    timed = repeat(lambda: reports.append(cycle.run_once().swept), repeats)
    projector.engine.dispose()
    app.close()
    swept = reports[-1]
    if swept is None or any(r is None or r.recorded for r in reports):
        raise RuntimeError(f"the sweep was not a steady one: {reports}")
    return Row("sweep", "one reminder sweep over all open deadlines", store.backend, size, timed.ms, "ms",
               target="< 2 s (at 10x)", met=timed.wall < 2,
               detail={"open_deadlines": swept.open_deadlines, "due": swept.due, "cpu_ms": timed.cpu * 1000})


def verify_row(store: Store, size: str, repeats: int) -> Row:
    settings = store.settings()
    app = bootstrap(settings, CLOCK)
    auditor = Auditor.open(settings, app)
    try:
        found = measure_verify(auditor, repeats)
    finally:
        auditor.close()
        app.close()
    if not found["intact"]:
        raise RuntimeError("audit verify found the cached store tampered with: delete benchmarks/cache/")
    return Row("verify", "audit verify", store.backend, size, found["events"] / found["verify_s"], "events/s",
               found["read"] / found["read_s"], "reading the notifications", detail=found)


def as_at_row(backend: str, events: int, repeats: int) -> Row:
    with scratch(backend) as store:
        settings = store.settings()
        app = bootstrap(settings, CLOCK)
        auditor = Auditor.open(settings, app)
        try:
            found = measure_time_travel(auditor, fast_runs=10 * repeats, full_runs=3 * repeats, events=events)
        finally:
            auditor.close()
            app.close()
    if not found["same_state"]:
        raise RuntimeError("the state as at a date differs with and without snapshots")
    return Row("as-at", f"state of a {events:,}-event case as at a date", backend,
               f"one case of {events:,} events, empty store", found["ms"], "ms", found["replay_ms"],
               "a full replay without snapshots", target="< 20 ms", met=found["ms"] < 20, detail=found)
