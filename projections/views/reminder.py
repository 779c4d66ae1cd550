"""The reminders inbox: one row per reminder, with its delivery state (RULES.md section 9).

``pv_reminder`` answers the inbox (``reminders list|show``), the sweep's bulk
question "which of these reminders are recorded already?", and the delivery's
question "which reminders are waiting to go out now?". Every column comes from
events; nothing is derived from the wall clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    and_,
    func,
    or_,
    select,
)

from domain.reminder import CANCELLED, DELIVERED, FAILED, PENDING, Reminder
from domain.reminder_stage import offset_of
from projections.bulk import one_of, upsert_rows
from projections.deadlines.tables import deadline_table
from projections.private import PrivateText
from projections.source import Positioned
from projections.view import View, metadata

reminder_table = Table(
    "pv_reminder",
    metadata,
    Column("reminder_id", String(36), primary_key=True),
    Column("deadline_id", String(36), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("stage", String(40), nullable=False),
    Column("stage_days", Integer, nullable=False),  # the stage as days from the due date: orders the stages
    Column("due_on", Date, nullable=False),
    Column("comes_on", Date, nullable=False),
    Column("area", String(40), nullable=False),
    Column("subject_ref", String(120), nullable=False),
    Column("case_reference", String(40)),
    Column("rule", String(20), nullable=False),
    Column("recipients", String(80), nullable=False),  # roles, comma-separated
    Column("raised_on", Date, nullable=False),
    Column("raised_at", DateTime(timezone=True), nullable=False),
    Column("status", String(12), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("delivered_at", DateTime(timezone=True)),
    Column("delivered_to", PrivateText),
    Column("message_id", String(100)),
    Column("last_failure", PrivateText),
    Column("cancel_reason", String(20)),
    Column("position", BigInteger, nullable=False),
    Index("ix_pv_reminder_waiting", "status", "next_attempt_at"),
    Index("ix_pv_reminder_area", "area", "status", "due_on"),
    Index("ix_pv_reminder_deadline_stage", "deadline_id", "due_on", "stage_days"),
)

WAITING = (PENDING, FAILED)


class ReminderRow(NamedTuple):
    """One reminder as the view holds it (a ``pv_reminder`` row), private text decrypted."""

    reminder_id: str
    deadline_id: str
    kind: str
    stage: str
    stage_days: int
    due_on: date
    comes_on: date
    area: str
    subject_ref: str
    case_reference: str | None
    rule: str
    recipients: str  # roles, comma-separated
    raised_on: date
    raised_at: datetime
    status: str
    attempts: int
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    delivered_to: str | None
    message_id: str | None
    last_failure: str | None
    cancel_reason: str | None
    position: int

# what a reminder's later events change (an upsert leaves the other columns and their indexes alone)
_CHANGING = ("status", "attempts", "next_attempt_at", "delivered_at", "delivered_to", "message_id", "last_failure",
             "cancel_reason", "position")


class ReminderView(View):
    name = "reminders"
    version = 2  # 2: free text, e-mail addresses and names are PrivateText (encrypted with a key)
    tables = (reminder_table,)
    query_indexes = ("ix_pv_reminder_waiting", "ix_pv_reminder_area", "ix_pv_reminder_deadline_stage")
    topics = (Reminder.Raised.TOPIC, Reminder.Delivered.TOPIC, Reminder.DeliveryFailed.TOPIC,
              Reminder.Cancelled.TOPIC)

    def apply(self, conn: Connection, batch: Sequence[Positioned]) -> None:
        rows = _load(conn, batch)
        for item in batch:
            event = item.event
            if isinstance(event, Reminder.Raised):
                rows[str(event.originator_id)] = _new_row(event)
            row = rows[str(event.originator_id)]
            _apply(row, event)
            row["position"] = item.position
        upsert_rows(conn, reminder_table, "reminder_id", rows.values(), _CHANGING)


def _load(conn: Connection, batch: Sequence[Positioned]) -> dict[str, dict[str, Any]]:
    wanted = sorted({str(p.event.originator_id) for p in batch if not isinstance(p.event, Reminder.Raised)})
    if not wanted:
        return {}
    found = conn.execute(select(reminder_table).where(one_of(conn, reminder_table.c.reminder_id, wanted))).mappings()
    return {row["reminder_id"]: dict(row) for row in found}


def _new_row(event: Reminder.Raised) -> dict[str, Any]:
    return {
        "reminder_id": str(event.originator_id), "deadline_id": event.deadline_id, "kind": event.kind,
        "stage": event.stage,
        "stage_days": offset_of(event.stage), "due_on": event.due_on, "comes_on": event.comes_on, "area": event.area,
        "subject_ref": event.subject_ref,
        "case_reference": event.case_reference, "rule": event.rule, "recipients": ",".join(event.recipients),
        "raised_on": event.occurred_on, "raised_at": _utc(event.timestamp), "status": PENDING, "attempts": 0,
        "next_attempt_at": None, "delivered_at": None, "delivered_to": None, "message_id": None,
        "last_failure": None, "cancel_reason": None, "position": 0,
    }


def _apply(row: dict[str, Any], event: Any) -> None:
    if isinstance(event, Reminder.Delivered):
        row.update(status=DELIVERED, attempts=event.attempt, next_attempt_at=None, message_id=event.message_id,
                   delivered_at=row["delivered_at"] or _utc(event.timestamp), delivered_to=",".join(event.to))
    elif isinstance(event, Reminder.DeliveryFailed):
        row.update(attempts=event.attempt, last_failure=event.reason)
        if row["status"] != DELIVERED:
            row.update(status=FAILED, next_attempt_at=_utc(event.next_attempt_at))
    elif isinstance(event, Reminder.Cancelled):
        row.update(status=CANCELLED, next_attempt_at=None, cancel_reason=event.reason)


def _utc(instant: datetime) -> datetime:
    """Stored as UTC: SQLite keeps no offset, so every instant in this table is UTC."""
    return instant.astimezone(UTC).replace(tzinfo=None) if instant.tzinfo else instant


def as_utc(stored: datetime | None) -> datetime | None:
    """An instant read back from this table, as an aware UTC datetime."""
    if stored is None:
        return None
    return stored.replace(tzinfo=UTC) if stored.tzinfo is None else stored.astimezone(UTC)


# ---- queries ------------------------------------------------------------------

# deadline_id, kind, rule, area, subject_ref, case_reference, due_on, latest recorded stage in days (or None)
OpenDeadline = tuple[str, str, str, str, str, str | None, date, int | None]


def open_deadlines_and_latest_stage(conn: Connection, due_before: date) -> list[OpenDeadline]:
    """Open deadlines due before ``due_before``, each with the latest stage (in days from its due date) of the
    reminders recorded for it at that due date, or None. Plain tuples (``OpenDeadline``): tens of thousands
    of rows are read on every sweep, and unpacking a tuple is much cheaper than reading a row's attributes.

    One indexed look-up per open deadline: the cost grows with the open deadlines, not with the reminders of
    deadlines long closed.
    """
    d, r = deadline_table, reminder_table
    latest = (select(func.max(r.c.stage_days))
              .where(r.c.deadline_id == d.c.deadline_id, r.c.due_on == d.c.due_on).scalar_subquery())
    query = select(d.c.deadline_id, d.c.kind, d.c.rule, d.c.area, d.c.subject_ref, d.c.case_reference, d.c.due_on,
                   latest.label("latest_stage_days")).where(d.c.status == "open", d.c.due_on < due_before)
    return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]


def waiting(conn: Connection, now: datetime, limit: int) -> list[ReminderRow]:
    """Reminders waiting to go out at ``now``: never tried, or failed with their next attempt due."""
    t = reminder_table
    due = or_(t.c.status == PENDING, and_(t.c.status == FAILED, t.c.next_attempt_at <= _utc(now)))
    query = select(t).where(t.c.status.in_(WAITING), due).order_by(t.c.position).limit(limit)
    return [ReminderRow(**row) for row in conn.execute(query).mappings()]


def inbox(conn: Connection, area: str | None = None, status: str | None = None,
          limit: int = 1000) -> list[ReminderRow]:
    """Reminders, newest first, of one area and/or one status."""
    t = reminder_table
    query = select(t).order_by(t.c.position.desc()).limit(limit)
    if area:
        query = query.where(t.c.area == area)
    if status:
        query = query.where(t.c.status == status)
    return [ReminderRow(**row) for row in conn.execute(query).mappings()]


def reminder_row(conn: Connection, rid: str) -> ReminderRow | None:
    """One reminder by id, or by a unique prefix of its id (as shown by ``reminders list``)."""
    t = reminder_table
    if not rid or any(c not in "0123456789abcdef-" for c in rid.lower()):
        return None
    rows = conn.execute(select(t).where(t.c.reminder_id.like(f"{rid.lower()}%")).limit(2)).mappings().all()
    return ReminderRow(**rows[0]) if len(rows) == 1 else None
