"""One scheduler cycle: bring the views up to date, sweep, then deliver what is waiting.

This is the scheduler's whole job, with every collaborator handed in, so the
same cycle runs from ``mappa-flow scheduler sweep --once``, from the
long-running ``scheduler run`` (triggered by APScheduler) and from tests.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from threading import Event

from sqlalchemy.exc import IntegrityError, OperationalError

from domain.reminder_stage import StagePlan
from projections.runner import Projector
from projections.views.reminder import ReminderView
from scheduler.delivery import DeliveryReport, Outbox, deliver_waiting
from scheduler.lock import sweep_lock
from scheduler.port import SchedulerApp
from scheduler.sweep import SweepReport, sweep

log = logging.getLogger(__name__)

CATCH_UP_ATTEMPTS = 5


@dataclass(frozen=True)
class CycleReport:
    swept: SweepReport | None = None  # None: another scheduler held the lock
    delivered: DeliveryReport | None = None  # None: e-mail is not configured, or the lock was held

    def in_words(self) -> str:
        """One line: what the sweep found and recorded, and how delivery went."""
        if self.swept is None:
            return "another scheduler is sweeping now; nothing done"
        s = self.swept
        line = (f"swept {s.today.isoformat()}: {_count(s.open_deadlines, 'open deadline')} in reach, {s.due} with "
                f"a stage due, {_count(s.recorded, 'reminder')} recorded now")
        if self.delivered is None:
            return line + "; e-mail not configured (MAPPA_SMTP_HOST), reminders are in the inbox"
        d = self.delivered
        return line + f"; delivered {d.delivered}, failed {d.failed}, cancelled {d.cancelled}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@dataclass
class Cycle:
    app: SchedulerApp
    projector: Projector
    plan: StagePlan
    outbox: Outbox | None  # None: reminders stay in the inbox, nothing is e-mailed
    clock: Callable[[], datetime]
    use_lock: bool = True
    batch_size: int = 200  # reminders recorded per transaction

    def run_once(self, stop: Event | None = None) -> CycleReport:
        """Sweep and deliver once, at the clock's current time."""
        engine = self.projector.engine
        with sweep_lock(engine, self.use_lock) as held:
            if not held:
                log.info("another scheduler is sweeping; skipping this cycle")
                return CycleReport()
            self.catch_up()
            swept = sweep(engine, self.app, self.clock(), self.plan, self.batch_size)
            if self.outbox is None:
                return CycleReport(swept)
            self.catch_up([ReminderView.name])
            delivered = deliver_waiting(engine, self.app, self.outbox, self.clock(), stop)
            self.catch_up([ReminderView.name])
            return CycleReport(swept, delivered)

    def catch_up(self, names: list[str] | None = None) -> None:
        """Bring the views up to date. Another process doing the same at the same moment can make one batch
        clash with rows it has just written; the batch is rolled back, so read the positions again and go on."""
        for attempt in range(1, CATCH_UP_ATTEMPTS):
            try:
                self.projector.catch_up(names)
                return
            except (IntegrityError, OperationalError) as error:
                log.info("views: a concurrent catch-up clashed (%s, attempt %d); again", type(error).__name__,
                         attempt)
        self.projector.catch_up(names)
