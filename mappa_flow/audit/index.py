"""The case index: which aggregates and which events concern each case.

A catch-up reads the notifications after its own tracked position and writes,
in one transaction with the new position, a row per aggregate that joined a
case and a row per event of those aggregates. So finding a case's history
never scans the log, and a crash or a second process never indexes an event
twice (the rows' primary keys refuse it, and the loser simply re-reads).

An aggregate joins a case when one of its events names the case: a ``case_id``
or a ``case_reference`` attribute, or a reference to an aggregate that already
belongs to the case (a receipt's ``subject_ids``, an audit's ``meeting_ref``).
So a new aggregate type that carries ``case_id`` or ``case_reference`` joins
case histories with no change here. The case's own stream joins by its
referral.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, Select, select
from sqlalchemy.exc import IntegrityError, OperationalError

from domain.case import Case
from mappa_flow.application import MappaApplication
from mappa_flow.audit.tables import INDEX_NAME, case_event, case_member, case_snapshot
from mappa_flow.store_identity import StoreLog
from projections import origin, tracking

log = logging.getLogger(__name__)

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


def aggregate_of(topic: str) -> str:
    """``mappa:Meeting.Held`` -> ``Meeting``."""
    return topic.split(":", 1)[-1].split(".", 1)[0]


def utc_naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


class CaseIndex:
    def __init__(self, app: MappaApplication, engine: Engine, batch: int = BATCH):
        self.app = app
        self.engine = engine  # writes: one transaction per batch
        self.reader = engine.execution_options(isolation_level="AUTOCOMMIT")  # reads: no BEGIN/ROLLBACK trips
        self.batch = batch
        self.reached: int | None = None  # the position the last catch-up reached
        self.store_log = StoreLog(app, app.store) if app.store else None  # where the rows must come from (origin.py)

    def reading(self) -> Connection:
        """A connection for reading: autocommit, so a query costs no BEGIN/ROLLBACK round trips."""
        return self.reader.connect()

    # ---- keeping it current -----------------------------------------------

    def catch_up(self) -> int:
        """Index every event recorded since the last catch-up. Returns how many notifications were read."""
        for _attempt in range(5):
            try:
                return self._catch_up()
            except (IntegrityError, OperationalError):
                log.info("another process indexed the same events first; re-reading the index position")
        return self._catch_up()

    def _catch_up(self) -> int:
        head = self.app.max_notification_id()
        with self.reading() as conn:
            at = tracking.position_of(conn, INDEX_NAME)
        read = 0
        while at < head:
            notifications = self.app.recorder.select_notifications(at + 1, self.batch, stop=head)
            if not notifications:
                break
            with self.engine.begin() as conn:
                self._index(conn, [(n.id, n.topic, self.app.mapper.to_domain_event(n)) for n in notifications])
                tracking.set_position(conn, INDEX_NAME, notifications[-1].id)
            at, read = notifications[-1].id, read + len(notifications)
        if read and self.store_log is not None:
            with self.engine.begin() as conn:
                origin.anchor(conn, self.store_log, [INDEX_NAME], at)
        self.reached = at
        return read

    def renew(self) -> None:
        """Empty the index if its rows came from another event store or log (projections/origin.py): the next
        catch-up builds it again from this store's events."""
        if self.store_log is None:
            return
        with self.engine.begin() as conn:
            tracking.lock_for_setup(conn)
            stale = origin.foreign(conn, self.store_log, {INDEX_NAME: tracking.position_of(conn, INDEX_NAME)})
            if stale:
                log.warning("the audit index was built from %s; rebuilding it from this store's events",
                            stale[INDEX_NAME])
                for table in (case_snapshot, case_event, case_member):
                    conn.execute(table.delete())
                tracking.set_position(conn, INDEX_NAME, 0)
            if stale or origin.unclaimed(conn, [INDEX_NAME]):
                origin.claim(conn, self.store_log, [INDEX_NAME])

    def _index(self, conn: Connection, batch: Sequence[tuple[int, str, Any]]) -> None:
        wanted = {event.originator_id.hex for _, _, event in batch}
        wanted |= {linked.hex for _, _, event in batch for linked in self._linked_aggregates(event)}
        cases = self._cases_of(conn, wanted)
        members: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        for position, topic, event in batch:
            own = cases.setdefault(event.originator_id.hex, set())
            for case_id in self._cases_named(event, cases) - own:
                own.add(case_id)
                members.append({"case_id": case_id, "originator_id": event.originator_id.hex,
                                "aggregate": aggregate_of(topic), "position": position})
            rows.extend(_event_row(case_id, position, topic, event) for case_id in own)
        if members:
            conn.execute(case_member.insert(), members)
        if rows:
            conn.execute(case_event.insert(), rows)

    @staticmethod
    def _cases_of(conn: Connection, originator_ids: Iterable[str]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        ids = list(originator_ids)
        for start in range(0, len(ids), 500):
            query = select(case_member.c.originator_id, case_member.c.case_id).where(
                case_member.c.originator_id.in_(ids[start:start + 500]))
            for originator_id, case_id in conn.execute(query):
                found.setdefault(originator_id, set()).add(case_id)
        return found

    def _cases_named(self, event: Any, cases: dict[str, set[str]]) -> set[str]:
        """The cases an event names, directly or through an aggregate already in a case."""
        named: set[str] = set()
        if isinstance(event, Case.Referred):
            named.add(event.originator_id.hex)
        case_id = getattr(event, "case_id", None)
        if isinstance(case_id, UUID):
            named.add(case_id.hex)
        reference = getattr(event, "case_reference", None)
        if isinstance(reference, str) and reference:
            named.add(self.app.ids.case(reference).hex)
        for linked in self._linked_aggregates(event):
            named |= cases.get(linked.hex, set())
        return named

    def _linked_aggregates(self, event: Any) -> list[UUID]:
        linked = [i for i in getattr(event, "subject_ids", None) or () if isinstance(i, UUID)]
        meeting_ref = getattr(event, "meeting_ref", None)
        if isinstance(meeting_ref, str) and meeting_ref and not hasattr(event, "case_id"):
            linked.append(self.app.ids.meeting(meeting_ref))
        return linked

    # ---- queries ------------------------------------------------------------

    def position(self) -> int:
        """The log position the index has reached: every event up to it is indexed."""
        if self.reached is not None:
            return self.reached
        with self.reading() as conn:
            return tracking.position_of(conn, INDEX_NAME)

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
