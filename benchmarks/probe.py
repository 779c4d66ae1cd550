"""One rebuild measurement in a fresh process (so that its peak memory is its own), printed as one JSON line.

    MAPPA_BENCH_STORE='{...}' python -m benchmarks.probe rebuild 250000 [--report 5]

``read`` reads and decodes the notifications the views want, with no projection work (the baseline);
``rebuild`` drops the views and rebuilds them all from the first ``upto`` events. With ``--report N`` the
indicator report is then timed on the views just built, as of the business date of the last event rebuilt.
The measuring itself is bench_rebuild's (``measure_rebuild``, ``measure_read_only``, with their batch size;
peak memory is the process's VmHWM); this module only points them at a store.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from benchmarks.bench_rebuild import measure_read_only, measure_rebuild
from benchmarks.reports import report_times
from benchmarks.stores import CLOCK, Store
from mappa_flow.bootstrap import bootstrap
from mappa_flow.projecting import views_engine
from mappa_flow.settings import Settings


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("read", "rebuild"))
    parser.add_argument("upto", type=int)
    parser.add_argument("--report", type=int, default=0, help="Time the report this many times after a rebuild.")
    options = parser.parse_args()
    settings = Store.from_env().settings()
    if options.mode == "rebuild":
        result = measure_rebuild(settings, options.upto)  # from no views at all
    else:
        result = measure_read_only(settings, options.upto)
    if options.report:
        engine = views_engine(settings)
        result["report"] = report_times(engine, business_day_at(settings, options.upto), options.report)
        engine.dispose()
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
