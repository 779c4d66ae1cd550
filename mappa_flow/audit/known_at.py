"""Reports as known at a past moment: the hook for the bitemporal indicator report.

``views_known_at`` projects every read model afresh, into a private in-memory
database, from only the events recorded up to a moment T. Any report that reads
the views can then be produced exactly as the SOG was shown it at T: run the
report's queries on ``projector.engine`` instead of the live views.
``corrections_since`` lists the events recorded after T that concern a period:
which events, recorded when, by whom. Those are exactly the differences between
the report known at T and the report now.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import create_engine, select
from sqlalchemy.pool import StaticPool

from mappa_flow.application import MappaApplication
from mappa_flow.audit.history import kind_of
from mappa_flow.audit.index import CaseIndex, IndexedEvent, indexed_event, utc_naive
from mappa_flow.audit.tables import case_event
from mappa_flow.describe import describe
from mappa_flow.projecting import ApplicationSource, all_views
from projections.runner import Projector
from projections.source import EventSource, Positioned
from projections.view import View


class KnownAtSource:
    """An event source that shows only the events recorded (library timestamp) at or before ``known_at``."""

    def __init__(self, inner: EventSource, known_at: datetime):
        self.inner = inner
        self.known_at = known_at

    def max_position(self) -> int:
        return self.inner.max_position()

    def read(self, after: int, limit: int, topics: Sequence[str] = ()) -> list[Positioned]:
        """Up to ``limit`` kept events: a full batch means more may follow, as the projector expects."""
        kept: list[Positioned] = []
        while len(kept) < limit:
            found = self.inner.read(after, limit, topics)
            kept.extend(p for p in found if p.event.timestamp <= self.known_at)
            if len(found) < limit:
                break
            after = found[-1].position
        return kept[:limit]

    def wait(self, after: int, timeout: float) -> None:
        return None


def views_known_at(app: MappaApplication, known_at: datetime, views: list[View] | None = None) -> Projector:
    """Every read model as it stood at ``known_at``, in a private in-memory database (dispose its engine after)."""
    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    projector = Projector(engine, KnownAtSource(ApplicationSource(app), known_at), views or all_views())
    projector.setup()
    projector.catch_up()
    return projector


@dataclass(frozen=True)
class Correction:
    """An event recorded after the moment a report was produced, about a date that report covered."""

    position: int
    occurred_on: date
    recorded_at: datetime
    recorded_by: str
    kind: str
    summary: str

    def as_dict(self) -> dict[str, Any]:
        return {"position": self.position, "occurred_on": self.occurred_on.isoformat(),
                "recorded_at": self.recorded_at.isoformat(), "recorded_by": self.recorded_by, "kind": self.kind,
                "summary": self.summary}


def corrections_since(index: CaseIndex, known_at: datetime, from_on: date, to_on: date) -> list[Correction]:
    """Case events dated in [from_on, to_on] but recorded after ``known_at``, in recording order."""
    index.catch_up()
    c = case_event.c
    query = (select(case_event).where(c.recorded_at > utc_naive(known_at), c.occurred_on >= from_on,
                                      c.occurred_on <= to_on).order_by(c.position))
    with index.reading() as conn:
        rows = list(conn.execute(query).mappings())
    unique = {int(r["position"]): r for r in rows}  # an event of two cases is indexed twice
    indexed = [indexed_event(row) for _, row in sorted(unique.items())]
    events = index.read(indexed)
    return [_correction(item, events[(item.originator_id, item.originator_version)]) for item in indexed]


def _correction(item: IndexedEvent, event: Any) -> Correction:
    return Correction(item.position, item.occurred_on, item.recorded_at, str(getattr(event, "recorded_by", "")),
                      kind_of(item.topic), describe(event))
