"""Reminders: record one exactly once, record each delivery attempt (RULES.md section 9).

The scheduler calls these (through ``Mappa``, its port ``scheduler/port.py``); people do not. They are not
command models: each command id derives from the reminder id (and, for a delivery attempt, the attempt
number), so running the same step twice, in any process, records nothing the second time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime
from uuid import UUID

from domain.business_day import BusinessDay
from domain.errors import ReminderNotFoundError
from domain.reminder import Reminder, ReminderRequest
from mappa_flow.application import MappaApplication, Outcome, Unit
from mappa_flow.batch import Planned, run_planned

log = logging.getLogger(__name__)

SCHEDULER = "scheduler"
RECORDED, ALREADY_RECORDED = "recorded", "already recorded"
RAISE_BATCH_SIZE = 200


def raise_reminder(app: MappaApplication, request: ReminderRequest) -> str:
    """Record ``request`` once: "recorded", or "already recorded" if any process recorded it before."""
    created = [False]
    outcome = app.run(_raise_command_id(request), SCHEDULER, "raise_reminder", _raise(app, request, created))
    return RECORDED if outcome.applied and created[0] else ALREADY_RECORDED


def raise_reminders(app: MappaApplication, requests: Sequence[ReminderRequest], size: int = RAISE_BATCH_SIZE) -> int:
    """Record each of ``requests`` once, ``size`` per transaction; returns how many were newly recorded.

    A request the domain refuses is logged (by reminder id) and skipped; the others are recorded.
    """
    recorded, start = 0, 0
    while start < len(requests):
        chunk = requests[start:start + size]
        result = run_planned(app, [_plan_raise(app, request) for request in chunk])
        recorded += result.applied
        start += result.done
        if result.refusal is not None:
            log.error("reminder %s refused: %s", chunk[result.refusal.index].reminder_id, result.refusal.error)
            start += 1
    return recorded


def _plan_raise(app: MappaApplication, request: ReminderRequest) -> Planned:
    return Planned(_raise_command_id(request), SCHEDULER, "raise_reminder", _raise(app, request, [False]))


def _raise(app: MappaApplication, request: ReminderRequest, created: list[bool]) -> Callable[[Unit], None]:
    def work(unit: Unit) -> None:
        # False: recorded before under this id (not by this command): leave it.
        created[0] = not app.recorder.select_events(request.reminder_id, limit=1)
        if created[0]:
            unit.track(Reminder.raise_for(request, unit.stamp))

    return work


def reach_day(app: MappaApplication, day: date) -> Outcome:
    """The scheduler has reached business day ``day``: recorded once, however often it runs that day (R-REM-6)."""
    def work(unit: Unit) -> None:
        unit.track(BusinessDay.reach(app.ids.business_day(day.isoformat()), unit.stamp, day))

    return app.run(f"business-day:{day.isoformat()}", SCHEDULER, "reach_day", work)


def record_delivery(app: MappaApplication, rid: UUID, attempt: int, channel: str, message_id: str,
                    to: list[str]) -> Outcome:
    """Attempt number ``attempt`` of reminder ``rid`` went out to ``to``."""
    def work(unit: Unit) -> None:
        load_reminder(unit, rid).record_delivery(channel, message_id, to, unit.stamp)

    return app.run(f"reminder:{rid}:attempt:{attempt}", SCHEDULER, "record_delivery", work)


def record_delivery_failure(app: MappaApplication, rid: UUID, attempt: int, channel: str, reason: str,
                            next_attempt_at: datetime) -> Outcome:
    """Attempt number ``attempt`` of reminder ``rid`` failed; try again at ``next_attempt_at``."""
    def work(unit: Unit) -> None:
        load_reminder(unit, rid).record_failure(channel, reason, next_attempt_at, unit.stamp)

    return app.run(f"reminder:{rid}:attempt:{attempt}", SCHEDULER, "record_delivery_failure", work)


def cancel_reminder(app: MappaApplication, rid: UUID, reason: str) -> Outcome:
    """The deadline of reminder ``rid`` was met, withdrawn or moved before it went out."""
    def work(unit: Unit) -> None:
        load_reminder(unit, rid).cancel(reason, unit.stamp)

    return app.run(f"reminder:{rid}:cancel", SCHEDULER, "cancel_reminder", work)


def load_reminder(unit: Unit, rid: UUID) -> Reminder:
    reminder: Reminder = unit.load(rid, lambda: ReminderNotFoundError(
        f"no reminder has id {rid}", field="reminder", value=str(rid), rule="R-REM"))
    return reminder


def reminder_history(app: MappaApplication, rid: UUID) -> list[Reminder.Event]:
    """Every event of reminder ``rid``, oldest first (raised, each delivery attempt, cancellation)."""
    return list(app.events.get(rid))  # type: ignore[arg-type]


def _raise_command_id(request: ReminderRequest) -> str:
    return f"reminder:{request.reminder_id}"
