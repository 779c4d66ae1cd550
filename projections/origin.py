"""Where each reader of the log got its rows: which event store, and which log, so rows from another are never read.

A view's rows are derived from one event store's log. When that store is replaced under them (a new
SQLite file beside the old views file, a PostgreSQL events table emptied) the rows and the tracked
position describe a log that is gone: new events below the position would be skipped and the old
store's rows served. So each reader (a view, the case index among them) keeps a row here: the id of the store
it reads (``mappa_store``, mappa_flow/store_identity.py) and an anchor, a position it has passed with
the event the log held there.

Opening the readers checks each against the log: another store id, a position beyond the log's head,
an anchor event the log no longer holds, or rows with no origin recorded (made before this table
existed) mean the reader's rows are foreign. The caller then empties the reader and it is rebuilt from
this log's events.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Protocol

from sqlalchemy import BigInteger, Column, Connection, String, Table, select

from projections import tracking, versions
from projections.bulk import upsert_rows
from projections.view import View, metadata

logger = logging.getLogger(__name__)

origin = Table(
    "mappa_view_origin",
    metadata,
    Column("reader", String(64), primary_key=True),  # a view's name
    Column("store_id", String(32), nullable=False),  # the event store it reads
    Column("position", BigInteger, nullable=False),  # a position it has passed (0: none yet) ...
    Column("event", String(80), nullable=True),  # ... and the event the log held there: "originator_id:version"
)


class Log(Protocol):
    """The log the readers are checked against."""

    @property
    def store_id(self) -> str: ...

    def max_position(self) -> int: ...

    def event_at(self, position: int) -> str | None:
        """The event at ``position`` as "originator_id:version"; None if the log holds none there."""
        ...


def foreign(conn: Connection, log: Log, positions: Mapping[str, int]) -> dict[str, str]:
    """The readers (named with their tracked positions) whose rows are not from ``log``, each with the reason."""
    head = log.max_position()
    recorded = {row.reader: row for row in conn.execute(select(origin).where(origin.c.reader.in_(list(positions))))}
    events: dict[int, str | None] = {}
    found: dict[str, str] = {}
    for reader, position in positions.items():
        row = recorded.get(reader)
        if row is not None and row.store_id != log.store_id:
            found[reader] = "another event store"
        elif position > head:
            found[reader] = f"a longer log (position {position}; this log ends at {head})"
        elif row is None:
            if position:
                found[reader] = "an event store they did not record"
        elif row.position and _event(log, row.position, events) != row.event:
            found[reader] = f"another log (this log holds another event at position {row.position})"
    return found


def claim(conn: Connection, log: Log, readers: Sequence[str]) -> None:
    """Record that ``readers`` (empty, at position 0) now read ``log``."""
    upsert_rows(conn, origin, "reader", [{"reader": reader, "store_id": log.store_id, "position": 0, "event": None}
                                         for reader in sorted(readers)])  # one order: two writers cannot deadlock


def unclaimed(conn: Connection, readers: Sequence[str]) -> list[str]:
    """Those of ``readers`` with no origin recorded."""
    found = set(conn.execute(select(origin.c.reader).where(origin.c.reader.in_(list(readers)))).scalars())
    return [reader for reader in readers if reader not in found]


def anchor(conn: Connection, log: Log, readers: Sequence[str], position: int) -> None:
    """Record that ``readers`` have passed ``position`` of ``log`` (nothing, if the log holds no event there)."""
    event = log.event_at(position) if position else None
    if event is not None:
        upsert_rows(conn, origin, "reader", [{"reader": reader, "store_id": log.store_id, "position": position,
                                              "event": event} for reader in sorted(readers)])


def _event(log: Log, position: int, seen: dict[int, str | None]) -> str | None:
    if position not in seen:
        seen[position] = log.event_at(position)
    return seen[position]


def renew(conn: Connection, log: Log, views: Sequence[View]) -> list[str]:
    """Remake the views whose rows are not from ``log`` and claim every unclaimed view for it; returns those
    remade. Runs in setup's transaction, after the tables and tracking rows exist, under the setup lock."""
    names = [view.name for view in views]
    at = tracking.positions(conn)
    stale = foreign(conn, log, {name: at.get(name, 0) for name in names})
    if stale:
        logger.warning("the read models were built from %s; rebuilding them from this store's events",
                       _most_common(list(stale.values())))
        versions.remake(conn, [view for view in views if view.name in stale])
    claim(conn, log, [*stale, *unclaimed(conn, [name for name in names if name not in stale])])
    return list(stale)


def _most_common(reasons: list[str]) -> str:
    return max(set(reasons), key=reasons.count)
