"""The benchmark workloads: demo histories of a given size, generated once and cached.

A workload is the demo generator's history (``mappa_flow.demo``) for a number of cases and years up to a fixed
day, applied through the application's batch path into an SQLite store under ``benchmarks/cache/``, followed by
one reminder sweep on that day (a live store has its due reminders recorded; the benchmark's sweep is then the
steady sweep the scheduler runs every few minutes). The cache is keyed by the size, the day and the demo
generator's source: change any of them and the store is generated again.

For PostgreSQL the cached SQLite store is copied, stored event by stored event, into a schema with the
library's own recorder (``insert_events`` in batches), which is much quicker than generating it again; the
copy is kept between runs and checked against the same key.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from benchmarks.stores import CLOCK, TODAY, Store, execute, schema_comment
from domain.reminder_stage import StagePlan
from mappa_flow.bootstrap import bootstrap
from mappa_flow.demo import estimate_commands, generate_demo
from mappa_flow.projecting import build_projector
from scheduler.cycle import Cycle

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / "cache" / "suite"
CACHE_VERSION = 1  # bump when the way a cached store is made changes
COPY_BATCH = 5000


@dataclass(frozen=True)
class Size:
    name: str
    cases: int
    years: int
    note: str
    seed: int = 7


SIZES = {size.name: size for size in (
    Size("smoke", 300, 2, "a few hundred cases, for CI"),
    Size("quarter", 1750, 5, "a quarter of Scotland"),
    Size("scotland", 7000, 5, "Scotland scale: about 7,000 cases, 5 years"),
    Size("million", 31000, 5, "at least a million events (about 4x Scotland)"),
    Size("x10", 70000, 5, "ten times Scotland"),
)}


@dataclass(frozen=True)
class Workload:
    size: Size
    store: Store  # the cached SQLite store
    events: int  # length of the log
    meta: dict[str, Any]


def cache_key(size: Size) -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "mappa_flow" / "demo").glob("*.py")):
        digest.update(path.read_bytes())
    digest.update(f"{CACHE_VERSION}/{size.cases}/{size.years}/{size.seed}/{TODAY}".encode())
    return digest.hexdigest()[:16]


def ensure_workload(size: Size, cache: Path = CACHE) -> Workload:
    """The cached store of ``size``, generated first if missing or made by another version of the generator."""
    key = cache_key(size)
    folder = cache / f"{size.name}-{size.cases}c-{size.years}y-s{size.seed}"
    meta_path = folder / "meta.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("key") == key:
            return Workload(size, Store.sqlite(folder), meta["events"], meta)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    meta = _generate(size, Store.sqlite(folder)) | {"key": key}
    meta_path.write_text(json.dumps(meta, indent=2))  # written last: a half-made store is never taken as cached
    return Workload(size, Store.sqlite(folder), meta["events"], meta)


def _generate(size: Size, store: Store) -> dict[str, Any]:
    settings = store.settings()
    app = bootstrap(settings, CLOCK)
    total = estimate_commands(size.cases, size.years)
    print(f"  generating the {size.name} workload once ({size.cases:,} cases, {size.years} years, about "
          f"{total:,} commands) into {store.sqlite_path}; it is kept for the next run", flush=True)
    started = time.perf_counter()
    done = [0, 0]

    def progress(count: int) -> None:
        done[0] += count
        if done[0] - done[1] >= 20_000:
            done[1] = done[0]
            print(f"    {done[0]:,} commands, {app.max_notification_id():,} events, "
                  f"{time.perf_counter() - started:.0f} s", flush=True)

    result = app.run_batch(generate_demo(seed=size.seed, cases=size.cases, years=size.years, today=TODAY),
                           progress=progress)
    if result.refusal is not None:
        raise SystemExit(f"the demo was refused at command {result.refusal.command_id}: {result.refusal.error}")
    generated = time.perf_counter() - started
    projector = build_projector(settings, app)
    cycle = Cycle(app=app, projector=projector, plan=StagePlan.parse(settings.reminder_stages), outbox=None,
                  clock=CLOCK.now, use_lock=False)
    swept = cycle.run_once().swept
    events = app.max_notification_id()
    projector.engine.dispose()
    app.close()
    print(f"    {result.applied:,} commands, {events:,} events in {generated:.0f} s; first sweep recorded "
          f"{swept.recorded if swept else 0:,} reminders", flush=True)
    return {"size": size.name, "cases": size.cases, "years": size.years, "seed": size.seed,
            "today": TODAY.isoformat(), "commands": result.applied, "events": events,
            "generate_seconds": round(generated, 1), "first_sweep_recorded": swept.recorded if swept else 0}


def ensure_postgres_copy(workload: Workload, schema: str | None = None) -> tuple[Store, float | None]:
    """The workload in a PostgreSQL schema of its own, copied from the cached SQLite store when missing or stale.

    Returns the store and the seconds the copy took (None when the copy was already there).
    """
    store = Store.postgres(schema or f"mappa_bench_{workload.size.name}")
    stamp = f"mappa-flow benchmark copy {workload.meta['key']} {workload.events}"
    if schema_comment(str(store.schema)) == stamp:
        return store, None
    execute(f"DROP SCHEMA IF EXISTS {store.schema} CASCADE")
    execute(f"CREATE SCHEMA {store.schema}")
    started = time.perf_counter()
    print(f"  copying the {workload.size.name} workload ({workload.events:,} events) into PostgreSQL schema "
          f"{store.schema}", flush=True)
    copy_store(workload.store, store)
    seconds = time.perf_counter() - started
    execute(f"COMMENT ON SCHEMA {store.schema} IS '{stamp}'")
    print(f"    copied in {seconds:.0f} s", flush=True)
    return store, seconds


def copy_store(source: Store, target: Store) -> None:
    """Copy every stored event, in log order, and every snapshot, with the library's recorders."""
    reader, writer = bootstrap(source.settings(), CLOCK), bootstrap(target.settings(), CLOCK)
    try:
        start = 1
        while batch := reader.recorder.select_notifications(start, COPY_BATCH):
            writer.recorder.insert_events([_stored(n.originator_id, n.originator_version, n.topic, n.state)
                                           for n in batch])
            start = batch[-1].id + 1
        if writer.max_notification_id() != reader.max_notification_id():
            raise RuntimeError("the copy's log does not end where the source's does: positions would differ")
        _copy_snapshots(Path(str(source.sqlite_path)), writer)
    finally:
        reader.close()
        writer.close()


def _copy_snapshots(sqlite_path: Path, writer: Any) -> None:
    with sqlite3.connect(sqlite_path) as conn:
        rows = conn.execute("SELECT originator_id, originator_version, topic, state FROM stored_snapshots")
        while batch := rows.fetchmany(COPY_BATCH):
            writer.snapshots.recorder.insert_events([_stored(*row) for row in batch])


def _stored(originator_id: Any, version: int, topic: str, state: bytes) -> StoredEvent:
    return StoredEvent(UUID(str(originator_id)), version, topic, bytes(state))
