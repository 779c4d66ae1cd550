"""Reports as known at a past moment, and the later corrections that changed them.

The indicator reports take ``known_at`` (``Scope.known_at``): they leave out
every fact recorded after it, and use the area calendars known then, so the
SOG can reproduce exactly the figures it was shown at a meeting.
``report_corrections`` lists the events the report reads that were recorded
after that moment: which events, about what, dated when, recorded when and by
whom. Those are exactly the differences between the report then and now.

``views_of`` projects every read model afresh, into a private in-memory
database, from only the events a predicate keeps; ``views_known_at`` keeps the
events recorded up to a moment. The tests use them as the oracle: the report
from the views as known at T equals the report known at T from the live views.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import StaticPool

from mappa_flow.application import MappaApplication
from mappa_flow.audit.history import kind_of
from mappa_flow.describe import describe
from mappa_flow.projecting import ApplicationSource, all_views
from projections.indicators import Scope, exception_rows
from projections.indicators.late import recorded_after
from projections.runner import Projector
from projections.source import EventSource, Positioned
from projections.view import View

Keep = Callable[[Positioned], bool]


class KeptSource:
    """An event source that shows only the events ``keep`` accepts."""

    def __init__(self, inner: EventSource, keep: Keep):
        self.inner = inner
        self.keep = keep

    def max_position(self) -> int:
        return self.inner.max_position()

    def read(self, after: int, limit: int, topics: Sequence[str] = ()) -> list[Positioned]:
        """Up to ``limit`` kept events: a full batch means more may follow, as the projector expects."""
        kept: list[Positioned] = []
        while len(kept) < limit:
            found = self.inner.read(after, limit, topics)
            kept.extend(p for p in found if self.keep(p))
            if len(found) < limit:
                break
            after = found[-1].position
        return kept[:limit]

    def wait(self, after: int, timeout: float) -> None:
        return None


def views_of(app: MappaApplication, keep: Keep, views: list[View] | None = None) -> Projector:
    """Every read model built from only the events ``keep`` accepts, in memory (dispose its engine after)."""
    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False},
                           hide_parameters=True)
    projector = Projector(engine, KeptSource(ApplicationSource(app), keep), views or all_views())
    projector.setup()
    projector.catch_up()
    return projector


def views_known_at(app: MappaApplication, known_at: datetime, views: list[View] | None = None) -> Projector:
    """Every read model as it stood at ``known_at`` (aware): only the events recorded by then."""
    return views_of(app, lambda p: bool(p.event.timestamp <= known_at), views)


@dataclass(frozen=True)
class Correction:
    """An event recorded after a report was produced that the report, produced now, reads."""

    position: int
    occurred_on: date
    recorded_at: datetime
    recorded_by: str
    kind: str  # Case.LevelChanged
    record: str  # Case N-0002, Meeting M-1, Area north, Exception R-PI-1:N-0001:2026-05-14
    summary: str

    @property
    def case_reference(self) -> str | None:
        """The case this correction names, if it names one: ``Case N-0002``, ``Exception R-PI-1:N-0001:...``."""
        kind, _, name = self.record.partition(" ")
        if kind == "Case":
            return name
        parts = name.split(":")
        return parts[1] if kind == "Exception" and len(parts) >= 3 else None

    def as_dict(self) -> dict[str, Any]:
        return {"position": self.position, "occurred_on": self.occurred_on.isoformat(),
                "recorded_at": self.recorded_at.isoformat(), "recorded_by": self.recorded_by, "kind": self.kind,
                "record": self.record, "summary": self.summary}


def report_corrections(app: MappaApplication, conn: Connection, scope: Scope, known_at: datetime) -> list[Correction]:
    """The events recorded after ``known_at`` that the report of ``scope`` reads (``conn``: the live views)."""
    then = Scope(scope.area, scope.period, scope.as_of, known_at=known_at, case_reference=scope.case_reference)
    keys = {row.occurrence.key for chosen in (scope, then) for row in exception_rows(conn, chosen)}
    return [_correction(app, fact.position, fact.record) for fact in recorded_after(conn, scope, known_at, keys)]


def _correction(app: MappaApplication, position: int, record: str) -> Correction:
    [notification] = app.recorder.select_notifications(position, 1, stop=position)
    event: Any = app.mapper.to_domain_event(notification)
    return Correction(position, event.occurred_on, event.timestamp, str(getattr(event, "recorded_by", "")),
                      kind_of(notification.topic), record, describe(event))
