"""ISP renewals, R-REM-4 / R-ISP-1 (domain/rules/isp_renewal.py): given an ISP's changes, its obligations."""

from __future__ import annotations

from datetime import date, timedelta

from domain.rules.isp_renewal import IspChange, IspRenewal, renewal_obligations
from domain.rules.obligation import Judgement, Obligation, Verdict

START = date(2026, 4, 1)
LAST_DAY = date(2026, 6, 30)  # the first period's last funded day
NEXT_LAST_DAY = date(2026, 9, 30)


def approved(on: date = START, until: date = LAST_DAY, position: int = 1) -> IspChange:
    return IspChange(position, on, "approved", until)


def renewed(on: date, until: date = NEXT_LAST_DAY, position: int = 2) -> IspChange:
    return IspChange(position, on, "renewed", until)


def test_each_funding_period_owes_a_renewal_by_its_last_funded_day_R_REM_4_R_ISP_1() -> None:
    assert renewal_obligations([approved()]) == [Obligation("R-REM-4", LAST_DAY, LAST_DAY)]


def test_a_renewal_approved_on_the_last_funded_day_is_on_time_R_REM_4() -> None:
    first, second = renewal_obligations([approved(), renewed(LAST_DAY)])
    assert first == Obligation("R-REM-4", LAST_DAY, LAST_DAY, met_on=LAST_DAY)
    assert first.judge(LAST_DAY) == Judgement(Verdict.MET)
    assert second == Obligation("R-REM-4", NEXT_LAST_DAY, NEXT_LAST_DAY)


def test_a_renewal_approved_the_day_after_is_one_day_late_R_REM_4() -> None:
    first, _ = renewal_obligations([approved(), renewed(LAST_DAY + timedelta(days=1))])
    assert first.judge(date(2026, 12, 1)) == Judgement(Verdict.NOT_MET, 1)


def test_the_isps_end_stops_the_open_renewal_R_REM_4() -> None:
    ended = IspChange(2, date(2026, 5, 15), "ended")
    assert renewal_obligations([approved(), ended]) == [
        Obligation("R-REM-4", LAST_DAY, LAST_DAY, stopped_on=date(2026, 5, 15), why_stopped="ISP ended on 2026-05-15")]


def test_an_end_after_the_renewal_leaves_the_met_one_met_and_stops_the_next_R_REM_4() -> None:
    ended = IspChange(3, date(2026, 8, 1), "ended")
    first, second = renewal_obligations([approved(), renewed(date(2026, 6, 20)), ended])
    assert first.met_on == date(2026, 6, 20) and first.stopped_on is None
    assert second.stopped_on == date(2026, 8, 1)


def test_changes_are_taken_in_business_date_order_whatever_order_they_were_recorded_R_REM_4_R_CAL_1() -> None:
    late_recorded = approved(position=9)
    assert renewal_obligations([renewed(date(2026, 6, 20), position=2), late_recorded]) == renewal_obligations(
        [late_recorded, renewed(date(2026, 6, 20), position=2)])
    assert renewal_obligations([renewed(date(2026, 6, 20)), late_recorded])[0].met_on == date(2026, 6, 20)


def test_a_renewal_resumed_from_its_open_obligation_is_stopped_by_the_isps_end_R_REM_4() -> None:
    renewal = IspRenewal(Obligation("R-REM-4", LAST_DAY, LAST_DAY))
    assert renewal.step(IspChange(2, date(2026, 5, 15), "ended")) == [
        Obligation("R-REM-4", LAST_DAY, LAST_DAY, stopped_on=date(2026, 5, 15), why_stopped="ISP ended on 2026-05-15")]


def test_a_second_end_leaves_the_renewal_stopped_on_the_first_R_REM_4() -> None:
    first_end, second_end = IspChange(2, date(2026, 5, 15), "ended"), IspChange(3, date(2026, 5, 20), "ended")
    assert renewal_obligations([approved(), first_end, second_end]) == renewal_obligations([approved(), first_end])


def test_an_end_before_any_funding_period_owes_nothing_R_REM_4() -> None:
    assert renewal_obligations([IspChange(1, START, "ended")]) == []


def test_only_an_approval_or_renewal_starts_a_funding_period_whatever_date_an_end_carries_R_REM_4() -> None:
    renewal = IspRenewal(Obligation("R-REM-4", LAST_DAY, LAST_DAY, stopped_on=START, why_stopped="ended"))
    assert renewal.step(IspChange(2, date(2026, 5, 15), "ended", NEXT_LAST_DAY)) == []


def test_a_renewal_after_the_isp_ended_leaves_the_stopped_one_stopped_not_met_R_REM_4() -> None:
    ended = IspChange(2, date(2026, 5, 15), "ended")
    first, second = renewal_obligations([approved(), ended, renewed(date(2026, 6, 1), position=3)])
    assert (first.met_on, first.stopped_on) == (None, date(2026, 5, 15))
    assert second == Obligation("R-REM-4", NEXT_LAST_DAY, NEXT_LAST_DAY)
