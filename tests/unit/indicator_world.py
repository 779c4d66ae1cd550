"""A small world for the indicator query tests: domain aggregates' events fed to the views, no application."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from sqlalchemy import Connection, create_engine

from domain.area import Area
from domain.case import Case
from domain.event import Stamp
from domain.exception_reason import ExceptionReason
from domain.meeting import Invitation, Meeting
from projections.runner import Projector
from projections.source import ListSource
from projections.views.area import AreaView
from projections.views.case import CaseRegisterView
from projections.views.deadline import DeadlineView
from projections.views.exception import ExceptionReasonView
from projections.views.meeting import MeetingFactsView

TODAY = date(2027, 6, 30)


def some_id(kind: str, name: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"indicator-test:{kind}:{name}")


def moment(on: date, hour: int = 12) -> datetime:
    return datetime(on.year, on.month, on.day, hour, tzinfo=UTC)


class World:
    def __init__(self) -> None:
        self.source = ListSource()
        self.projector = Projector(create_engine("sqlite://"), self.source,
                                   [AreaView(), CaseRegisterView(), MeetingFactsView(), ExceptionReasonView(),
                                    DeadlineView()])  # the indicator occurrences are its rows
        self.projector.setup()
        self.cases: dict[str, Case] = {}
        self.reasons: dict[str, ExceptionReason] = {}

    def stamp(self, recorded_on: date) -> Stamp:
        return Stamp(recorded_by="coord-1", command_id=f"cmd-{len(self.source.items)}",
                     recorded_at=moment(recorded_on), today=TODAY)

    def save(self, *aggregates: Any) -> None:
        for aggregate in aggregates:
            for event in aggregate.collect_events():
                self.source.append(event)

    @contextmanager
    def conn(self) -> Iterator[Connection]:
        self.projector.catch_up()
        with self.projector.engine.connect() as conn:
            yield conn

    # ---- builders --------------------------------------------------------

    def area(self, code: str, *closures: date) -> Area:
        area = Area.register(some_id("area", code), self.stamp(date(2026, 1, 5)), date(2026, 1, 5), code=code,
                             name=code.title())
        for day in closures:
            area.add_closure_day(day, "local holiday", self.stamp(date(2026, 1, 5)), date(2026, 1, 5))
        self.save(area)
        return area

    def refer(self, reference: str, on: date, level: int, *, area: str = "north", in_custody: bool = False,
              release_on: date | None = None, recorded_on: date | None = None) -> Case:
        case = Case.refer(
            some_id("case", reference), self.stamp(recorded_on or on), on, reference=reference, area=area,
            category=1, level=level, referring_agency="police-scotland", in_custody=in_custody,
            expected_release_on=release_on, age_band=None, gender=None, ethnicity=None,
        )
        self.cases[reference] = case
        self.save(case)
        return case

    def meet(self, reference: str, meeting_ref: str, on: date, *, recorded_on: date | None = None,
             outcomes: tuple[tuple[str, str], ...] = (("police-scotland", "in-person"),), kind: str = "review",
             venue: str = "community") -> Meeting:
        meeting = Meeting.hold(
            some_id("meeting", meeting_ref), self.cases[reference], self.stamp(recorded_on or on), on,
            meeting_ref=meeting_ref, kind=kind, venue=venue, chair="chair-1",
            invitations=[Invitation(agency, outcome, True) for agency, outcome in outcomes],
        )
        self.save(meeting)
        return meeting

    def minute_done(self, meeting: Meeting, on: date) -> None:
        stamp = self.stamp(on)
        meeting.issue_minute(stamp, on)
        meeting.ratify_minute(stamp, on)
        meeting.update_rmp(stamp, on)
        meeting.decide_disclosure("disclose", True, stamp, on)
        self.save(meeting)

    def reason(self, key: str, category: str, *, recorded_on: date, agency: str | None = None,
               reference: str = "N-0001", area: str = "north") -> ExceptionReason:
        stamp = self.stamp(recorded_on)
        existing = self.reasons.get(key)
        if existing is None:
            existing = self.reasons[key] = ExceptionReason.explain(
                some_id("reason", key), stamp, recorded_on, indicator=key.split(":")[0], exception_key=key,
                area=area, case_reference=reference, category=category, agency=agency, text="synthetic reason",
            )
        else:
            existing.revise(stamp, recorded_on, category=category, agency=agency, text="synthetic reason, revised")
        self.save(existing)
        return existing
