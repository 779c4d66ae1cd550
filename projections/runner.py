"""Runs views over the event log: catch-up, rebuild, status and following new events.

One pass reads each batch of events once and hands it to every view that is
behind. For each batch, one transaction writes every view's rows and moves each
view's own position, so a crash between a view update and its commit loses
nothing and doubles nothing: after a restart the view carries on from the
position committed with its rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from threading import Event
from typing import Protocol, cast

from sqlalchemy import Connection, Engine

from projections import tracking
from projections.source import EventSource, Positioned
from projections.view import View, metadata

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (position reached, target position)


@dataclass(frozen=True)
class ViewStatus:
    name: str
    position: int
    head: int

    @property
    def lag(self) -> int:
        return max(self.head - self.position, 0)


class Projector:
    def __init__(self, engine: Engine, source: EventSource, views: Sequence[View], batch_size: int = 2000):
        self.engine = engine
        self.source = source
        self.views = {view.name: view for view in views}
        self._topics = {view.name: frozenset(view.topics) for view in views}
        self.batch_size = batch_size

    def setup(self) -> None:
        """Create the views' tables and the tracking table if missing."""
        tables = [tracking.tracking, *(table for view in self.views.values() for table in view.tables)]
        metadata.create_all(self.engine, tables=tables)

    def status(self) -> list[ViewStatus]:
        head = self.source.max_position()
        with self.engine.connect() as conn:
            found = tracking.positions(conn)
        return [ViewStatus(name, found.get(name, 0), head) for name in self.views]

    def catch_up(self, names: Sequence[str] | None = None, progress: Progress | None = None) -> int:
        """Bring the views up to the newest event. Returns how many events were applied."""
        views = [self.views[name] for name in names] if names else list(self.views.values())
        head = self.source.max_position()
        with self.engine.connect() as conn:
            at = {view.name: tracking.position_of(conn, view.name) for view in views}
        behind = [view for view in views if at[view.name] < head]
        applied = 0
        if not behind:
            return 0
        for view in behind:
            if _is_buffering(view):
                cast(Buffering, view).resume(at[view.name])
        start = min(at[view.name] for view in behind)
        topics = sorted({topic for view in behind for topic in view.topics})
        while start < head:
            batch = [p for p in self.source.read(start, self.batch_size, topics) if p.position <= head]
            reached = batch[-1].position if len(batch) == self.batch_size else head
            applied += self._apply_batch(behind, at, batch, reached)
            start = reached
            if progress:
                progress(start, head)
        self._flush(behind)
        return applied

    def rebuild(self, names: Sequence[str] | None = None, progress: Progress | None = None) -> int:
        """Drop the views' rows and replay every event into them."""
        views = [self.views[name] for name in names] if names else list(self.views.values())
        with self.engine.begin() as conn:
            for view in views:
                view.reset(conn)
                tracking.set_position(conn, view.name, 0)
        for buffering in _buffering(views):
            buffering.forget()
        return self.catch_up([view.name for view in views], progress)

    def follow(self, stop: Event, poll_seconds: float = 1.0) -> None:
        """Keep the views current until ``stop`` is set (the long-running mode)."""
        while not stop.is_set():
            self.catch_up()
            self.source.wait(self.source.max_position(), poll_seconds)

    def _apply_batch(self, views: list[View], at: dict[str, int], batch: list[Positioned], reached: int) -> int:
        applied = 0
        topics = [type(p.event).TOPIC for p in batch]  # once per batch, not once per view
        moving = [view for view in views if at[view.name] < reached]
        try:
            with self.engine.begin() as conn:
                for view in moving:
                    wanted, after = self._topics[view.name], at[view.name]
                    mine = [p for p, topic in zip(batch, topics, strict=True) if topic in wanted and p.position > after]
                    if mine:
                        view.apply(conn, mine)
                        applied += len(mine)
                    tracking.set_position(conn, view.name, reached)
        except BaseException:
            for buffering in _buffering(moving):
                buffering.forget()  # what it kept in memory from this batch was never committed
            raise
        for view in moving:
            at[view.name] = reached
        for buffering in _buffering(moving):
            buffering.committed(reached)
        return applied

    def _flush(self, views: list[View]) -> None:
        """Let each buffering view write what it keeps in memory, at the end of a catch-up."""
        buffering = list(_buffering(views))
        if not buffering:
            return
        try:
            with self.engine.begin() as conn:
                for view in buffering:
                    view.flush(conn)
        except BaseException:
            for view in buffering:
                view.forget()
            raise


class Buffering(Protocol):
    """A view that keeps part of its state in memory between batches (the deadlines view's fold states).

    The projector tells it where the view stood when a catch-up began (``resume``), which batches
    committed (``committed``) and which failed (``forget``), and lets it write what it keeps at the
    end of every catch-up (``flush``, in its own transaction). Its tables must stay right without
    any of this: memory only saves work.
    """

    def resume(self, position: int) -> None: ...

    def committed(self, position: int) -> None: ...

    def forget(self) -> None: ...

    def flush(self, conn: Connection) -> None: ...


def _is_buffering(view: View) -> bool:
    return all(hasattr(view, name) for name in ("resume", "committed", "forget", "flush"))


def _buffering(views: Sequence[View]) -> Iterator[Buffering]:
    return (cast(Buffering, view) for view in views if _is_buffering(view))


def apply_in_transaction(conn: Connection, view: View, batch: Sequence[Positioned]) -> None:
    """Apply a batch to one view and move its position, within the caller's transaction."""
    view.apply(conn, batch)
    tracking.set_position(conn, view.name, batch[-1].position)
