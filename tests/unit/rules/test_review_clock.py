"""The review clock, R-PI-1 / R-PI-2 and R-REM-1 (domain/rules/review_clock.py): given a case's timeline,
its obligations; each boundary day on its own; and the clock against a small independent oracle."""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.rules.case_timeline import CaseChange, CaseState, fold
from domain.rules.obligation import Judgement, Obligation, Verdict
from domain.rules.review_clock import (
    LEVEL_2_REVIEWS,
    LEVEL_3_REVIEWS,
    ReviewClock,
    ReviewRule,
    review_obligations,
)
from projections.deadlines.case_rules import case_deadlines
from projections.deadlines.model import Fact, Kind, Status

D = date(2026, 5, 4)
DUE = D + timedelta(days=42)


class Held(NamedTuple):
    held_on: date
    position: int
    level: int
    meeting_ref: str


class Story:
    """A case's changes and meetings, positioned in the order they are added."""

    def __init__(self) -> None:
        self.changes: list[CaseChange] = []
        self.meetings: list[Held] = []

    def _position(self) -> int:
        return len(self.changes) + len(self.meetings) + 1

    def change(self, kind: str, on: date, **fields: object) -> Story:
        self.changes.append(CaseChange(self._position(), on, kind, **fields))  # type: ignore[arg-type]
        return self

    def referred(self, on: date = D, level: int = 3) -> Story:
        return self.change("referred", on, level=level, in_custody=False)

    def meeting(self, on: date, level: int = 3) -> Story:
        self.meetings.append(Held(on, self._position(), level, f"M-{len(self.meetings) + 1}"))
        return self

    def obligations(self, rule: ReviewRule = LEVEL_3_REVIEWS) -> list[Obligation]:
        return review_obligations(rule, fold(self.changes), self.meetings)


def test_referral_at_level_3_starts_a_review_due_42_days_later_R_PI_1() -> None:
    assert Story().referred().obligations() == [Obligation("R-PI-1", D, DUE)]


def test_referral_at_level_2_starts_a_review_due_84_days_later_R_PI_2() -> None:
    assert Story().referred(level=2).obligations(LEVEL_2_REVIEWS) == [
        Obligation("R-PI-2", D, D + timedelta(days=84))]
    assert Story().referred(level=2).obligations(LEVEL_3_REVIEWS) == []


def test_a_meeting_on_the_restart_day_neither_meets_nor_moves_the_review_R_PI_1() -> None:
    assert Story().referred().meeting(D).obligations() == [Obligation("R-PI-1", D, DUE)]


def test_the_clock_takes_no_step_for_a_meeting_on_its_start_day_R_PI_1() -> None:
    """The deadlines view follows the clock step by step: a same-day meeting must change no obligation."""
    clock = ReviewClock(LEVEL_3_REVIEWS)
    [started] = clock.moved(D, running=True, why="")
    assert clock.meeting(D, level=3, ref="M-1") == []
    assert clock.current == started == Obligation("R-PI-1", D, DUE)


def test_a_meeting_on_the_due_day_meets_the_review_on_time_and_restarts_the_clock_R_PI_1() -> None:
    first, second = Story().referred().meeting(DUE).obligations()
    assert first == Obligation("R-PI-1", D, DUE, met_on=DUE, met_by="M-1")
    assert first.judge(DUE) == Judgement(Verdict.MET)
    assert second == Obligation("R-PI-1", DUE, DUE + timedelta(days=42))


def test_a_meeting_the_day_after_the_due_day_is_one_day_late_R_PI_1() -> None:
    first, _ = Story().referred().meeting(DUE + timedelta(days=1)).obligations()
    assert first.judge(DUE + timedelta(days=30)) == Judgement(Verdict.NOT_MET, 1)


def test_a_meeting_at_another_level_does_not_meet_the_review_R_PI_1() -> None:
    assert Story().referred().meeting(D + timedelta(days=10), level=2).obligations() == [
        Obligation("R-PI-1", D, DUE)]


def test_on_the_due_day_an_unmet_review_is_pending_and_the_next_day_one_day_late_R_PI_1() -> None:
    [review] = Story().referred().obligations()
    assert review.judge(DUE) == Judgement(Verdict.PENDING)
    assert review.judge(DUE + timedelta(days=1)) == Judgement(Verdict.NOT_MET, 1)


def test_a_meeting_after_the_as_of_date_is_not_yet_known_R_PI_1() -> None:
    first, _ = Story().referred().meeting(D + timedelta(days=20)).obligations()
    assert first.judge(D + timedelta(days=19)) == Judgement(Verdict.PENDING)
    assert first.judge(D + timedelta(days=20)) == Judgement(Verdict.MET)


def test_a_level_change_on_the_restart_day_leaves_a_void_obligation_R_PI_1() -> None:
    [review] = Story().referred().change("level-changed", D, level=2).obligations()
    assert review.void and review.stopped_on == D


def test_a_level_change_on_the_due_day_withdraws_the_review_R_PI_1() -> None:
    [review] = Story().referred().change("level-changed", DUE, level=2).obligations()
    assert review.judge(DUE) == Judgement(Verdict.WITHDRAWN)
    assert review.why_stopped == "changed from Level 3 to Level 2"


