"""The sweep: find each open deadline whose reminder stage has come, and ask the application to record it.

The deadlines view is the single source of truth. One sweep reads, in one
query, the open deadlines due within the longest lead time together with the
latest stage already recorded for each (from the reminders view), works out the
latest stage that has come by today (Europe/London, R-CAL-1), and hands only
the reminders not recorded yet to the application, which records each exactly
once (its id derives from deadline, stage and due date, so a second recording is
refused by the event store, whatever the view said). The cost grows with the
number of open deadlines, not with the history.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Engine

from domain.calendar import WorkingDayCalendar, london_today
from domain.reminder import ReminderRequest
from domain.reminder_stage import Stage, StagePlan
from projections.views.area import calendar_for
from projections.views.reminder import OpenDeadline, open_deadlines_and_latest_stage
from scheduler.port import ReminderRecorder

log = logging.getLogger(__name__)

# A stage before the due date that falls on a run of non-working days comes earlier; look this much further.
WORKING_DAY_SLACK_DAYS = 31


@dataclass(frozen=True)
class SweepReport:
    today: date
    open_deadlines: int  # open deadlines within reach of a stage
    due: int  # of them, those with a stage that has come
    recorded: int  # reminders recorded by this sweep


def sweep(engine: Engine, recorder: ReminderRecorder, now: datetime, plan: StagePlan,
          batch_size: int = 200) -> SweepReport:
    """Record every reminder whose stage has come by ``now`` and is not recorded yet, ``batch_size`` at a time."""
    today = london_today(now)
    with engine.connect() as conn:
        reach = today + timedelta(days=plan.longest_lead_days + WORKING_DAY_SLACK_DAYS + 1)
        deadlines = open_deadlines_and_latest_stage(conn, reach)
        calendars = {area: calendar_for(conn, area) for area in {area for _, _, _, area, *_ in deadlines}}
    due, new = due_requests(deadlines, plan, today, calendars)
    recorded = sum(recorder.raise_reminders(new[i:i + batch_size]) for i in range(0, len(new), batch_size))
    report = SweepReport(today, len(deadlines), due, recorded)
    log.debug("sweep %s: %d open deadlines in reach, %d due, %d recorded now", today.isoformat(),
             report.open_deadlines, report.due, report.recorded)
    return report


def due_requests(deadlines: Iterable[OpenDeadline], plan: StagePlan, today: date,
                 calendars: Mapping[str, WorkingDayCalendar]) -> tuple[int, list[ReminderRequest]]:
    """How many ``deadlines`` have a stage that has come by ``today``, and the reminders of those whose latest
    recorded stage is earlier than it: the ones to record now."""
    stage_of = _StageOf(plan, today, calendars)
    due, requests = 0, []
    for deadline_id, kind, rule, area, subject_ref, case_reference, due_on, latest in deadlines:
        found = stage_of(kind, area, due_on)
        if found is None:
            continue
        due += 1
        stage, comes_on = found
        if latest is not None and latest >= stage.offset_days:
            continue  # this stage, or a later one, is recorded already
        requests.append(ReminderRequest(
            deadline_id=deadline_id, kind=kind, stage=stage.name, due_on=due_on, comes_on=comes_on, area=area,
            subject_ref=subject_ref, rule=rule, recipients=stage.recipients, case_reference=case_reference,
        ))
    return due, requests


class _StageOf:
    """The current stage, and the day it came, of a deadline of one kind, in one area, due on one day.

    Many deadlines share these three, so each combination is worked out once per sweep.
    """

    def __init__(self, plan: StagePlan, today: date, calendars: Mapping[str, WorkingDayCalendar]):
        self.plan, self.today, self.calendars = plan, today, calendars
        self.default = WorkingDayCalendar()
        self.known: dict[tuple[str, str, date], tuple[Stage, date] | None] = {}

    def __call__(self, kind: str, area: str, due_on: date) -> tuple[Stage, date] | None:
        key = (kind, area, due_on)
        if key not in self.known:
            calendar = self.calendars.get(area, self.default)
            stage = self.plan.current_stage(kind, due_on, self.today, calendar)
            self.known[key] = None if stage is None else (stage, stage.comes_on(due_on, calendar))
        return self.known[key]
