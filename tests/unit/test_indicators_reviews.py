"""R-PI-1 (Level 3 reviews every 42 days) and R-PI-2 (Level 2 reviews every 84 days): the review clocks."""

from __future__ import annotations

from datetime import date, timedelta

from domain.calendar import quarter
from projections.indicators.model import Status
from tests.unit.indicator_story import Story, occurrences, result, statuses

START = date(2026, 4, 1)
DUE = START + timedelta(days=42)  # 2026-05-13


def day(n: int) -> date:
    return START + timedelta(days=n)


def test_a_level_3_review_on_day_42_is_on_time_R_PI_1() -> None:
    story = Story().referred(START, 3).meeting(day(42), 3)
    first = occurrences("R-PI-1", story)[0]
    assert (first.on, first.status, first.days_late) == (DUE, Status.MET, None)


def test_a_level_3_review_on_day_43_is_late_by_one_day_R_PI_1() -> None:
    story = Story().referred(START, 3).meeting(day(43), 3)
    first = occurrences("R-PI-1", story)[0]
    assert (first.on, first.status, first.days_late, first.meeting_ref) == (DUE, Status.NOT_MET, 1, "N-0001-M1")


def test_a_due_date_after_the_as_of_date_is_pending_and_not_counted_R_PI_1() -> None:
    story = Story().referred(START, 3)
    [line] = result("R-PI-1", story, as_of=day(41))
    assert (line.numerator, line.denominator, line.pending, line.percentage, line.met) == (0, 0, 1, None, None)


def test_on_the_due_date_itself_a_review_not_yet_held_is_still_pending_R_PI_1() -> None:
    story = Story().referred(START, 3)
    assert statuses(occurrences("R-PI-1", story, as_of=DUE)) == [(DUE, Status.PENDING, None)]


def test_while_no_review_is_held_days_late_run_to_the_as_of_date_R_PI_1() -> None:
    story = Story().referred(START, 3)
    assert statuses(occurrences("R-PI-1", story, as_of=DUE + timedelta(days=10))) == [(DUE, Status.NOT_MET, 10)]


def test_a_late_review_closes_when_its_meeting_is_held_and_the_clock_restarts_from_it_R_PI_1() -> None:
    story = Story().referred(START, 3).meeting(day(50), 3)
    found = occurrences("R-PI-1", story, as_of=day(60))
    assert statuses(found) == [(DUE, Status.NOT_MET, 8), (day(92), Status.PENDING, None)]


def test_a_change_of_level_before_the_due_date_withdraws_the_review_R_PI_1() -> None:
    story = Story().referred(START, 3).level(day(30), 2)
    found = occurrences("R-PI-1", story)
    assert statuses(found) == [(DUE, Status.WITHDRAWN, None)]
    [line] = result("R-PI-1", story)
    assert (line.denominator, line.withdrawn) == (0, 1)


def test_archiving_before_the_due_date_withdraws_the_review_R_PI_1() -> None:
    story = Story().referred(START, 3).archived(day(20))
    assert statuses(occurrences("R-PI-1", story)) == [(DUE, Status.WITHDRAWN, None)]


def test_a_return_to_custody_before_the_due_date_withdraws_the_review_R_PI_1() -> None:
    story = Story().referred(START, 3).recalled(day(20), to_prison=True)
    assert statuses(occurrences("R-PI-1", story)) == [(DUE, Status.WITHDRAWN, None)]


def test_a_breach_without_recall_to_prison_leaves_the_clock_running_R_PI_1() -> None:
    story = Story().referred(START, 3).recalled(day(20), to_prison=False).meeting(day(42), 3)
    assert statuses(occurrences("R-PI-1", story))[0] == (DUE, Status.MET, None)


def test_a_change_on_the_due_date_itself_withdraws_a_review_not_yet_overdue_R_PI_1() -> None:
    story = Story().referred(START, 3).level(DUE, 2)
    assert statuses(occurrences("R-PI-1", story)) == [(DUE, Status.WITHDRAWN, None)]


def test_a_change_after_the_due_date_leaves_the_review_late_until_the_change_R_PI_1() -> None:
    story = Story().referred(START, 3).level(DUE + timedelta(days=5), 2)
    assert statuses(occurrences("R-PI-1", story)) == [(DUE, Status.NOT_MET, 5)]


