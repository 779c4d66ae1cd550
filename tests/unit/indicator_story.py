"""Builders for the indicator tests: a case's story and its meetings as plain facts, in recording order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import count
from typing import Any

from domain.calendar import Period, WorkingDayCalendar, reporting_year
from projections.indicators.facts import AreaFacts, CaseChange, CaseFacts, Invitation, MeetingFact, Step
from projections.indicators.model import IndicatorResult, Occurrence, Status
from projections.indicators.report import area_occurrences, indicator_report

YEAR = reporting_year(2026)  # 1 April 2026 to 31 March 2027
_positions = count(1)


def position() -> int:
    return next(_positions)


@dataclass
class Story:
    """One case: its lifecycle changes and meetings, each given the next position (the recording order)."""

    reference: str = "N-0001"
    area: str = "north"
    changes: list[CaseChange] = field(default_factory=list)
    meetings: list[MeetingFact] = field(default_factory=list)

    def _change(self, on: date, kind: str, **fields: Any) -> Story:
        self.changes.append(CaseChange(position(), on, kind, **fields))
        return self

    def referred(self, on: date, level: int, in_custody: bool = False, release_on: date | None = None) -> Story:
        return self._change(on, "referred", level=level, in_custody=in_custody, on_date=release_on)

    def level(self, on: date, level: int) -> Story:
        return self._change(on, "level-changed", level=level)

    def release_date(self, on: date, release_on: date) -> Story:
        return self._change(on, "release-date-set", on_date=release_on)

    def released(self, on: date) -> Story:
        return self._change(on, "released")

    def recalled(self, on: date, to_prison: bool = True) -> Story:
        return self._change(on, "recalled", flag=to_prison)

    def archived(self, on: date) -> Story:
        return self._change(on, "archived")

    def reopened(self, on: date, level: int, in_custody: bool = False) -> Story:
        return self._change(on, "reopened", level=level, in_custody=in_custody)

    def meeting(self, on: date, level: int, *, kind: str = "review", venue: str = "community",
                invitations: Sequence[Invitation] = (), steps: Sequence[Step] = (),
                ref: str | None = None) -> Story:
        ref = ref or f"{self.reference}-M{len(self.meetings) + 1}"
        self.meetings.append(MeetingFact(
            meeting_id=ref, meeting_ref=ref, case_id=self.reference, case_reference=self.reference, area=self.area,
            held_on=on, level=level, kind=kind, venue=venue, position=position(), invitations=tuple(invitations),
            steps=tuple(steps),
        ))
        return self

    @property
    def facts(self) -> CaseFacts:
        return CaseFacts(self.reference, self.reference, self.area, tuple(self.changes))


def invited(agency: str, outcome: str, at_seniority: bool = True) -> Invitation:
    from domain.vocabulary import is_responsible_authority

    return Invitation(agency, is_responsible_authority(agency), outcome, at_seniority)


def step(name: str, on: date, value: str | None = None, in_minute: bool | None = None,
         in_rmp: bool | None = None, considered: bool | None = None) -> Step:
    return Step(position(), name, on, value, in_minute, in_rmp, considered)


def area_facts(stories: Iterable[Story], closures: Iterable[date] = (), area: str = "north") -> AreaFacts:
    stories = list(stories)
    meetings = tuple(m for s in stories for m in s.meetings)
    return AreaFacts(area=area, calendar=WorkingDayCalendar(closures), cases=tuple(s.facts for s in stories),
                     review_meetings=meetings, period_meetings=meetings, initial_meetings=meetings)


def occurrences(indicator: str, *stories: Story, period: Period = YEAR, as_of: date = date(2027, 6, 30),
                closures: Iterable[date] = ()) -> list[Occurrence]:
    found = area_occurrences(area_facts(stories, closures), period, as_of)
    return sorted((o for o in found if o.indicator == indicator), key=lambda o: (o.on, o.key))


def result(indicator: str, *stories: Story, period: Period = YEAR, as_of: date = date(2027, 6, 30),
           closures: Iterable[date] = ()) -> list[IndicatorResult]:
    return indicator_report([area_facts(stories, closures)], period, as_of, (indicator,))


def statuses(found: Iterable[Occurrence]) -> list[tuple[date, Status, int | None]]:
    return [(o.on, o.status, o.days_late) for o in found]
