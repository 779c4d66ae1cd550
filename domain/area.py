"""A MAPPA area and the settings its rules depend on (R-CAL-3, R-REM-7).

Settings are events too, so a later reader can see when a closure day or a
contact changed.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.errors import LifecycleError
from domain.event import MappaAggregate, MappaEvent, Stamp, check_not_future


class Area(MappaAggregate):
    TOPIC = "mappa:Area"
    class_version = 1  # docs/decisions.md, "Event and snapshot evolution"

    class Event(MappaEvent):
        TOPIC = "mappa:Area.Event"

    class Registered(MappaAggregate.Created, Event):
        TOPIC = "mappa:Area.Registered"
        code: str
        name: str

    class ClosureDayAdded(Event):
        TOPIC = "mappa:Area.ClosureDayAdded"
        day: date
        label: str

        def apply(self, area: Area) -> None:
            area.closure_days[self.day.isoformat()] = self.label

    class ClosureDayRemoved(Event):
        TOPIC = "mappa:Area.ClosureDayRemoved"
        day: date

        def apply(self, area: Area) -> None:
            del area.closure_days[self.day.isoformat()]

    class ContactSet(Event):
        TOPIC = "mappa:Area.ContactSet"
        role: str  # "coordinator" or "sog-chair"
        email: str

        def apply(self, area: Area) -> None:
            area.contacts[self.role] = self.email

    def __init__(self, code: str, name: str) -> None:
        self.code = code
        self.name = name
        self.closure_days: dict[str, str] = {}
        self.contacts: dict[str, str] = {}

    @classmethod
    def register(cls, area_id: UUID, stamp: Stamp, on: date, *, code: str, name: str) -> Area:
        check_not_future(on, stamp)
        return cls._create(cls.Registered, id=area_id, **stamp.event_fields(on), code=code, name=name)

    def add_closure_day(self, day: date, label: str, stamp: Stamp, on: date) -> None:
        """R-CAL-3: a local closure day is not a working day in this area."""
        if day.isoformat() in self.closure_days:
            raise LifecycleError(f"area {self.code} already closes on {day.isoformat()}", field="day",
                                 value=day.isoformat(), rule="R-CAL-3")
        self.record(self.ClosureDayAdded, stamp, on, day=day, label=label)

    def remove_closure_day(self, day: date, stamp: Stamp, on: date) -> None:
        if day.isoformat() not in self.closure_days:
            raise LifecycleError(f"area {self.code} has no closure day on {day.isoformat()}", field="day",
                                 value=day.isoformat(), rule="R-CAL-3")
        self.record(self.ClosureDayRemoved, stamp, on, day=day)

    def set_contact(self, role: str, email: str, stamp: Stamp, on: date) -> None:
        if role not in ("coordinator", "sog-chair"):
            raise LifecycleError("a contact role is coordinator or sog-chair", field="role", value=role,
                                 rule="R-REM-7")
        self.record(self.ContactSet, stamp, on, role=role, email=email)
