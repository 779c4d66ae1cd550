"""Benchmark (not a test): full rebuild of every view over demo data of at least a million events (SQLite).

    python benchmarks/bench_rebuild.py                 # builds benchmarks/cache/rebuild/ once, then reuses it
    python benchmarks/bench_rebuild.py --events 200000 # a smaller store, for a quick look

It prints, from one run:

- the rebuild rate: events of the log per second for a full rebuild of all views (empty views file);
- the baseline: reading and decoding the same notifications (the same topics, the same batches) with no
  projection work, and the ratio of the two rates;
- peak memory (ru_maxrss of a fresh process) of a rebuild over the first half of the log and over all of
  it, to show that memory does not grow with the number of events.

Targets (issue 3): at least 20,000 events/s and a ratio of at least 0.25 on SQLite on a 2-core machine.
The store is made with the demo generator (mappa_flow.demo) through the batch import path (run_batch);
that takes a while the first time and is cached (benchmarks/cache/ is not committed).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mappa_flow.bootstrap import bootstrap  # noqa: E402
from mappa_flow.clock import FixedClock  # noqa: E402
from mappa_flow.projecting import ApplicationSource, all_views, views_engine  # noqa: E402
from mappa_flow.settings import Settings  # noqa: E402
from projections.runner import Projector  # noqa: E402
from projections.source import Positioned  # noqa: E402

CACHE = ROOT / "benchmarks" / "cache" / "rebuild"
TODAY = date(2026, 11, 20)
CLOCK = FixedClock(datetime(2026, 11, 20, 10, tzinfo=UTC))


def store_settings(events: int) -> Settings:
    folder = CACHE / f"demo-{events}"
    folder.mkdir(parents=True, exist_ok=True)
    return Settings(sqlite_path=folder / "events.db", views_sqlite_path=folder / "views.db",
                    postgres_dbname=None, database_url=None)  # type: ignore[call-arg]


def ensure_store(settings: Settings, events: int, seed: int, years: int) -> int:
    """The log's length, after generating the demo into the store if it is short of ``events``."""
    app = bootstrap(settings, CLOCK)
    try:
        head = app.max_notification_id()
        if head >= events:
            return head
        from mappa_flow.demo import generate_demo  # the demo engineer's generator

        cases = max(200, int(1.15 * events / (6.3 * years)))  # about 31 events per case over 5 years, 15% spare
        print(f"generating the demo store: about {cases} cases over {years} years (once; cached)", flush=True)
        started = time.perf_counter()
        result = app.run_batch(generate_demo(seed=seed, cases=cases, years=years, today=TODAY))
        if result.refusal is not None:
            raise SystemExit(f"the demo was refused: {result.refusal}")
        head = app.max_notification_id()
        print(f"  {head:,} events in {time.perf_counter() - started:.0f}s", flush=True)
        if head < events:
            raise SystemExit(f"the demo made {head:,} events, fewer than {events:,}: raise --years or --events")
        return head
    finally:
        app.close()


class CappedSource(ApplicationSource):
    """The application's log as if it ended at ``upto``: a rebuild over the first part of history."""

    def __init__(self, app: Any, upto: int) -> None:
        super().__init__(app)
        self.upto = upto
        self.decoded = 0

    def max_position(self) -> int:
        return min(super().max_position(), self.upto)

    def read(self, after: int, limit: int, topics: Any = ()) -> list[Positioned]:
        found = [p for p in super().read(after, limit, topics) if p.position <= self.upto]
        self.decoded += len(found)
        return found


def measure(settings: Settings, upto: int, batch_size: int, mode: str) -> dict[str, Any]:
    """In this (fresh) process: time a full rebuild, or just reading and decoding, up to ``upto``."""
    app = bootstrap(settings, CLOCK)
    source = CappedSource(app, upto)
    views = all_views()
    head = source.max_position()
    started, cpu_started = time.perf_counter(), time.process_time()
    if mode == "read":
        _read_only(source, views, batch_size, head)
    else:
        projector = Projector(views_engine(settings), source, views, batch_size=batch_size)
        projector.setup()
        projector.rebuild()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    app.close()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"mode": mode, "head": head, "decoded": source.decoded, "seconds": seconds, "cpu": cpu,
            "peak_mib": peak_kib / 1024}


def _read_only(source: CappedSource, views: list[Any], batch_size: int, head: int) -> None:
    """What a rebuild reads, with no projection work: the views' topics, batch by batch."""
    topics = sorted({topic for view in views for topic in view.topics})
    start = 0
    while start < head:
        batch = source.read(start, batch_size, topics)
        start = batch[-1].position if len(batch) == batch_size else head


def in_subprocess(events: int, upto: int, batch_size: int, mode: str) -> dict[str, Any]:
    command = [sys.executable, __file__, "--events", str(events), "--batch-size", str(batch_size),
               "--measure", mode, "--upto", str(upto)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    found: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return found


def report(events: int, batch_size: int, head: int) -> None:
    read = in_subprocess(events, head, batch_size, "read")
    half = in_subprocess(events, head // 2, batch_size, "rebuild")
    full = in_subprocess(events, head, batch_size, "rebuild")
    print(f"store: {head:,} events in the log; the views' topics select {full['decoded']:,} of them; "
          f"batches of {batch_size}; {len(all_views())} views")
    for clock, label in (("seconds", "wall clock"), ("cpu", "CPU time of the process")):
        rate, read_rate = full["head"] / full[clock], read["head"] / read[clock]
        print(f"{label}:")
        print(f"  rebuild, all views:   {full[clock]:8.1f} s  {rate:10,.0f} events/s")
        print(f"  read + decode only:   {read[clock]:8.1f} s  {read_rate:10,.0f} events/s")
        print(f"  ratio rebuild / read: {rate / read_rate:8.2f}")
    print("targets: >= 20,000 events/s and a ratio >= 0.25")
    print(f"peak memory (ru_maxrss): {half['peak_mib']:.0f} MiB rebuilding {half['head']:,} events, "
          f"{full['peak_mib']:.0f} MiB rebuilding {full['head']:,}; reading only: {read['peak_mib']:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="Least events in the store.")
    parser.add_argument("--years", type=int, default=5, help="Years of demo history (when generating).")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=2000, help="Events per projection transaction.")
    parser.add_argument("--measure", choices=("read", "rebuild"), help=argparse.SUPPRESS)
    parser.add_argument("--upto", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    settings = store_settings(options.events)
    if options.measure == "rebuild":
        settings.views_path.unlink(missing_ok=True)  # an empty views file: a rebuild from nothing
    if options.measure:
        print(json.dumps(measure(settings, options.upto, options.batch_size, options.measure)))
        return
    head = ensure_store(settings, options.events, options.seed, options.years)
    report(options.events, options.batch_size, head)


if __name__ == "__main__":
    main()
