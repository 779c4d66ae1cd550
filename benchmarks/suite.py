"""The benchmark suite: every workload of issue 6, on SQLite and PostgreSQL, with baselines from the same run.

    make bench                                   # Scotland scale and a million events, SQLite and PostgreSQL
    python -m benchmarks.suite --sizes scotland  # one size
    python -m benchmarks.suite --smoke --out DIR # a tiny size, one repeat, results in DIR (what CI runs)

Prints the machine and one Markdown table per backend (one row per workload and size: the figure, the baseline
measured in the same run, their ratio, the target), then writes the results as JSON, the tables as Markdown and
a plot of rebuild time, report time and peak memory against the length of history (PNG), named by date, in
benchmarks/results/. Workloads are cached under benchmarks/cache/. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg

from benchmarks.output import describe_machine, machine, plot, tables, write_json
from benchmarks.read_path import as_at_row, rebuild_rows, report_rows, sweep_row, verify_row
from benchmarks.stores import Store, postgres_problem, postgres_url, scratch
from benchmarks.timing import Row
from benchmarks.workload import CACHE, ROOT, SIZES, Size, Workload, copy_store, ensure_postgres_copy, ensure_workload
from benchmarks.write_path import write_rows

RESULTS = ROOT / "benchmarks" / "results"
ORDER = ["ingest", "import", "rebuild", "rebuild-memory", "report-area", "report-all", "sweep", "as-at", "verify"]


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="scotland,million", help=f"Comma-separated, of: {', '.join(SIZES)}.")
    parser.add_argument("--backends", default="sqlite,postgres",
                        help="PostgreSQL is skipped when it does not answer, unless MAPPA_REQUIRE_POSTGRES=1.")
    parser.add_argument("--repeats", type=int, default=3, help="Runs per figure; the median is kept.")
    parser.add_argument("--commands", type=int, default=2000, help="Commands for the ingest and import rows.")
    parser.add_argument("--case-events", type=int, default=1000, help="Events of the case read as at a date.")
    parser.add_argument("--out", type=Path, default=None, help="Where results go (default benchmarks/results).")
    parser.add_argument("--cache", type=Path, default=None, help="Where workloads are kept (default "
                                                                 "benchmarks/cache/suite).")
    parser.add_argument("--render", type=Path, default=None, metavar="JSON",
                        help="Only write the tables (.md) and the plot (.png) of a results file again, and print them.")
    parser.add_argument("--smoke", action="store_true",
                        help="A tiny size, one repeat, results and cache in a temporary folder unless --out.")
    options = parser.parse_args(argv)
    if options.smoke:
        options.sizes, options.repeats, options.commands, options.case_events = "smoke", 1, 100, 200
    options.sizes = [SIZES[name] for name in options.sizes.split(",")]
    return options


def backends_to_run(wanted: str) -> tuple[list[str], str | None]:
    names = wanted.split(",")
    if "postgres" not in names:
        return names, None
    problem = postgres_problem()
    if problem is None:
        with psycopg.connect(postgres_url()) as conn:
            row = conn.execute("SHOW server_version").fetchone()
        return names, str(row[0]) if row else "?"
    if os.environ.get("MAPPA_REQUIRE_POSTGRES") == "1":
        raise SystemExit(f"{problem}; MAPPA_REQUIRE_POSTGRES=1 asks for it")
    print(f"PostgreSQL skipped: {problem} (set MAPPA_TEST_POSTGRES_URL)", flush=True)
    return [name for name in names if name != "postgres"], None


@contextmanager
def postgres_store(workload: Workload, smoke: bool) -> Iterator[Store]:
    """The workload in PostgreSQL: a kept copy, or for the smoke run a schema dropped afterwards."""
    if not smoke:
        store, _ = ensure_postgres_copy(workload)
        yield store
        return
    with scratch("postgres") as store:
        copy_store(workload.store, store)
        yield store


def step(what: str) -> None:
    print(f"  {time.strftime('%H:%M:%S')} {what}", flush=True)


def scale_rows(store: Store, workload: Workload, repeats: int, points: list[dict[str, Any]]) -> list[Row]:
    size, label = workload.size.name, f"{workload.size.name}/{store.backend}"
    step(f"{label}: rebuild, {workload.events:,} events (fresh processes: read x{repeats}, 1/4, 1/2, "
         f"full x{repeats})")
    rows, growth = rebuild_rows(store, size, workload.events, repeats, report_repeats=max(3, repeats))
    points += growth
    step(f"{label}: indicator reports")
    rows += report_rows(store, size, max(5, repeats))
    step(f"{label}: reminder sweep")
    rows.append(sweep_row(store, size, repeats))
    step(f"{label}: audit verify")
    rows.append(verify_row(store, size, repeats))
    return rows


def run_backend(backend: str, workloads: list[Workload], options: argparse.Namespace,
                points: list[dict[str, Any]]) -> list[Row]:
    rows: list[Row] = []
    for workload in workloads:
        if backend == "sqlite":
            rows += scale_rows(workload.store, workload, options.repeats, points)
            continue
        step(f"{workload.size.name}/postgres: the workload in PostgreSQL")
        with postgres_store(workload, options.smoke) as store:
            rows += scale_rows(store, workload, options.repeats, points)
    step(f"{backend}: ingest, bare library and import of {options.commands:,} commands, x{options.repeats}")
    rows += write_rows(backend, workloads[0].size, options.commands, options.repeats)
    step(f"{backend}: a {options.case_events:,}-event case as at a date")
    rows.append(as_at_row(backend, options.case_events, options.repeats))
    return rows


def ordered(rows: list[Row], sizes: list[Size]) -> list[Row]:
    names = [size.name for size in sizes]
    return sorted(rows, key=lambda r: (ORDER.index(r.workload), names.index(r.size) if r.size in names else -1))


def main(argv: list[str] | None = None) -> None:
    options = parse(argv)
    if options.render:
        render(options.render)
        return
    with tempfile.TemporaryDirectory(prefix="mappa-bench-smoke-") as temporary:
        out = options.out or (Path(temporary) if options.smoke else RESULTS)
        cache = options.cache or (out / "cache" if options.smoke else CACHE)
        run(options, out, cache)


def run(options: argparse.Namespace, out: Path, cache: Path) -> None:
    started = datetime.now()
    backends, postgres_version = backends_to_run(options.backends)
    info = machine(postgres_version)
    print(f"Machine: {describe_machine(info)}", flush=True)
    workloads = [ensure_workload(size, cache) for size in options.sizes]
    for workload in workloads:
        print(f"Workload {workload.size.name}: {workload.size.note}; {workload.meta['cases']:,} cases, "
              f"{workload.meta['years']} years, {workload.meta['commands']:,} commands, {workload.events:,} events",
              flush=True)
    rows: list[Row] = []
    points: list[dict[str, Any]] = []
    for backend in backends:
        mine = ordered(run_backend(backend, workloads, options, points), options.sizes)
        rows += mine
        print("\n" + tables(mine), flush=True)
    save(out, started, options, info, workloads, rows, points)


def save(out: Path, started: datetime, options: argparse.Namespace, info: dict[str, Any], workloads: list[Workload],
         rows: list[Row], points: list[dict[str, Any]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    stem = out / started.strftime("%Y-%m-%d-%H%M%S")
    run = {"started_at": started.isoformat(timespec="seconds"),
           "seconds": round((datetime.now() - started).total_seconds()), "repeats": options.repeats,
           "machine": info, "workloads": [w.meta for w in workloads]}
    write_json(stem.with_suffix(".json"), run, rows, points)
    write_views(stem, run, rows, points)
    print(f"Results: {stem}.json, {stem.name}.md and {stem.name}.png", flush=True)


def write_views(stem: Path, run: dict[str, Any], rows: list[Row], points: list[dict[str, Any]]) -> None:
    """The tables as Markdown and the growth plot, beside the JSON."""
    info, started = run["machine"], datetime.fromisoformat(run["started_at"])
    stem.with_suffix(".md").write_text(f"Machine: {describe_machine(info)}\n\n{tables(rows)}")
    plot(stem.with_suffix(".png"), points, f"mappa-flow, {started:%Y-%m-%d}: {info['cores']} cores, "
                                           f"{info['memory_gib']} GiB; medians of {run['repeats']}")


def render(path: Path) -> None:
    found = json.loads(path.read_text())
    rows = [Row.from_dict(row) for row in found["rows"]]
    write_views(path.with_suffix(""), found, rows, found["growth"])
    print(path.with_suffix(".md").read_text())


if __name__ == "__main__":
    main()
