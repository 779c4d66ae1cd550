"""The access log: who looked at a case's record, when, and how.

Each view or export of a case's history (or of its state at a past date) is its
own small aggregate, created once and never changed, so that people looking at
the same case at the same moment never conflict. The record names the case by
its id and reference; with encryption at rest on, the event is encrypted like
every other. Beside who said they were looking (``recorded_by``, the CLI's
``--as``), it keeps the operating-system account of the process that recorded
it (``os_user``), which the person cannot type.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from domain.check import check_choice
from domain.event import MappaAggregate, MappaEvent, Stamp, check_not_future


class AccessAction(StrEnum):
    VIEWED = "viewed"
    EXPORTED = "exported"


class AccessSubject(StrEnum):
    """What was looked at."""

    HISTORY = "history"  # the case's history of events
    STATE = "state"  # the case's state as at a date and/or as known at a moment
    LISTED = "listed"  # the case's reference shown in a list or report (deadlines, exceptions, reminders...)


class AccessRecord(MappaAggregate):
    TOPIC = "mappa:AccessRecord"
    class_version = 1  # docs/decisions.md, "Event and snapshot evolution"

    class Event(MappaEvent):
        TOPIC = "mappa:AccessRecord.Event"

    class HistoryViewed(MappaAggregate.Created, Event):
        TOPIC = "mappa:AccessRecord.HistoryViewed"
        case_id: UUID
        case_reference: str
        subject: str
        scope: str  # the filters or cut-offs applied, e.g. "from 2026-04-01; kinds Case"
        os_user: str = ""  # the operating-system account that recorded it ("" before it was kept)

    class HistoryExported(MappaAggregate.Created, Event):
        TOPIC = "mappa:AccessRecord.HistoryExported"
        case_id: UUID
        case_reference: str
        subject: str
        scope: str
        export_format: str  # html, json
        os_user: str = ""

    def __init__(self, case_id: UUID, case_reference: str, subject: str, scope: str) -> None:
        self.case_id = case_id
        self.case_reference = case_reference
        self.subject = subject
        self.scope = scope

    @classmethod
    def log(cls, access_id: UUID, stamp: Stamp, on: date, *, action: str, case_id: UUID, case_reference: str,
            subject: str, scope: str, export_format: str | None = None, os_user: str = "") -> AccessRecord:
        """Record one access to a case's record; an export names its format."""
        check_not_future(on, stamp)
        check_choice(AccessAction, action, "action", "")
        check_choice(AccessSubject, subject, "subject", "")
        fields = {"case_id": case_id, "case_reference": case_reference, "subject": subject, "scope": scope,
                  "os_user": os_user}
        if action == AccessAction.EXPORTED:
            return cls._create(cls.HistoryExported, id=access_id, **stamp.event_fields(on), **fields,
                               export_format=export_format or "unknown")
        return cls._create(cls.HistoryViewed, id=access_id, **stamp.event_fields(on), **fields)
