"""Bring the deadlines of some subjects up to date with their facts, and write them.

The cost grows with the subjects' own histories, never with the log:

- a case whose new facts all come after those already folded goes on from its
  fold state (book.py, checkpoint.py); a case given a fact recorded late is
  folded again from all its stored facts;
- a meeting's state always goes on (its facts come in any order);
- an ISP, an SCR or an area is folded again from its stored facts (they are few);
- a case or meeting whose saved state may be stale (book.py) is folded again.

Going on writes only the deadlines that changed; folding again replaces the
subject's rows. Both give exactly the rows of one fold over every fact, however
the events were batched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from domain.calendar import WorkingDayCalendar
from projections.bulk import insert_tuples, one_of, upsert_tuples
from projections.deadlines.book import Book, Entry
from projections.deadlines.case_rules import CaseState, fold_case, fold_key, fold_order
from projections.deadlines.checkpoint import load_meeting, load_state
from projections.deadlines.item_rules import MeetingState, fold_isp, fold_meeting, fold_scr, meeting_deadline
from projections.deadlines.model import Deadline, Fact, Ledger
from projections.deadlines.periodic import fold_periodic
from projections.deadlines.tables import area_table, closure_table, deadline_table, fact_table, subject_table

_FACT_COLUMNS = [fact_table.c["subject_id" if name == "subject" else name] for name in Fact._fields]
_FATE = ("due_on", "status", "closed_on", "reason", "position")  # all a deadline row's update changes


@dataclass
class Work:
    """What one batch asks of the deadlines: new subjects, new facts, and subjects to look at again."""

    subjects: dict[str, dict[str, Any]] = field(default_factory=dict)  # new subject rows, by id
    facts: dict[str, list[Fact]] = field(default_factory=dict)  # new facts, by subject
    touched: set[str] = field(default_factory=set)  # subjects to recompute though they have no new fact
    again: set[str] = field(default_factory=set)  # subjects to fold again from all their facts

    def ids(self) -> list[str]:
        return sorted({*self.subjects, *self.facts, *self.touched, *self.again})


def recompute(conn: Connection, work: Work, book: Book) -> int:
    """Update the deadlines of the subjects of ``work``. Returns how many deadline rows were written."""
    entries = _entries(conn, work, book)
    ledgers = {sid: Ledger() for sid in entries}
    calendars = _calendars(conn, {e.row["area"] for e in entries.values() if e.row["subject_kind"] == "meeting"})
    again: list[Entry] = []
    for sid, entry in entries.items():
        new, kind = work.facts.get(sid, []), entry.row["subject_kind"]
        if sid in work.again or kind not in ("case", "meeting") or (kind == "case" and not _go_on_case(
                entry, new, ledgers[sid])):
            again.append(entry)
        elif kind == "meeting":
            _go_on_meeting(entry, new, calendars[entry.row["area"]], ledgers[sid])
    _fold_again(conn, again, ledgers, calendars)
    for sid, entry in entries.items():
        book.put(sid, entry, changed=entry.fold is not None)
    return _write(conn, entries, ledgers, {entry.row["subject_id"] for entry in again})


def _entries(conn: Connection, work: Work, book: Book) -> dict[str, Entry]:
    """The book's entry of each subject of ``work``, loading from the database those it does not hold."""
    found: dict[str, Entry] = {sid: Entry(dict(row)) for sid, row in work.subjects.items()}
    missing = []
    for sid in work.ids():
        if sid not in found:
            entry = book.get(sid)
            if entry is None:
                missing.append(sid)
            else:
                found[sid] = entry
    for sid, row in _load_subjects(conn, missing).items():
        found[sid] = Entry(row, _saved_fold(row))
    return found


def _saved_fold(row: dict[str, Any]) -> CaseState | MeetingState | None:
    if row["state"] is None:
        return None
    if row["subject_kind"] == "meeting":
        return load_meeting(row["state"])
    return load_state(row["subject_id"], row["state"], (row["last_on"], row["last_rank"], row["last_position"]))


def _go_on_case(entry: Entry, new: list[Fact], ledger: Ledger) -> bool:
    """Fold the case's new facts on from its state; False when one of them sorts before that state."""
    state = entry.fold if isinstance(entry.fold, CaseState) else CaseState()
    if new and state.last is not None and min(map(fold_key, new)) <= state.last:
        return False
    fold_case(entry.row["subject_id"], state, fold_order(new), ledger)
    entry.fold = state
    return True


def _go_on_meeting(entry: Entry, new: list[Fact], calendar: WorkingDayCalendar, ledger: Ledger) -> None:
    state = entry.fold if isinstance(entry.fold, MeetingState) else MeetingState()
    fold_meeting(state, new)
    meeting_deadline(entry.row["subject_id"], state, calendar, ledger)
    entry.fold = state


