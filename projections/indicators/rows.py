"""The indicator occurrences of one case or one meeting over business time (R-PI-1 to R-PI-10, RULES §4).

The deadlines view folds each subject once from all its facts (recompute.py). For a case or a meeting it also
stores the occurrences the indicators judge, as rows that do not depend on an as-of date: each row says what one
occurrence is for the as-of dates in ``[valid_from, valid_to)``. The rulebook decides them: the same functions the
report over facts runs (projections/indicators/reviews.py, release.py, attendance.py, minutes.py), evaluated on
each business date where the occurrences can change, that is every date of the subject's facts and the day after
each due date (pending turns late) and after each expected release (R-PI-8 pending ends). Between two such dates
nothing changes but the days late of an occurrence still late and open, which grow by one a day: such a row keeps
``late_from`` (days late = as-of date - late_from) instead of a fixed ``days_late``.

A report then reads the rows of its period (by ``on``) that hold at its as-of date: a filter, no rule
(projections/indicators/queries.py). Exception keys are the occurrences' keys, unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from domain.calendar import Period, WorkingDayCalendar
from domain.rules.case_timeline import fold
from domain.rules.minutes import minute_deadline
from domain.rules.review_clock import REVIEW_RULES, review_obligations
from projections.deadlines.case_rules import case_record
from projections.deadlines.model import Fact
from projections.indicators.facts import CaseFacts, Invitation, MeetingFact, Step
from projections.indicators.model import Occurrence, Status
from projections.indicators.release import release_occurrences
from projections.indicators.report import meeting_occurrences
from projections.indicators.reviews import review_occurrence

ALL_TIME = Period(date.min, date.max, "all time")  # a subject's rows cover every period: a report picks by ``on``
_DAY = timedelta(days=1)
_LAST = date.max - _DAY


class Row(NamedTuple):
    """One occurrence as it stands for the as-of dates in [valid_from, valid_to) (valid_to None: from then on)."""

    indicator: str
    area: str
    case_reference: str
    on: date
    meeting_ref: str | None
    agency: str | None
    status: Status
    days_late: int | None
    late_from: date | None  # set while late and open: days late = as-of date - late_from
    detail: str
    valid_from: date
    valid_to: date | None

    def holds(self, as_of: date) -> bool:
        return self.valid_from <= as_of and (self.valid_to is None or as_of < self.valid_to)

    def occurrence(self, as_of: date) -> Occurrence:
        """The occurrence this row says it is on ``as_of`` (a date it holds for)."""
        days = (as_of - self.late_from).days if self.late_from is not None else self.days_late
        return Occurrence(self.indicator, self.area, self.case_reference, self.on, self.status, self.meeting_ref,
                          self.agency, days, self.detail)


_Content = tuple[str, str, str, date, str | None, str | None, Status, int | None, date | None, str]


def over_time(evaluate: Callable[[date], Sequence[Occurrence]], days: Iterable[date]) -> list[Row]:
    """The rows of the occurrences ``evaluate`` gives on each as-of date, given every date where they can change
    other than by days late growing (``days``)."""
    ordered = sorted({day for day in days if day <= _LAST})
    opened: dict[tuple[_Content, int], date] = {}
    rows: list[Row] = []
    for n, day in enumerate(ordered):
        following = ordered[n + 1] if n + 1 < len(ordered) else None
        now = evaluate(day)
        late = any(o.days_late is not None for o in now)  # only days late can grow between the dates
        later = evaluate(day + _DAY) if late and (following is None or following > day + _DAY) else None
        contents = _contents(day, now, later)
        for key in [key for key in opened if key not in contents]:
            rows.append(Row(*key[0], opened.pop(key), day))
        for key in contents:
            opened.setdefault(key, day)
    rows.extend(Row(*key[0], valid_from, None) for key, valid_from in opened.items())
    return rows


def _contents(day: date, now: Sequence[Occurrence], later: Sequence[Occurrence] | None) -> set[tuple[_Content, int]]:
    """What each occurrence on ``day`` is, numbered among equals; late and growing when it is one day later."""
    found: set[tuple[_Content, int]] = set()
    aligned = later is not None and len(later) == len(now) and all(
        (a.indicator, a.on, a.meeting_ref, a.agency, a.status) == (b.indicator, b.on, b.meeting_ref, b.agency, b.status)
        for a, b in zip(now, later, strict=True))
    for n, occurrence in enumerate(now):
        days, late_from = occurrence.days_late, None
        if aligned and days is not None and later is not None and later[n].days_late == days + 1:
            days, late_from = None, day - timedelta(days=occurrence.days_late or 0)
        content: _Content = (occurrence.indicator, occurrence.area, occurrence.case_reference, occurrence.on,
                             occurrence.meeting_ref, occurrence.agency, occurrence.status, days, late_from,
                             occurrence.detail)
        count = 0
        while (content, count) in found:
            count += 1
        found.add((content, count))
    return found


class Evaluator(NamedTuple):
    """One subject's occurrences on any as-of date (``at``), and the dates where they can change (``days``)."""

    at: Callable[[date], list[Occurrence]]
    days: list[date]


