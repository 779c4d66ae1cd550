"""The fold states of cases and meetings, kept in memory between batches and written to the database at a flush.

Saving every touched case's state in every batch would cost more than the rest
of the view's work together, so states are written behind: deadline rows and
facts are written in each batch's transaction as always, and the states in
``pv_deadline_subject`` are brought up to date by a flush, which also records in
``pv_deadline_flush`` the position they are current at. The projector flushes at
the end of every catch-up. When the book holds too many, it writes the states of
its oldest half and forgets them (``evict``).

The book is only trusted while nobody else has written the view: the projector
tells it where the view stood when a catch-up began (``resume``), and which
batches committed (``committed``) or failed (``forget``). When it cannot be
trusted it is emptied and, before the next batch, the cases and meetings with a
fact after the last flush are folded again from their stored facts, because
their saved states may be older than their facts (``stale_subjects``).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from projections.bulk import upsert_rows
from projections.deadlines.case_rules import CaseState
from projections.deadlines.checkpoint import dump_meeting, dump_state
from projections.deadlines.item_rules import MeetingState
from projections.deadlines.tables import fact_table, flush_table, subject_table

_FOLD_STATE = ("last_on", "last_rank", "last_position", "state")  # all that a flush changes in a subject row


@dataclass
class Entry:
    row: dict[str, Any]  # the subject's row: who it is (its saved state columns may be out of date)
    fold: CaseState | MeetingState | None = None  # its current fold state (cases and meetings)


class Book:
    def __init__(self, limit: int = 20_000) -> None:
        self.limit = limit
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.dirty: set[str] = set()
        self.trusted_at: int | None = None  # the view's committed position the entries are true for
        self.recover = True  # fold the stale subjects again before the next batch
        self.last_position = 0  # the newest event applied
        self.pending = False  # something was applied since the last flush

    # ---- what the projector tells the book ---------------------------------------

    def resume(self, position: int) -> None:
        if position != self.trusted_at:
            self.forget()

    def committed(self, position: int) -> None:
        self.trusted_at = position

    def applied(self, position: int) -> None:
        """A batch up to ``position`` was applied (in a transaction not yet committed)."""
        self.last_position = position
        self.pending = True

    def forget(self) -> None:
        self.entries.clear()
        self.dirty.clear()
        self.trusted_at = None
        self.recover = True
        self.pending = False

    # ---- entries ------------------------------------------------------------------

    def get(self, subject_id: str) -> Entry | None:
        entry = self.entries.get(subject_id)
        if entry is not None:
            self.entries.move_to_end(subject_id)
        return entry

    def put(self, subject_id: str, entry: Entry, changed: bool) -> None:
        self.entries[subject_id] = entry
        self.entries.move_to_end(subject_id)
        if changed:
            self.dirty.add(subject_id)

    def full(self) -> bool:
        return len(self.entries) > self.limit

    def evict(self, conn: Connection) -> None:
        """Make room: write the changed states of the oldest half of the entries, and forget that half.

        Only those states are written, not every changed one as a flush does, and the flush position stays:
        a state written here is current until its subject has a new fact, and then it is in the book again
        (or folded again after a failure, which refolds every subject with a fact after the flush position).
        """
        oldest = [self.entries.popitem(last=False) for _ in range(len(self.entries) - self.limit // 2)]
        upsert_rows(conn, subject_table, "subject_id",
                    [_with_state(entry) for sid, entry in oldest if sid in self.dirty], _FOLD_STATE)
        self.dirty.difference_update(sid for sid, _ in oldest)

    def flush(self, conn: Connection) -> None:
        """Write every changed state, record the position they are current at, and forget the oldest entries."""
        if not self.pending:
            return
        rows = [_with_state(self.entries[sid]) for sid in sorted(self.dirty) if sid in self.entries]
        upsert_rows(conn, subject_table, "subject_id", rows, _FOLD_STATE)
        upsert_rows(conn, flush_table, "view", [{"view": "deadlines", "position": self.last_position}])
        self.dirty.clear()
        self.pending = False
        while len(self.entries) > self.limit // 2:
            self.entries.popitem(last=False)


def stale_subjects(conn: Connection) -> list[str]:
    """The subjects with a fact after the last flush: their saved states may be older than their facts."""
    flushed = conn.execute(select(flush_table.c.position)).scalar() or 0
    query = select(fact_table.c.subject_id).where(fact_table.c.position > flushed).distinct()
    return sorted(conn.execute(query).scalars())


def _with_state(entry: Entry) -> dict[str, Any]:
    row, fold = entry.row, entry.fold
    if isinstance(fold, CaseState) and fold.last is not None:
        on, rank, position = fold.last
        return {**row, "last_on": on, "last_rank": rank, "last_position": position, "state": dump_state(fold)}
    if isinstance(fold, MeetingState):
        return {**row, "state": dump_meeting(fold)}
    return row