def _fold_again(conn: Connection, entries: list[Entry], ledgers: dict[str, Ledger],
                calendars: dict[str, WorkingDayCalendar]) -> None:
    """Fold each subject from all its stored facts, from an empty state."""
    subjects = [entry.row for entry in entries]
    areas = {row["code"]: row for row in _load_areas(conn, sorted(
        {s["area"] for s in subjects if s["subject_kind"] == "area"}))}
    wanted = [s["subject_id"] for s in subjects if s["subject_kind"] != "area" or _through(areas, s) is not None]
    facts = _facts_by_subject(conn, wanted)
    for entry in entries:
        subject = entry.row
        sid, kind, ledger = subject["subject_id"], subject["subject_kind"], ledgers[subject["subject_id"]]
        if kind == "case":
            entry.fold = CaseState()
            fold_case(sid, entry.fold, fold_order(facts[sid]), ledger)
        elif kind == "meeting":
            entry.fold = MeetingState()
            fold_meeting(entry.fold, facts[sid])
            meeting_deadline(sid, entry.fold, calendars[subject["area"]], ledger)
        elif kind == "isp":
            fold_isp(sid, facts[sid], ledger)
        elif kind == "scr":
            fold_scr(sid, facts[sid], ledger)
        elif (through := _through(areas, subject)) is not None:
            fold_periodic(sid, areas[subject["area"]]["registered_on"], through, facts[sid], ledger)


def _write(conn: Connection, entries: dict[str, Entry], ledgers: dict[str, Ledger], again: set[str]) -> int:
    """Replace the rows of the subjects folded again; upsert the deadlines that changed in the others."""
    rows = {sid: [_row(d, at, entries[sid].row) for d, at in ledgers[sid].placed()] for sid in entries}
    if again:
        conn.execute(deadline_table.delete().where(one_of(conn, deadline_table.c.subject_id, sorted(again))))
    insert_tuples(conn, deadline_table, _DEADLINE_COLUMNS, [row for sid in again for row in rows[sid]])
    upsert_tuples(conn, deadline_table, _DEADLINE_COLUMNS, [row for sid in entries if sid not in again
                                                            for row in rows[sid]], "deadline_id", _FATE)
    return sum(len(found) for found in rows.values())


def _through(areas: dict[str, dict[str, Any]], subject: dict[str, Any]) -> date | None:
    area = areas.get(subject["area"])
    return area["periodic_through"] if area else None


def _load_subjects(conn: Connection, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    query = select(subject_table).where(one_of(conn, subject_table.c.subject_id, ids))
    return {row["subject_id"]: dict(row) for row in conn.execute(query).mappings().all()}


def _load_areas(conn: Connection, codes: Sequence[str]) -> list[dict[str, Any]]:
    if not codes:
        return []
    # one writer of an area's periodic rows at a time (PostgreSQL): the projector or ensure_periodic
    query = select(area_table).where(one_of(conn, area_table.c.code, codes)).with_for_update()
    return [dict(row) for row in conn.execute(query).mappings().all()]


def _facts_by_subject(conn: Connection, ids: Sequence[str]) -> dict[str, list[Fact]]:
    grouped: dict[str, list[Fact]] = defaultdict(list)
    if ids:
        for row in conn.execute(select(*_FACT_COLUMNS).where(one_of(conn, fact_table.c.subject_id, ids))).all():
            grouped[row[0]].append(Fact._make(row))
    return grouped


def _calendars(conn: Connection, areas: set[str]) -> dict[str, WorkingDayCalendar]:
    closures: dict[str, set[date]] = {area: set() for area in areas}
    if areas:
        query = select(closure_table.c.area, closure_table.c.day).where(closure_table.c.area.in_(sorted(areas)))
        for area, day in conn.execute(query).all():
            closures[area].add(day)
    return {area: _calendar(frozenset(days)) for area, days in closures.items()}


def _calendar(closures: frozenset[date]) -> WorkingDayCalendar:
    """One calendar per set of closure days, kept across batches."""
    found = _CALENDARS.get(closures)
    if found is None:
        if len(_CALENDARS) > 64:
            _CALENDARS.clear()
        found = _CALENDARS[closures] = WorkingDayCalendar(closures)
    return found


_CALENDARS: dict[frozenset[date], WorkingDayCalendar] = {}


_DEADLINE_COLUMNS = ("deadline_id", "kind", "rule", "area", "subject_id", "case_id", "case_reference", "subject_ref",
                     "basis", "due_on", "status", "closed_on", "reason", "position")


def _row(deadline: Deadline, at: int, subject: dict[str, Any]) -> tuple[Any, ...]:
    """A deadline row: the values of ``_DEADLINE_COLUMNS``, in that order."""
    return (deadline.id, str(deadline.kind), deadline.rule, subject["area"], subject["subject_id"], subject["case_id"],
            subject["case_reference"], _subject_ref(deadline, subject), deadline.basis, deadline.due_on,
            str(deadline.status), deadline.closed_on, deadline.reason, at)


def _subject_ref(deadline: Deadline, subject: dict[str, Any]) -> str:
    if deadline.label:
        return f"{subject['ref']} {deadline.label}"
    return f"{subject['ref']}/{deadline.item}" if deadline.item else str(subject["ref"])