def case_rows(case_id: str, reference: str, area: str, facts: Iterable[Fact]) -> list[Row]:
    """R-PI-1, R-PI-2 and R-PI-8 for one case, over business time."""
    found = case_evaluator(case_id, reference, area, facts)
    return over_time(found.at, found.days) if found else []


def case_evaluator(case_id: str, reference: str, area: str, facts: Iterable[Fact]) -> Evaluator | None:
    """R-PI-1, R-PI-2 and R-PI-8 for one case, from its facts: its timeline folded once, its review obligations
    made once (they do not depend on the as-of date), judged on each date asked."""
    changes, meetings = case_record(facts)
    if not changes:
        return None
    case = CaseFacts(case_id, reference, area, tuple(changes))
    states = fold(changes)
    obligations = [(rule, obligation) for rule in REVIEW_RULES
                   for obligation in review_obligations(rule, states, meetings) if not obligation.void]

    def at(as_of: date) -> list[Occurrence]:
        found = [review_occurrence(rule, case, obligation, as_of) for rule, obligation in obligations
                 if obligation.arose_on <= as_of]
        found.extend(release_occurrences(case, meetings, ALL_TIME, as_of, states))
        return found

    days = [change.occurred_on for change in changes] + [meeting.held_on for meeting in meetings]
    days += [obligation.due_on + _DAY for _, obligation in obligations if obligation.due_on <= _LAST]
    days += [state.expected_release_on + _DAY for state in states
             if state.expected_release_on is not None and state.expected_release_on <= _LAST]
    return Evaluator(at, days)


def meeting_rows(meeting_id: str, case_id: str, case_reference: str, area: str, facts: Iterable[Fact],
                 calendar: WorkingDayCalendar) -> list[Row]:
    """R-PI-3 to R-PI-7, R-PI-9 and R-PI-10 for one meeting, over business time."""
    found = meeting_evaluator(meeting_id, case_id, case_reference, area, facts, calendar)
    return over_time(found.at, found.days) if found else []


def meeting_evaluator(meeting_id: str, case_id: str, case_reference: str, area: str, facts: Iterable[Fact],
                      calendar: WorkingDayCalendar) -> Evaluator | None:
    """R-PI-3 to R-PI-7, R-PI-9 and R-PI-10 for one meeting, from its facts, once held."""
    facts = list(facts)
    held = next((fact for fact in facts if fact.kind == "held"), None)
    if held is None:
        return None
    invitations = tuple(Invitation(f.ref or "", bool(f.flag), f.ref2 or "", bool(f.flag2))
                        for f in sorted((f for f in facts if f.kind == "invited"), key=lambda f: f.seq))
    steps = tuple(_step(fact) for fact in facts if fact.kind in _STEPS)
    meeting = MeetingFact(meeting_id, held.text or "", case_id, case_reference, area, held.occurred_on,
                          int(held.level or 0), held.ref or "", held.ref2 or "", held.position, invitations, steps)

    def at(as_of: date) -> list[Occurrence]:
        return list(meeting_occurrences(meeting, calendar, as_of))

    days = [held.occurred_on, *(step.occurred_on for step in steps)]
    due_on = minute_deadline(calendar, held.occurred_on)
    if due_on <= _LAST:
        days.append(due_on + _DAY)
    return Evaluator(at, days)


_STEPS = ("minute-ratified", "rmp-updated", "disclosure", "contribution")


def _step(fact: Fact) -> Step:
    if fact.kind == "disclosure":
        return Step(fact.position, fact.kind, fact.occurred_on, fact.ref, considered=fact.flag)
    if fact.kind == "contribution":
        return Step(fact.position, fact.kind, fact.occurred_on, fact.ref, in_minute=fact.flag, in_rmp=fact.flag2)
    return Step(fact.position, fact.kind, fact.occurred_on)
