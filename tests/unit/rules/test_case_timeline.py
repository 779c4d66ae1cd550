"""A case's states over time (domain/rules/case_timeline.py, R-CAL-1, R-CASE-2): what each lifecycle change does
to the state, the business-date order of the fold, and the state at a date or just after a change."""

from __future__ import annotations

from datetime import date, timedelta

from domain.rules.case_timeline import CaseChange, CaseState, fold, state_at

D = date(2026, 5, 4)
LATER = D + timedelta(days=30)


def referred(level: int | None = 3, in_custody: bool = False, release_on: date | None = None) -> CaseChange:
    return CaseChange(1, D, "referred", level=level, in_custody=in_custody, on_date=release_on)


def community(level: int = 3) -> CaseState:
    """The state a referral at ``level`` in the community gives."""
    return CaseState(D, 1, "referred", level, in_custody=False, archived=False, custody_since=D,
                     expected_release_on=None)


def last_state(*changes: CaseChange) -> CaseState:
    return fold(changes)[-1]


# --- each change ------------------------------------------------------------------------------------------


def test_a_referral_starts_the_case_at_its_level_custody_and_expected_release_R_CASE_2() -> None:
    assert fold([referred(level=2, in_custody=True, release_on=LATER)]) == [
        CaseState(D, 1, "referred", 2, in_custody=True, archived=False, custody_since=D, expected_release_on=LATER)]


def test_a_referral_without_a_level_or_custody_is_at_level_1_in_the_community_R_CASE_2() -> None:
    assert fold([CaseChange(1, D, "referred")]) == [community(level=1)]


def test_a_level_change_moves_the_level_from_its_date_and_position_R_CASE_2() -> None:
    assert last_state(referred(), CaseChange(2, LATER, "level-changed", level=2)) == community(level=2)._replace(
        since=LATER, position=2, kind="level-changed")


def test_a_release_date_set_records_the_new_expected_release_R_CASE_2() -> None:
    new_date = LATER + timedelta(days=60)
    changes = (referred(in_custody=True, release_on=LATER), CaseChange(2, LATER, "release-date-set", on_date=new_date))
    assert last_state(*changes) == CaseState(LATER, 2, "release-date-set", 3, in_custody=True, archived=False,
                                             custody_since=D, expected_release_on=new_date)


def test_a_release_puts_the_case_in_the_community_from_that_day_and_clears_the_release_date_R_CASE_2() -> None:
    changes = (referred(in_custody=True, release_on=LATER), CaseChange(2, LATER, "released"))
    assert last_state(*changes) == CaseState(LATER, 2, "released", 3, in_custody=False, archived=False,
                                             custody_since=LATER, expected_release_on=None)


def test_a_recall_to_prison_puts_a_case_in_the_community_into_custody_from_that_day_R_CASE_2() -> None:
    assert last_state(referred(), CaseChange(2, LATER, "recalled", flag=True)) == CaseState(
        LATER, 2, "recalled", 3, in_custody=True, archived=False, custody_since=LATER, expected_release_on=None)


def test_a_recall_not_to_prison_or_of_a_case_already_in_custody_changes_no_state_R_CASE_2() -> None:
    assert fold([referred(), CaseChange(2, LATER, "recalled", flag=False)]) == [community()]
    in_custody = referred(in_custody=True)
    assert fold([in_custody, CaseChange(2, LATER, "recalled", flag=True)]) == fold([in_custody])


def test_an_archive_archives_the_case_and_keeps_the_rest_R_CASE_2() -> None:
    assert last_state(referred(), CaseChange(2, LATER, "archived")) == community()._replace(
        since=LATER, position=2, kind="archived", archived=True)


def test_a_reopening_takes_its_level_and_custody_and_starts_a_new_spell_R_CASE_2() -> None:
    changes = (referred(), CaseChange(2, LATER, "archived"),
               CaseChange(3, LATER + timedelta(days=1), "reopened", level=2, in_custody=True))
    assert last_state(*changes) == CaseState(LATER + timedelta(days=1), 3, "reopened", 2, in_custody=True,
                                             archived=False, custody_since=LATER + timedelta(days=1),
                                             expected_release_on=None)


def test_a_reopening_without_a_level_keeps_the_level_and_is_in_the_community_R_CASE_2() -> None:
    changes = (referred(level=2), CaseChange(2, LATER, "archived"), CaseChange(3, LATER, "reopened"))
    assert last_state(*changes) == community(level=2)._replace(since=LATER, position=3, kind="reopened",
                                                               custody_since=LATER)


def test_changes_before_the_referral_and_changes_of_no_state_are_ignored_R_CASE_2() -> None:
    early = CaseChange(1, D - timedelta(days=1), "level-changed", level=2)
    other = CaseChange(3, LATER, "wanted-declared")
    assert fold([early, CaseChange(2, D, "referred", level=3, in_custody=False), other]) == [
        community()._replace(position=2)]


# --- order ----------------------------------------------------------------------------------------------


def test_a_change_recorded_late_takes_its_place_on_its_own_business_date_R_CAL_1() -> None:
    recorded_first = CaseChange(2, LATER + timedelta(days=10), "level-changed", level=1)
    recorded_late = CaseChange(3, LATER, "level-changed", level=2)
    states = fold([referred(), recorded_first, recorded_late])
    assert [(state.since, state.level) for state in states] == [(D, 3), (LATER, 2), (LATER + timedelta(days=10), 1)]


def test_changes_on_one_date_follow_the_order_they_were_recorded_in_R_CAL_1() -> None:
    states = fold([CaseChange(3, LATER, "level-changed", level=1), referred(),
                   CaseChange(2, LATER, "level-changed", level=2)])
    assert [(state.position, state.level) for state in states] == [(1, 3), (2, 2), (3, 1)]


# --- the state at a date --------------------------------------------------------------------------------


STATES = fold([referred(), CaseChange(2, LATER, "level-changed", level=2), CaseChange(3, LATER, "archived"),
               CaseChange(5, LATER + timedelta(days=9), "reopened"),
               CaseChange(6, LATER + timedelta(days=5), "released")])  # recorded after the reopening


def test_the_state_at_a_date_is_the_last_change_on_or_before_it_R_CAL_1() -> None:
    assert state_at(STATES, D - timedelta(days=1)) is None
    assert state_at(STATES, D) == STATES[0]
    assert state_at(STATES, LATER - timedelta(days=1)) == STATES[0]
    assert state_at(STATES, LATER) == STATES[2]  # the end of the day: after both of its changes
    assert state_at(STATES, LATER + timedelta(days=100)) == STATES[-1]


def test_the_state_just_after_a_change_counts_that_days_changes_up_to_its_position_R_CAL_1() -> None:
    assert state_at(STATES, LATER, position=2) == STATES[1]
    assert state_at(STATES, LATER, position=3) == STATES[2]
    assert state_at(STATES, LATER, position=1) == STATES[0]


def test_a_change_recorded_later_on_an_earlier_day_counts_in_the_state_after_a_change_R_CAL_1() -> None:
    released, reopened = STATES[3:]
    assert (released.kind, released.position, reopened.kind, reopened.position) == ("released", 6, "reopened", 5)
    assert state_at(STATES, reopened.since, position=5) == reopened


# --- whether a review clock runs -------------------------------------------------------------------------


def test_a_review_clock_runs_at_its_level_in_the_community_when_not_archived_R_PI_1_R_PI_2() -> None:
    state = community(level=3)
    assert state.running(3) and not state.running(2)
    assert not state._replace(in_custody=True).running(3)
    assert not state._replace(archived=True).running(3)
