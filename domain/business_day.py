"""A business day the scheduler has reached: the calendar's own events (R-REM-6).

The periodic obligations of an area (the annual case audit, the quarterly
meeting audit and SOG review, the annual report) come from its registration and
the calendar of periods: each period's obligation arises once the log has
reached a day of that period. Any event's business date moves the log on; the
scheduler records one ``BusinessDay.Reached`` each day it runs, so the periods
begin on time in a store where nothing else is recorded that day. The read
models then stay a function of the events alone: they never read the clock.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.event import MappaAggregate, MappaEvent, Stamp, check_not_future


class BusinessDay(MappaAggregate):
    TOPIC = "mappa:BusinessDay"
    class_version = 1  # docs/decisions.md, "Event and snapshot evolution"

    class Event(MappaEvent):
        TOPIC = "mappa:BusinessDay.Event"

    class Reached(MappaAggregate.Created, Event):
        TOPIC = "mappa:BusinessDay.Reached"

    def __init__(self) -> None:
        pass

    @classmethod
    def reach(cls, day_id: UUID, stamp: Stamp, on: date) -> BusinessDay:
        """R-REM-6: the scheduler has reached business day ``on`` (today, never a later day)."""
        check_not_future(on, stamp)
        return cls._create(cls.Reached, id=day_id, **stamp.event_fields(on))
