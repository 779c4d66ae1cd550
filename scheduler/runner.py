"""The long-running scheduler process: APScheduler only triggers the cycle. The only module that imports it.

One interval job, plus one run at start-up, in an in-memory job store: the
jobs hold no state of their own, so nothing is lost or duplicated when the
process stops or crashes. (APScheduler's persistent job stores are not used: a
crash between a job's run and the store's update runs it again or skips it, and
the state that matters, which reminders are recorded, lives in the event store.)

A stop request (SIGTERM or SIGINT, set by the caller on ``stop``) lets the
current cycle finish: the sweep completes and the delivery stops after the
message in hand; then the process exits.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import datetime
from threading import Event

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from scheduler.cycle import Cycle

log = logging.getLogger(__name__)

JOB_ID = "mappa-sweep"


def cycle_job(cycle: Cycle, stop: Event) -> None:
    """The job: one cycle. A failure is logged with its type and tried again at the next interval."""
    if stop.is_set():
        return
    try:
        report = cycle.run_once(stop)
    except Exception as error:  # its kind and where, not its message: a database's message can quote a row's values
        where = "".join(traceback.format_tb(error.__traceback__))
        log.error("scheduler cycle failed (%s); it runs again at the next interval\n%s", type(error).__name__, where)
        return
    log.info("%s", report.in_words())


def run_until_stopped(cycle: Cycle, interval_seconds: int, stop: Event, now: Callable[[], datetime]) -> None:
    """Run ``cycle`` now and then every ``interval_seconds`` until ``stop`` is set; finish the cycle in hand."""
    scheduler = BackgroundScheduler(
        jobstores={"default": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(max_workers=1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone="UTC",
    )
    scheduler.add_job(cycle_job, "interval", args=[cycle, stop], seconds=interval_seconds, id=JOB_ID,
                      next_run_time=now())
    scheduler.start()
    log.info("scheduler started: a cycle every %d s", interval_seconds)
    try:
        stop.wait()
    finally:
        scheduler.shutdown(wait=True)  # lets the running cycle finish
        log.info("scheduler stopped")
