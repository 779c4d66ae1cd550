"""All ten indicators for one area's facts: pure, no database (RULES §4)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta

from domain.calendar import MEETING_DEADLINE_WORKING_DAYS, Period, WorkingDayCalendar
from domain.rules.case_timeline import fold
from projections.indicators.attendance import attendance_occurrences
from projections.indicators.facts import AreaFacts, MeetingFact
from projections.indicators.minutes import disclosure_occurrence, minutes_occurrence
from projections.indicators.model import INDICATORS, IndicatorResult, Occurrence, summarise
from projections.indicators.release import release_occurrences
from projections.indicators.reviews import review_occurrences


def area_occurrences(facts: AreaFacts, period: Period, as_of: date) -> list[Occurrence]:
    """Every occurrence of every indicator in ``period`` for one area, judged as of ``as_of``."""
    found = list(_cases(facts, period, as_of))
    found.extend(_meetings(facts, period, as_of))
    return found


def indicator_report(areas: Iterable[AreaFacts], period: Period, as_of: date,
                     indicators: Sequence[str] = tuple(INDICATORS)) -> list[IndicatorResult]:
    """The report over one area or several together: their occurrences are pooled per indicator."""
    occurrences = [o for facts in areas for o in area_occurrences(facts, period, as_of) if o.indicator in indicators]
    return summarise(occurrences, indicators)


def _by_case(meetings: Iterable[MeetingFact]) -> dict[str, list[MeetingFact]]:
    grouped: dict[str, list[MeetingFact]] = {}
    for meeting in meetings:
        grouped.setdefault(meeting.case_id, []).append(meeting)
    return grouped


def _cases(facts: AreaFacts, period: Period, as_of: date) -> Iterator[Occurrence]:
    """R-PI-1, R-PI-2 and R-PI-8 for each case, its timeline folded once."""
    review_meetings, initial_meetings = _by_case(facts.review_meetings), _by_case(facts.initial_meetings)
    for case in facts.cases:
        states = fold(case.changes)
        yield from review_occurrences(case, review_meetings.get(case.case_id, ()), period, as_of, states)
        yield from release_occurrences(case, initial_meetings.get(case.case_id, ()), period, as_of, states)


class MinuteDeadlines:
    """The 10th working day after each date of a period (R-CAL-3), from one list of the working days.

    Counting working days meeting by meeting is the slow part of a report; here each is a binary search.
    """

    def __init__(self, calendar: WorkingDayCalendar, period: Period):
        self.calendar = calendar
        span = period.days + 45  # room for 10 working days after the period's last day, holidays included
        days = (period.start + timedelta(days=offset) for offset in range(span))
        self.working = [day for day in days if calendar.is_working_day(day)]

    def after(self, day: date) -> date:
        index = bisect_right(self.working, day) + MEETING_DEADLINE_WORKING_DAYS - 1
        if self.working and self.working[0] <= day + timedelta(days=1) and index < len(self.working):
            return self.working[index]
        return self.calendar.working_deadline(day)


def _meetings(facts: AreaFacts, period: Period, as_of: date) -> Iterator[Occurrence]:
    deadlines = MinuteDeadlines(facts.calendar, period)
    for meeting in facts.period_meetings:
        if not period.contains(meeting.held_on) or meeting.held_on > as_of:
            continue
        deadline = deadlines.after(meeting.held_on)
        yield from attendance_occurrences(meeting, deadline, as_of)
        yield minutes_occurrence(meeting, deadline, as_of)
        yield disclosure_occurrence(meeting, deadline, as_of)
