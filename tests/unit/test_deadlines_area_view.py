"""The areas view: closure days and contacts that the deadlines and reminders depend on (R-CAL-3, R-REM-7)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import sqlalchemy as sa

from domain.area import Area
from domain.event import Stamp
from projections.runner import Projector
from projections.source import ListSource
from projections.views.area import AreaView, area_contacts, calendar_for, closure_days

STAMP = Stamp("tester", "cmd-1", datetime(2026, 1, 5, 12, tzinfo=UTC), date(2026, 1, 5))


def _projected(*areas: Area, batch_size: int = 2) -> tuple[sa.Engine, ListSource, Projector]:
    source = ListSource([event for area in areas for event in area.collect_events()])
    engine = sa.create_engine("sqlite://")
    projector = Projector(engine, source, [AreaView()], batch_size=batch_size)
    projector.setup()
    projector.catch_up()
    return engine, source, projector


def test_closure_days_added_in_one_batch_and_removed_in_a_later_one_leave_the_rest_R_CAL_3() -> None:
    area = Area.register(uuid.uuid4(), STAMP, date(2026, 1, 1), code="AREA-1", name="Area one")
    area.add_closure_day(date(2026, 1, 6), "local holiday", STAMP, date(2026, 1, 2))
    area.add_closure_day(date(2026, 1, 7), "office move", STAMP, date(2026, 1, 2))
    engine, source, projector = _projected(area)
    area.remove_closure_day(date(2026, 1, 6), STAMP, date(2026, 1, 3))
    for event in area.collect_events():
        source.append(event)
    projector.catch_up()
    with engine.connect() as conn:
        assert closure_days(conn, "AREA-1") == {date(2026, 1, 7)}
        assert calendar_for(conn, "AREA-1").nth_working_day_after(date(2026, 1, 5), 2) == date(2026, 1, 8)


def test_the_last_contact_set_for_each_role_is_the_areas_contact_R_REM_7() -> None:
    area = Area.register(uuid.uuid4(), STAMP, date(2026, 1, 1), code="AREA-2", name="Area two")
    area.set_contact("coordinator", "old@example.org", STAMP, date(2026, 1, 2))
    area.set_contact("sog-chair", "chair@example.org", STAMP, date(2026, 1, 2))
    area.set_contact("coordinator", "new@example.org", STAMP, date(2026, 1, 3))
    engine, _, _ = _projected(area, batch_size=1)
    with engine.connect() as conn:
        found = area_contacts(conn, "AREA-2")
    assert found is not None
    assert (found.name, found.coordinator_email, found.sog_chair_email) == (
        "Area two", "new@example.org", "chair@example.org")


def test_an_area_with_no_closures_has_only_the_scottish_holidays_R_CAL_3() -> None:
    area = Area.register(uuid.uuid4(), STAMP, date(2026, 1, 1), code="AREA-3", name="Area three")
    engine, _, _ = _projected(area)
    with engine.connect() as conn:
        assert closure_days(conn, "AREA-3") == set()
        assert area_contacts(conn, "NOPE") is None
        # 2 January 2026 is a Scottish bank holiday, so the first working day after 1 January is Monday 5th.
        assert calendar_for(conn, "AREA-3").nth_working_day_after(date(2026, 1, 1), 1) == date(2026, 1, 5)
