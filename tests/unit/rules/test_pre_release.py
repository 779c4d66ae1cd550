"""The pre-release Level 3 meeting, R-PI-8 and its deadline R-REM-2 (domain/rules/pre_release.py): given a
case's timeline and meetings, its judgements and obligations; the boundary days; and R-PI-8 against a small
independent oracle."""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.calendar import Period, reporting_year
from domain.rules.case_timeline import CaseChange, fold
from domain.rules.obligation import Obligation, Verdict
from domain.rules.pre_release import (
    ReleaseJudgement,
    Spell,
    counts,
    due_before,
    pre_release_obligations,
    pre_release_step,
    release_judgements,
)

REFERRED = date(2026, 4, 1)
RELEASE = date(2026, 8, 3)
DUE = date(2026, 7, 6)  # 28 days before RELEASE
YEAR = reporting_year(2026)


class Held(NamedTuple):
    held_on: date
    position: int
    kind: str
    level: int
    venue: str
    meeting_ref: str


class Case:
    """A case's changes and meetings, positioned in the order they are added."""

    def __init__(self, release_on: date | None = RELEASE, level: int = 3, on: date = REFERRED) -> None:
        self.changes = [CaseChange(1, on, "referred", level=level, in_custody=True, on_date=release_on)]
        self.meetings: list[Held] = []

    def _position(self) -> int:
        return len(self.changes) + len(self.meetings) + 1

    def change(self, kind: str, on: date, **fields: object) -> Case:
        self.changes.append(CaseChange(self._position(), on, kind, **fields))  # type: ignore[arg-type]
        return self

    def released(self, on: date = RELEASE) -> Case:
        return self.change("released", on)

    def meeting(self, on: date, kind: str = "initial", level: int = 3, venue: str = "community") -> Case:
        self.meetings.append(Held(on, self._position(), kind, level, venue, f"M-{len(self.meetings) + 1}"))
        return self

    def judged(self, as_of: date = date(2027, 3, 31), period: Period = YEAR) -> list[ReleaseJudgement]:
        return release_judgements(fold(self.changes), self.meetings, period, as_of)

    def obligations(self) -> list[Obligation]:
        return pre_release_obligations(fold(self.changes), self.meetings, lambda state: f"{state.kind} {state.since}")


def verdicts(found: list[ReleaseJudgement]) -> list[tuple[date, Verdict, int | None]]:
    return [(j.on, j.verdict, j.days_late) for j in found]


# --- what they share ---------------------------------------------------------------------------------------------


def test_only_an_initial_level_3_community_meeting_counts_for_R_PI_8_and_R_REM_2() -> None:
    assert counts("initial", 3, "community")
    assert not counts("review", 3, "community")
    assert not counts("initial", 2, "community")
    assert not counts("initial", 3, "custody")


def test_the_meeting_is_due_28_days_before_release_R_PI_8_R_REM_2_R_CAL_4() -> None:
    assert due_before(RELEASE) == DUE


# --- R-PI-8 ----------------------------------------------------------------------------------------------------


def test_a_meeting_exactly_28_days_before_release_is_on_time_R_PI_8() -> None:
    [found] = Case().meeting(DUE).released().judged()
    assert found == ReleaseJudgement(RELEASE, DUE, Verdict.MET, found.held)
    assert found.held is not None and found.held.meeting_ref == "M-1"


def test_a_meeting_27_days_before_release_is_one_day_late_R_PI_8() -> None:
    assert verdicts(Case().meeting(DUE + timedelta(days=1)).released().judged()) == [(RELEASE, Verdict.NOT_MET, 1)]


def test_a_meeting_on_the_day_of_release_counts_and_is_28_days_late_R_PI_8() -> None:
    assert verdicts(Case().meeting(RELEASE).released().judged()) == [(RELEASE, Verdict.NOT_MET, 28)]


def test_a_meeting_after_release_does_not_count_R_PI_8() -> None:
    found = Case().released().meeting(RELEASE + timedelta(days=1)).judged()
    assert [(j.verdict, j.held, j.days_late) for j in found] == [(Verdict.NOT_MET, None, None)]


def test_no_counting_meeting_is_not_met_with_no_days_counted_R_PI_8() -> None:
    case = Case().meeting(DUE, kind="review").meeting(DUE, venue="custody").meeting(DUE, level=2).released()
    assert case.judged() == [ReleaseJudgement(RELEASE, DUE, Verdict.NOT_MET)]


def test_the_earliest_counting_meeting_of_the_spell_is_judged_R_PI_8() -> None:
    [found] = Case().meeting(DUE + timedelta(days=5)).meeting(DUE + timedelta(days=3)).released().judged()
    assert (found.verdict, found.days_late) == (Verdict.NOT_MET, 3)
    assert found.held is not None and found.held.meeting_ref == "M-2"


def test_a_meeting_of_an_earlier_custody_spell_does_not_count_R_PI_8() -> None:
    recalled = date(2026, 9, 1)
    second = date(2026, 12, 1)
    case = (Case().meeting(DUE).released().change("recalled", recalled, flag=True)
            .change("release-date-set", recalled, on_date=second).released(second))
    assert verdicts(case.judged()) == [(RELEASE, Verdict.MET, None), (second, Verdict.NOT_MET, None)]


