"""Time travel over the store: a case's state as at a business date, as known at a recorded moment.

The fold itself is ``domain.case_state``; this module finds the events through
the case index and speeds long histories up with snapshots of the fold.

A snapshot holds the state after every event of the case dated on or before
``as_at_on`` among those recorded up to log position ``position``. It answers a
query (as at D, known at T) exactly when D >= as_at_on, every event it holds was
recorded by T, and no event dated on or before ``as_at_on`` was recorded after
``position`` (by T). Then only the events dated after ``as_at_on`` are read
and folded on top. Snapshots are taken only while answering a query about
everything known so far, every ``SNAPSHOT_EVERY`` events, at the end of a
business day. A snapshot never changes an answer: the tests compare both ways.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError

from domain.case_state import STATE_TOPICS, CaseState, fold
from mappa_flow.audit.index import CaseIndex, IndexedEvent, utc_naive
from projections.views.case_index import case_event, case_snapshot

SNAPSHOT_EVERY = 50


@dataclass(frozen=True)
class Snapshot:
    as_at_on: date
    position: int
    recorded_until: datetime  # naive UTC
    state: CaseState


@dataclass(frozen=True)
class TimeTravel:
    state: CaseState | None  # None: the case was not referred as at that date, as known then
    events_read: int  # events decoded from the store to answer
    snapshot_on: date | None  # the snapshot used, if any


class CaseStates:
    def __init__(self, index: CaseIndex, snapshot_every: int = SNAPSHOT_EVERY):
        self.index = index
        self.snapshot_every = snapshot_every
        self.cipher: Any = getattr(index.app.mapper, "cipher", None)

    def state(self, case_id: UUID, as_at: date | None = None, known_at: datetime | None = None,
              use_snapshots: bool = True) -> TimeTravel:
        indexed_up_to = self.index.position()  # read first: the events read next cover at least this far
        start = self._best_snapshot(case_id, as_at, known_at) if use_snapshots else None
        rest = self.index.events(case_id, on_or_before=as_at, after=start.as_at_on if start else None,
                                 known_at=known_at, topics=STATE_TOPICS)
        decoded = self.index.read(rest)
        ordered = sorted(rest, key=lambda e: (e.occurred_on, e.position))
        if use_snapshots and known_at is None and len(rest) >= self.snapshot_every:
            state = self._fold_saving(case_id, ordered, decoded, start, indexed_up_to)
        else:
            state = fold((decoded[(e.originator_id, e.originator_version)] for e in ordered),
                         start.state if start else None)
        return TimeTravel(state, len(rest), start.as_at_on if start else None)

    # ---- snapshots --------------------------------------------------------------

    def _best_snapshot(self, case_id: UUID, as_at: date | None, known_at: datetime | None) -> Snapshot | None:
        """The latest snapshot that answers exactly for these cut-offs (see the module's docstring), in one query."""
        snap, event = case_snapshot.c, case_event.c
        later = select(event.position).where(
            event.case_id == snap.case_id, event.position > snap.position, event.occurred_on <= snap.as_at_on,
            event.topic.in_(STATE_TOPICS))
        query = select(snap.as_at_on, snap.position, snap.recorded_until, snap.state).where(
            snap.case_id == case_id.hex)
        if as_at is not None:
            query = query.where(snap.as_at_on <= as_at)
        if known_at is not None:
            query = query.where(snap.recorded_until <= utc_naive(known_at))
            later = later.where(event.recorded_at <= utc_naive(known_at))
        query = query.where(~exists(later)).order_by(snap.as_at_on.desc()).limit(1)
        with self.index.reading() as conn:
            found = conn.execute(query).first()
        if found is None:
            return None
        as_at_on, position, recorded_until, state = found
        return Snapshot(as_at_on, int(position), recorded_until, self._load(state))

    def _fold_saving(self, case_id: UUID, ordered: list[IndexedEvent], decoded: dict[tuple[UUID, int], Any],
                     start: Snapshot | None, position: int) -> CaseState | None:
        """Fold, and keep a snapshot at the end of a business day every ``snapshot_every`` events."""
        state, since, recorded_until = (start.state if start else None), 0, start.recorded_until if start else None
        saved: list[dict[str, Any]] = []
        for i, item in enumerate(ordered):
            state = fold([decoded[(item.originator_id, item.originator_version)]], state)
            since += 1
            recorded_until = max(recorded_until or utc_naive(item.recorded_at), utc_naive(item.recorded_at))
            day_ends = i + 1 == len(ordered) or ordered[i + 1].occurred_on > item.occurred_on
            if state is not None and since >= self.snapshot_every and day_ends and i + 1 < len(ordered):
                saved.append({"case_id": case_id.hex, "as_at_on": item.occurred_on, "position": position,
                              "recorded_until": recorded_until, "state": self._dump(state)})
                since = 0
        self._save(case_id, saved)
        return state

    def _save(self, case_id: UUID, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        days = [row["as_at_on"] for row in rows]
        try:
            with self.index.engine.begin() as conn:
                conn.execute(delete(case_snapshot).where(
                    case_snapshot.c.case_id == case_id.hex, case_snapshot.c.as_at_on.in_(days)))
                conn.execute(case_snapshot.insert(), rows)
        except IntegrityError:  # another process saved the same snapshots first; they are equal
            pass

    def _dump(self, state: CaseState) -> bytes:
        data = json.dumps(state.to_dict(), sort_keys=True).encode()
        return bytes(self.cipher.encrypt(data)) if self.cipher else data

    def _load(self, stored: bytes) -> CaseState:
        data = self.cipher.decrypt(bytes(stored)) if self.cipher else bytes(stored)
        return CaseState.from_dict(json.loads(data))
