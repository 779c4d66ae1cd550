"""R-PI-9 (minute ratified and RMP updated by the 10th working day) and R-PI-10 (disclosure considered and the
decision recorded, R-MTG-3)."""

from __future__ import annotations

from datetime import date

from projections.indicators.model import Status
from tests.unit.indicator_story import Story, invited, occurrences, result, statuses, step

CHRISTMAS_MEETING = date(2026, 12, 21)  # Monday
# 10 working days after, skipping 25 Dec, 28 Dec (Boxing Day substitute), 1 Jan and 4 Jan (2 Jan substitute):
CHRISTMAS_DEADLINE = date(2027, 1, 8)


def meeting(on: date, *steps: object) -> Story:
    return Story().referred(date(2026, 4, 1), 3).meeting(on, 3, invitations=[invited("police-scotland", "in-person")],
                                                         steps=steps)  # type: ignore[arg-type]


def done(on: date) -> tuple[object, ...]:
    return (step("minute-issued", on), step("minute-ratified", on), step("rmp-updated", on))


def test_minute_and_rmp_on_the_10th_working_day_across_christmas_and_new_year_are_on_time_R_PI_9() -> None:
    story = meeting(CHRISTMAS_MEETING, *done(CHRISTMAS_DEADLINE))
    assert statuses(occurrences("R-PI-9", story)) == [(CHRISTMAS_MEETING, Status.MET, None)]


def test_minute_and_rmp_the_working_day_after_are_late_R_PI_9() -> None:
    story = meeting(CHRISTMAS_MEETING, *done(date(2027, 1, 11)))
    assert statuses(occurrences("R-PI-9", story)) == [(CHRISTMAS_MEETING, Status.NOT_MET, 3)]


def test_a_local_closure_day_moves_the_deadline_R_PI_9() -> None:
    story = meeting(CHRISTMAS_MEETING, *done(date(2027, 1, 11)))
    found = occurrences("R-PI-9", story, closures=[date(2027, 1, 7)])
    assert statuses(found) == [(CHRISTMAS_MEETING, Status.MET, None)]
    assert "deadline 2027-01-11" in found[0].detail


def test_a_minute_ratified_without_the_rmp_update_is_not_met_R_PI_9() -> None:
    story = meeting(CHRISTMAS_MEETING, step("minute-issued", date(2026, 12, 22)),
                    step("minute-ratified", date(2026, 12, 23)))
    [found] = occurrences("R-PI-9", story, as_of=date(2027, 1, 20))
    assert (found.status, found.days_late) == (Status.NOT_MET, 12)
    assert found.detail == "minute ratified 2026-12-23, RMP not updated; deadline 2027-01-08"


def test_pending_while_the_deadline_is_on_or_after_the_as_of_date_and_not_both_done_R_PI_9() -> None:
    story = meeting(CHRISTMAS_MEETING, step("minute-ratified", date(2026, 12, 23)))
    assert statuses(occurrences("R-PI-9", story, as_of=CHRISTMAS_DEADLINE)) == [
        (CHRISTMAS_MEETING, Status.PENDING, None)]
    [line] = result("R-PI-9", story, as_of=CHRISTMAS_DEADLINE)
    assert (line.denominator, line.pending) == (0, 1)


def test_both_done_before_the_deadline_is_decided_even_before_the_deadline_R_PI_9() -> None:
    story = meeting(CHRISTMAS_MEETING, *done(date(2026, 12, 23)))
    assert statuses(occurrences("R-PI-9", story, as_of=date(2026, 12, 24))) == [(CHRISTMAS_MEETING, Status.MET, None)]


def test_a_step_dated_after_the_as_of_date_is_not_yet_known_R_PI_9() -> None:
    story = meeting(CHRISTMAS_MEETING, *done(date(2027, 1, 5)))
    assert statuses(occurrences("R-PI-9", story, as_of=date(2027, 1, 4))) == [
        (CHRISTMAS_MEETING, Status.PENDING, None)]


def test_the_minutes_target_is_90_percent_R_PI_9() -> None:
    stories = [meeting(date(2026, 6, 1 + n), *done(date(2026, 6, 1 + n) if n < 9 else date(2026, 8, 1)))
               for n in range(10)]
    [line] = result("R-PI-9", *stories, as_of=date(2026, 12, 31))
    assert (line.numerator, line.denominator, line.percentage, line.met) == (9, 10, 90.0, True)


def test_a_recorded_disclosure_decision_is_met_R_PI_10() -> None:
    story = meeting(date(2026, 6, 1), step("disclosure", date(2026, 6, 1), "do-not-disclose", considered=True))
    [found] = occurrences("R-PI-10", story)
    assert (found.status, found.detail) == (Status.MET, "decision: do-not-disclose")


def test_no_disclosure_decision_is_pending_until_the_minute_deadline_then_an_exception_R_PI_10() -> None:
    held = date(2026, 9, 7)  # a Monday; its minute deadline is 2026-09-21
    story = meeting(held)
    assert statuses(occurrences("R-PI-10", story, as_of=date(2026, 9, 21))) == [(held, Status.PENDING, None)]
    assert statuses(occurrences("R-PI-10", story, as_of=date(2026, 9, 22))) == [(held, Status.NOT_MET, None)]


def test_a_disclosure_decision_recorded_late_still_counts_once_recorded_R_PI_10() -> None:
    story = meeting(date(2026, 6, 1), step("disclosure", date(2026, 7, 1), "defer", considered=True))
    assert statuses(occurrences("R-PI-10", story, as_of=date(2026, 6, 30)))[0][1] is Status.NOT_MET
    assert statuses(occurrences("R-PI-10", story, as_of=date(2026, 7, 1)))[0][1] is Status.MET


def test_a_decision_recorded_with_disclosure_not_considered_is_pending_then_an_exception_naming_both_R_PI_10_R_MTG_3(
) -> None:
    held = date(2026, 9, 7)  # a Monday; its minute deadline is 2026-09-21
    story = meeting(held, step("disclosure", held, "do-not-disclose", considered=False))
    [pending] = occurrences("R-PI-10", story, as_of=date(2026, 9, 21))
    assert (pending.status, pending.detail) == (
        Status.PENDING,
        "decision: do-not-disclose, but disclosure not recorded as considered yet; minute due 2026-09-21")
    [late] = occurrences("R-PI-10", story, as_of=date(2026, 9, 22))
    assert (late.status, late.days_late, late.detail) == (
        Status.NOT_MET, None, "decision: do-not-disclose, but disclosure not recorded as considered")
