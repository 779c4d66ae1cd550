"""R-PI-8: the initial Level 3 meeting in the community at least 28 days before release."""

from __future__ import annotations

from datetime import date, timedelta

from domain.calendar import quarter
from projections.indicators.model import Status
from tests.unit.indicator_story import Story, occurrences, result, statuses

REFERRED = date(2026, 4, 1)
RELEASE = date(2026, 8, 3)
DEADLINE = RELEASE - timedelta(days=28)  # 2026-07-06


def in_custody(level: int = 3, release_on: date = RELEASE) -> Story:
    return Story().referred(REFERRED, level, in_custody=True, release_on=release_on)


def test_an_initial_meeting_28_days_before_release_is_on_time_R_PI_8() -> None:
    story = in_custody().meeting(DEADLINE, 3, kind="initial").released(RELEASE)
    assert statuses(occurrences("R-PI-8", story)) == [(RELEASE, Status.MET, None)]


def test_an_initial_meeting_27_days_before_release_is_late_by_one_day_R_PI_8() -> None:
    story = in_custody().meeting(DEADLINE + timedelta(days=1), 3, kind="initial").released(RELEASE)
    assert statuses(occurrences("R-PI-8", story)) == [(RELEASE, Status.NOT_MET, 1)]


def test_no_initial_meeting_before_release_is_an_exception_R_PI_8() -> None:
    story = in_custody().released(RELEASE)
    [found] = occurrences("R-PI-8", story)
    assert (found.status, found.days_late) == (Status.NOT_MET, None)
    assert "no initial Level 3 community meeting" in found.detail


def test_a_custody_venue_meeting_is_not_a_meeting_in_the_community_R_PI_8() -> None:
    story = in_custody().meeting(DEADLINE, 3, kind="initial", venue="custody").released(RELEASE)
    assert statuses(occurrences("R-PI-8", story)) == [(RELEASE, Status.NOT_MET, None)]


def test_a_review_meeting_is_not_the_initial_meeting_R_PI_8() -> None:
    story = in_custody().meeting(DEADLINE, 3, kind="review").released(RELEASE)
    assert statuses(occurrences("R-PI-8", story)) == [(RELEASE, Status.NOT_MET, None)]


def test_a_release_date_brought_forward_after_the_meeting_makes_it_an_exception_R_PI_8() -> None:
    planned = date(2026, 9, 30)
    actual = date(2026, 8, 20)
    story = (in_custody(release_on=planned).meeting(date(2026, 8, 1), 3, kind="initial")
             .release_date(date(2026, 8, 10), actual).released(actual))
    [found] = occurrences("R-PI-8", story)
    assert (found.on, found.status, found.days_late) == (actual, Status.NOT_MET, 9)
    assert "release then expected 2026-09-30" in found.detail


def test_a_release_date_put_back_after_the_meeting_only_helps_R_PI_8() -> None:
    later = date(2026, 10, 1)
    story = (in_custody().meeting(DEADLINE + timedelta(days=10), 3, kind="initial")
             .release_date(date(2026, 7, 20), later).released(later))
    assert statuses(occurrences("R-PI-8", story)) == [(later, Status.MET, None)]


def test_a_case_at_level_2_on_release_is_not_counted_R_PI_8() -> None:
    story = in_custody(level=2).released(RELEASE)
    [line] = result("R-PI-8", story)
    assert (line.numerator, line.denominator) == (0, 0)


def test_the_release_belongs_to_the_period_of_the_actual_release_date_R_PI_8() -> None:
    story = in_custody(release_on=date(2026, 6, 20)).release_date(date(2026, 6, 1), RELEASE).released(RELEASE)
    assert occurrences("R-PI-8", story, period=quarter(2026, 1)) == []
    assert statuses(occurrences("R-PI-8", story, period=quarter(2026, 2))) == [(RELEASE, Status.NOT_MET, None)]


def test_a_meeting_of_an_earlier_custody_spell_does_not_count_for_a_later_release_R_PI_8() -> None:
    second = date(2027, 2, 1)
    story = (in_custody().meeting(DEADLINE, 3, kind="initial").released(RELEASE)
             .recalled(date(2026, 10, 1)).released(second))
    assert statuses(occurrences("R-PI-8", story)) == [(RELEASE, Status.MET, None), (second, Status.NOT_MET, None)]


def test_an_expected_release_after_the_as_of_date_is_pending_R_PI_8() -> None:
    story = in_custody().meeting(DEADLINE, 3, kind="initial")
    [found] = occurrences("R-PI-8", story, as_of=date(2026, 7, 10))
    assert (found.on, found.status) == (RELEASE, Status.PENDING)
    [line] = result("R-PI-8", story, as_of=date(2026, 7, 10))
    assert (line.denominator, line.pending) == (0, 1)
