"""The base of every mappa-flow event, and the stamp each command carries.

Every event keeps the business date it describes (``occurred_on``, R-CAL-1),
who recorded it, the id of the command that caused it, and the library's
recording timestamp (``timestamp``), which the application sets from its
injectable clock. Topics are explicit strings, so moving a module never breaks
stored events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.errors import DomainError


@dataclass(frozen=True)
class Stamp:
    """Who is recording, for which command, and when (UTC, from the clock)."""

    recorded_by: str
    command_id: str
    recorded_at: datetime
    today: date  # the recording day in Europe/London (R-CAL-1)

    def event_fields(self, occurred_on: date) -> dict[str, Any]:
        return {
            "occurred_on": occurred_on,
            "recorded_by": self.recorded_by,
            "command_id": self.command_id,
            "timestamp": self.recorded_at,
        }


class MappaEvent(Aggregate.Event):
    """Fields that every mappa-flow event carries."""

    occurred_on: date
    recorded_by: str
    command_id: str


class MappaAggregate(Aggregate):
    """An aggregate whose events are all stamped by the application."""

    def record(self, event_class: type[MappaEvent], stamp: Stamp, on: date, **fields: Any) -> None:
        check_not_future(on, stamp)
        self.trigger_event(event_class, **stamp.event_fields(on), **fields)


def check_not_future(on: date, stamp: Stamp, field: str = "occurred_on") -> None:
    """An event describes something that has happened: its date cannot be after today."""
    if on > stamp.today:
        raise DomainError(
            f"{field} {on.isoformat()} is after today ({stamp.today.isoformat()}); "
            "record an event once it has happened",
            field=field,
            value=on.isoformat(),
            rule="R-CAL-1",
        )
