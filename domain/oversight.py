"""What the Strategic Oversight Group records for its own periodic duties (R-REM-6).

- A SOG review: the SOG meets quarterly to review MAPPA performance in its area
  (guidance 18.8). One review per area and date.
- The annual report of a reporting year, published "as soon as practicable
  after the end" of that year (guidance 18.14). One per area and year.

These events meet the periodic deadlines of the deadlines view.
"""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

from domain.calendar import reporting_year
from domain.errors import LifecycleError
from domain.event import MappaAggregate, MappaEvent, Stamp, check_not_future

_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


class SogReview(MappaAggregate):
    TOPIC = "mappa:SogReview"
    class_version = 1  # docs/decisions.md, "Event and snapshot evolution"

    class Event(MappaEvent):
        TOPIC = "mappa:SogReview.Event"

    class Held(MappaAggregate.Created, Event):
        TOPIC = "mappa:SogReview.Held"
        area: str

    def __init__(self, area: str) -> None:
        self.area = area

    @classmethod
    def hold(cls, review_id: UUID, stamp: Stamp, on: date, *, area: str) -> SogReview:
        """R-REM-6: the SOG held its review of the area on ``on``."""
        check_not_future(on, stamp)
        return cls._create(cls.Held, id=review_id, **stamp.event_fields(on), area=area)


class AnnualReport(MappaAggregate):
    TOPIC = "mappa:AnnualReport"
    class_version = 1  # docs/decisions.md, "Event and snapshot evolution"

    class Event(MappaEvent):
        TOPIC = "mappa:AnnualReport.Event"

    class Published(MappaAggregate.Created, Event):
        TOPIC = "mappa:AnnualReport.Published"
        area: str
        year: str  # the reporting year reported on, e.g. "2026-27"

    def __init__(self, area: str, year: str) -> None:
        self.area = area
        self.year = year

    @classmethod
    def publish(cls, report_id: UUID, stamp: Stamp, on: date, *, area: str, year: str) -> AnnualReport:
        """R-REM-6: the annual report of a reporting year is published after that year ends."""
        check_not_future(on, stamp)
        ends_on = reporting_year_end(year)
        if on <= ends_on:
            raise LifecycleError(
                f"the annual report of {year} can only be published after the year ends ({ends_on.isoformat()})",
                field="occurred_on", value=on.isoformat(), rule="R-REM-6",
            )
        return cls._create(cls.Published, id=report_id, **stamp.event_fields(on), area=area, year=year)


def reporting_year_end(year: str) -> date:
    """The last day of the reporting year named like ``2026-27`` (R-CAL-2)."""
    match = _YEAR.fullmatch(year)
    if match is None or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise LifecycleError("a reporting year is named like 2026-27 (R-CAL-2)", field="year", value=year,
                             rule="R-CAL-2")
    return reporting_year(int(match.group(1))).end
