"""Benchmark (not a test): full rebuild of every view over demo data of at least a million events.

    python benchmarks/bench_rebuild.py                  # builds benchmarks/cache/rebuild/ once, then reuses it
    python benchmarks/bench_rebuild.py --events 200000  # a smaller store, for a quick look
    python benchmarks/bench_rebuild.py --events 100000 --postgres postgresql://postgres@127.0.0.1:5432/test

It prints, from one run:

- the rebuild rate: events of the log per second for a full rebuild of all views (from empty views), in
  one process, one ordered pass, as ``mappa-flow projections rebuild`` does it;
- the baseline: reading and decoding the same notifications (the same topics, the same batches) with no
  projection work, and the ratio of the two rates;
- peak memory (VmHWM of a fresh process) of a rebuild over the first half of the log and over all of
  it, to show that memory does not grow with the number of events.

Targets (issue 3): at least 20,000 events/s and a ratio of at least 0.25 on SQLite on a 2-core machine.
The store is made with the demo generator (mappa_flow.demo) through the batch import path (run_batch);
that takes a while the first time and is cached (benchmarks/cache/ is not committed; on PostgreSQL, the
schema ``bench_rebuild_<events>`` is kept).

Other scripts import ``measure_rebuild`` and ``measure_read_only`` (and ``measure``): importing this module
does nothing else. Call them in a fresh process when the peak memory matters.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from contextlib import nullcontext
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from eventsourcing.persistence import StoredEvent  # noqa: E402
from sqlalchemy import delete  # noqa: E402

from mappa_flow.bootstrap import bootstrap  # noqa: E402
from mappa_flow.clock import FixedClock  # noqa: E402
from mappa_flow.projecting import ApplicationSource, all_views, views_engine  # noqa: E402
from mappa_flow.settings import Settings  # noqa: E402
from projections import tracking  # noqa: E402
from projections.runner import BATCH_SIZE, Projector, fewer_collections  # noqa: E402
from projections.source import Positioned  # noqa: E402
from projections.view import metadata  # noqa: E402

CACHE = ROOT / "benchmarks" / "cache" / "rebuild"
TODAY = date(2026, 11, 20)
CLOCK = FixedClock(datetime(2026, 11, 20, 10, tzinfo=UTC))


def store_settings(events: int, postgres_url: str | None = None) -> Settings:
    """The cached store of at least ``events`` events: a SQLite folder, or a PostgreSQL schema."""
    if postgres_url:
        return Settings(database_url=postgres_url, postgres_schema=f"bench_rebuild_{events}")  # type: ignore[call-arg]
    folder = CACHE / f"demo-{events}"
    folder.mkdir(parents=True, exist_ok=True)
    return sqlite_store(folder / "events.db")


def sqlite_store(events_path: Path) -> Settings:
    """Settings for the SQLite store at ``events_path``, its views in ``views.db`` beside it."""
    return Settings(sqlite_path=events_path, views_sqlite_path=events_path.parent / "views.db",
                    postgres_dbname=None, database_url=None)  # type: ignore[call-arg]


def ensure_store(settings: Settings, events: int, seed: int, years: int) -> int:
    """The log's length, after generating the demo into the store if it is short of ``events``.

    A PostgreSQL store is a copy of the SQLite one of the same size (the same events at the same positions),
    which is much quicker than generating the demo again.
    """
    if settings.postgres_dbname:
        return _ensure_postgres(settings, events, seed, years)
    app = bootstrap(settings, CLOCK)
    try:
        head = app.max_notification_id()
        if head >= events:
            return head
        if head:
            raise SystemExit(f"{settings.sqlite_path} holds a partial store ({head:,} events): delete its folder")
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


def _ensure_postgres(settings: Settings, events: int, seed: int, years: int) -> int:
    _create_schema(settings)
    writer = bootstrap(settings, CLOCK)
    try:
        head = writer.max_notification_id()
        if head >= events:
            return head
        if head:
            raise SystemExit(f"schema {settings.postgres_schema} holds a partial store ({head:,} events): drop it")
        source = store_settings(events)
        ensure_store(source, events, seed, years)
        print(f"copying the SQLite store into schema {settings.postgres_schema} (once; kept)", flush=True)
        reader = bootstrap(source, CLOCK)
        try:
            start = 1
            while batch := reader.recorder.select_notifications(start, 5000):
                writer.recorder.insert_events([StoredEvent(UUID(str(n.originator_id)), n.originator_version, n.topic,
                                                           bytes(n.state)) for n in batch])
                start = batch[-1].id + 1
        finally:
            reader.close()
        return writer.max_notification_id()
    finally:
        writer.close()


def _create_schema(settings: Settings) -> None:
    import psycopg

    url = f"postgresql://{settings.postgres_user}@{settings.postgres_host}:{settings.postgres_port}/"
    with psycopg.connect(url + str(settings.postgres_dbname), autocommit=True,
                         password=settings.postgres_password.get_secret_value() or None) as conn:
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {settings.postgres_schema}")


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


def measure_rebuild(settings_or_path: Settings | Path | str, upto: int, batch_size: int = BATCH_SIZE,
                    fresh: bool = True) -> dict[str, Any]:
    """Time a full rebuild of every view over the first ``upto`` events (``fresh``: from no views at all).

    ``settings_or_path`` is the store's settings, or the path of a SQLite event store (views beside it).
    Returns head, decoded, seconds, cpu, rate, cpu_rate and peak_mib (this process's peak so far).
    """
    settings = _settings(settings_or_path)
    if fresh:
        drop_views(settings)
    return measure(settings, upto, batch_size, "rebuild")


def measure_read_only(settings_or_path: Settings | Path | str, upto: int,
                      batch_size: int = BATCH_SIZE) -> dict[str, Any]:
    """Time reading and decoding what a rebuild reads (the views' topics, in the same batches), nothing more."""
    return measure(_settings(settings_or_path), upto, batch_size, "read")


def _settings(settings_or_path: Settings | Path | str) -> Settings:
    return settings_or_path if isinstance(settings_or_path, Settings) else sqlite_store(Path(settings_or_path))


def drop_views(settings: Settings) -> None:
    """No views at all: the SQLite views file deleted, or the views' tables dropped on PostgreSQL."""
    if not settings.postgres_dbname:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{settings.views_path}{suffix}").unlink(missing_ok=True)
        return
    engine, views = views_engine(settings), all_views()
    metadata.drop_all(engine, tables=[table for view in views for table in view.tables])
    with engine.begin() as conn:  # the case index (a view the bench leaves out) keeps its row
        tracking.tracking.create(conn, checkfirst=True)
        conn.execute(delete(tracking.tracking).where(tracking.tracking.c.view.in_([v.name for v in views])))
    engine.dispose()


def measure(settings: Settings, upto: int, batch_size: int, mode: str) -> dict[str, Any]:
    """In this process: time a full rebuild (``mode`` "rebuild"), or just reading and decoding, up to ``upto``."""
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
        projector.engine.dispose()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    app.close()
    return {"mode": mode, "head": head, "decoded": source.decoded, "seconds": seconds, "cpu": cpu,
            "rate": head / seconds, "cpu_rate": head / cpu, "peak_mib": own_peak_mib()}


def _read_only(source: CappedSource, views: list[Any], batch_size: int, head: int) -> None:
    """What a rebuild reads, with no projection work: the views' topics, batch by batch, with the garbage
    collector set as a catch-up sets it (it makes reading and decoding a third faster, so the baseline has it
    too; ``MAPPA_BENCH_DEFAULT_GC=1`` measures it with CPython's default instead)."""
    topics = sorted({topic for view in views for topic in view.topics})
    start = 0
    with nullcontext() if os.environ.get("MAPPA_BENCH_DEFAULT_GC") == "1" else fewer_collections():
        while start < head:
            batch = source.read(start, batch_size, topics)
            start = batch[-1].position if len(batch) == batch_size else head


def own_peak_mib() -> float:
    """This process's peak resident memory (VmHWM). Not ``ru_maxrss``: on Linux that keeps the parent's
    memory at the fork when a process is started by a large one."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def in_subprocess(options: argparse.Namespace, upto: int, mode: str, default_gc: bool = False) -> dict[str, Any]:
    command = [sys.executable, __file__, "--events", str(options.events), "--batch-size", str(options.batch_size),
               "--measure", mode, "--upto", str(upto)]
    if options.postgres:
        command += ["--postgres", options.postgres]
    env = {**os.environ, "MAPPA_BENCH_DEFAULT_GC": "1" if default_gc else ""}
    output = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    found: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return found


def report(options: argparse.Namespace, head: int) -> None:
    read = in_subprocess(options, head, "read")
    plain = in_subprocess(options, head, "read", default_gc=True)
    half = in_subprocess(options, head // 2, "rebuild")
    full = in_subprocess(options, head, "rebuild")
    backend = "PostgreSQL" if options.postgres else "SQLite"
    print(f"{backend} store: {head:,} events in the log; the views' topics select {full['decoded']:,} of them; "
          f"batches of {options.batch_size}; {len(all_views())} views; one process")
    for clock, label in (("seconds", "wall clock"), ("cpu", "CPU time")):
        rate, read_rate = full["head"] / full[clock], read["head"] / read[clock]
        print(f"{label}:")
        print(f"  rebuild, all views:   {full[clock]:8.1f} s  {rate:10,.0f} events/s")
        print(f"  read + decode only:   {read[clock]:8.1f} s  {read_rate:10,.0f} events/s")
        print(f"  ratio rebuild / read: {rate / read_rate:8.2f}")
        plain_rate = plain["head"] / plain[clock]
        print(f"  (read + decode with CPython's default GC: {plain_rate:,.0f} events/s, ratio {rate / plain_rate:.2f})")
    print("targets: >= 20,000 events/s and a ratio >= 0.25 (SQLite)")
    print(f"peak memory (VmHWM): {half['peak_mib']:.0f} MiB rebuilding {half['head']:,} events, "
          f"{full['peak_mib']:.0f} MiB rebuilding {full['head']:,}; reading only: {read['peak_mib']:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="Least events in the store.")
    parser.add_argument("--years", type=int, default=5, help="Years of demo history (when generating).")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="Events per projection transaction.")
    parser.add_argument("--postgres", metavar="URL", help="Use a PostgreSQL store (schema bench_rebuild_EVENTS).")
    parser.add_argument("--measure", choices=("read", "rebuild"), help=argparse.SUPPRESS)
    parser.add_argument("--upto", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    settings = store_settings(options.events, options.postgres)
    if options.measure:
        measured = (measure_rebuild(settings, options.upto, options.batch_size) if options.measure == "rebuild"
                    else measure_read_only(settings, options.upto, options.batch_size))
        print(json.dumps(measured))
        return
    head = ensure_store(settings, options.events, options.seed, options.years)
    report(options, head)


if __name__ == "__main__":
    main()
