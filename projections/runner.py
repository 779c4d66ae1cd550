"""Runs views over the event log: catch-up, rebuild, status and following new events.

One pass reads each batch of events once and hands it to every view that is
behind. For each batch, one transaction writes every view's rows and moves each
view's own position, so a crash between a view update and its commit loses
nothing and doubles nothing: after a restart the view carries on from the
position committed with its rows.

Each batch's transaction begins by locking the tracking rows of its views and
reading their positions under that lock (``tracking.lock``). Another process
catching up the same views waits for the lock, then sees how far this one got
and applies only what is still missing, so nothing is applied twice.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from threading import Event, Lock

from sqlalchemy import Connection, Engine, Index, inspect

from projections import origin, tracking, versions
from projections.clean import clean_writes
from projections.source import EventSource, Positioned
from projections.view import View, metadata

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (position reached, target position)

BATCH_SIZE = 5000  # events per transaction: fewer, larger commits (a rebuild at 2,000 costs a fifth more CPU)


@dataclass(frozen=True)
class ViewStatus:
    name: str
    position: int
    head: int

    @property
    def lag(self) -> int:
        return max(self.head - self.position, 0)


class Projector:
    def __init__(self, engine: Engine, source: EventSource, views: Sequence[View], batch_size: int = BATCH_SIZE,
                 log_origin: origin.Log | None = None):
        self.engine = engine
        clean_writes(engine)  # text reaches the views without NUL or other control characters (clean.py)
        self.source = source
        self.log_origin = log_origin  # the log the views' origin is checked against (projections/origin.py), if any
        self.views = {view.name: view for view in views}
        self.batch_size = batch_size
        self._routes: dict[str, tuple[str, ...]] = {}  # topic -> the views that take it
        for view in views:
            for topic in view.topics:
                self._routes[topic] = (*self._routes.get(topic, ()), view.name)
        self._every = tuple(view.name for view in views if view.every_topic)  # the views that take every event

    def setup(self) -> None:
        """Create the views' tables and the tracking table if missing, and remake the tables of a view whose
        schema version changed (projections/versions.py) or whose rows came from another event store or log
        (projections/origin.py); safe to run from two processes at once."""
        views = list(self.views.values())
        tables = [tracking.tracking, versions.versions, origin.origin,
                  *(table for view in views for table in view.tables)]
        with self.engine.begin() as conn:
            tracking.lock_for_setup(conn)
            metadata.create_all(conn, tables=tables)
            tracking.ensure(conn, list(self.views))
            remade = origin.renew(conn, self.log_origin, views) if self.log_origin else []
            remade += versions.upgrade(conn, views)
            _create_indexes(conn, list(self.views), query_indexes(views))  # left out by a rebuild that was stopped

    def status(self) -> list[ViewStatus]:
        head = self.source.max_position()
        with self.engine.connect() as conn:
            found = tracking.positions(conn)
        return [ViewStatus(name, found.get(name, 0), head) for name in self.views]

    def catch_up(self, names: Sequence[str] | None = None, progress: Progress | None = None,
                 upto: int | None = None) -> int:
        """Bring the views up to the newest event (or to ``upto``). Returns how many events were applied."""
        views = self._chosen(names)
        head = self.source.max_position() if upto is None else min(upto, self.source.max_position())
        with self.engine.connect() as conn:  # no lock: most catch-ups find nothing to do
            found = tracking.positions(conn)
        at = {view.name: found.get(view.name, 0) for view in views}
        if all(position >= head for position in at.values()):
            self._settle(views)
            return 0
        applied = 0
        # One connection for the whole catch-up: SQLite keeps its page cache, and its WAL, between batches.
        with self.engine.connect() as conn, fewer_collections():
            while (start := min(at.values())) < head:
                behind = [view for view in views if at[view.name] < head]
                every = any(view.every_topic for view in behind)
                topics = [] if every else sorted({topic for view in behind for topic in view.topics})
                batch = [p for p in self.source.read(start, self.batch_size, topics) if p.position <= head]
                reached = batch[-1].position if len(batch) == self.batch_size else head
                applied += self._apply_batch(conn, behind, at, start, batch, reached)
                if progress:
                    progress(min(at.values()), head)
            self._settle(views)
            if self.log_origin is not None:
                with conn.begin():
                    origin.anchor(conn, self.log_origin, [view.name for view in views], head)
        return applied

    def rebuild(self, names: Sequence[str] | None = None, progress: Progress | None = None) -> int:
        """Drop the views' rows and replay every event into them.

        The indexes only queries use are dropped too and built again once the views have caught up (or
        by the next ``setup`` if this process is stopped first).
        """
        views = self._chosen(names)
        with self.engine.begin() as conn:
            tracking.lock(conn, [view.name for view in views])
            for index in query_indexes(views):
                index.drop(conn, checkfirst=True)
            for view in views:
                view.reset(conn)
                tracking.set_position(conn, view.name, 0)
        try:
            applied = self.catch_up([view.name for view in views], progress)
        finally:
            self._build_indexes(views)
        self._analyze(views)
        return applied

    def _build_indexes(self, views: list[View]) -> None:
        """Build the query indexes of ``views`` that a rebuild dropped."""
        with self.engine.begin() as conn:
            tracking.lock_for_setup(conn)
            _create_indexes(conn, [view.name for view in views], query_indexes(views))

    def _analyze(self, views: list[View]) -> None:
        """PostgreSQL: gather the planner's statistics of tables just filled, before the first query plans
        them as empty (autovacuum would get there, minutes later). SQLite plans without statistics.

        One table per transaction: ANALYZE locks its table until commit, and holding several at once
        could deadlock with a ``setup`` building indexes in another order."""
        if self.engine.dialect.name != "postgresql":
            return
        quote = self.engine.dialect.identifier_preparer.quote
        for table in (table for view in views for table in view.tables):
            with self.engine.begin() as conn:
                conn.exec_driver_sql(f"ANALYZE {quote(table.name)}")

    def follow(self, stop: Event, poll_seconds: float = 1.0) -> None:
        """Keep the views current until ``stop`` is set (the long-running mode)."""
        while not stop.is_set():
            self.catch_up()
            self.source.wait(self.source.max_position(), poll_seconds)

    def _chosen(self, names: Sequence[str] | None) -> list[View]:
        return [self.views[name] for name in names] if names else list(self.views.values())

    def _apply_batch(self, conn: Connection, views: list[View], at: dict[str, int], start: int,
                     batch: list[Positioned], reached: int) -> int:
        """Apply ``batch`` (the events after ``start`` up to ``reached``) to the views it brings forward.

        Under the lock, a view another process has moved is taken from where it now is: past ``reached``
        it is left alone, and behind ``start`` (rebuilt meanwhile) it waits for a batch that starts there.
        """
        with conn.begin():
            now = tracking.lock(conn, [view.name for view in views])
            moving = [view for view in views if start <= now[view.name] < reached]
            self._moved_elsewhere(views, at, now)
            mine = self._route(moving, now, batch)
            for view in moving:
                if mine[view.name]:
                    view.apply(conn, mine[view.name])
                tracking.set_position(conn, view.name, reached)
        for view in moving:
            at[view.name] = reached
        return sum(len(mine[view.name]) for view in moving)

    def _route(self, views: list[View], at: dict[str, int], batch: list[Positioned]) -> dict[str, list[Positioned]]:
        """Each view's share of the batch: the events of its topics after its position, in order."""
        mine: dict[str, list[Positioned]] = {view.name: [] for view in views}
        routes = {topic: [mine[name] for name in names if name in mine] for topic, names in self._routes.items()}
        every = [mine[name] for name in self._every if name in mine]
        for item in batch:
            for share in routes.get(type(item.event).TOPIC, ()):
                share.append(item)
            for share in every:
                share.append(item)
        for view in views:
            if batch and at[view.name] >= batch[0].position:  # moved by another process into this batch
                mine[view.name] = [p for p in mine[view.name] if p.position > at[view.name]]
        return mine

    @staticmethod
    def _moved_elsewhere(views: list[View], at: dict[str, int], now: dict[str, int]) -> None:
        """Take note of the views another process has moved since this one last looked."""
        for view in views:
            if now[view.name] != at[view.name]:
                log.info("view %s was moved by another process (%d -> %d)", view.name, at[view.name], now[view.name])
                at[view.name] = now[view.name]

    def _settle(self, views: list[View]) -> None:
        """Let each view that settles finish what its batches left: one transaction holding their tracking
        rows, taken only when one of them has something to finish."""
        with self.engine.connect() as conn:  # no lock: most catch-ups leave nothing to finish
            settling = [view for view in views if view.unsettled(conn)]
        if settling:
            with self.engine.begin() as conn:
                tracking.lock(conn, [view.name for view in settling])
                for view in settling:
                    view.settle(conn)


