"""Intensive Support Packages (R-ISP-1): approved three months at a time, renewed on an updated risk assessment."""

from __future__ import annotations

from datetime import date

import pytest

from domain.case import Case
from domain.errors import DomainError
from domain.isp import Isp, period_end
from tests.unit.given import new_events, referred_case, refused, some_id, stamp

S = stamp()
STARTS = date(2026, 4, 6)
ENDS = date(2026, 7, 5)


def _approve(case: Case | None = None, *, cost_pence: int = 125_050, starts_on: date = STARTS) -> Isp:
    return Isp.approve(some_id("ISP-1"), case or referred_case(), S, date(2026, 4, 2), isp_ref="ISP-1",
                       provider="Provider A", cost_pence=cost_pence, starts_on=starts_on)


def _approved() -> Isp:
    isp = _approve()
    new_events(isp)
    return isp


def test_an_isp_is_approved_for_one_case_for_three_months_with_a_provider_and_a_cost_R_ISP_1() -> None:
    (approved,) = new_events(_approve())
    assert isinstance(approved, Isp.Approved)
    assert (approved.isp_ref, approved.case_reference, approved.area) == ("ISP-1", "N-0001", "north")
    assert (approved.provider, approved.cost_pence) == ("Provider A", 125_050)
    assert (approved.starts_on, approved.ends_on) == (STARTS, ENDS)


@pytest.mark.parametrize(("starts_on", "ends_on"), [
    (date(2026, 1, 1), date(2026, 3, 31)),
    (date(2026, 11, 30), date(2027, 2, 27)),  # three months later is 28 February (clamped); the day before ends it
    (date(2026, 1, 31), date(2026, 4, 29)),
])
def test_a_funding_period_ends_the_day_before_the_same_day_three_months_later_R_ISP_1_R_CAL_4(
    starts_on: date, ends_on: date
) -> None:
    assert period_end(starts_on) == ends_on


def test_a_negative_cost_is_refused_R_ISP_1() -> None:
    with pytest.raises(DomainError) as caught:
        _approve(cost_pence=-1)
    assert (caught.value.field, caught.value.value, caught.value.rule) == ("cost", -1, "R-ISP-1")


def test_an_isp_for_an_archived_case_is_refused_R_CASE_3() -> None:
    case = referred_case()
    case.archive("left MAPPA", S, date(2026, 4, 1))
    with pytest.raises(DomainError) as caught:
        _approve(case)
    assert (caught.value.field, caught.value.value, caught.value.rule) == ("case_reference", "N-0001", "R-CASE-3")


def test_a_renewal_continues_for_three_months_from_the_day_after_the_period_ends_R_ISP_1() -> None:
    isp = _approved()
    isp.request_renewal(date(2026, 6, 15), S, date(2026, 6, 16))
    isp.renew(130_000, "Provider B", S, date(2026, 6, 30))
    requested, renewed = new_events(isp)
    assert isinstance(requested, Isp.RenewalRequested) and requested.risk_assessed_on == date(2026, 6, 15)
    assert isinstance(renewed, Isp.Renewed)
    assert (renewed.starts_on, renewed.ends_on) == (date(2026, 7, 6), date(2026, 10, 5))
    assert (renewed.provider, renewed.cost_pence, renewed.approved_late) == ("Provider B", 130_000, False)
    assert isp.ends_on == date(2026, 10, 5)


def test_a_renewal_approved_after_the_period_ended_is_recorded_as_late_R_ISP_1() -> None:
    isp = _approved()
    isp.request_renewal(date(2026, 7, 1), S, date(2026, 7, 1))
    isp.renew(130_000, None, S, date(2026, 7, 6))
    _, renewed = new_events(isp)
    assert (renewed.approved_late, renewed.provider) == (True, "Provider A")


def test_a_renewal_without_a_request_backed_by_a_risk_assessment_is_refused_R_ISP_1() -> None:
    isp = _approved()
    refused(isp, lambda: isp.renew(130_000, None, S, date(2026, 6, 30)), field="isp_ref", value="ISP-1",
            rule="R-ISP-1")


@pytest.mark.parametrize("assessed_on", [date(2026, 4, 5), date(2026, 6, 17)])
def test_the_risk_assessment_must_be_updated_in_the_current_period_and_before_the_request_R_ISP_1(
    assessed_on: date
) -> None:
    isp = _approved()
    refused(isp, lambda: isp.request_renewal(assessed_on, S, date(2026, 6, 16)), field="risk_assessed_on",
            value=assessed_on.isoformat(), rule="R-ISP-1")


def test_a_renewal_needs_a_new_request_for_each_period_R_ISP_1() -> None:
    isp = _approved()
    isp.request_renewal(date(2026, 6, 15), S, date(2026, 6, 16))
    isp.renew(130_000, None, S, date(2026, 6, 30))
    new_events(isp)
    refused(isp, lambda: isp.renew(130_000, None, S, date(2026, 9, 30)), field="isp_ref", value="ISP-1",
            rule="R-ISP-1")


def test_an_ended_isp_refuses_renewal_R_ISP_1() -> None:
    isp = _approved()
    isp.end("risk reduced", S, date(2026, 6, 1))
    (ended,) = new_events(isp)
    assert isinstance(ended, Isp.Ended) and ended.reason == "risk reduced"
    refused(isp, lambda: isp.request_renewal(date(2026, 6, 15), S, date(2026, 6, 16)), field="isp_ref",
            value="ISP-1", rule="R-ISP-1")


def test_a_command_dated_before_the_isps_latest_event_is_refused_R_ISP_1() -> None:
    isp = _approved()
    isp.request_renewal(date(2026, 6, 15), S, date(2026, 6, 16))
    new_events(isp)
    refused(isp, lambda: isp.end("no longer needed", S, date(2026, 6, 10)), field="occurred_on",
            value="2026-06-10", rule="R-ISP-1")


def test_a_renewal_with_a_negative_cost_is_refused_R_ISP_1() -> None:
    isp = _approved()
    isp.request_renewal(date(2026, 6, 15), S, date(2026, 6, 16))
    new_events(isp)
    refused(isp, lambda: isp.renew(-5, None, S, date(2026, 6, 30)), field="cost", value=-5, rule="R-ISP-1")
