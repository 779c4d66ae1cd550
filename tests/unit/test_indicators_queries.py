"""The indicator queries over the read models, fed with domain events (no application): late recording,
known-at, area calendars, all areas together, reasons and commonality (R-CAL-1, R-CAL-3, R-PI-1..10, R-PI-EXC)."""

from __future__ import annotations

from datetime import date

from domain.calendar import quarter, reporting_year
from mappa_flow.cli.indicator_rows import exception_fields
from projections.indicators import Scope, Status, commonality_groups, exception_rows, find_exception
from projections.indicators.queries import indicator_results, pending_occurrences
from tests.unit.indicator_world import World, moment

Q1 = quarter(2026, 1)  # April to June 2026
REFERRED = date(2026, 4, 1)
DUE = date(2026, 5, 13)  # 42 days after the referral


def level_3_case(world: World, reference: str = "N-0001", area: str = "north") -> None:
    world.refer(reference, REFERRED, 3, area=area)


def line(world: World, indicator: str, scope: Scope) -> tuple[int, int, int]:
    with world.conn() as conn:
        [found] = [r for r in indicator_results(conn, scope, (indicator,))]
    return found.numerator, found.denominator, found.pending


def test_an_event_recorded_late_changes_the_figures_of_its_own_period_R_CAL_1_R_PI_1() -> None:
    world = World()
    world.area("north")
    level_3_case(world)
    scope = Scope("north", Q1, as_of=date(2026, 6, 30))
    assert line(world, "R-PI-1", scope) == (0, 1, 0)
    world.meet("N-0001", "M-1", date(2026, 5, 10), recorded_on=date(2026, 7, 15))
    assert line(world, "R-PI-1", scope) == (1, 2, 0)  # met on 10 May; the next review, due 21 June, is late


def test_known_at_leaves_out_facts_recorded_after_that_moment_R_CAL_1_R_PI_1() -> None:
    world = World()
    world.area("north")
    level_3_case(world)
    world.meet("N-0001", "M-1", date(2026, 5, 10), recorded_on=date(2026, 7, 15))
    before = Scope("north", Q1, as_of=date(2026, 6, 30), known_at=moment(date(2026, 7, 1)))
    after = Scope("north", Q1, as_of=date(2026, 6, 30), known_at=moment(date(2026, 7, 16)))
    assert line(world, "R-PI-1", before) == (0, 1, 0)
    assert line(world, "R-PI-1", after) == (1, 2, 0)


def test_facts_dated_after_the_as_of_date_are_not_known_as_of_it_R_PI_1() -> None:
    world = World()
    world.area("north")
    level_3_case(world)
    world.meet("N-0001", "M-1", date(2026, 5, 10))
    assert line(world, "R-PI-1", Scope("north", Q1, as_of=date(2026, 5, 9))) == (0, 0, 1)


def test_the_area_closure_days_come_from_its_events_R_CAL_3_R_PI_9() -> None:
    world = World()
    world.area("north", date(2027, 1, 7))
    world.area("south")
    for area, reference in (("north", "N-0001"), ("south", "S-0001")):
        world.refer(reference, REFERRED, 3, area=area)
        meeting = world.meet(reference, f"{reference}-M", date(2026, 12, 21))
        world.minute_done(meeting, date(2027, 1, 11))
    year = reporting_year(2026)
    assert line(world, "R-PI-9", Scope("north", year, as_of=date(2027, 3, 31))) == (1, 1, 0)
    assert line(world, "R-PI-9", Scope("south", year, as_of=date(2027, 3, 31))) == (0, 1, 0)
    assert line(world, "R-PI-9", Scope(None, year, as_of=date(2027, 3, 31))) == (1, 2, 0)


def test_exceptions_carry_the_latest_reason_or_say_none_was_recorded_R_PI_EXC() -> None:
    world = World()
    world.area("north")
    level_3_case(world)
    level_3_case(world, "N-0002")
    scope = Scope("north", Q1, as_of=date(2026, 6, 30))
    world.reason("R-PI-1:N-0001:2026-05-13", "chair-unavailable", recorded_on=date(2026, 6, 1))
    world.reason("R-PI-1:N-0001:2026-05-13", "agency-unavailable", agency="housing", recorded_on=date(2026, 6, 5))
    with world.conn() as conn:
        rows = {row.occurrence.case_reference: exception_fields(row) for row in exception_rows(conn, scope)}
    assert (rows["N-0001"]["reason"], rows["N-0001"]["reason_agency"], rows["N-0001"]["days_late"]) == (
        "agency-unavailable", "housing", 48)
    assert (rows["N-0002"]["reason_recorded"], rows["N-0002"]["reason"]) == (False, "no reason recorded")


