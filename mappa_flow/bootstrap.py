"""The composition root: builds the application and its adapters from settings."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from domain.reminder import Reminder, ReminderRequest
from mappa_flow import batch, reminders
from mappa_flow.application import MappaApplication, Outcome
from mappa_flow.batch import BATCH_SIZE, BatchResult
from mappa_flow.clock import Clock, SystemClock
from mappa_flow.commands.base import Command
from mappa_flow.handlers.exception import ViewsExceptionLookup
from mappa_flow.ids import Ids
from mappa_flow.settings import Settings
from mappa_flow.storage import event_store_env
from mappa_flow.store_identity import open_store

if TYPE_CHECKING:
    from projections.runner import Projector


class Mappa(MappaApplication):
    """Every use case of mappa-flow, on one event store.

    Commands: ``handle(cmd)`` one at a time, ``run_batch(cmds)`` many per transaction; both run the command's
    handler from ``HANDLERS`` (mappa_flow/handlers). The rest are the scheduler's port (scheduler/port.py),
    each a call to mappa_flow/reminders.py.
    """

    def run_batch(
        self, commands: Iterable[Command], *, size: int = BATCH_SIZE, progress: Callable[[int], None] | None = None,
        entered_at: Callable[[Command], datetime] | None = None,
    ) -> BatchResult:
        return batch.run_batch(self, commands, size=size, progress=progress, entered_at=entered_at)

    def raise_reminder(self, request: ReminderRequest) -> str:
        return reminders.raise_reminder(self, request)

    def raise_reminders(self, requests: Sequence[ReminderRequest]) -> int:
        return reminders.raise_reminders(self, requests)

    def reach_day(self, day: date) -> Outcome:
        return reminders.reach_day(self, day)

    def record_delivery(self, rid: UUID, attempt: int, channel: str, message_id: str, to: list[str]) -> Outcome:
        return reminders.record_delivery(self, rid, attempt, channel, message_id, to)

    def record_delivery_failure(self, rid: UUID, attempt: int, channel: str, reason: str,
                                next_attempt_at: datetime) -> Outcome:
        return reminders.record_delivery_failure(self, rid, attempt, channel, reason, next_attempt_at)

    def cancel_reminder(self, rid: UUID, reason: str) -> Outcome:
        return reminders.cancel_reminder(self, rid, reason)

    def reminder_history(self, rid: UUID) -> list[Reminder.Event]:
        return reminders.reminder_history(self, rid)


def bootstrap(settings: Settings, clock: Clock | None = None) -> Mappa:
    """Build the application. Connects to the store now, never at import.

    Raises ``StoreKeyError`` (a ``SettingsError``) before anything is read or written when the cipher key does
    not fit the store: missing for an encrypted store, another key, or a key for a store made without one."""
    secret = settings.cipher_key.get_secret_value() if settings.cipher_key else None
    app = Mappa(
        env=event_store_env(settings),
        clock=clock or SystemClock(),
        ids=Ids(secret),
        retries=settings.command_retries,
        snapshot_interval=settings.snapshot_interval,
    )
    try:
        app.store = open_store(app, secret, settings.describe_store())
    except BaseException:
        app.close()
        raise
    app.os_user = operating_system_user()
    app.exception_lookup = ViewsExceptionLookup(lambda: _projector(settings, app))  # views built on first use
    return app


def operating_system_user() -> str:
    """The account this process runs as, from its user id (not from $USER, which anyone can set)."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):  # no password database entry (a container's bare uid), or not POSIX
        return getpass.getuser() if not hasattr(os, "getuid") else f"uid {os.getuid()}"


def _projector(settings: Settings, app: Mappa) -> Projector:
    from mappa_flow.projecting import build_projector  # the read models are imported only when first needed

    return build_projector(settings, app)
