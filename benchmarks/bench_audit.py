"""Benchmark (not a test): time travel on a long case, and ``audit verify`` over many events.

    python benchmarks/bench_audit.py                      # verify over 20,000 events, SQLite
    python benchmarks/bench_audit.py 1000000              # verify over a million events
    python benchmarks/bench_audit.py 200000 --encrypted   # with encryption at rest on
    python benchmarks/bench_audit.py 200000 --postgres    # on PostgreSQL (MAPPA_TEST_POSTGRES_URL), a fresh schema
    python benchmarks/bench_audit.py --store var/mappa.db # verify a copy of an existing SQLite store

It prints:

- the state of a case with 1,000 events as at a date (target: under 20 ms), answered with snapshots, and
  the baseline: a full replay of the case without snapshots, with the ratio;
- ``audit verify`` over N events as events per second, and the baseline: reading the same notifications
  with no hashing or comparison, with the ratio; and the sealing rate.

Events are generated straight through the aggregates (1,000 per case) and saved in batches, so building a
large store is quick; the figures measure reading, not writing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from eventsourcing.cipher import AESCipher  # noqa: E402
from pydantic import SecretStr  # noqa: E402

from domain.case import Case  # noqa: E402
from domain.event import Stamp  # noqa: E402
from mappa_flow.audit.auditor import Auditor  # noqa: E402
from mappa_flow.audit.seal import read_notifications  # noqa: E402
from mappa_flow.bootstrap import Mappa, bootstrap  # noqa: E402
from mappa_flow.clock import FixedClock  # noqa: E402
from mappa_flow.settings import Settings  # noqa: E402

START = date(2020, 4, 1)
FIRST = datetime(2020, 4, 1, 9, tzinfo=UTC)
CLOCK = FixedClock(datetime(2026, 11, 20, 10, tzinfo=UTC))
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def make_case(app: Mappa, reference: str, events: int, save_every: int = 100) -> None:
    """A case whose level changes every day; recorded in batches an hour apart."""
    stamp = Stamp("bench", f"{reference}-0", FIRST, date(2030, 1, 1))
    case = Case.refer(app.ids.case(reference), stamp, START, reference=reference, area="bench", category=1,
                      level=2, referring_agency="police-scotland", in_custody=False, expected_release_on=None,
                      age_band=None, gender=None, ethnicity=None)
    for n in range(1, events):
        if n % save_every == 0:
            app.save(case)
            stamp = Stamp("bench", f"{reference}-{n}", FIRST + timedelta(hours=n // save_every), date(2030, 1, 1))
        case.change_level(3 if case.level == 2 else 2, stamp, START + timedelta(days=n // 2))
    app.save(case)


def median_ms(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (the fairer figure on a busy machine), in ms."""
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def measure_time_travel(auditor: Auditor, fast_runs: int = 30, full_runs: int = 10,
                        events: int = 1000) -> dict[str, float | bool]:
    """Median wall and CPU ms of a case's state as at a date, with snapshots and by full replay (the baseline)."""
    reference = f"BENCH-{events}"
    make_case(auditor.app, reference, events)
    as_at = START + timedelta(days=events * 9 // 20)  # about nine tenths of the way along
    auditor.state(reference, as_at)  # indexes the case and takes snapshots, as a first query would
    fast, fast_cpu = median_ms(lambda: auditor.state(reference, as_at), fast_runs)
    full, full_cpu = median_ms(lambda: auditor.state(reference, as_at, use_snapshots=False), full_runs)
    same = auditor.state(reference, as_at).state == auditor.state(reference, as_at, use_snapshots=False).state
    return {"ms": fast, "cpu_ms": fast_cpu, "replay_ms": full, "replay_cpu_ms": full_cpu, "same_state": same}


def bench_time_travel(auditor: Auditor, label: str) -> None:
    found = measure_time_travel(auditor)
    fast, full = found["ms"], found["replay_ms"]
    print(f"State of a case with 1,000 events as at a date ({label}), median wall time (CPU time):")
    print(f"  with snapshots:                       {fast:8.2f} ms ({found['cpu_ms']:.2f} ms)  target < 20 ms: "
          f"{'met' if fast < 20 else 'NOT met'}")
    print(f"  full replay, no snapshots (baseline): {full:8.2f} ms ({found['replay_cpu_ms']:.2f} ms)")
    print(f"  ratio: {full / fast:.1f}x faster; same state both ways: {found['same_state']}")


def fill(app: Mappa, events: int) -> None:
    cases, started = 0, time.perf_counter()
    while app.max_notification_id() < events:
        cases += 1
        make_case(app, f"FILL-{cases}", min(1000, events - app.max_notification_id()), save_every=1000)
        if cases % 100 == 0:
            print(f"  ... {app.max_notification_id():,} events written ({time.perf_counter() - started:.0f} s)",
                  file=sys.stderr)


def measure_verify(auditor: Auditor, runs: int = 1) -> dict[str, float | int | bool]:
    """Seal what is unsealed (timed once), then median seconds of ``verify`` and of reading the notifications."""
    app = auditor.app
    total = app.max_notification_id()
    started = time.perf_counter()
    sealed = auditor.seal("bench").sealed_now
    sealing = time.perf_counter() - started
    verifying, reading, intact = [], [], True
    for _ in range(runs):
        started = time.perf_counter()
        result = auditor.verify()
        verifying.append(time.perf_counter() - started)
        intact = intact and not result.tampered
        started = time.perf_counter()
        read = sum(1 for _ in read_notifications(app, 1, total))
        reading.append(time.perf_counter() - started)
    return {"events": total, "checked": result.checked, "read": read, "intact": intact,
            "verify_s": statistics.median(verifying), "read_s": statistics.median(reading),
            "sealed_now": sealed, "seal_s": sealing}


def bench_verify(auditor: Auditor, events: int | None, label: str) -> None:
    if events is not None:
        fill(auditor.app, events)
    found = measure_verify(auditor)
    total, verifying, reading = found["events"], found["verify_s"], found["read_s"]
    print(f"audit verify over {total:,} events ({label}): {'OK' if found['intact'] else 'TAMPERED'}, "
          f"{found['checked']:,} checked")
    print(f"  verify:                                {total / verifying:12,.0f} events/s ({verifying:.2f} s)")
    print(f"  reading the notifications (baseline):  {found['read'] / reading:12,.0f} events/s ({reading:.2f} s)")
    print(f"  ratio: verify runs at {reading / verifying:.2f} of the reading rate")
    print(f"  seal (first, whole store):             {total / found['seal_s']:12,.0f} events/s "
          f"({found['seal_s']:.2f} s)")


def settings_for(args: argparse.Namespace, folder: Path) -> tuple[Settings, str | None]:
    key = SecretStr(AESCipher.create_key(16)) if args.encrypted else None
    if args.postgres:
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        return Settings(database_url=POSTGRES_URL, postgres_schema=schema, cipher_key=key), schema  # type: ignore[call-arg]
    path = folder / "events.db"
    if args.store:
        shutil.copy(args.store, path)
    return Settings(sqlite_path=path, postgres_dbname=None, database_url=None, cipher_key=key), None  # type: ignore[call-arg]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("events", nargs="?", type=int, default=20_000, help="events for audit verify")
    parser.add_argument("--encrypted", action="store_true", help="encryption at rest on")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--store", type=Path, default=None, help="verify a copy of this SQLite store instead")
    args = parser.parse_args()
    label = f"{'PostgreSQL' if args.postgres else 'SQLite'}, {'encrypted' if args.encrypted else 'plain'}"
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as folder:
        settings, schema = settings_for(args, Path(folder))
        app = bootstrap(settings, CLOCK)
        auditor = Auditor.open(settings, app)
        try:
            if not args.store:
                bench_time_travel(auditor, label)
            bench_verify(auditor, None if args.store else args.events, label)
        finally:
            auditor.close()
            app.close()
            if schema:
                with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
                    conn.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