def test_a_report_as_known_at_a_moment_shows_the_reason_known_then_R_PI_EXC() -> None:
    world = World()
    world.area("north")
    level_3_case(world)
    world.reason("R-PI-1:N-0001:2026-05-13", "chair-unavailable", recorded_on=date(2026, 6, 1))
    world.reason("R-PI-1:N-0001:2026-05-13", "other", recorded_on=date(2026, 6, 5))
    scope = Scope("north", Q1, as_of=date(2026, 6, 30), known_at=moment(date(2026, 6, 2)))
    with world.conn() as conn:
        [row] = exception_rows(conn, scope)
    assert row.category == "chair-unavailable"


def test_commonality_groups_by_case_agency_and_reason_against_the_previous_period_R_PI_EXC() -> None:
    world = World()
    world.area("north")
    world.refer("N-0001", date(2026, 1, 5), 3)  # late in Q4 2025-26 and again in Q1 2026-27
    world.meet("N-0001", "M-1", date(2026, 3, 1))
    world.reason("R-PI-1:N-0001:2026-02-16", "information-not-received-in-time", agency="housing",
                 recorded_on=date(2026, 3, 2))
    world.reason("R-PI-1:N-0001:2026-04-12", "information-not-received-in-time", agency="housing",
                 recorded_on=date(2026, 5, 2))
    with world.conn() as conn:
        groups = {(g.dimension, g.value): g for g in commonality_groups(conn, Scope("north", Q1, date(2026, 6, 30)),
                                                                        "R-PI-1")}
    case = groups[("case", "N-0001")]
    assert (case.current, case.previous, case.repeated) == (1, 1, True)
    assert (groups[("agency", "housing")].current, groups[("agency", "housing")].previous) == (1, 1)
    assert groups[("reason", "information-not-received-in-time")].current == 1


def test_find_exception_names_a_current_exception_and_nothing_for_a_met_occurrence_R_PI_EXC() -> None:
    world = World()
    world.area("north")
    level_3_case(world)
    meeting = world.meet("N-0001", "M-1", date(2026, 5, 10), outcomes=(("police-scotland", "absent"),))
    world.minute_done(meeting, date(2026, 5, 11))
    with world.conn() as conn:
        found = find_exception(conn, "R-PI-4:N-0001:M-1:police-scotland", date(2026, 6, 30))
        assert found is not None and found.occurrence.status is Status.NOT_MET
        assert find_exception(conn, "R-PI-9:N-0001:M-1", date(2026, 6, 30)) is None
        assert find_exception(conn, "R-PI-1:N-0001:2026-05-13", date(2026, 6, 30)) is None
        assert find_exception(conn, "R-PI-1:N-0404:2026-05-13", date(2026, 6, 30)) is None


def test_pending_occurrences_are_listed_but_not_counted_R_PI_9() -> None:
    world = World()
    world.area("north")
    level_3_case(world)
    world.meet("N-0001", "M-1", date(2026, 6, 22))
    scope = Scope("north", Q1, as_of=date(2026, 6, 30))
    with world.conn() as conn:
        pending = {(o.indicator, o.meeting_ref) for o in pending_occurrences(conn, scope)}
    assert {("R-PI-9", "M-1"), ("R-PI-10", "M-1")} <= pending
    assert line(world, "R-PI-9", scope) == (0, 0, 1)


def test_the_reasons_view_gives_the_same_rows_one_event_per_batch_and_after_a_rebuild_R_PI_EXC() -> None:
    world = World()
    world.projector.batch_size = 1
    world.area("north")
    level_3_case(world)
    world.reason("R-PI-1:N-0001:2026-05-13", "chair-unavailable", recorded_on=date(2026, 6, 1))
    world.reason("R-PI-1:N-0001:2026-05-13", "other", agency="housing", recorded_on=date(2026, 6, 5))
    scope = Scope("north", Q1, as_of=date(2026, 6, 30))
    with world.conn() as conn:
        before = [exception_fields(row) for row in exception_rows(conn, scope)]
    world.projector.rebuild(["exception_reasons"])
    with world.conn() as conn:
        after = [exception_fields(row) for row in exception_rows(conn, scope)]
    assert before == after
    assert (after[0]["reason"], after[0]["reason_agency"]) == ("other", "housing")
