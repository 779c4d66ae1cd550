"""The minute-and-RMP deadline and the disclosure decision of a meeting (R-PI-9, R-REM-3, R-PI-10, R-CAL-3).

Given a meeting's record (when it was held, the first date of each step, the
disclosure decision), the rule gives its obligations; judged on an as-of date
they are met, not met (so many days late) or pending.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

import holidays
from hypothesis import given
from hypothesis import strategies as st

from domain.calendar import WorkingDayCalendar
from domain.rules.minutes import (
    DisclosureObligation,
    MeetingRecord,
    disclosure_obligation,
    judge_disclosure,
    minute_deadline,
    minute_obligation,
)
from domain.rules.obligation import Judgement, Obligation, Verdict

SCOTLAND = WorkingDayCalendar()
HELD = date(2026, 9, 11)  # a Friday; no holiday in the next two weeks
DUE = date(2026, 9, 25)  # the Friday two weeks later: the 10th working day after


def judged(record: MeetingRecord, as_of: date, calendar: WorkingDayCalendar = SCOTLAND) -> Judgement:
    return minute_obligation(record, calendar).judge(as_of)


def both_done(on: date) -> MeetingRecord:
    return MeetingRecord(HELD, minute_ratified_on=on, rmp_updated_on=on)


# --- obligations from facts ---------------------------------------------------------


def test_the_minute_obligation_is_due_on_the_10th_working_day_and_met_on_the_later_step_R_PI_9_R_REM_3() -> None:
    record = MeetingRecord(HELD, minute_ratified_on=date(2026, 9, 22), rmp_updated_on=date(2026, 9, 15))
    assert minute_obligation(record, SCOTLAND) == Obligation("R-PI-9", HELD, DUE, met_on=date(2026, 9, 22))


def test_the_minute_obligation_is_not_met_while_either_step_is_missing_R_PI_9_R_REM_3() -> None:
    assert minute_obligation(MeetingRecord(HELD, minute_ratified_on=HELD), SCOTLAND).met_on is None
    assert minute_obligation(MeetingRecord(HELD, rmp_updated_on=HELD), SCOTLAND).met_on is None
    assert minute_obligation(MeetingRecord(HELD), SCOTLAND) == Obligation("R-PI-9", HELD, DUE)


def test_the_disclosure_decision_is_due_with_the_minute_R_PI_10() -> None:
    record = MeetingRecord(HELD, disclosure="disclose", considered=True)
    assert disclosure_obligation(record, SCOTLAND) == DisclosureObligation(HELD, DUE, "disclose", considered=True)
    assert disclosure_obligation(MeetingRecord(HELD), SCOTLAND) == DisclosureObligation(HELD, DUE, None)


# --- R-PI-9 / R-REM-3 judged on an as-of date ------------------------------------------


def test_both_steps_done_on_the_deadline_day_are_on_time_R_PI_9_R_CAL_3() -> None:
    assert judged(both_done(DUE), as_of=date(2026, 12, 31)) == Judgement(Verdict.MET)


def test_the_later_step_on_the_day_after_the_deadline_is_one_day_late_R_PI_9() -> None:
    record = MeetingRecord(HELD, minute_ratified_on=DUE, rmp_updated_on=DUE + timedelta(days=1))
    assert judged(record, as_of=date(2026, 12, 31)) == Judgement(Verdict.NOT_MET, 1)


def test_a_missing_step_is_pending_when_the_as_of_date_is_the_deadline_day_R_PI_9() -> None:
    assert judged(MeetingRecord(HELD, minute_ratified_on=HELD), as_of=DUE) == Judgement(Verdict.PENDING)


def test_a_missing_step_is_late_by_the_days_from_the_deadline_to_the_as_of_date_R_PI_9() -> None:
    record = MeetingRecord(HELD, rmp_updated_on=HELD)
    assert judged(record, as_of=DUE + timedelta(days=1)) == Judgement(Verdict.NOT_MET, 1)
    assert judged(record, as_of=DUE + timedelta(days=12)) == Judgement(Verdict.NOT_MET, 12)


def test_both_steps_done_before_the_deadline_are_met_before_the_deadline_comes_R_PI_9() -> None:
    assert judged(both_done(date(2026, 9, 14)), as_of=date(2026, 9, 14)) == Judgement(Verdict.MET)


def test_a_local_closure_day_inside_the_window_moves_the_deadline_a_working_day_on_R_CAL_3_R_PI_9() -> None:
    closed = WorkingDayCalendar([date(2026, 9, 16)])
    assert minute_deadline(closed, HELD) == date(2026, 9, 28)
    assert judged(both_done(date(2026, 9, 28)), date(2026, 12, 31), closed) == Judgement(Verdict.MET)
    assert judged(both_done(date(2026, 9, 28)), date(2026, 12, 31)) == Judgement(Verdict.NOT_MET, 3)


def test_a_public_holiday_inside_the_window_is_not_a_working_day_R_CAL_3_R_REM_3() -> None:
    # Fri 18 Dec 2026: 21-24, 29-31 Dec, 5-7 Jan (25, 28 Dec and 1, 4 Jan are Scottish holidays)
    assert minute_deadline(SCOTLAND, date(2026, 12, 18)) == date(2027, 1, 7)


def test_a_meeting_on_the_friday_before_a_bank_holiday_monday_counts_from_tuesday_R_CAL_3_R_PI_9() -> None:
    assert minute_deadline(SCOTLAND, date(2026, 7, 31)) == date(2026, 8, 17)  # Mon 3 Aug: summer bank holiday
    assert minute_deadline(SCOTLAND, date(2026, 5, 1)) == date(2026, 5, 18)  # Mon 4 May: early May bank holiday


# --- R-PI-10 judged on an as-of date ------------------------------------------------


def test_a_recorded_disclosure_decision_is_met_even_when_recorded_after_the_deadline_R_PI_10() -> None:
    obligation = disclosure_obligation(MeetingRecord(HELD, disclosure="defer", considered=True), SCOTLAND)
    assert judge_disclosure(obligation, as_of=DUE + timedelta(days=30)) == Judgement(Verdict.MET)


def test_no_disclosure_decision_is_pending_on_the_deadline_day_and_not_met_the_day_after_R_PI_10() -> None:
    obligation = disclosure_obligation(MeetingRecord(HELD), SCOTLAND)
    assert judge_disclosure(obligation, as_of=DUE) == Judgement(Verdict.PENDING)
    assert judge_disclosure(obligation, as_of=DUE + timedelta(days=1)) == Judgement(Verdict.NOT_MET, None)


# --- against an independent oracle ---------------------------------------------------


@functools.cache
def _scottish_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="SCT", years=year))


def oracle_deadline(held_on: date, closures: frozenset[date]) -> date:
    """Count working days one by one: Monday to Friday, not a holiday, not closed (R-CAL-3)."""
    day, counted = held_on, 0
    while counted < 10:
        day += timedelta(days=1)
        closed = _scottish_holidays(day.year) | closures
        if day.weekday() < 5 and day not in closed:
            counted += 1
    return day


def oracle_verdict(deadline: date, ratified: date | None, updated: date | None, as_of: date) -> tuple[str, int | None]:
    """A step done after ``as_of`` is not known on it."""
    ratified, updated = (None if on is None or on > as_of else on for on in (ratified, updated))
    if ratified is not None and updated is not None:
        done = max(ratified, updated)
        return ("met", None) if done <= deadline else ("not-met", (done - deadline).days)
    return ("pending", None) if as_of <= deadline else ("not-met", (as_of - deadline).days)


def oracle_disclosure(deadline: date, decision: str | None, considered: bool, as_of: date) -> tuple[str, int | None]:
    if decision is not None and considered:
        return ("met", None)
    return ("pending", None) if as_of <= deadline else ("not-met", None)


def _after(held_on: date, offset: int | None) -> date | None:
    return None if offset is None else held_on + timedelta(days=offset)


@given(
    held_on=st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31)),
    closure_offsets=st.frozensets(st.integers(min_value=-3, max_value=30), max_size=6),
    ratified=st.none() | st.integers(min_value=0, max_value=40),
    updated=st.none() | st.integers(min_value=0, max_value=40),
    decision=st.none() | st.sampled_from(["disclose", "do-not-disclose", "defer"]),
    considered=st.booleans(),
    as_of=st.integers(min_value=0, max_value=60),
)
def test_the_minute_rules_agree_with_counting_working_days_one_by_one_R_PI_9_R_REM_3_R_PI_10_R_MTG_3_R_CAL_3(
    held_on: date, closure_offsets: frozenset[int], ratified: int | None, updated: int | None,
    decision: str | None, considered: bool, as_of: int,
) -> None:
    closures = frozenset(held_on + timedelta(days=offset) for offset in closure_offsets)
    today = held_on + timedelta(days=as_of)
    record = MeetingRecord(held_on, _after(held_on, ratified), _after(held_on, updated), decision, considered)
    deadline = oracle_deadline(held_on, closures)
    obligation = minute_obligation(record, WorkingDayCalendar(closures))
    assert obligation.due_on == deadline
    verdict = obligation.judge(today)
    expected = oracle_verdict(deadline, record.minute_ratified_on, record.rmp_updated_on, today)
    assert (verdict.verdict.value, verdict.days_late) == expected
    disclosure = judge_disclosure(disclosure_obligation(record, WorkingDayCalendar(closures)), today)
    assert (disclosure.verdict.value, disclosure.days_late) == oracle_disclosure(deadline, decision, considered, today)
