"""Builders for the register tests: events made by the domain's own commands, projected with no application.

``World`` records every event its aggregates emit, in the order they were
recorded, so a test can record an event late (a past business date, a later
recording time) and see it counted in its own period.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from domain.case import Case
from domain.event import Stamp
from projections.runner import Projector
from projections.source import ListSource
from projections.view import View
from tests.unit.given import some_id

TODAY = date(2027, 6, 30)


class World:
    def __init__(self) -> None:
        self.events: list[Any] = []
        self.cases: dict[str, Case] = {}
        self._recorded_at = datetime(2026, 4, 1, 9, tzinfo=UTC)
        self._commands = 0

    def stamp(self) -> Stamp:
        """A stamp one minute after the last one: the recording order is the call order."""
        self._recorded_at += timedelta(minutes=1)
        self._commands += 1
        return Stamp("coord-1", f"cmd-{self._commands}", self._recorded_at, TODAY)

    @property
    def recorded_at(self) -> datetime:
        return self._recorded_at

    def keep(self, aggregate: Any) -> Any:
        self.events.extend(aggregate.collect_events())
        return aggregate

    def refer(self, reference: str, on: date, *, category: int = 1, level: int = 2, in_custody: bool = False,
              area: str = "north", age_band: str | None = None, gender: str | None = None) -> Case:
        case = Case.refer(
            some_id(reference), self.stamp(), on, reference=reference, area=area, category=category, level=level,
            referring_agency="police-scotland", in_custody=in_custody, expected_release_on=None,
            age_band=age_band, gender=gender, ethnicity=None,
        )
        self.cases[reference] = case
        return self.keep(case)

    def on_case(self, reference: str, command: str, *args: Any, on: date) -> None:
        case = self.cases[reference]
        getattr(case, command)(*args, self.stamp(), on)
        self.keep(case)


def projected(views: Sequence[View], events: Sequence[Any], batch_size: int = 500) -> sa.Engine:
    """An in-memory SQLite database with ``views`` caught up on ``events``."""
    engine = sa.create_engine("sqlite://")
    projector = Projector(engine, ListSource(events), views, batch_size=batch_size)
    projector.setup()
    projector.catch_up()
    return engine
