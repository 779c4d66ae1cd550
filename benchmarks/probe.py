"""One rebuild measurement in a fresh process (so that its peak memory is its own), printed as one JSON line.

    MAPPA_BENCH_STORE='{...}' python -m benchmarks.probe rebuild 250000 [--report 5]

``read`` reads and decodes the notifications the views want, with no projection work (the baseline);
``rebuild`` drops the views and rebuilds them all from the first ``upto`` events. With ``--report N`` the
indicator report is then timed on the views just built, as of the business date of the last event rebuilt.
The measuring itself is bench_rebuild's (``measure``); this module only points it at a store.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import delete

from benchmarks.bench_rebuild import measure
from benchmarks.reports import report_times
from benchmarks.stores import CLOCK, Store
from mappa_flow.bootstrap import bootstrap
from mappa_flow.projecting import all_views, views_engine
from mappa_flow.settings import Settings
from projections import tracking
from projections.view import metadata


def drop_views(store: Store) -> None:
    """Views from nothing: the SQLite views file deleted; on PostgreSQL the views' tables dropped and their
    positions forgotten (the tracking table is shared with the audit index, so it stays)."""
    settings = store.settings()
    if store.backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{settings.views_path}{suffix}").unlink(missing_ok=True)
        return
    engine, views = views_engine(settings), all_views()
    metadata.drop_all(engine, tables=[table for view in views for table in view.tables])
    with engine.begin() as conn:
        tracking.tracking.create(conn, checkfirst=True)
        conn.execute(delete(tracking.tracking).where(tracking.tracking.c.view.in_([v.name for v in views])))
    engine.dispose()


def business_day_at(settings: Settings, position: int) -> date:
    """The business date of the history at ``position``: that of the last event up to it that describes
    something (a command's receipt carries the day it was recorded on, not a business date)."""
    app = bootstrap(settings, CLOCK)
    try:
        start = max(1, position - 200)
        found = app.recorder.select_notifications(start, position - start + 1, stop=position)
        for notification in reversed(found):
            if not notification.topic.startswith("mappa:CommandReceipt"):
                event: Any = app.mapper.to_domain_event(notification)
                return event.occurred_on  # type: ignore[no-any-return]
        raise RuntimeError(f"no event but receipts between positions {start} and {position}")
    finally:
        app.close()


def own_peak_mib() -> float:
    """This process's peak resident memory since it started (VmHWM). Not ``ru_maxrss``: on Linux that also
    counts the parent's memory at the fork, so a probe started by a large parent would report the parent's."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("read", "rebuild"))
    parser.add_argument("upto", type=int)
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--report", type=int, default=0, help="Time the report this many times after a rebuild.")
    options = parser.parse_args()
    store = Store.from_env()
    settings = store.settings()
    if options.mode == "rebuild":
        drop_views(store)
    result = measure(settings, options.upto, options.batch_size, options.mode)
    result["ru_maxrss_mib"], result["peak_mib"] = result.get("peak_mib"), own_peak_mib()
    if options.report:
        engine = views_engine(settings)
        result["report"] = report_times(engine, business_day_at(settings, options.upto), options.report)
        engine.dispose()
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