def test_a_meeting_on_the_day_the_level_changes_counts_as_the_review_R_PI_1() -> None:
    later = D + timedelta(days=30)
    first, second = Story().referred().change("level-changed", later, level=2).meeting(later).obligations()
    assert first.met_on == later and first.judge(later) == Judgement(Verdict.MET)
    assert second.void


def test_custody_after_the_due_day_leaves_the_review_late_until_custody_R_PI_1_refined() -> None:
    recalled = DUE + timedelta(days=5)
    [review] = Story().referred().change("recalled", recalled, flag=True).obligations()
    assert review.stopped_on == recalled and review.why_stopped == "went into custody"
    assert review.judge(DUE + timedelta(days=200)) == Judgement(Verdict.NOT_MET, 5)


def test_an_archive_on_the_due_day_withdraws_the_review_R_PI_1() -> None:
    [review] = Story().referred().change("archived", DUE).obligations()
    assert review.judge(DUE + timedelta(days=9)) == Judgement(Verdict.WITHDRAWN)
    assert review.why_stopped == "was archived"


def test_release_to_the_community_starts_the_clock_R_PI_1() -> None:
    released = D + timedelta(days=100)
    story = Story().change("referred", D, level=3, in_custody=True).change("released", released)
    assert story.obligations() == [Obligation("R-PI-1", released, released + timedelta(days=42))]


def test_a_review_missed_then_custody_is_a_missed_deadline_as_the_indicator_says_R_REM_1_R_PI_1() -> None:
    recalled = DUE + timedelta(days=5)
    facts = [Fact("case-1", 1, D, "referred", level=3, flag=False),
             Fact("case-1", 2, recalled, "recalled", flag=True)]
    [deadline] = [d for d in case_deadlines("case-1", facts) if d.kind is Kind.LEVEL_3_REVIEW]
    assert (deadline.status, deadline.closed_on, deadline.due_on) == (Status.MISSED, recalled, DUE)


def test_a_review_stopped_before_its_due_day_is_a_withdrawn_deadline_R_REM_1() -> None:
    recalled = DUE - timedelta(days=1)
    facts = [Fact("case-1", 1, D, "referred", level=3, flag=False),
             Fact("case-1", 2, recalled, "recalled", flag=True)]
    [deadline] = [d for d in case_deadlines("case-1", facts) if d.kind is Kind.LEVEL_3_REVIEW]
    assert (deadline.status, deadline.closed_on) == (Status.WITHDRAWN, recalled)


# ---- the clock against an oracle -------------------------------------------------------------------------

def oracle(rule: ReviewRule, states: list[CaseState], meetings: list[Held]) -> set[tuple[object, ...]]:
    """The obligations read off the clock's running spells: each spell starts an obligation, every meeting at
    the level after the latest start meets it and starts the next, and the spell's end stops the last one."""
    spells: list[tuple[date, date | None]] = []
    for state in states:
        if spells and spells[-1][1] is None and not state.running(rule.level):
            spells[-1] = (spells[-1][0], state.since)
        elif (not spells or spells[-1][1] is not None) and state.running(rule.level):
            spells.append((state.since, None))
    found: dict[date, tuple[object, ...]] = {}
    for start, end in spells:
        for held in sorted(m.held_on for m in meetings if m.level == rule.level):
            if held > start and (end is None or held <= end):
                found[start] = (start, start + timedelta(days=rule.days), held, None)
                start = held
        found[start] = (start, start + timedelta(days=rule.days), None, end)
    return set(found.values())


KINDS = ("level-changed", "recalled", "released", "archived", "reopened", "meeting")


@st.composite
def stories(draw: st.DrawFn) -> Story:
    story = Story().referred(level=draw(st.sampled_from((2, 3))))
    day = D
    for _ in range(draw(st.integers(0, 14))):
        day += timedelta(days=draw(st.sampled_from((0, 1, 20, 41, 42, 43, 83, 84, 85))))
        kind = draw(st.sampled_from(KINDS))
        level = draw(st.sampled_from((1, 2, 3)))
        if kind == "meeting":
            story.meeting(day, level=level)
        else:
            story.change(kind, day, level=level, in_custody=draw(st.booleans()), flag=True)
    return story


@settings(max_examples=400, deadline=None)
@given(stories())
def test_the_review_clock_agrees_with_an_oracle_of_running_spells_R_PI_1_R_PI_2(story: Story) -> None:
    states = fold(story.changes)
    for rule in (LEVEL_3_REVIEWS, LEVEL_2_REVIEWS):
        got = {(o.arose_on, o.due_on, o.met_on, o.stopped_on) for o in review_obligations(rule, states, story.meetings)}
        assert got == oracle(rule, states, story.meetings)


def test_a_clock_resumed_from_its_running_review_meets_it_at_the_next_meeting_R_PI_1() -> None:
    clock = ReviewClock(LEVEL_3_REVIEWS, Obligation("R-PI-1", D, DUE))
    assert clock.meeting(DUE, level=3, ref="M-1") == [Obligation("R-PI-1", D, DUE, met_on=DUE, met_by="M-1"),
                                                      Obligation("R-PI-1", DUE, DUE + timedelta(days=42))]
