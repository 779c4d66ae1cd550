"""Fold subjects' deadlines from their stored facts and write them: each subject folded once, from empty.

The deadlines view stores each batch's facts and marks their subjects due for a fold
(``pv_deadline_dirty``); at the end of a catch-up (``settle``) each marked subject is
folded from all its stored facts, once, and its rows replaced. A rebuild is then one
ordered pass: append every fact, then fold each subject once and bulk-insert its
deadlines. However the events were batched, a subject's rows are those of one fold
over all its facts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from domain.calendar import WorkingDayCalendar
from projections.bulk import insert_tuples, one_of
from projections.deadlines.case_rules import case_deadlines
from projections.deadlines.item_rules import isp_deadlines, meeting_deadlines, scr_deadlines
from projections.deadlines.model import Deadline, Fact
from projections.deadlines.periodic import periodic_deadlines
from projections.deadlines.tables import (
    area_table,
    closure_table,
    compliance_table,
    deadline_table,
    dirty_table,
    fact_table,
    subject_table,
)
from projections.indicators.rows import Row, case_rows, meeting_rows

CHUNK = 2000  # subjects folded and written together: the memory of a settle stays flat however many are marked

_FACT_COLUMNS = [fact_table.c["subject_id" if name == "subject" else name] for name in Fact._fields]


def settle(conn: Connection) -> int:
    """Fold every marked subject and replace its rows; unmark them. Returns how many deadline rows were written."""
    written = 0
    calendars = _calendars(conn)  # each area's working days, counted once per settle (R-CAL-3)
    for ids in _marked(conn):
        written += recompute(conn, ids, calendars)
        conn.execute(dirty_table.delete().where(one_of(conn, dirty_table.c.subject_id, ids)))
    return written


def _marked(conn: Connection) -> Iterator[list[str]]:
    """The marked subjects, in chunks, in subject order."""
    after = ""
    while True:
        query = (select(dirty_table.c.subject_id).where(dirty_table.c.subject_id > after)
                 .order_by(dirty_table.c.subject_id).limit(CHUNK))
        ids = list(conn.execute(query).scalars())
        if not ids:
            return
        yield ids
        after = ids[-1]


def recompute(conn: Connection, ids: Sequence[str], calendars: dict[str, WorkingDayCalendar]) -> int:
    """Fold the subjects ``ids`` from all their stored facts and replace their deadline rows."""
    subjects = _load_subjects(conn, ids)
    facts = _facts_by_subject(conn, list(subjects))
    areas = _load_areas(conn, sorted({s["area"] for s in subjects.values() if s["subject_kind"] == "area"}))
    rows = [_row(deadline, subject) for sid, subject in subjects.items()
            for deadline in _deadlines(subject, facts[sid], areas, calendars)]
    occurrences = [(subject["subject_id"], *row) for sid, subject in subjects.items()
                   for row in _occurrences(subject, facts[sid], calendars)]
    conn.execute(deadline_table.delete().where(one_of(conn, deadline_table.c.subject_id, list(ids))))
    conn.execute(compliance_table.delete().where(one_of(conn, compliance_table.c.subject_id, list(ids))))
    insert_tuples(conn, compliance_table, _COMPLIANCE_COLUMNS, occurrences)
    return insert_tuples(conn, deadline_table, _DEADLINE_COLUMNS, rows)


def _occurrences(subject: dict[str, Any], facts: list[Fact], calendars: dict[str, WorkingDayCalendar]) -> list[Row]:
    """The indicator occurrences of a case or a meeting (projections/indicators/rows.py); none for other subjects."""
    kind = subject["subject_kind"]
    if kind == "case":
        return case_rows(subject["subject_id"], subject["case_reference"], subject["area"], facts)
    if kind == "meeting":
        return meeting_rows(subject["subject_id"], subject["case_id"], subject["case_reference"], subject["area"],
                            facts, calendars.setdefault(subject["area"], WorkingDayCalendar()))
    return []


_COMPLIANCE_COLUMNS = ("subject_id", "indicator", "area", "case_reference", "on_day", "meeting_ref", "agency", "status",
                       "days_late", "late_from", "detail", "valid_from", "valid_to")


def _deadlines(subject: dict[str, Any], facts: list[Fact], areas: dict[str, dict[str, Any]],
               calendars: dict[str, WorkingDayCalendar]) -> list[Deadline]:
    """Every deadline of one subject, from all its facts."""
    sid, kind = subject["subject_id"], subject["subject_kind"]
    if kind == "case":
        return case_deadlines(sid, facts)
    if kind == "meeting":
        return meeting_deadlines(sid, facts, calendars.setdefault(subject["area"], WorkingDayCalendar()))
    if kind == "isp":
        return isp_deadlines(sid, facts)
    if kind == "scr":
        return scr_deadlines(sid, facts)
    area = areas.get(subject["area"])
    if area is None or area["periodic_through"] is None:
        return []
    return periodic_deadlines(sid, area["registered_on"], area["periodic_through"], facts)


def _load_subjects(conn: Connection, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    query = select(subject_table).where(one_of(conn, subject_table.c.subject_id, ids))
    return {row["subject_id"]: dict(row) for row in conn.execute(query).mappings().all()}


def _load_areas(conn: Connection, codes: Sequence[str]) -> dict[str, dict[str, Any]]:
    if not codes:
        return {}
    query = select(area_table).where(one_of(conn, area_table.c.code, codes))
    return {row["code"]: dict(row) for row in conn.execute(query).mappings().all()}


def _facts_by_subject(conn: Connection, ids: Sequence[str]) -> dict[str, list[Fact]]:
    grouped: dict[str, list[Fact]] = defaultdict(list)
    if ids:
        for row in conn.execute(select(*_FACT_COLUMNS).where(one_of(conn, fact_table.c.subject_id, ids))).all():
            grouped[row[0]].append(Fact._make(row))
    return grouped


def _calendars(conn: Connection) -> dict[str, WorkingDayCalendar]:
    """Every area's working-day calendar: the Scottish public holidays and its own closure days."""
    closures: dict[str, set[date]] = {code: set() for code in conn.execute(select(area_table.c.code)).scalars()}
    for area, day in conn.execute(select(closure_table.c.area, closure_table.c.day)).all():
        closures.setdefault(area, set()).add(day)
    return {area: WorkingDayCalendar(frozenset(days)) for area, days in closures.items()}


_DEADLINE_COLUMNS = ("deadline_id", "kind", "rule", "area", "subject_id", "case_id", "case_reference", "subject_ref",
                     "basis", "due_on", "status", "closed_on", "reason")


def _row(deadline: Deadline, subject: dict[str, Any]) -> tuple[Any, ...]:
    """A deadline row: the values of ``_DEADLINE_COLUMNS``, in that order."""
    return (deadline.id, str(deadline.kind), deadline.rule, subject["area"], subject["subject_id"], subject["case_id"],
            subject["case_reference"], _subject_ref(deadline, subject), deadline.basis, deadline.due_on,
            str(deadline.status), deadline.closed_on, deadline.reason)


def _subject_ref(deadline: Deadline, subject: dict[str, Any]) -> str:
    if deadline.label:
        return f"{subject['ref']} {deadline.label}"
    return f"{subject['ref']}/{deadline.item}" if deadline.item else str(subject["ref"])
