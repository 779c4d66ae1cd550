"""One-line descriptions of events, as a co-ordinator reads them in a case history."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from domain.area import Area
from domain.audit import Audit
from domain.case import Case
from domain.event import MappaEvent, Stamp
from domain.isp import Isp
from domain.meeting import Invitation, Meeting
from domain.receipt import CommandReceipt
from domain.scr import Scr
from mappa_flow.describe import DESCRIBERS, describe, event_name
from mappa_flow.event_title import TITLES, title

STAMP = Stamp(recorded_by="coord", command_id="c-1", recorded_at=datetime(2026, 5, 1, 9, tzinfo=UTC),
              today=date(2026, 5, 1))


def _case(**overrides: object) -> Case:
    details: dict[str, object] = {
        "reference": "N-0001", "area": "north", "category": 1, "level": 2, "referring_agency": "sps",
        "in_custody": True, "expected_release_on": date(2026, 9, 1), "age_band": None, "gender": None,
        "ethnicity": None, **overrides,
    }
    return Case.refer(uuid4(), STAMP, date(2026, 4, 1), **details)


def _event_classes(aggregate: type) -> list[type]:
    """The aggregate's own event classes: those with a stable topic, other than its base ``Event``."""
    return [value for name, value in vars(aggregate).items()
            if isinstance(value, type) and issubclass(value, MappaEvent) and name != "Event" and "TOPIC" in vars(value)]


@pytest.mark.parametrize("aggregate", [Case, Meeting, Isp, Scr, Audit, Area, CommandReceipt])
def test_every_event_of_the_core_aggregates_has_its_own_description(aggregate: type) -> None:
    classes = _event_classes(aggregate)
    assert classes
    assert [c.__name__ for c in classes if c not in DESCRIBERS] == []


def test_a_referral_says_area_category_level_agency_custody_and_expected_release() -> None:
    [referred] = _case().collect_events()
    assert describe(referred) == (
        "Referred to north: category 1, Level 2, by sps, in custody, release expected 2026-09-01"
    )


def test_a_level_change_shows_the_old_and_new_level() -> None:
    case = _case()
    case.change_level(3, STAMP, date(2026, 4, 20))
    assert describe(case.collect_events()[-1]) == "Level changed 2 -> 3"


def test_a_meeting_shows_its_kind_venue_level_and_how_many_agencies_were_invited_and_attended() -> None:
    case = _case()
    invitations = [Invitation("police-scotland", "in-person", True), Invitation("social-work", "remote", True),
                   Invitation("health", "written", True), Invitation("housing", "absent", False),
                   Invitation("sps", "in-person", True)]
    meeting = Meeting.hold(uuid4(), case, STAMP, date(2026, 4, 2), meeting_ref="MTG-1", kind="review",
                           venue="community", chair="chair-1", invitations=invitations)
    assert describe(meeting.collect_events()[0]) == (
        "Meeting MTG-1 held (review, community, Level 2), 5 agencies invited, 3 attended"
    )


def test_free_text_such_as_an_archive_reason_is_never_in_a_description() -> None:
    case = _case(in_custody=False, expected_release_on=None)
    case.archive("moved away to his sister in Leeds", STAMP, date(2026, 4, 3))
    archived = case.collect_events()[-1]
    assert describe(archived) == "Archived"
    assert "Leeds" not in describe(archived)


def test_an_isp_shows_its_cost_in_pounds_and_its_funded_period() -> None:
    isp = Isp.approve(uuid4(), _case(), STAMP, date(2026, 4, 2), isp_ref="ISP-1", provider="Acme Support",
                      cost_pence=450050, starts_on=date(2026, 4, 6))
    assert describe(isp.collect_events()[0]) == "ISP ISP-1 approved: £4,500.50 for 2026-04-06 to 2026-07-05"


def test_an_event_without_an_entry_is_described_by_its_name() -> None:
    class HistoryViewed(MappaEvent):
        pass

    event = HistoryViewed(originator_id=uuid4(), originator_version=1, timestamp=STAMP.recorded_at,
                          occurred_on=date(2026, 5, 1), recorded_by="coord", command_id="c-2")
    assert describe(event) == "History viewed"
    assert event_name(event) == "History viewed"


def test_an_event_named_by_a_single_word_is_named_with_its_record_and_acronyms_stay_capitals() -> None:
    case = _case()
    meeting = Meeting.hold(uuid4(), case, STAMP, date(2026, 4, 2), meeting_ref="MTG-1", kind="review",
                           venue="custody", chair="chair-1", invitations=[Invitation("sps", "in-person", True)])
    meeting.update_rmp(STAMP, date(2026, 4, 3))
    held, updated = meeting.collect_events()
    assert (event_name(held), event_name(updated)) == ("Meeting held", "RMP updated")
    case.change_level(3, STAMP, date(2026, 4, 20))
    assert event_name(case.collect_events()[-1]) == "Level changed"


def _every_domain_event_class() -> list[type]:
    """Every event class of every module in ``domain/`` (imported here, so none is missed by import order)."""
    import importlib
    import pkgutil

    import domain

    for module in pkgutil.iter_modules(domain.__path__):
        importlib.import_module(f"domain.{module.name}")
    found, pending = [], [MappaEvent]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        topic = vars(cls).get("TOPIC")
        if cls.__module__.startswith("domain.") and isinstance(topic, str) and not topic.endswith(".Event"):
            found.append(cls)
    return found


def test_every_event_class_the_domain_records_has_a_title_and_a_description_in_words() -> None:
    classes = _every_domain_event_class()
    assert len(classes) >= 50
    assert [c.TOPIC for c in classes if c not in DESCRIBERS] == []
    assert [c.TOPIC for c in classes if c.TOPIC.removeprefix("mappa:") not in TITLES] == []
    assert all("." not in title(c.TOPIC.removeprefix("mappa:")) for c in classes)  # words, not Isp.Approved


def test_an_exception_reason_and_a_failed_delivery_are_described_without_their_free_text() -> None:
    from domain.exception_reason import ExceptionReason
    from domain.reminder import Reminder

    reason = ExceptionReason.explain(uuid4(), STAMP, date(2026, 5, 1), indicator="R-PI-9",
                                     exception_key="R-PI-9:N-0001:MTG-1", area="north", case_reference="N-0001",
                                     category="agency-unavailable", agency="police", text="SECRET words")
    line = describe(reason.collect_events()[0])
    assert line == "Reason recorded for exception R-PI-9:N-0001:MTG-1: agency-unavailable (police)"
    failed = Reminder.DeliveryFailed(originator_id=uuid4(), originator_version=2, timestamp=STAMP.recorded_at,
                                     occurred_on=date(2026, 5, 1), recorded_by="scheduler", command_id="c-3",
                                     channel="email", reason="550 SECRET@example.org rejected", attempt=2,
                                     next_attempt_at=datetime(2026, 5, 1, 10, 30, tzinfo=UTC))
    assert describe(failed) == "Reminder not delivered by email (attempt 2); next attempt 2026-05-01 10:30 UTC"