def test_a_release_brought_forward_keeps_the_date_expected_at_the_meeting_R_PI_8() -> None:
    planned, actual = date(2026, 9, 30), date(2026, 8, 20)
    case = (Case(release_on=planned).meeting(date(2026, 8, 1))
            .change("release-date-set", date(2026, 8, 10), on_date=actual).released(actual))
    [found] = case.judged()
    assert (found.verdict, found.days_late, found.expected_then) == (Verdict.NOT_MET, 9, planned)


def test_a_release_of_a_case_not_at_level_3_is_not_judged_R_PI_8() -> None:
    assert Case(level=2).meeting(DUE).released().judged() == []


def test_a_release_outside_the_period_is_not_judged_R_PI_8() -> None:
    assert Case().meeting(DUE).released().judged(period=reporting_year(2027)) == []


def test_an_expected_release_in_the_period_is_pending_on_and_before_its_day_R_PI_8() -> None:
    assert verdicts(Case().judged(as_of=RELEASE)) == [(RELEASE, Verdict.PENDING, None)]
    assert Case().judged(as_of=RELEASE + timedelta(days=1)) == []
    [found] = Case().meeting(DUE).judged(as_of=DUE)
    assert found.held is not None and found.held.held_on == DUE


def test_a_late_meeting_is_judged_against_the_due_date_with_no_other_date_expected_R_PI_8() -> None:
    [found] = Case().meeting(DUE + timedelta(days=1)).released().judged()
    assert found == ReleaseJudgement(RELEASE, DUE, Verdict.NOT_MET, found.held, 1, None)


def test_a_meeting_on_the_day_the_case_entered_custody_counts_R_PI_8_R_REM_2() -> None:
    case = Case().meeting(REFERRED).released()
    assert verdicts(case.judged()) == [(RELEASE, Verdict.MET, None)]
    assert case.obligations() == [Obligation("R-REM-2", RELEASE, DUE, met_on=REFERRED)]


def test_a_release_on_the_as_of_date_is_judged_not_pending_R_PI_8() -> None:
    assert verdicts(Case().meeting(DUE).released().judged(as_of=RELEASE)) == [(RELEASE, Verdict.MET, None)]


def test_a_case_not_yet_referred_on_the_as_of_date_has_no_release_to_judge_R_PI_8() -> None:
    assert Case().judged(as_of=REFERRED - timedelta(days=1)) == []


class Recorded(NamedTuple):
    """A meeting whose fields lead with its reference, as the indicators' meeting facts do."""

    meeting_ref: str
    position: int
    held_on: date
    kind: str
    level: int
    venue: str


def test_the_earliest_meeting_counts_whatever_its_reference_or_position_R_PI_8() -> None:
    meetings = [Recorded("A", 3, DUE + timedelta(days=2), "initial", 3, "community"),
                Recorded("B", 2, DUE, "initial", 3, "community")]
    [found] = release_judgements(fold(Case().released().changes), meetings, YEAR, date(2027, 3, 31))
    assert (found.verdict, found.held) == (Verdict.MET, meetings[1])


def test_a_pending_release_is_due_28_days_before_it_R_PI_8() -> None:
    assert Case().judged(as_of=REFERRED) == [ReleaseJudgement(RELEASE, DUE, Verdict.PENDING)]


def test_no_release_is_pending_for_a_case_not_at_level_3_archived_or_in_the_community_R_PI_8() -> None:
    archived = date(2026, 5, 1)
    assert Case(level=2).judged(as_of=REFERRED) == []
    assert Case().change("archived", archived).judged(as_of=archived) == []
    reopened = Case().change("archived", archived).change("reopened", archived + timedelta(days=1), level=3,
                                                            in_custody=False)
    assert reopened.judged(as_of=archived + timedelta(days=1)) == []


# --- R-REM-2 ---------------------------------------------------------------------------------------------------


def step(current: Obligation | None, on: date, release_on: date | None = RELEASE, held: date | None = None,
         in_custody: bool = True, level: int = 3) -> tuple[Obligation | None, list[Obligation]]:
    return pre_release_step(current, on, Spell(level, in_custody, False, release_on, held), "changed")


def test_a_level_3_case_in_custody_with_a_release_date_owes_a_meeting_28_days_before_R_REM_2() -> None:
    current, changed = step(None, REFERRED)
    assert current == Obligation("R-REM-2", RELEASE, DUE) and changed == [current]
    assert step(None, REFERRED, release_on=None) == (None, [])
    assert step(None, REFERRED, level=2) == (None, [])


def test_a_new_release_date_moves_the_same_obligation_R_REM_2_refined() -> None:
    current, _ = step(None, REFERRED)
    later = RELEASE + timedelta(days=10)
    moved, changed = step(current, date(2026, 5, 1), release_on=later)
    assert moved == Obligation("R-REM-2", RELEASE, due_before(later)) and changed == [moved]
    assert step(moved, date(2026, 5, 2), release_on=later) == (moved, [])


