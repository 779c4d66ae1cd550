"""A reminder of one deadline at one stage (RULES.md section 9, R-REM-1..7).

Its id derives from the deadline, the stage and the due date, so the event
store's uniqueness refuses a second recording of the same reminder in any
process and after any restart: a reminder is recorded exactly once. A deadline
that moves has a new due date and so new reminders.

Delivery is separate and at least once: each attempt is an event (delivered,
or failed with the reason and when to try again). A reminder whose deadline was
met, withdrawn or moved before it went out is cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from uuid import UUID, uuid5

from domain.errors import DomainError, LifecycleError
from domain.event import MappaAggregate, MappaEvent, Stamp
from domain.reminder_stage import ROLES

REMINDER_NAMESPACE = UUID("0b8f3c1e-7a52-5e2d-8c44-91a7d6e0f3b2")
PENDING, FAILED, DELIVERED, CANCELLED = "pending", "failed", "delivered", "cancelled"
STATUSES = (PENDING, FAILED, DELIVERED, CANCELLED)
CANCEL_REASONS = ("met", "withdrawn", "moved", "superseded")
MAX_REASON_LENGTH = 300


def reminder_id(deadline_id: str, stage: str, due_on: date) -> UUID:
    """The id of the reminder of ``deadline_id`` at ``stage`` for a deadline due on ``due_on``."""
    return uuid5(REMINDER_NAMESPACE, f"reminder:{deadline_id}:{stage}:{due_on.isoformat()}")


def message_id(of_reminder: UUID) -> str:
    """The e-mail Message-ID of a reminder: every (re)delivery of one reminder carries the same one."""
    return f"<reminder-{of_reminder}@mappa-flow>"


@dataclass(frozen=True)
class ReminderRequest:
    """What the sweep asks the application to record: a deadline whose stage has come."""

    deadline_id: str
    kind: str
    stage: str
    due_on: date
    comes_on: date
    area: str
    subject_ref: str  # what the deadline is about: a case, meeting, ISP or SCR reference, or an area's period
    rule: str
    recipients: tuple[str, ...]
    case_reference: str | None = None  # the case, when the deadline belongs to one: never a name

    @cached_property
    def reminder_id(self) -> UUID:
        return reminder_id(self.deadline_id, self.stage, self.due_on)


class Reminder(MappaAggregate):
    TOPIC = "mappa:Reminder"
    class_version = 1  # docs/decisions.md, "Event and snapshot evolution"

    class Event(MappaEvent):
        TOPIC = "mappa:Reminder.Event"

    class Raised(MappaAggregate.Created, Event):
        TOPIC = "mappa:Reminder.Raised"
        deadline_id: str
        kind: str
        stage: str
        due_on: date
        comes_on: date
        area: str
        subject_ref: str
        rule: str
        recipients: list[str]
        case_reference: str | None = None

    class Delivered(Event):
        TOPIC = "mappa:Reminder.Delivered"
        channel: str
        message_id: str
        to: list[str]
        attempt: int

        def apply(self, reminder: Reminder) -> None:
            reminder.attempts = self.attempt
            reminder.status = DELIVERED

    class DeliveryFailed(Event):
        TOPIC = "mappa:Reminder.DeliveryFailed"
        channel: str
        reason: str
        attempt: int
        next_attempt_at: datetime

        def apply(self, reminder: Reminder) -> None:
            reminder.attempts = self.attempt
            if reminder.status != DELIVERED:
                reminder.status = FAILED

    class Cancelled(Event):
        TOPIC = "mappa:Reminder.Cancelled"
        reason: str

        def apply(self, reminder: Reminder) -> None:
            reminder.status = CANCELLED

    def __init__(self, deadline_id: str, stage: str, due_on: date, area: str, recipients: list[str]) -> None:
        self.deadline_id = deadline_id
        self.stage = stage
        self.due_on = due_on
        self.area = area
        self.recipients = recipients
        self.status = PENDING
        self.attempts = 0

    @classmethod
    def raise_for(cls, request: ReminderRequest, stamp: Stamp) -> Reminder:
        """Record that ``request``'s stage has come (R-REM-1..7). Raised on the recording day."""
        _check_request(request, stamp)
        return cls._create(
            cls.Raised, id=request.reminder_id, **stamp.event_fields(stamp.today),
            deadline_id=request.deadline_id, kind=request.kind, stage=request.stage, due_on=request.due_on,
            comes_on=request.comes_on, area=request.area, subject_ref=request.subject_ref, rule=request.rule,
            recipients=list(request.recipients), case_reference=request.case_reference,
        )

    def record_delivery(self, channel: str, sent_message_id: str, to: list[str], stamp: Stamp) -> None:
        """An attempt went out. Recorded even after an earlier one: at-least-once delivery can repeat."""
        if not to:
            raise DomainError("a delivery names who it went to", field="to", value=to, rule="R-REM")
        self.record(self.Delivered, stamp, stamp.today, channel=channel, message_id=sent_message_id, to=to,
                    attempt=self.attempts + 1)

    def record_failure(self, channel: str, reason: str, next_attempt_at: datetime, stamp: Stamp) -> None:
        """An attempt failed; ``reason`` says why (never personal details), and when to try again."""
        if next_attempt_at.tzinfo is None:
            raise DomainError("next_attempt_at needs a time zone", field="next_attempt_at",
                              value=next_attempt_at.isoformat(), rule="R-REM")
        self.record(self.DeliveryFailed, stamp, stamp.today, channel=channel,
                    reason=(reason.strip() or "unknown")[:MAX_REASON_LENGTH], attempt=self.attempts + 1,
                    next_attempt_at=next_attempt_at)

    def cancel(self, reason: str, stamp: Stamp) -> None:
        """The deadline was met, withdrawn or moved before this reminder went out: it will not go out."""
        if reason not in CANCEL_REASONS:
            raise DomainError(f"a cancellation reason is one of {', '.join(CANCEL_REASONS)}", field="reason",
                              value=reason, rule="R-REM")
        if self.status in (DELIVERED, CANCELLED):
            raise LifecycleError(f"reminder {self.id} is already {self.status}", field="reminder",
                                 value=str(self.id), rule="R-REM")
        self.record(self.Cancelled, stamp, stamp.today, reason=reason)


def _check_request(request: ReminderRequest, stamp: Stamp) -> None:
    """A reminder names its deadline, a known role to remind, and a stage that has come."""
    if not request.deadline_id or not request.stage or not request.area:
        raise DomainError("a reminder names its deadline, stage and area", field="deadline_id",
                          value=request.deadline_id, rule="R-REM")
    unknown = [role for role in request.recipients if role not in ROLES]
    if not request.recipients or unknown:
        raise DomainError(f"a reminder goes to {' and/or '.join(ROLES)}", field="recipients",
                          value=list(request.recipients), rule="R-REM-7")
    if request.comes_on > stamp.today:
        raise DomainError(
            f"the {request.stage} stage comes on {request.comes_on.isoformat()}, after today "
            f"({stamp.today.isoformat()}); a reminder is raised once its stage has come",
            field="comes_on", value=request.comes_on.isoformat(), rule="R-REM")
