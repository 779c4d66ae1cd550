"""Boundaries of every national indicator not already pinned in the per-indicator tests (R-PI-1 to R-PI-10).

Each test moves one date or one fact across the line a rule draws and checks the verdict flips there:
targets met exactly at the percentage, pending up to and including the as-of date, withdrawn occurrences
not counted, the 10th working day across the Christmas substitute days, meetings on a quarter's last day,
and a late-recorded release counted in its own period.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.calendar import quarter
from projections.indicators import INDICATORS, Scope
from projections.indicators.model import IndicatorResult, Occurrence, Status, summarise
from projections.indicators.queries import indicator_results
from tests.unit.indicator_story import Story, invited, occurrences, result, statuses, step
from tests.unit.indicator_world import World

START = date(2026, 4, 1)


def day(n: int) -> date:
    return START + timedelta(days=n)


# ---- targets: met when numerator x 100 >= target x denominator, pending and withdrawn never counted ----


def _line(indicator: str, met: int, not_met: int, pending: int = 0, withdrawn: int = 0) -> IndicatorResult:
    statuses = [Status.MET] * met + [Status.NOT_MET] * not_met + [Status.PENDING] * pending
    statuses += [Status.WITHDRAWN] * withdrawn
    agency = "housing" if INDICATORS[indicator].per_agency else None
    found = [Occurrence(indicator, "north", f"N-{n:04d}", START, status, agency=agency)
             for n, status in enumerate(statuses)]
    [line] = summarise(found, (indicator,))
    return line


@pytest.mark.parametrize(("indicator", "target"), [
    ("R-PI-1", 95), ("R-PI-2", 95), ("R-PI-3", 90), ("R-PI-4", 90), ("R-PI-5", 90), ("R-PI-6", 100),
    ("R-PI-7", 100), ("R-PI-8", 100), ("R-PI-9", 90), ("R-PI-10", 100),
])
def test_each_indicator_is_met_exactly_at_its_target_and_not_one_occurrence_below_it_R_PI_1_to_R_PI_10(
        indicator: str, target: int) -> None:
    at_target = target // 5  # out of 20
    exactly = _line(indicator, at_target, 20 - at_target, pending=3, withdrawn=2)
    below = _line(indicator, at_target - 1, 21 - at_target, pending=3, withdrawn=2)
    assert (exactly.indicator.target, exactly.numerator, exactly.denominator) == (target, at_target, 20)
    assert (exactly.percentage, exactly.met) == (float(target), True)
    assert (below.numerator, below.denominator, below.met) == (at_target - 1, 20, False)
    assert (exactly.pending, exactly.withdrawn, len(exactly.exceptions)) == (3, 2, 20 - at_target)


def test_a_line_with_only_pending_and_withdrawn_occurrences_is_neither_met_nor_not_met_R_PI_1() -> None:
    line = _line("R-PI-1", 0, 0, pending=4, withdrawn=1)
    assert (line.numerator, line.denominator, line.percentage, line.met) == (0, 0, None, None)


# ---- R-PI-2: the Level 2 clock, withdrawn and pending like R-PI-1 ----------------------------------------

L2_DUE = day(84)


@pytest.mark.parametrize(("stop", "why"), [
    (lambda s: s.level(day(60), 3), "changed from Level 2 to Level 3"),
    (lambda s: s.level(day(60), 1), "changed from Level 2 to Level 1"),
    (lambda s: s.archived(day(60)), "was archived"),
    (lambda s: s.recalled(day(60), to_prison=True), "went into custody"),
])
def test_a_level_2_review_is_withdrawn_by_a_level_change_an_archive_or_a_return_to_custody_R_PI_2(
        stop: object, why: str) -> None:
    story = stop(Story().referred(START, 2))  # type: ignore[operator]
    [found] = occurrences("R-PI-2", story)
    assert (found.on, found.status, found.days_late) == (L2_DUE, Status.WITHDRAWN, None)
    assert found.detail == f"withdrawn: {why} on {day(60).isoformat()}"
    [line] = result("R-PI-2", story)
    assert (line.numerator, line.denominator, line.withdrawn) == (0, 0, 1)


def test_a_level_2_review_is_pending_up_to_its_due_date_and_late_the_day_after_R_PI_2() -> None:
    story = Story().referred(START, 2)
    assert statuses(occurrences("R-PI-2", story, as_of=L2_DUE)) == [(L2_DUE, Status.PENDING, None)]
    assert statuses(occurrences("R-PI-2", story, as_of=L2_DUE + timedelta(days=1))) == [
        (L2_DUE, Status.NOT_MET, 1)]


def test_a_level_2_clock_stopped_after_the_due_date_stays_late_to_the_day_it_stopped_R_PI_2() -> None:
    story = Story().referred(START, 2).archived(L2_DUE + timedelta(days=9))
    assert statuses(occurrences("R-PI-2", story)) == [(L2_DUE, Status.NOT_MET, 9)]


def test_a_level_2_clock_runs_only_in_the_community_and_restarts_on_release_R_PI_2() -> None:
    story = Story().referred(START, 2, in_custody=True).released(day(30)).meeting(day(30 + 84), 2)
    assert statuses(occurrences("R-PI-2", story))[0] == (day(114), Status.MET, None)


# ---- R-PI-3 to R-PI-7: meetings held in the period, decided at the meeting --------------------------------


def test_a_meeting_on_the_last_day_of_a_quarter_counts_in_that_quarter_only_R_PI_3_R_PI_4() -> None:
    last_day = quarter(2026, 1).end  # 30 June 2026
    story = Story().referred(START, 2).meeting(last_day, 2, invitations=[
        invited("housing", "absent"), invited("police-scotland", "in-person")])
    for indicator in ("R-PI-3", "R-PI-4"):
        assert len(occurrences(indicator, story, period=quarter(2026, 1))) == 1
        assert occurrences(indicator, story, period=quarter(2026, 2)) == []


def test_attendance_is_decided_at_the_meeting_so_it_is_never_pending_R_PI_3_R_PI_4_R_PI_5() -> None:
    held = date(2026, 5, 4)
    story = Story().referred(START, 2).meeting(held, 2, invitations=[
        invited("housing", "absent"), invited("police-scotland", "remote"), invited("social-work", "absent")])
    found = [o for ind in ("R-PI-3", "R-PI-4", "R-PI-5") for o in occurrences(ind, story, as_of=held)]
    assert [(o.indicator, o.status) for o in found] == [
        ("R-PI-3", Status.NOT_MET), ("R-PI-4", Status.MET), ("R-PI-5", Status.NOT_MET)]


def test_social_work_below_the_agreed_seniority_is_an_exception_R_PI_5() -> None:
    story = Story().referred(START, 2).meeting(date(2026, 5, 4), 2, invitations=[
        invited("social-work", "remote", at_seniority=False)])
    [found] = occurrences("R-PI-5", story)
    assert (found.status, found.detail) == (Status.NOT_MET, "outcome: remote, not at the agreed seniority")


def test_a_dtc_written_report_not_yet_recorded_is_pending_to_the_deadline_then_an_exception_R_PI_7() -> None:
    held, deadline = date(2026, 9, 7), date(2026, 9, 21)  # a Monday; its 10th working day after
    story = Story().referred(START, 2).meeting(held, 2, invitations=[invited("housing", "written")], steps=[
        step("contribution", date(2026, 9, 8), "housing", True, False)])
    assert statuses(occurrences("R-PI-7", story, as_of=deadline)) == [(held, Status.PENDING, None)]
    [late] = occurrences("R-PI-7", story, as_of=deadline + timedelta(days=1))
    assert (late.status, late.detail) == (Status.NOT_MET, "written contribution not recorded in the RMP")


def test_a_responsible_authority_written_report_counts_for_contributions_but_not_attendance_R_PI_4_R_PI_6() -> None:
    story = Story().referred(START, 2).meeting(date(2026, 5, 4), 2, invitations=[
        invited("police-scotland", "written")], steps=[
        step("contribution", date(2026, 5, 5), "police-scotland", True, True)])
    assert [o.status for o in occurrences("R-PI-4", story)] == [Status.NOT_MET]
    assert [o.status for o in occurrences("R-PI-6", story)] == [Status.MET]


# ---- R-PI-8: releases --------------------------------------------------------------------------------------

RELEASE = date(2026, 8, 3)


def _in_custody() -> Story:
    return Story().referred(START, 3, in_custody=True, release_on=RELEASE)


def test_a_release_expected_on_the_as_of_date_itself_is_still_pending_R_PI_8() -> None:
    assert statuses(occurrences("R-PI-8", _in_custody(), as_of=RELEASE)) == [(RELEASE, Status.PENDING, None)]
    assert occurrences("R-PI-8", _in_custody(), as_of=RELEASE - timedelta(days=1))[0].status is Status.PENDING


@pytest.mark.parametrize("leave", [
    lambda s: s.level(date(2026, 7, 1), 2),
    lambda s: s.archived(date(2026, 7, 1)),
])
def test_an_expected_release_stops_being_pending_when_the_case_leaves_level_3_or_mappa_R_PI_8(
        leave: object) -> None:
    story = leave(_in_custody())  # type: ignore[operator]
    assert occurrences("R-PI-8", story, as_of=date(2026, 7, 10)) == []


def test_a_case_raised_to_level_3_on_the_day_of_release_is_counted_R_PI_8() -> None:
    story = Story().referred(START, 2, in_custody=True, release_on=RELEASE).level(RELEASE, 3).released(RELEASE)
    assert statuses(occurrences("R-PI-8", story)) == [(RELEASE, Status.NOT_MET, None)]


# ---- R-PI-9 and R-PI-10: the 10th working day across Christmas 2027, when four substitute days fall ----------

CHRISTMAS_EVE_2027 = date(2027, 12, 24)  # a Friday: 25-26 Dec and 1-2 Jan fall at weekends
# Substitute days Mon 27, Tue 28 Dec, Mon 3, Tue 4 Jan: working days 29, 30, 31 Dec, 5, 6, 7, 10, 11, 12, 13 Jan.
SUBSTITUTE_DEADLINE = date(2028, 1, 13)


def _christmas_meeting(*steps: object) -> Story:
    return Story().referred(date(2027, 4, 1), 3).meeting(
        CHRISTMAS_EVE_2027, 3, invitations=[invited("police-scotland", "in-person")], steps=steps)  # type: ignore[arg-type]


def test_minutes_done_on_the_10th_working_day_after_christmas_eve_2027_are_on_time_R_PI_9_R_CAL_3() -> None:
    on_time = _christmas_meeting(step("minute-ratified", SUBSTITUTE_DEADLINE), step("rmp-updated", SUBSTITUTE_DEADLINE))
    late = _christmas_meeting(step("minute-ratified", date(2028, 1, 14)), step("rmp-updated", date(2028, 1, 10)))
    year = quarter(2027, 3)
    assert statuses(occurrences("R-PI-9", on_time, period=year, as_of=date(2028, 3, 31))) == [
        (CHRISTMAS_EVE_2027, Status.MET, None)]
    assert statuses(occurrences("R-PI-9", late, period=year, as_of=date(2028, 3, 31))) == [
        (CHRISTMAS_EVE_2027, Status.NOT_MET, 1)]


def test_no_disclosure_decision_is_pending_to_the_substitute_day_deadline_and_late_after_R_PI_10() -> None:
    story, q3 = _christmas_meeting(), quarter(2027, 3)
    assert occurrences("R-PI-10", story, period=q3, as_of=SUBSTITUTE_DEADLINE)[0].status is Status.PENDING
    later = occurrences("R-PI-10", story, period=q3, as_of=SUBSTITUTE_DEADLINE + timedelta(days=1))
    assert later[0].status is Status.NOT_MET


# ---- an event recorded late counts in the period of its business date (R-CAL-1) --------------------------


def test_a_release_recorded_late_changes_the_figures_of_the_period_it_happened_in_R_PI_8_R_CAL_1() -> None:
    world = World()
    world.area("north")
    case = world.refer("N-0001", START, 3, in_custody=True, release_on=date(2026, 6, 1))
    world.meet("N-0001", "M-1", date(2026, 4, 20), kind="initial")
    q1 = Scope("north", quarter(2026, 1), as_of=date(2026, 9, 30))

    def release_line() -> tuple[int, int, int]:
        with world.conn() as conn:
            [line] = indicator_results(conn, q1, ("R-PI-8",))
        return line.numerator, line.denominator, line.pending

    assert release_line() == (0, 0, 0)  # expected on 1 June, not recorded: nothing to judge yet
    case.release(world.stamp(date(2026, 8, 15)), date(2026, 6, 1))  # recorded in August, dated 1 June
    world.save(case)
    assert release_line() == (1, 1, 0)


def test_a_ratification_recorded_late_turns_a_late_minute_into_an_on_time_one_R_PI_9_R_CAL_1() -> None:
    world = World()
    world.area("north")
    world.refer("N-0001", START, 3)
    meeting = world.meet("N-0001", "M-1", date(2026, 5, 11))  # deadline: Monday 25 May is a holiday, so 26 May
    q1 = Scope("north", quarter(2026, 1), as_of=date(2026, 6, 30))

    def minutes_line() -> tuple[int, int]:
        with world.conn() as conn:
            [line] = indicator_results(conn, q1, ("R-PI-9",))
        return line.numerator, line.denominator

    assert minutes_line() == (0, 1)
    stamp = world.stamp(date(2026, 7, 3))  # recorded after the quarter, dated before the deadline
    meeting.issue_minute(stamp, date(2026, 5, 19))
    meeting.ratify_minute(stamp, date(2026, 5, 26))
    meeting.update_rmp(stamp, date(2026, 5, 20))
    world.save(meeting)
    assert minutes_line() == (1, 1)
