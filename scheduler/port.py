"""What the scheduler needs from the rest of mappa-flow, as small protocols (the application implements them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from typing import Protocol
from uuid import UUID

from domain.reminder import ReminderRequest


class ReminderRecorder(Protocol):
    def raise_reminders(self, requests: Sequence[ReminderRequest]) -> int:
        """Record each request once (any already recorded is left alone); return how many were new."""
        ...


class DeliveryRecorder(Protocol):
    def record_delivery(self, rid: UUID, attempt: int, channel: str, message_id: str, to: list[str]) -> object:
        ...

    def record_delivery_failure(self, rid: UUID, attempt: int, channel: str, reason: str,
                                next_attempt_at: datetime) -> object:
        ...

    def cancel_reminder(self, rid: UUID, reason: str) -> object:
        ...


class DayRecorder(Protocol):
    def reach_day(self, day: date) -> object:
        """Record that the scheduler has reached business day ``day`` (once per day; R-REM-6)."""
        ...


class SchedulerApp(ReminderRecorder, DeliveryRecorder, DayRecorder, Protocol):
    """The application as the scheduler sees it."""


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> list[str]:
        """Send one message; return the accepted recipients, or raise ``scheduler.smtp.MailError``."""
        ...


@dataclass(frozen=True)
class SealReport:
    """What one cycle did to keep the event store sealed and its anchors out of the database."""

    sealed: int = 0  # events covered by the seal made now (0: none was due, or none was made)
    seal_no: int | None = None  # the latest seal after this cycle
    mailed: int = 0  # anchor e-mails delivered now
    failed: int = 0  # anchor e-mails that failed now (tried again later)
    refused: str | None = None  # why a due seal was not made (the history no longer matches the last seal, ...)


class SealKeeper(Protocol):
    def __call__(self, now: datetime) -> SealReport:
        """Seal the store if a seal is due at ``now``, then e-mail the latest seal's hash where it has not gone."""
        ...
