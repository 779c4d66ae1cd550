"""What the scheduler needs from the rest of mappa-flow, as small protocols (the application implements them)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
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


class SchedulerApp(ReminderRecorder, DeliveryRecorder, Protocol):
    """The application as the scheduler sees it."""


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> list[str]:
        """Send one message; return the accepted recipients, or raise ``scheduler.smtp.MailError``."""
        ...
