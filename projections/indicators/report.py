"""All ten indicators for one area's facts: pure, no database (RULES §4)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from domain.calendar import Period, WorkingDayCalendar
from domain.rules.case_timeline import fold
from domain.rules.minutes import disclosure_obligation, minute_obligation
from projections.indicators.attendance import attendance_occurrences
from projections.indicators.facts import AreaFacts, MeetingFact
from projections.indicators.minutes import disclosure_occurrence, meeting_record, minutes_occurrence
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


def _meetings(facts: AreaFacts, period: Period, as_of: date) -> Iterator[Occurrence]:
    """R-PI-3 to R-PI-7, R-PI-9 and R-PI-10 for each meeting held in the period by ``as_of``."""
    for meeting in facts.period_meetings:
        if period.contains(meeting.held_on):
            yield from meeting_occurrences(meeting, facts.calendar, as_of)


def meeting_occurrences(meeting: MeetingFact, calendar: WorkingDayCalendar, as_of: date) -> Iterator[Occurrence]:
    """R-PI-3 to R-PI-7, R-PI-9 and R-PI-10 for one meeting, once held (on or before ``as_of``)."""
    if meeting.held_on > as_of:
        return
    record = meeting_record(meeting, as_of)
    minute = minute_obligation(record, calendar)
    yield from attendance_occurrences(meeting, minute.due_on, as_of)
    yield minutes_occurrence(meeting, record, minute, as_of)
    yield disclosure_occurrence(meeting, disclosure_obligation(record, calendar), as_of)
