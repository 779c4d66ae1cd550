"""One scheduler cycle: bring the views up to date, sweep, deliver what is waiting, then keep the store sealed.

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

from domain.calendar import london_today
from domain.reminder_stage import StagePlan
from projections.runner import Projector
from projections.views.reminder import ReminderView
from scheduler.delivery import DeliveryReport, Outbox, deliver_waiting
from scheduler.lock import sweep_lock
from scheduler.port import SchedulerApp, SealKeeper, SealReport
from scheduler.sweep import SweepReport, sweep

log = logging.getLogger(__name__)

CATCH_UP_ATTEMPTS = 5


@dataclass(frozen=True)
class CycleReport:
    swept: SweepReport | None = None  # None: another scheduler held the lock
    delivered: DeliveryReport | None = None  # None: e-mail is not configured, or the lock was held
    sealed: SealReport | None = None  # None: no seal keeper was given, or the lock was held

    def in_words(self) -> str:
        """One line: what the sweep found and recorded, and how delivery went."""
        if self.swept is None:
            return "another scheduler is sweeping now; nothing done"
        s = self.swept
        line = (f"swept {s.today.isoformat()}: {_count(s.open_deadlines, 'open deadline')} in reach, {s.due} with "
                f"a stage due, {_count(s.recorded, 'reminder')} recorded now")
        if self.delivered is None:
            return line + "; e-mail not configured (MAPPA_SMTP_HOST), reminders are in the inbox" + self._sealed()
        d = self.delivered
        return line + f"; delivered {d.delivered}, failed {d.failed}, cancelled {d.cancelled}" + self._sealed()

    def _sealed(self) -> str:
        s = self.sealed
        if s is None:
            return ""
        if s.refused:
            return f"; NOT SEALED: {s.refused}"
        made = f"sealed {_count(s.sealed, 'event')} (seal #{s.seal_no})" if s.sealed else "no seal due"
        mail = f", anchor e-mailed to {s.mailed} SOG chair(s)" if s.mailed else ""
        return f"; {made}{mail}" + (f", {s.failed} anchor e-mail(s) failed" if s.failed else "")


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
    keep_seal: SealKeeper | None = None  # seals the store when due and e-mails its anchors (docs/scheduler.md)

    def run_once(self, stop: Event | None = None) -> CycleReport:
        """Sweep and deliver once, at the clock's current time."""
        engine = self.projector.engine
        with sweep_lock(engine, self.use_lock) as held:
            if not held:
                log.info("another scheduler is sweeping; skipping this cycle")
                return CycleReport()
            self.app.reach_day(london_today(self.clock()))  # the periods begun by today arise (R-REM-6)
            self.catch_up()
            swept = sweep(engine, self.app, self.clock(), self.plan, self.batch_size)
            delivered = None
            if self.outbox is not None:
                self.catch_up([ReminderView.name])
                delivered = deliver_waiting(engine, self.app, self.outbox, self.clock(), stop)
                self.catch_up([ReminderView.name])
            sealed = self.keep_seal(self.clock()) if self.keep_seal is not None else None
            return CycleReport(swept, delivered, sealed)

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
