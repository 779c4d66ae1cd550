"""An area's settings (R-CAL-3 closure days, R-REM-7 contacts) are events: given an area, a command records events
or is refused, so a later reader can see when a setting changed."""

from __future__ import annotations

from datetime import date

import pytest

from domain.area import Area
from domain.errors import DomainError
from tests.unit.given import new_events, refused, some_id, stamp

S = stamp()
APR_1, MAY_1, DEC_28 = date(2026, 4, 1), date(2026, 5, 1), date(2026, 12, 28)


def _area() -> Area:
    area = Area.register(some_id("north"), stamp("register"), APR_1, code="north", name="North")
    area.collect_events()
    return area


def test_an_area_is_registered_with_its_code_and_name_on_a_business_date_R_CAL_1() -> None:
    area = Area.register(some_id("north"), S, APR_1, code="north", name="North")
    (registered,) = new_events(area)
    assert isinstance(registered, Area.Registered)
    assert (registered.code, registered.name, registered.occurred_on) == ("north", "North", APR_1)
    assert (registered.recorded_by, registered.command_id, registered.timestamp) == ("coord-1", "cmd-1", S.recorded_at)


def test_an_area_registered_with_a_date_after_today_is_refused_R_CAL_1() -> None:
    with pytest.raises(DomainError) as caught:
        Area.register(some_id("north"), stamp(today=date(2026, 3, 31)), APR_1, code="north", name="North")
    assert (caught.value.field, caught.value.value, caught.value.rule) == ("occurred_on", "2026-04-01", "R-CAL-1")


def test_a_local_closure_day_is_added_with_its_label_and_the_date_it_was_decided_R_CAL_3() -> None:
    area = _area()
    area.add_closure_day(DEC_28, "Local holiday", S, MAY_1)
    (added,) = new_events(area)
    assert isinstance(added, Area.ClosureDayAdded)
    assert (added.day, added.label, added.occurred_on) == (DEC_28, "Local holiday", MAY_1)
    assert area.closure_days == {"2026-12-28": "Local holiday"}


def test_a_closure_day_added_twice_is_refused_R_CAL_3() -> None:
    area = _area()
    area.add_closure_day(DEC_28, "Local holiday", S, MAY_1)
    new_events(area)
    refused(area, lambda: area.add_closure_day(DEC_28, "Again", S, MAY_1), field="day", value="2026-12-28",
            rule="R-CAL-3")


def test_a_closure_day_is_removed_and_the_removal_is_an_event_of_its_own_R_CAL_3() -> None:
    area = _area()
    area.add_closure_day(DEC_28, "Local holiday", S, MAY_1)
    area.remove_closure_day(DEC_28, S, date(2026, 6, 1))
    added, removed = new_events(area)
    assert isinstance(added, Area.ClosureDayAdded) and isinstance(removed, Area.ClosureDayRemoved)
    assert (removed.day, removed.occurred_on) == (DEC_28, date(2026, 6, 1))
    assert area.closure_days == {}


def test_removing_a_day_that_is_not_a_closure_day_is_refused_R_CAL_3() -> None:
    area = _area()
    refused(area, lambda: area.remove_closure_day(DEC_28, S, MAY_1), field="day", value="2026-12-28",
            rule="R-CAL-3")


@pytest.mark.parametrize("role", ["coordinator", "sog-chair"])
def test_the_coordinator_and_sog_chair_contacts_are_set_and_a_change_is_a_new_event_R_REM_7(role: str) -> None:
    area = _area()
    area.set_contact(role, "first@example.org", S, MAY_1)
    area.set_contact(role, "second@example.org", S, date(2026, 6, 1))
    first, second = new_events(area)
    assert [(e.role, e.email, e.occurred_on) for e in (first, second)] == [
        (role, "first@example.org", MAY_1), (role, "second@example.org", date(2026, 6, 1))]
    assert area.contacts == {role: "second@example.org"}


def test_a_contact_for_another_role_is_refused_R_REM_7() -> None:
    area = _area()
    refused(area, lambda: area.set_contact("chief-constable", "x@example.org", S, MAY_1), field="role",
            value="chief-constable", rule="R-REM-7")


def test_a_setting_dated_after_today_is_refused_R_CAL_1() -> None:
    area = _area()
    tomorrow = date(2026, 11, 21)
    with pytest.raises(DomainError) as caught:
        area.add_closure_day(DEC_28, "Local holiday", S, tomorrow)
    assert (caught.value.field, caught.value.rule) == ("occurred_on", "R-CAL-1")
    assert new_events(area) == []
