"""R-MTG-3 (refined, RULES.md §10): "disclosure considered" is its own yes / no beside the decision, and
R-PI-10 counts a meeting only when it is yes AND a decision is recorded.

A decision recorded with considered = no is judged like a missing decision: pending up to the minute
deadline (the 10th working day after the meeting, R-CAL-3), not met after it, with no days late.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.calendar import WorkingDayCalendar
from domain.rules.minutes import MeetingRecord, disclosure_obligation, judge_disclosure
from domain.rules.obligation import Judgement, Verdict

SCOTLAND = WorkingDayCalendar()
HELD = date(2026, 9, 11)  # a Friday; no holiday in the next two weeks
DUE = date(2026, 9, 25)  # the 10th working day after


def verdict(record: MeetingRecord, as_of: date) -> Judgement:
    return judge_disclosure(disclosure_obligation(record, SCOTLAND), as_of)


@pytest.mark.parametrize("as_of", [HELD, DUE, DUE + timedelta(days=1), DUE + timedelta(days=90)])
def test_considered_yes_with_a_decision_is_met_on_any_day_R_PI_10_R_MTG_3(as_of: date) -> None:
    assert verdict(MeetingRecord(HELD, disclosure="defer", considered=True), as_of) == Judgement(Verdict.MET)


def test_considered_no_with_a_decision_is_pending_up_to_and_on_the_deadline_R_PI_10_R_MTG_3() -> None:
    record = MeetingRecord(HELD, disclosure="do-not-disclose", considered=False)
    assert verdict(record, HELD) == Judgement(Verdict.PENDING)
    assert verdict(record, DUE) == Judgement(Verdict.PENDING)


def test_considered_no_with_a_decision_is_not_met_after_the_deadline_R_PI_10_R_MTG_3() -> None:
    record = MeetingRecord(HELD, disclosure="disclose", considered=False)
    assert verdict(record, DUE + timedelta(days=1)) == Judgement(Verdict.NOT_MET, None)
    assert verdict(record, DUE + timedelta(days=90)) == Judgement(Verdict.NOT_MET, None)


def test_considered_yes_without_a_decision_is_not_met_after_the_deadline_R_PI_10_R_MTG_3() -> None:
    record = MeetingRecord(HELD, disclosure=None, considered=True)
    assert verdict(record, DUE) == Judgement(Verdict.PENDING)
    assert verdict(record, DUE + timedelta(days=1)) == Judgement(Verdict.NOT_MET, None)


def test_a_record_that_does_not_say_considered_is_not_taken_as_considered_R_MTG_3() -> None:
    assert verdict(MeetingRecord(HELD, disclosure="defer"), DUE + timedelta(days=1)) == Judgement(Verdict.NOT_MET)