def test_the_clock_runs_only_in_the_community_and_restarts_on_release_R_PI_1() -> None:
    released = day(100)
    story = Story().referred(START, 3, in_custody=True, release_on=released).released(released)
    assert statuses(occurrences("R-PI-1", story, as_of=released + timedelta(days=10))) == [
        (released + timedelta(days=42), Status.PENDING, None)]


def test_the_clock_restarts_when_the_level_becomes_3_R_PI_1() -> None:
    story = Story().referred(START, 2).level(day(10), 3).meeting(day(52), 3)
    assert statuses(occurrences("R-PI-1", story))[0] == (day(52), Status.MET, None)


def test_a_meeting_on_the_restart_day_does_not_close_the_window_and_keeps_its_due_date_R_PI_1() -> None:
    story = Story().referred(START, 2).level(day(10), 3).meeting(day(10), 3).meeting(day(52), 3)
    found = occurrences("R-PI-1", story, as_of=day(60))
    assert statuses(found) == [(day(52), Status.MET, None), (day(94), Status.PENDING, None)]


def test_two_meetings_in_one_window_each_close_a_window_on_time_R_PI_1() -> None:
    story = Story().referred(START, 3).meeting(day(10), 3).meeting(day(20), 3)
    found = occurrences("R-PI-1", story, as_of=day(30))
    assert statuses(found) == [(day(42), Status.MET, None), (day(52), Status.MET, None),
                               (day(62), Status.PENDING, None)]


def test_a_meeting_that_decided_a_step_down_the_same_day_still_counts_as_the_review_R_PI_1() -> None:
    story = Story().referred(START, 3).level(day(40), 2).meeting(day(40), 3)
    assert statuses(occurrences("R-PI-1", story))[0] == (DUE, Status.MET, None)


def test_re_opening_at_level_3_in_the_community_starts_the_clock_R_PI_1() -> None:
    story = Story().referred(START, 3).archived(day(5)).reopened(day(100), 3)
    assert statuses(occurrences("R-PI-1", story)) == [
        (DUE, Status.WITHDRAWN, None), (day(142), Status.NOT_MET, (date(2027, 6, 30) - day(142)).days)]


def test_a_due_review_belongs_to_the_period_of_its_due_date_R_PI_1() -> None:
    story = Story().referred(date(2026, 6, 10), 3).meeting(date(2026, 7, 20), 3)
    q1, q2 = quarter(2026, 1), quarter(2026, 2)
    assert occurrences("R-PI-1", story, period=q1) == []
    assert statuses(occurrences("R-PI-1", story, period=q2))[0] == (date(2026, 7, 22), Status.MET, None)


def test_a_level_2_review_on_day_84_is_on_time_and_on_day_85_late_R_PI_2() -> None:
    on_time = Story(reference="N-0001").referred(START, 2).meeting(day(84), 2)
    late = Story(reference="N-0002").referred(START, 2).meeting(day(85), 2)
    assert statuses(occurrences("R-PI-2", on_time))[0] == (day(84), Status.MET, None)
    assert statuses(occurrences("R-PI-2", late))[0] == (day(84), Status.NOT_MET, 1)


def test_a_level_3_meeting_does_not_count_as_a_level_2_review_R_PI_2() -> None:
    story = Story().referred(START, 2).level(day(30), 3).meeting(day(40), 3)
    assert statuses(occurrences("R-PI-2", story)) == [(day(84), Status.WITHDRAWN, None)]


def test_the_level_2_target_is_95_percent_R_PI_2() -> None:
    stories = [Story(reference=f"N-{n:04d}").referred(START, 2).meeting(day(84 if n < 19 else 90), 2)
               for n in range(20)]
    [line] = result("R-PI-2", *stories, as_of=day(100))
    assert (line.numerator, line.denominator, line.percentage, line.met) == (19, 20, 95.0, True)
    [worse] = result("R-PI-2", *stories[1:], as_of=day(100))
    assert (worse.numerator, worse.denominator, worse.met) == (18, 19, False)