def test_a_meeting_held_before_the_obligation_arose_meets_it_R_REM_2() -> None:
    current, changed = step(None, REFERRED, held=REFERRED - timedelta(days=1))
    assert current == Obligation("R-REM-2", RELEASE, DUE, met_on=REFERRED - timedelta(days=1))
    assert changed[-1] == current


def test_a_met_obligation_is_not_moved_and_not_started_again_R_REM_2_refined() -> None:
    met, _ = step(None, REFERRED, held=DUE)
    assert step(met, date(2026, 7, 10), release_on=RELEASE + timedelta(days=30), held=DUE) == (met, [])


def test_release_without_the_meeting_stops_it_with_the_reason_given_R_REM_2() -> None:
    current, _ = step(None, REFERRED)
    after, changed = pre_release_step(current, RELEASE, Spell(3, False, False, None, None), "released")
    assert after is None and changed == [Obligation("R-REM-2", RELEASE, DUE, stopped_on=RELEASE,
                                                    why_stopped="released")]


# --- R-REM-2 over a case's timeline (pre_release_obligations) -----------------------------------------------


def test_the_first_counting_meeting_of_the_spell_meets_the_obligation_on_its_day_R_REM_2() -> None:
    case = (Case().meeting(DUE - timedelta(days=3), kind="review").meeting(DUE - timedelta(days=2), level=2)
            .meeting(DUE - timedelta(days=1), venue="custody").meeting(DUE).meeting(DUE + timedelta(days=1))
            .released())
    assert case.obligations() == [Obligation("R-REM-2", RELEASE, DUE, met_on=DUE)]


def test_release_without_a_counting_meeting_stops_the_obligation_on_the_release_day_R_REM_2() -> None:
    case = Case().meeting(DUE, kind="review").released().meeting(RELEASE + timedelta(days=1))
    assert case.obligations() == [Obligation("R-REM-2", RELEASE, DUE, stopped_on=RELEASE,
                                             why_stopped=f"released {RELEASE}")]


def test_a_meeting_on_the_release_day_meets_the_obligation_before_the_release_stops_it_R_REM_2() -> None:
    assert Case().meeting(RELEASE).released().obligations() == [Obligation("R-REM-2", RELEASE, DUE,
                                                                           met_on=RELEASE)]


def test_a_new_release_date_moves_the_obligation_a_later_meeting_meets_R_REM_2_refined() -> None:
    moved_on, later = date(2026, 5, 1), date(2026, 9, 1)
    case = (Case().change("release-date-set", moved_on, on_date=later).meeting(date(2026, 6, 1))
            .released(later))
    assert case.obligations() == [Obligation("R-REM-2", RELEASE, due_before(later), met_on=date(2026, 6, 1))]


def test_each_custody_spell_has_its_own_obligation_met_only_by_its_own_meeting_R_REM_2_refined() -> None:
    recalled, second = date(2026, 9, 1), date(2026, 12, 1)
    case = (Case().meeting(DUE).released().change("recalled", recalled, flag=True)
            .change("release-date-set", recalled, on_date=second).released(second))
    assert case.obligations() == [
        Obligation("R-REM-2", RELEASE, DUE, met_on=DUE),
        Obligation("R-REM-2", second, due_before(second), stopped_on=second, why_stopped=f"released {second}"),
    ]


def test_archiving_a_case_in_custody_stops_its_obligation_R_REM_2() -> None:
    archived = date(2026, 5, 1)
    assert Case().change("archived", archived).obligations() == [
        Obligation("R-REM-2", RELEASE, DUE, stopped_on=archived, why_stopped=f"archived {archived}")]


# --- R-PI-8 against an independent oracle ------------------------------------------------------------------------

MEETING = st.tuples(st.integers(0, 200), st.sampled_from(["initial", "review"]), st.sampled_from([2, 3]),
                    st.sampled_from(["community", "custody"]))


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 200), st.lists(MEETING, max_size=5))
def test_each_release_is_judged_as_a_plain_reading_of_R_PI_8_says(release_day: int,
                                                                   meetings: list[tuple[int, str, int, str]]) -> None:
    """Oracle: of the initial Level 3 community meetings from referral to release, the earliest; on time if at
    least 28 days before release, late by the days after that, and not met with no days when there is none."""
    released = REFERRED + timedelta(days=release_day)
    case = Case(release_on=None)
    for day, kind, level, venue in meetings:
        case.meeting(REFERRED + timedelta(days=day), kind, level, venue)
    case.released(released)
    held = sorted(REFERRED + timedelta(days=day) for day, kind, level, venue in meetings
                  if kind == "initial" and level == 3 and venue == "community" and day <= release_day)
    if not held:
        expected = (Verdict.NOT_MET, None)
    else:
        late = (held[0] - (released - timedelta(days=28))).days
        expected = (Verdict.MET, None) if late <= 0 else (Verdict.NOT_MET, late)
    [found] = case.judged(as_of=date(2027, 3, 31), period=Period(REFERRED, date(2027, 3, 31), "all"))
    assert (found.on, found.verdict, found.days_late) == (released, *expected)