class FewerCollections:
    """Run the cyclic garbage collector less often while catching up.

    A batch makes hundreds of thousands of short-lived objects (decoded events, rows) and almost no reference
    cycles: refcounting frees them. At CPython's default threshold (700) the collector still runs every 700
    allocations and walks every young object each time, a fifth of a rebuild's CPU. The old thresholds come
    back after, also when two threads of one process catch up at once.
    """

    young = 50_000

    def __init__(self) -> None:
        self._lock = Lock()
        self._depth = 0
        self._saved = gc.get_threshold()

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._depth == 0:
                self._saved = gc.get_threshold()
                gc.set_threshold(max(self.young, self._saved[0]), *self._saved[1:])
            self._depth += 1
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                if self._depth == 0:
                    gc.set_threshold(*self._saved)


fewer_collections = FewerCollections()


def _create_indexes(conn: Connection, names: list[str], indexes: list[Index]) -> None:
    """Build the missing ``indexes`` of the views ``names``, first locking their tracking rows.

    A batch locks the tracking rows and then writes the tables; building an index locks its table against
    writes. Taking the rows first here too keeps one order, so a build never waits for a batch that waits
    for the build (a deadlock PostgreSQL would break by failing one of them).
    """
    inspector = inspect(conn)  # one inspector: it caches what it has read of each table
    missing = [index for index in indexes if index.name not in
               {found["name"] for found in inspector.get_indexes(str(index.table.name))}]  # type: ignore[union-attr]
    if missing:
        tracking.lock(conn, names)
        for index in missing:
            index.create(conn)  # the caller holds the setup lock: nobody built it since we looked


def query_indexes(views: Sequence[View]) -> list[Index]:
    """The indexes each view names in ``query_indexes``: only its queries use them, never its ``apply``.

    A rebuild drops them and builds each once at the end instead of row by row: with random keys every
    row costs a page write per index, and at a million events that was a sixth of a rebuild.
    """
    found: list[Index] = []
    for view in views:
        indexes = {index.name: index for table in view.tables for index in table.indexes}
        found.extend(indexes[name] for name in getattr(view, "query_indexes", ()))
    return found


def apply_in_transaction(conn: Connection, view: View, batch: Sequence[Positioned]) -> None:
    """Apply a batch to one view and move its position, within the caller's transaction."""
    view.apply(conn, batch)
    tracking.set_position(conn, view.name, batch[-1].position)
