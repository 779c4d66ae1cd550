"""The receipt of a command: proof that a command id was applied once.

The application saves a receipt in the same transaction as the command's
events. Its id derives from the command id, so the event store's uniqueness
refuses a second application of the same command, in any process.

The receipt also keeps a hash of the command's body, so that a command id given
again with a different body is refused rather than skipped as "already applied"
(docs/decisions.md, "What makes two commands the same").
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.errors import CommandIdReusedError
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
        body_hash: str = ""  # added with a default: a receipt stored before hashes were kept has none

    def __init__(self, command_type: str, body_hash: str = "") -> None:
        self.command_type = command_type
        self.body_hash = body_hash

    @classmethod
    def accept(cls, receipt_id: UUID, stamp: Stamp, on: date, command_type: str,
               subject_ids: list[UUID], body_hash: str = "") -> CommandReceipt:
        return cls._create(cls.Accepted, id=receipt_id, **stamp.event_fields(on), command_type=command_type,
                           subject_ids=subject_ids, body_hash=body_hash)

    def matches(self, body_hash: str) -> bool:
        """Whether a command with this body hash is the one this receipt was given for.

        A receipt stored before hashes were kept, or a command with no body to hash (the scheduler's own), matches.
        """
        return same_body(self.body_hash, body_hash)

    def confirm_same(self, command_id: str, body_hash: str) -> None:
        """Refuse a command id given again with a different body: an applied command is never changed."""
        if not self.matches(body_hash):
            raise CommandIdReusedError(
                f"command id {command_id!r} was already used for a different command ({self.command_type}, "
                f"recorded at {self.created_on.strftime('%Y-%m-%d %H:%M:%S')} UTC). An applied command is never "
                "changed: record a correction as a new command with its own id",
                field="command_id", value=command_id,
            )


def same_body(kept: str, given: str) -> bool:
    """Whether a receipt's body hash and a command's agree; an empty one (none kept, or no body) agrees with any."""
    return not kept or not given or kept == given
