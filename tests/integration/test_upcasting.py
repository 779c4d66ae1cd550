"""A breaking event change bumps the class version and adds an upcaster; old stored events still read.

The event class here is test-only, so the project's own events keep their
schema. The stored row is written by hand, as an older release would have
written it: no ``class_version`` in its state, and the old field name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent

from mappa_flow.bootstrap import Mappa

CONTACT_ID = UUID("00000000-0000-4000-8000-00000000c0de")


class Contact(Aggregate):
    """Version 1 of ``Registered`` had ``agency_name``; version 2 renamed it ``agency`` and added ``at_seniority``."""

    TOPIC = "mappa-test:Contact"

    class Event(Aggregate.Event):
        TOPIC = "mappa-test:Contact.Event"

    class Registered(Aggregate.Created, Event):
        TOPIC = "mappa-test:Contact.Registered"
        class_version = 2
        agency: str
        at_seniority: bool

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["agency"] = state.pop("agency_name")
            state["at_seniority"] = False  # unknown for old events: the conservative reading

    def __init__(self, agency: str, at_seniority: bool) -> None:
        self.agency = agency
        self.at_seniority = at_seniority


def _store_version_1_event(app: Mappa) -> None:
    assert app.mapper.cipher is None and app.mapper.compressor is None
    state = {"timestamp": datetime(2025, 1, 6, 9, 30, tzinfo=UTC), "originator_topic": "mappa-test:Contact",
             "agency_name": "housing"}
    app.recorder.insert_events([StoredEvent(originator_id=CONTACT_ID, originator_version=1,
                                            topic="mappa-test:Contact.Registered",
                                            state=app.mapper.transcoder.encode(state))])


def test_an_event_stored_at_version_1_is_read_through_the_upcaster(app: Mappa) -> None:
    _store_version_1_event(app)
    contact: Contact = app.repository.get(CONTACT_ID)
    assert (contact.agency, contact.at_seniority) == ("housing", False)
    (registered,) = app.events.get(CONTACT_ID)
    assert isinstance(registered, Contact.Registered)
    assert "agency_name" not in vars(registered)


def test_an_event_stored_at_the_current_version_is_read_unchanged(app: Mappa) -> None:
    contact = Contact(agency="sps", at_seniority=True)
    app.save(contact)
    (stored,) = app.recorder.select_events(contact.id)
    assert app.mapper.transcoder.decode(stored.state)["class_version"] == 2
    loaded: Contact = app.repository.get(contact.id)
    assert (loaded.agency, loaded.at_seniority) == ("sps", True)
