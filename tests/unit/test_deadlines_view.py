"""The deadlines view fed with domain events, on an in-memory SQLite database (RULES §9)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from projections.deadlines import deadlines_for_case, find_deadlines, open_deadlines
from projections.deadlines.tables import TABLES
from projections.runner import Projector
from projections.source import ListSource
from projections.views.area import AreaView
from projections.views.deadline import DeadlineView
from tests.unit.deadlines_world import World

D = date(2026, 5, 4)


def project(events: list[Any], batch_size: int = 1000) -> sa.Engine:
    engine = sa.create_engine("sqlite://")
    projector = Projector(engine, ListSource(events), [AreaView(), DeadlineView()], batch_size=batch_size)
    projector.setup()
    projector.catch_up()
    return engine


def contents(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(sa.select(t))) for t in TABLES}


def a_busy_world() -> World:
    world = World()
    world.area()
    case = world.case("N-1", D)
    world.meeting(case, D + timedelta(40))
    world.act(case, "change_level", 2, on=D + timedelta(50))
    other = world.case("N-2", D, in_custody=True, release_on=date(2026, 10, 1))
    world.act(other, "set_release_date", date(2026, 11, 1), on=D + timedelta(9))
    meeting = world.meeting(case, D + timedelta(60), level=2)
    world.act(meeting, "issue_minute", on=D + timedelta(61))
    world.act(meeting, "ratify_minute", on=D + timedelta(62))
    world.act(meeting, "update_rmp", on=D + timedelta(62))
    isp = world.isp(case, "ISP-1", D + timedelta(1), D + timedelta(1))
    world.act(isp, "request_renewal", D + timedelta(70), on=D + timedelta(70))
    world.act(isp, "renew", 50_00, None, on=D + timedelta(71))
    scr = world.scr("SCR-1", D)
    world.act(scr, "make_recommendation", "R1", "text", on=D)
    world.act(scr, "assign_action", "R1", "A1", "police-scotland", D + timedelta(30), "text", on=D)
    world.audit("AUD-1", "meeting", D + timedelta(5))
    return world


def test_every_batch_size_gives_the_same_deadlines_as_one_pass() -> None:
    events = a_busy_world().events
    expected = contents(project(events))
    assert expected["pv_deadline"], "the world has deadlines"
    for size in (1, 2, 3, 7):
        assert contents(project(events, batch_size=size)) == expected


def test_the_view_lists_each_subjects_deadlines_with_its_case_and_rule_R_REM_1_R_REM_2() -> None:
    engine = project(a_busy_world().events)
    with engine.connect() as conn:
        n1 = {(d.kind, d.status) for d in deadlines_for_case(conn, "N-1")}
        n2 = [(d.kind, d.status, d.due_on) for d in deadlines_for_case(conn, "N-2")]
    assert {("level-3-review", "met"), ("level-3-review", "withdrawn"), ("level-2-review", "open"),
            ("minute-and-rmp", "met"), ("isp-renewal", "met"), ("isp-renewal", "open")} <= n1
    assert n2 == [("pre-release-level-3-meeting", "open", date(2026, 10, 4))]  # moved, one per spell (RULES §10)


def test_open_deadlines_filter_by_area_and_due_date() -> None:
    engine = project(a_busy_world().events)
    with engine.connect() as conn:
        every = open_deadlines(conn)
        early = open_deadlines(conn, due_before=date(2026, 7, 1))
        elsewhere = open_deadlines(conn, area="south")
    assert every and all(d.status == "open" for d in every)
    assert [d.due_on for d in every] == sorted(d.due_on for d in every)
    assert early == [d for d in every if d.due_on < date(2026, 7, 1)]
    # the Level 3 meeting has no minute; the area's periodic deadlines (R-REM-6) are open too
    assert [d.subject_ref for d in early if d.rule != "R-REM-6"] == ["SCR-1/A1", "N-1-M-2026-06-13"]
    assert elsewhere == []


def test_a_closure_day_added_later_moves_the_minute_deadline_and_removing_it_moves_it_back_R_CAL_3() -> None:
    world = World()
    area = world.area()
    case = world.case("N-1", D)
    world.meeting(case, D, ref="M-1")
    source = ListSource(world.events)
    engine = sa.create_engine("sqlite://")
    projector = Projector(engine, source, [DeadlineView()])
    projector.setup()
    projector.catch_up()

    def minute_due() -> date:
        with engine.connect() as conn:
            [row] = [d for d in find_deadlines(conn, status="open") if d.kind == "minute-and-rmp"]
            return row.due_on

    before = minute_due()
    world.act(area, "add_closure_day", D + timedelta(2), "local holiday", on=D)
    world.act(area, "add_closure_day", before + timedelta(7), "after the window", on=D)
    for event in world.events[len(source.items):]:
        source.append(event)
    projector.catch_up()
    assert minute_due() == before + timedelta(1)
    world.act(area, "remove_closure_day", D + timedelta(2), on=D)
    source.append(world.events[-1])
    projector.catch_up()
    assert minute_due() == before


def test_periodic_deadlines_run_up_to_the_latest_business_date_of_the_log_and_audits_meet_them_R_REM_6() -> None:
    events = a_busy_world().events
    assert max(event.occurred_on for event in events) == date(2026, 7, 14)  # in 2026-27-Q2
    engine = project(events)
    with engine.connect() as conn:
        periodic = {(d.kind, d.subject_ref): (d.status, d.due_on) for d in find_deadlines(conn) if d.rule == "R-REM-6"}
    assert periodic[("quarterly-meeting-audit", "north 2026-27-Q1")] == ("met", date(2026, 6, 30))
    assert periodic[("quarterly-sog-review", "north 2026-27-Q1")] == ("open", date(2026, 6, 30))
    assert periodic[("annual-case-audit", "north 2026-27")] == ("open", date(2027, 3, 31))
    assert periodic[("annual-report", "north 2025-26")] == ("open", date(2026, 10, 31))
    assert ("quarterly-sog-review", "north 2026-27-Q2") in periodic
    assert ("quarterly-sog-review", "north 2026-27-Q3") not in periodic  # the log has not reached October
