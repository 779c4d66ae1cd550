"""Delivery of recorded reminders by e-mail: at least once, each attempt recorded (RULES.md section 9).

Recording and delivery are separate steps. A reminder is recorded first (exactly
once); delivery then picks up every reminder waiting to go out, sends it and
records the attempt: delivered, or failed with the reason and the time of the
next attempt (exponential backoff). A crash between sending and recording means
the e-mail goes again on the next pass, with the same Message-ID (the reminder
id is the idempotency key), so a mail client or a person sees it is the same.

Before sending, the deadline is checked again: a reminder whose deadline was
met, withdrawn or moved since it was recorded is cancelled instead, and of
several waiting stages of one deadline only the latest goes out.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from threading import Event
from uuid import UUID

from sqlalchemy import Connection, Engine

from domain.calendar import london_today
from domain.errors import DomainError
from domain.reminder_stage import COORDINATOR, SOG_CHAIR
from projections.views.area import AreaContacts, area_contacts
from projections.views.reminder import ReminderRow, waiting
from scheduler.fate import DeadlineFate, cancel_reason, deadline_fates, superseded_stages
from scheduler.message import compose
from scheduler.port import DeliveryRecorder, Mailer
from scheduler.smtp import MailError

log = logging.getLogger(__name__)

EMAIL = "email"


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: base, 2 x base, 4 x base ... up to ``max_seconds`` between attempts."""

    base_seconds: int = 60
    max_seconds: int = 6 * 3600

    def next_attempt_at(self, now: datetime, attempt: int) -> datetime:
        delay = min(self.base_seconds * 2 ** min(attempt - 1, 30), self.max_seconds)
        return now + timedelta(seconds=delay)


@dataclass(frozen=True)
class Outbox:
    """How reminders go out: the mailer, the From address, the retry policy, and how many per pass."""

    mailer: Mailer
    sender: str
    policy: RetryPolicy = RetryPolicy()
    batch_size: int = 200


@dataclass
class DeliveryReport:
    delivered: int = 0
    failed: int = 0
    cancelled: int = 0


@dataclass(frozen=True)
class _Waiting:
    rows: list[ReminderRow]
    fates: dict[str, DeadlineFate]
    contacts: dict[str, AreaContacts | None]


def deliver_waiting(engine: Engine, app: DeliveryRecorder, outbox: Outbox, now: datetime,
                    stop: Event | None = None) -> DeliveryReport:
    """One pass: send (or cancel) each reminder waiting to go out at ``now``, recording every attempt."""
    with engine.connect() as conn:
        found = _load(conn, now, outbox.batch_size)
    report = DeliveryReport()
    superseded = superseded_stages(found.rows)
    for row in found.rows:
        if stop is not None and stop.is_set():
            break
        rid = UUID(row.reminder_id)
        reason = "superseded" if rid in superseded else cancel_reason(row, found.fates.get(row.deadline_id))
        if reason:
            report.cancelled += _cancel(app, rid, reason)
        elif _send(row, found.contacts.get(row.area), app, outbox, now):
            report.delivered += 1
        else:
            report.failed += 1
    log.debug("delivery: %d delivered, %d failed, %d cancelled", report.delivered, report.failed, report.cancelled)
    return report


def _cancel(app: DeliveryRecorder, rid: UUID, reason: str) -> int:
    """Cancel a waiting reminder; another scheduler may have sent or cancelled it a moment ago."""
    try:
        app.cancel_reminder(rid, reason)
    except DomainError as error:
        log.info("reminder %s not cancelled: %s", rid, error.message)
        return 0
    return 1


def _load(conn: Connection, now: datetime, limit: int) -> _Waiting:
    rows = waiting(conn, now, limit)
    fates = deadline_fates(conn, sorted({row.deadline_id for row in rows}))
    contacts = {area: area_contacts(conn, area) for area in {row.area for row in rows}}
    return _Waiting(rows, fates, contacts)


def _send(row: ReminderRow, contact: AreaContacts | None, app: DeliveryRecorder, outbox: Outbox,
          now: datetime) -> bool:
    rid, attempt = UUID(row.reminder_id), row.attempts + 1
    to, notes = addresses(row, contact)
    try:
        if not to:
            raise MailError(f"area {row.area} has no co-ordinator or SOG chair e-mail set (set_contact)")
        message = compose(row, london_today(now), now, outbox.sender, to, notes)
        accepted = outbox.mailer.send(message)
    except MailError as error:
        log.warning("reminder %s: delivery attempt %d failed", rid, attempt)
        app.record_delivery_failure(rid, attempt, EMAIL, str(error), outbox.policy.next_attempt_at(now, attempt))
        return False
    app.record_delivery(rid, attempt, EMAIL, str(message["Message-ID"]), accepted)
    return True


def addresses(row: ReminderRow, contact: AreaContacts | None) -> tuple[list[str], list[str]]:
    """Who gets the e-mail, and notes for the body when a wanted contact is not set (R-REM-7)."""
    roles: Sequence[str] = row.recipients.split(",")
    found = {role: _email(contact, role) for role in roles if role in (COORDINATOR, SOG_CHAIR)}
    to = [email for email in found.values() if email]
    notes = []
    if SOG_CHAIR in found and not found[SOG_CHAIR] and to:
        notes.append("No SOG chair e-mail is set for this area: please pass this escalation to the SOG chair.")
    return to, notes


def _email(contact: AreaContacts | None, role: str) -> str | None:
    if contact is None:
        return None
    return contact.coordinator_email if role == COORDINATOR else contact.sog_chair_email
