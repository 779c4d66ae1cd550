"""Calendar arithmetic (RULES.md section 1: R-CAL-1 to R-CAL-4).

Holiday dates are the real Scottish ones, as given by the `holidays` package.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import calendar as cal
from domain.calendar import (
    FOUR_WEEKS,
    SIX_WEEKS,
    TWELVE_WEEKS,
    Period,
    WorkingDayCalendar,
    add_days,
    add_months,
    date_range,
    london_today,
    parse_period,
    quarter_of,
    reporting_year_of,
)
from domain.rules.minutes import minute_deadline

SCOTLAND = WorkingDayCalendar()


# --- R-CAL-3: working days ----------------------------------------------------


@pytest.mark.parametrize(
    "holiday",
    [
        date(2026, 1, 1),
        date(2026, 1, 2),  # 2 January is a holiday in Scotland only
        date(2026, 11, 30),  # St Andrew's Day, a Monday
        date(2026, 12, 25),
        date(2026, 12, 28),  # Boxing Day 2026 is a Saturday: substitute Monday
        date(2027, 1, 4),  # 2 January 2027 is a Saturday: substitute Monday
    ],
)
def test_scottish_public_holidays_are_not_working_days_R_CAL_3(holiday: date) -> None:
    assert holiday.weekday() < 5
    assert not SCOTLAND.is_working_day(holiday)


@pytest.mark.parametrize(
    ("substitute", "for_holiday"),
    [
        (date(2027, 12, 27), "Christmas Day, Saturday 25 December 2027"),
        (date(2027, 12, 28), "Boxing Day, Sunday 26 December 2027"),
        (date(2028, 1, 3), "New Year's Day, Saturday 1 January 2028"),
        (date(2028, 1, 4), "2 January, Sunday 2 January 2028"),
    ],
)
def test_substitute_days_in_2027_28_are_not_working_days_R_CAL_3(substitute: date, for_holiday: str) -> None:
    assert not SCOTLAND.is_working_day(substitute), f"substitute for {for_holiday} counted as a working day"


def test_ordinary_weekdays_are_working_days_and_weekends_are_not_R_CAL_3() -> None:
    assert SCOTLAND.is_working_day(date(2026, 9, 16))  # Wednesday
    assert not SCOTLAND.is_working_day(date(2026, 9, 19))  # Saturday
    assert not SCOTLAND.is_working_day(date(2026, 9, 20))  # Sunday


def test_english_only_holidays_are_working_days_in_scotland_R_CAL_3() -> None:
    assert SCOTLAND.is_working_day(date(2026, 4, 6))  # Easter Monday, England and Wales only
    assert SCOTLAND.is_working_day(date(2026, 8, 31))  # August bank holiday, England and Wales only


def test_a_local_closure_day_is_not_a_working_day_for_that_area_only_R_CAL_3() -> None:
    area = WorkingDayCalendar([date(2026, 9, 16)])
    assert not area.is_working_day(date(2026, 9, 16))
    assert SCOTLAND.is_working_day(date(2026, 9, 16))


def test_deadline_after_a_friday_meeting_runs_to_the_friday_two_weeks_later_R_CAL_3() -> None:
    assert minute_deadline(SCOTLAND, date(2026, 9, 11)) == date(2026, 9, 25)


def test_the_meeting_day_itself_is_not_counted_R_CAL_3() -> None:
    assert SCOTLAND.nth_working_day_after(date(2026, 9, 14), 1) == date(2026, 9, 15)


def test_a_local_closure_day_pushes_the_deadline_back_one_working_day_R_CAL_3() -> None:
    area = WorkingDayCalendar([date(2026, 9, 16)])
    assert minute_deadline(area, date(2026, 9, 11)) == date(2026, 9, 28)


def test_a_local_closure_on_a_weekend_does_not_move_the_deadline_R_CAL_3() -> None:
    area = WorkingDayCalendar([date(2026, 9, 19)])
    assert minute_deadline(area, date(2026, 9, 11)) == date(2026, 9, 25)


def test_deadline_for_a_meeting_on_monday_21_december_2026_skips_christmas_and_new_year_R_CAL_3() -> None:
    # Working days: 22, 23, 24, 29, 30, 31 Dec; 5, 6, 7, 8 Jan (25, 28 Dec, 1 and 4 Jan are holidays).
    assert minute_deadline(SCOTLAND, date(2026, 12, 21)) == date(2027, 1, 8)


def test_deadline_for_a_meeting_on_friday_24_december_2027_skips_four_substitute_days_R_CAL_3() -> None:
    # Working days: 29, 30, 31 Dec; 5, 6, 7, 10, 11, 12, 13 Jan (27, 28 Dec, 3, 4 Jan are substitutes).
    assert minute_deadline(SCOTLAND, date(2027, 12, 24)) == date(2028, 1, 13)


def test_deadline_for_a_meeting_held_on_a_saturday_counts_from_monday_R_CAL_3() -> None:
    assert minute_deadline(SCOTLAND, date(2026, 9, 12)) == date(2026, 9, 25)


@pytest.mark.parametrize("n", [0, -1])
def test_asking_for_fewer_than_one_working_day_is_refused_R_CAL_3(n: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        SCOTLAND.nth_working_day_after(date(2026, 9, 11), n)


def test_holiday_tables_are_built_once_per_year_not_per_call_R_CAL_3(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[Any] = []
    real = holidays.country_holidays

    def counting(*args: Any, **kwargs: Any) -> Any:
        built.append(kwargs.get("years"))
        return real(*args, **kwargs)

    monkeypatch.setattr(holidays, "country_holidays", counting)
    cal.scottish_public_holidays.cache_clear()
    area = WorkingDayCalendar()
    for _ in range(2):
        for offset in range(3 * 365):
            area.is_working_day(date(2030, 1, 1) + timedelta(days=offset))
    assert sorted(built) == [2030, 2031, 2032]


@given(
    d=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    n=st.integers(min_value=1, max_value=30),
)
def test_nth_working_day_after_is_a_working_day_with_exactly_n_working_days_up_to_it_R_CAL_3(d: date, n: int) -> None:
    area = WorkingDayCalendar([date(2026, 12, 29), date(2027, 1, 5)])
    result = area.nth_working_day_after(d, n)
    assert result > d
    assert area.is_working_day(result)
    span = (d + timedelta(days=k) for k in range(1, (result - d).days + 1))
    assert sum(1 for day in span if area.is_working_day(day)) == n


# --- R-CAL-4: fixed lengths ---------------------------------------------------


def test_weeks_are_fixed_numbers_of_days_R_CAL_4() -> None:
    assert (FOUR_WEEKS, SIX_WEEKS, TWELVE_WEEKS) == (28, 42, 84)
    assert add_days(date(2026, 12, 20), SIX_WEEKS) == date(2027, 1, 31)
    assert add_days(date(2027, 12, 1), TWELVE_WEEKS) == date(2028, 2, 23)
    assert add_days(date(2026, 3, 1), -FOUR_WEEKS) == date(2026, 2, 1)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 5, 15), 3, date(2026, 8, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),  # leap year
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 12, 31), 3, date(2027, 3, 31)),
        (date(2026, 5, 31), 1, date(2026, 6, 30)),
        (date(2026, 5, 31), -3, date(2026, 2, 28)),
        (date(2099, 11, 29), 3, date(2100, 2, 28)),  # 2100 is not a leap year
    ],
)
def test_months_keep_the_day_number_clamped_to_month_end_R_CAL_4(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


# --- R-CAL-2: reporting periods -----------------------------------------------


def test_a_reporting_year_runs_from_1_april_to_31_march_R_CAL_2() -> None:
    assert parse_period("2026-27") == Period(date(2026, 4, 1), date(2027, 3, 31), "2026-27")


def test_a_reporting_year_label_wraps_at_the_century_R_CAL_2() -> None:
    assert parse_period("2099-00") == Period(date(2099, 4, 1), date(2100, 3, 31), "2099-00")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-27-Q1", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026-27-Q2", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-27-Q3", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-27-Q4", date(2027, 1, 1), date(2027, 3, 31)),
    ],
)
def test_quarters_of_a_reporting_year_R_CAL_2(text: str, start: date, end: date) -> None:
    assert parse_period(text) == Period(start, end, text)


def test_an_explicit_range_parses_from_its_label_R_CAL_2() -> None:
    period = date_range(date(2026, 5, 1), date(2026, 6, 30))
    assert period.label == "2026-05-01..2026-06-30"
    assert parse_period(period.label) == period


def test_surrounding_whitespace_is_ignored_R_CAL_2() -> None:
    assert parse_period(" 2026-27-Q2\n").label == "2026-27-Q2"


def test_a_period_contains_both_its_first_and_last_day_R_CAL_2() -> None:
    period = parse_period("2026-27-Q3")
    assert period.contains(date(2026, 10, 1))
    assert period.contains(date(2026, 12, 31))
    assert not period.contains(date(2026, 9, 30))
    assert not period.contains(date(2027, 1, 1))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-28", "period '2026-28' is not a reporting year"),
        ("2026-26", "period '2026-26' is not a reporting year"),
        ("2026-28-Q1", "period '2026-28-Q1' is not a reporting year"),
        ("2026-27-Q5", "period '2026-27-Q5' has no quarter Q5"),
        ("2026-27-Q0", "period '2026-27-Q0' has no quarter Q0"),
        ("2026", "period '2026' is not a reporting year, quarter or date range"),
        ("", "period '' is not"),
        ("last year", "period 'last year' is not"),
        ("2026-02-30..2026-03-31", "'2026-02-30', which is not a date"),
        ("2026-06-30..2026-05-01", "ends .2026-05-01. before it starts .2026-06-30."),
    ],
)
def test_bad_periods_are_refused_naming_the_value_and_the_accepted_forms_R_CAL_2(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as refused:
        parse_period(text)
    assert "2026-27" in str(refused.value) or "before it starts" in str(refused.value)


def test_a_range_ending_before_it_starts_is_refused_R_CAL_2() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        date_range(date(2026, 6, 30), date(2026, 6, 29))
    with pytest.raises(ValueError, match="before it starts"):
        Period(date(2026, 6, 30), date(2026, 6, 29), "backwards")


def test_a_one_day_range_is_allowed_R_CAL_2() -> None:
    assert date_range(date(2026, 6, 30), date(2026, 6, 30)).days == 1


@pytest.mark.parametrize(
    ("d", "year", "quarter"),
    [
        (date(2026, 4, 1), "2026-27", "2026-27-Q1"),
        (date(2026, 6, 30), "2026-27", "2026-27-Q1"),
        (date(2026, 7, 1), "2026-27", "2026-27-Q2"),
        (date(2026, 12, 31), "2026-27", "2026-27-Q3"),
        (date(2027, 1, 1), "2026-27", "2026-27-Q4"),
        (date(2027, 3, 31), "2026-27", "2026-27-Q4"),
        (date(2027, 4, 1), "2027-28", "2027-28-Q1"),
    ],
)
def test_the_reporting_year_and_quarter_of_a_date_R_CAL_2(d: date, year: str, quarter: str) -> None:
    assert reporting_year_of(d) == parse_period(year)
    assert quarter_of(d) == parse_period(quarter)


def test_the_previous_reporting_year_R_CAL_2() -> None:
    assert parse_period("2026-27").previous() == parse_period("2025-26")


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("2026-27-Q1", "2025-26-Q4"),
        ("2026-27-Q2", "2026-27-Q1"),
        ("2026-27-Q3", "2026-27-Q2"),
        ("2026-27-Q4", "2026-27-Q3"),
    ],
)
def test_the_previous_quarter_R_CAL_2(text: str, previous: str) -> None:
    assert parse_period(text).previous() == parse_period(previous)


def test_the_previous_explicit_range_has_equal_length_and_ends_the_day_before_R_CAL_2() -> None:
    period = date_range(date(2026, 5, 1), date(2026, 6, 30))
    assert period.previous() == date_range(date(2026, 3, 1), date(2026, 4, 30))
    assert period.previous().days == period.days == 61


def test_an_explicit_range_covering_exactly_a_quarter_is_compared_with_the_previous_quarter_R_CAL_2() -> None:
    period = date_range(date(2026, 7, 1), date(2026, 9, 30))
    assert period.previous() == parse_period("2026-27-Q1")


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2998, 12, 31)))
def test_quarters_tile_the_reporting_year_and_follow_each_other_R_CAL_2(d: date) -> None:
    q = quarter_of(d)
    year = reporting_year_of(d)
    assert q.contains(d) and year.contains(d)
    assert year.start <= q.start and q.end <= year.end
    assert q.previous().end == q.start - timedelta(days=1)
    assert year.previous().end == year.start - timedelta(days=1)


# --- R-CAL-1: business dates in Europe/London -----------------------------------


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), date(2026, 3, 28)),  # GMT, the night before BST starts
        (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), date(2026, 3, 29)),  # GMT, BST starts at 01:00 UTC
        (datetime(2026, 6, 30, 22, 59, tzinfo=UTC), date(2026, 6, 30)),  # 23:59 BST
        (datetime(2026, 6, 30, 23, 0, tzinfo=UTC), date(2026, 7, 1)),  # 00:00 BST, next day
        (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), date(2026, 10, 25)),  # 00:30 BST on the last BST day
        (datetime(2026, 10, 25, 23, 30, tzinfo=UTC), date(2026, 10, 25)),  # GMT again
        (datetime(2026, 12, 31, 23, 59, tzinfo=UTC), date(2026, 12, 31)),  # GMT all winter
    ],
)
def test_business_dates_are_calendar_dates_in_london_across_bst_R_CAL_1(instant: datetime, expected: date) -> None:
    assert london_today(instant) == expected


def test_an_aware_instant_in_another_zone_is_converted_to_london_R_CAL_1() -> None:
    tokyo = timezone(timedelta(hours=9))
    assert london_today(datetime(2026, 7, 1, 7, 30, tzinfo=tokyo)) == date(2026, 6, 30)


def test_a_naive_datetime_is_refused_R_CAL_1() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        london_today(datetime(2026, 7, 1, 12, 0))
