"""The SOG's register of Intensive Support Packages and their costs (R-ISP-2), fed with events, no application."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.calendar import parse_period
from domain.isp import Isp
from domain.meeting import Invitation, Meeting
from projections.registers import isp, queries
from projections.views.isp import IspView
from projections.views.meeting import MeetingFactsView
from tests.unit.given import some_id
from tests.unit.registers_given import World, projected

YEAR = parse_period("2026-27")
STARTS = date(2026, 5, 15)  # the first period runs to 14 August 2026: 92 days


def _approved(world: World, cost_pence: int = 920_000, ref: str = "ISP-1") -> Isp:
    if "N-1" not in world.cases:
        world.refer("N-1", date(2026, 4, 1), level=3)
    package = Isp.approve(some_id(ref), world.cases["N-1"], world.stamp(), date(2026, 5, 1), isp_ref=ref,
                          provider="Provider A", cost_pence=cost_pence, starts_on=STARTS)
    return world.keep(package)


def _meeting(world: World, on: date, ref: str = "M-1") -> None:
    world.keep(Meeting.hold(some_id(ref), world.cases["N-1"], world.stamp(), on, meeting_ref=ref, kind="review",
                            venue="community", chair="chair-1",
                            invitations=[Invitation("police-scotland", "in-person", True)]))


def _report(world: World, as_of: date, period: Any = YEAR) -> tuple[list[isp.IspRow], list[isp.IspCostRow]]:
    engine = projected([IspView(), MeetingFactsView()], world.events)
    with engine.connect() as conn:
        return queries.isp_register(conn, None, period, as_of), queries.isp_costs(conn, None, period, as_of)


def _cost(rows: list[isp.IspCostRow], label: str, column: str = "approved_cost") -> str:
    (row,) = [r for r in rows if r.period == label]
    return str(getattr(row, column))


def test_each_period_cost_is_spread_by_day_over_the_quarters_R_ISP_2() -> None:
    world = World()
    package = _approved(world)  # 9,200.00 over 92 days: 100.00 a day
    package.request_renewal(date(2026, 7, 20), world.stamp(), date(2026, 7, 25))
    package.renew(92_000, None, world.stamp(), date(2026, 8, 1))  # 15 August to 14 November: 10.00 a day
    world.keep(package)
    _, costs = _report(world, date(2027, 3, 31))
    assert _cost(costs, "2026-27-Q1") == "4700.00"  # 15 May to 30 June: 47 days
    assert _cost(costs, "2026-27-Q2") == "4970.00"  # 45 days at 100.00 and 47 days at 10.00
    assert _cost(costs, "2026-27-Q3") == "450.00"
    assert _cost(costs, "2026-27-Q4") == "0.00"
    assert _cost(costs, "2026-27") == "10120.00"


def test_an_awkward_cost_still_adds_up_exactly_to_the_penny_R_ISP_2() -> None:
    funding = isp.Funding(STARTS, date(2026, 8, 14), 100_001, "Provider A", date(2026, 5, 1))
    quarters = [funding.cost_between(p.start, p.end) for p in (parse_period(f"2026-27-Q{n}") for n in (1, 2))]
    assert sum(quarters) == 100_001
    assert quarters == [51_087, 48_914]  # 47 and 45 of 92 days, rounded down cumulatively
    days = [funding.cost_between(STARTS.replace(day=d), STARTS.replace(day=d)) for d in range(15, 32)]
    assert set(days) <= {1086, 1087}


def test_costs_incurred_stop_at_the_as_of_date_and_at_an_early_end_R_ISP_2() -> None:
    world = World()
    package = _approved(world)
    world.keep(package)
    _, costs = _report(world, date(2026, 5, 24))
    assert (_cost(costs, "2026-27-Q1"), _cost(costs, "2026-27-Q1", "incurred_cost")) == ("4700.00", "1000.00")
    package.end("risk reduced", world.stamp(), date(2026, 7, 10))
    world.keep(package)
    _, costs = _report(world, date(2027, 3, 31))
    assert _cost(costs, "2026-27-Q2") == "1000.00"  # 1 to 10 July
    assert _cost(costs, "2026-27") == "5700.00"


def test_a_date_range_period_clips_the_quarters_it_touches_R_ISP_2() -> None:
    world = World()
    _approved(world)
    _, costs = _report(world, date(2027, 3, 31), period=parse_period("2026-06-01..2026-07-31"))
    assert _cost(costs, "2026-27-Q1 (2026-06-01..2026-06-30)") == "3000.00"
    assert _cost(costs, "2026-27-Q2 (2026-07-01..2026-07-31)") == "3100.00"


@pytest.mark.parametrize(("as_of", "renewal", "due"), [
    (date(2026, 7, 17), "not yet due", False),  # 28 days before the period ends
    (date(2026, 7, 18), "due", True),  # 27 days before
    (date(2026, 8, 15), "overdue", True),  # the period ended without a renewal
])
def test_a_renewal_falls_due_in_the_last_four_weeks_of_the_period_R_ISP_2(as_of: date, renewal: str,
                                                                           due: bool) -> None:
    world = World()
    _approved(world)
    (row,), _ = _report(world, as_of)
    assert (row.renewal, row.renewal_due, row.period_ends_on) == (renewal, due, date(2026, 8, 14))
    assert row.status == ("lapsed" if renewal == "overdue" else "active")


def test_a_requested_then_approved_renewal_moves_the_register_to_the_next_period_R_ISP_2() -> None:
    world = World()
    package = _approved(world)
    package.request_renewal(date(2026, 7, 20), world.stamp(), date(2026, 7, 25))
    world.keep(package)
    (requested,), _ = _report(world, date(2026, 7, 30))
    assert (requested.renewal, requested.renewal_due, requested.renewal_requested_on) == (
        "requested", True, date(2026, 7, 25))
    package.renew(92_000, "Provider B", world.stamp(), date(2026, 8, 1))
    world.keep(package)
    (renewed,), _ = _report(world, date(2026, 8, 5))
    assert (renewed.renewal, renewed.renewal_due, renewed.period_ends_on) == ("renewed", False,
                                                                                       date(2026, 8, 14))
    (next_period,), _ = _report(world, date(2026, 8, 20))
    assert (next_period.period_starts_on, next_period.provider, next_period.period_cost) == (
        date(2026, 8, 15), "Provider B", "920.00")


def test_a_meeting_must_have_considered_continuation_within_the_current_period_R_ISP_2() -> None:
    world = World()
    _approved(world)
    _meeting(world, date(2026, 5, 10), "M-1")  # before the period started
    (row,), _ = _report(world, date(2026, 7, 1))
    assert (row.meeting_in_period, row.last_meeting_on) == (False, date(2026, 5, 10))
    _meeting(world, date(2026, 6, 20), "M-2")
    (row,), _ = _report(world, date(2026, 7, 1))
    assert (row.meeting_in_period, row.last_meeting_on) == (True, date(2026, 6, 20))
    (earlier,), _ = _report(world, date(2026, 6, 19))
    assert earlier.meeting_in_period is False


def test_a_package_ended_before_the_period_is_not_in_its_register_R_ISP_2() -> None:
    world = World()
    package = _approved(world)
    package.end("moved area", world.stamp(), date(2026, 6, 1))
    world.keep(package)
    (row,), _ = _report(world, date(2027, 3, 31))
    assert (row.status, row.ended_on, row.renewal_due) == ("ended", date(2026, 6, 1), False)
    register, _ = _report(world, date(2028, 3, 31), period=parse_period("2027-28"))
    assert register == []
