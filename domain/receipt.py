"""The receipt of a command: proof that a command id was applied once.

The application saves a receipt in the same transaction as the command's
events. Its id derives from the command id, so the event store's uniqueness
refuses a second application of the same command, in any process.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.event import MappaAggregate, MappaEvent, Stamp


class CommandReceipt(MappaAggregate):
    TOPIC = "mappa:CommandReceipt"
    class_version = 1  # docs/decisions.md, "Event and snapshot evolution"

    class Event(MappaEvent):
        TOPIC = "mappa:CommandReceipt.Event"

    class Accepted(MappaAggregate.Created, Event):
        TOPIC = "mappa:CommandReceipt.Accepted"
        command_type: str
        subject_ids: list[UUID]

    def __init__(self, command_type: str) -> None:
        self.command_type = command_type

    @classmethod
    def accept(cls, receipt_id: UUID, stamp: Stamp, on: date, command_type: str,
               subject_ids: list[UUID]) -> CommandReceipt:
        return cls._create(cls.Accepted, id=receipt_id, **stamp.event_fields(on), command_type=command_type,
                           subject_ids=subject_ids)
