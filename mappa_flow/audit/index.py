"""The case index, as the auditor reads it: a case's aggregates and events, and the events themselves.

The index is a view of the projector (projections/views/case_index.py), kept current with the other views
by ``mappa-flow project`` and the scheduler, and rebuilt with them. ``catch_up`` brings it (and only it)
up to the newest event first, through a projector of its own over the same views database, so an auditor's
question never waits for the other views; the projector's tracking lock makes two catch-ups at once index
each event once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, Select, select

from mappa_flow.application import MappaApplication
from mappa_flow.projecting import ApplicationSource
from mappa_flow.store_identity import StoreLog
from projections import tracking
from projections.runner import Projector
from projections.views.case_index import INDEX_NAME, CaseIndexView, aggregate_of, case_event, case_member

BATCH = 1000


@dataclass(frozen=True)
class IndexedEvent:
    """One event of a case, as the index knows it (nothing decoded)."""

    position: int
    originator_id: UUID
    originator_version: int
    topic: str
    occurred_on: date
    recorded_at: datetime  # aware, UTC

    @property
    def aggregate(self) -> str:
        return aggregate_of(self.topic)


def utc_naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


class CaseIndex:
    def __init__(self, app: MappaApplication, engine: Engine, batch: int = BATCH):
        """``engine``: the views' database (mappa_flow/projecting.py ``views_engine``)."""
        self.app = app
        self.engine = engine
        self.reader = engine.execution_options(isolation_level="AUTOCOMMIT")  # reads: no BEGIN/ROLLBACK trips
        checked = StoreLog(app, app.store) if app.store else None  # the rows must come from this log (origin.py)
        self.projector = Projector(engine, ApplicationSource(app), [CaseIndexView(app.ids)], batch_size=batch,
                                   log_origin=checked)
        self.reached: int | None = None  # the position the last catch-up reached

    def reading(self) -> Connection:
        """A connection for reading: autocommit, so a query costs no BEGIN/ROLLBACK round trips."""
        return self.reader.connect()

    def setup(self) -> None:
        """Make the index's tables if missing; remake them (to be built again from this store's events) when
        the view's version changed or its rows came from another event store or log (projections/origin.py)."""
        self.projector.setup()

    def catch_up(self) -> int:
        """Index every event recorded since the last catch-up. Returns how many events were read."""
        read = self.projector.catch_up([INDEX_NAME])
        self.reached = self._tracked()
        return read

    def _tracked(self) -> int:
        with self.reading() as conn:
            return tracking.position_of(conn, INDEX_NAME)

    def close(self) -> None:
        self.projector.source.close()  # type: ignore[attr-defined]

    # ---- queries ------------------------------------------------------------

    def position(self) -> int:
        """The log position the index has reached: every event up to it is indexed."""
        if self.reached is not None:
            return self.reached
        return self._tracked()

    def read(self, indexed: Sequence[IndexedEvent], with_first: bool = False) -> dict[tuple[UUID, int], Any]:
        """Decode the given events from the store (and each aggregate's first event if asked), by id and version."""
        wanted: dict[UUID, set[int]] = {}
        for item in indexed:
            wanted.setdefault(item.originator_id, set()).add(item.originator_version)
        found: dict[tuple[UUID, int], Any] = {}
        for originator_id, versions in wanted.items():
            if with_first:
                versions.add(1)
            low, high = min(versions), max(versions)
            for event in self.app.events.get(originator_id, gt=low - 1 if low > 1 else None, lte=high):
                if event.originator_version in versions:
                    found[(originator_id, event.originator_version)] = event
        return found

    def has_case(self, case_id: UUID) -> bool:
        """Whether the case's own stream is indexed (the case was referred)."""
        query = select(case_member.c.aggregate).where(case_member.c.case_id == case_id.hex,
                                                      case_member.c.originator_id == case_id.hex)
        with self.reading() as conn:
            return conn.execute(query).scalar() == "Case"

    def members(self, case_id: UUID) -> dict[UUID, str]:
        """The aggregates of a case, with their type (Case, Meeting, ...)."""
        query = select(case_member.c.originator_id, case_member.c.aggregate).where(
            case_member.c.case_id == case_id.hex)
        with self.reading() as conn:
            return {UUID(hex=o): a for o, a in conn.execute(query)}

    def events(
        self, case_id: UUID, *, on_or_before: date | None = None, after: date | None = None,
        on_or_after: date | None = None, known_at: datetime | None = None, topics: Sequence[str] = (),
    ) -> list[IndexedEvent]:
        """A case's events, in recording order, with the given cut-offs (business dates, recording time)."""
        query = _cut(select(case_event).where(case_event.c.case_id == case_id.hex), on_or_before, after, on_or_after,
                     known_at, topics)
        with self.reading() as conn:
            return [indexed_event(row) for row in conn.execute(query.order_by(case_event.c.position)).mappings()]


def _cut(query: Select[Any], on_or_before: date | None, after: date | None, on_or_after: date | None,
         known_at: datetime | None, topics: Sequence[str]) -> Select[Any]:
    c = case_event.c
    if on_or_before is not None:
        query = query.where(c.occurred_on <= on_or_before)
    if after is not None:
        query = query.where(c.occurred_on > after)
    if on_or_after is not None:
        query = query.where(c.occurred_on >= on_or_after)
    if known_at is not None:
        query = query.where(c.recorded_at <= utc_naive(known_at))
    if topics:
        query = query.where(c.topic.in_(list(topics)))
    return query


def _event_row(case_id: str, position: int, topic: str, event: Any) -> dict[str, Any]:
    recorded_at = utc_naive(event.timestamp)
    return {
        "case_id": case_id, "position": position, "originator_id": event.originator_id.hex,
        "originator_version": event.originator_version, "topic": topic,
        "occurred_on": getattr(event, "occurred_on", None) or recorded_at.date(), "recorded_at": recorded_at,
    }


def indexed_event(row: Any) -> IndexedEvent:
    return IndexedEvent(
        position=int(row["position"]), originator_id=UUID(hex=row["originator_id"]),
        originator_version=int(row["originator_version"]), topic=row["topic"], occurred_on=row["occurred_on"],
        recorded_at=row["recorded_at"].replace(tzinfo=UTC),
    )
