"""A fold state saved between batches (projections/deadlines/checkpoint.py) reads back as it was, and the same
state always gives the same text, whatever order its facts were folded in."""

from __future__ import annotations

from datetime import date

from projections.deadlines.case_rules import CaseState
from projections.deadlines.checkpoint import dump_meeting, dump_state, load_meeting, load_state
from projections.deadlines.item_rules import MeetingState
from projections.deadlines.model import Deadline, Kind, Status


def test_a_meeting_state_gives_one_text_whichever_step_was_folded_first() -> None:
    ratified_first = MeetingState(date(2025, 6, 11), 92, {"minute-ratified": (date(2025, 6, 20), 110),
                                                           "rmp-updated": (date(2025, 6, 18), 104)})
    rmp_first = MeetingState(date(2025, 6, 11), 92, {"rmp-updated": (date(2025, 6, 18), 104),
                                                      "minute-ratified": (date(2025, 6, 20), 110)})
    assert dump_meeting(ratified_first) == dump_meeting(rmp_first)
    assert load_meeting(dump_meeting(rmp_first)) == rmp_first


def test_a_case_state_reads_back_as_it_was_saved() -> None:
    review = Deadline(Kind.LEVEL_3_REVIEW, "case-1", date(2026, 1, 5), date(2026, 2, 16))
    pre_release = Deadline(Kind.PRE_RELEASE_MEETING, "case-1", date(2026, 9, 1), date(2026, 8, 4),
                           Status.WITHDRAWN, date(2026, 3, 2), "superseded: release date changed on 2026-03-02")
    state = CaseState(level=3, in_custody=False, release_on=None, custody_since=date(2024, 4, 1),
                      why="released on 2026-01-05",
                      clocks={Kind.LEVEL_3_REVIEW: review, Kind.LEVEL_2_REVIEW: None}, pre_release=pre_release,
                      last=(date(2026, 1, 5), 2, 7001))
    assert load_state("case-1", dump_state(state), (date(2026, 1, 5), 2, 7001)) == state
