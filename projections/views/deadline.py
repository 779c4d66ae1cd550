"""The deadlines view (RULES §9): every deadline, open, met, withdrawn or missed.

Each batch stores the facts its events carry and marks the subjects they
belong to; at the end of the catch-up (``settle``) each marked subject is
folded once from all its stored facts and its rows replaced (see
projections/deadlines/recompute.py). A change to an area's closure days marks
the meetings whose minute-and-RMP window it falls in. Periodic deadlines (R-REM-6) come from each area's
registration and the calendar of periods: they exist for every period from the
registration up to the latest business date the log has reached (the latest
``occurred_on`` of the view's events, ``pv_deadline_area.periodic_through``);
the scheduler records each day it reaches (domain/business_day.py).
Nothing but events writes the view, and it never reads the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, tuple_, update

from domain.area import Area
from domain.business_day import BusinessDay
from projections.bulk import insert_rows, insert_tuples, one_of, upsert_tuples
from projections.deadlines.facts import TOPICS, Subject, area_subject, facts_of, subject_of
from projections.deadlines.model import Fact, Kind
from projections.deadlines.recompute import settle
from projections.deadlines.tables import (
    TABLES,
    area_table,
    closure_table,
    compliance_table,
    deadline_table,
    dirty_table,
    fact_table,
    subject_table,
)
from projections.source import Positioned
from projections.view import View

_FACT_COLUMNS = ("subject_id", *Fact._fields[1:])  # a Fact's fields, in order
_AREA_TOPICS = (Area.Registered.TOPIC, Area.ClosureDayAdded.TOPIC, Area.ClosureDayRemoved.TOPIC)
_DAY_TOPICS = (BusinessDay.Reached.TOPIC,)  # moves the periodic deadlines on, as any event's business date does


class DeadlineView(View):
    name = "deadlines"
    # 2: a review deadline closed unmet after its due date is "missed", not "withdrawn" (RULES §10);
    # 3: subjects are folded once at the end of a catch-up (pv_deadline_dirty), no saved fold states;
    # 4: it also stores the indicator occurrences of cases and meetings (pv_compliance), and facts keep the
    # invitations, the disclosure and contribution steps and their recording time
    version = 4
    tables = (*TABLES, compliance_table)
    query_indexes = ("ix_pv_deadline_case_reference", "ix_pv_deadline_status_due", "ix_pv_compliance_area_on",
                     "ix_pv_compliance_on", "ix_pv_compliance_case_reference")  # not subject_id: writes use it
    topics = tuple(sorted({*TOPICS, *_AREA_TOPICS, *_DAY_TOPICS}))

    def apply(self, conn: Connection, batch: Sequence[Positioned]) -> None:
        subjects: dict[str, dict[str, Any]] = {}
        facts: list[Fact] = []
        closures = _gather(conn, batch, subjects, facts)
        insert_rows(conn, subject_table, subjects.values())
        insert_tuples(conn, fact_table, _FACT_COLUMNS, facts)
        marked = {*subjects, *(fact.subject for fact in facts), *_change_closures(conn, closures),
                  *_reach(conn, max(item.event.occurred_on for item in batch))}
        position = batch[-1].position
        upsert_tuples(conn, dirty_table, ("subject_id", "position"), [(sid, position) for sid in sorted(marked)],
                      "subject_id")

    def unsettled(self, conn: Connection) -> bool:
        return conn.execute(select(dirty_table.c.subject_id).limit(1)).first() is not None

    def settle(self, conn: Connection) -> None:
        settle(conn)


def _gather(conn: Connection, batch: Sequence[Positioned], subjects: dict[str, dict[str, Any]],
            facts: list[Fact]) -> dict[tuple[str, date], bool]:
    """Put the batch's new subjects and facts in ``subjects`` and ``facts``; return its closure-day changes."""
    closures: dict[tuple[str, date], bool] = {}
    codes = _area_codes(conn, batch)
    for item in batch:
        event = item.event
        if isinstance(event, Area.Registered):
            _register_area(conn, event, subjects)
        elif isinstance(event, Area.ClosureDayAdded | Area.ClosureDayRemoved):
            closures[(codes[str(event.originator_id)], event.day)] = isinstance(event, Area.ClosureDayAdded)
        else:
            found = subject_of(event)
            if found is not None:
                subjects[found.subject] = _subject_row(found)
            facts.extend(facts_of(item.position, event))
    return closures


def _reach(conn: Connection, latest: date) -> list[str]:
    """The log has reached business date ``latest``: move every area's periodic deadlines up to the latest date
    reached so far (R-REM-6), and return the areas whose periodic deadlines that moves."""
    reached = conn.execute(select(func.max(area_table.c.periodic_through))).scalar()
    through = max(latest, reached) if reached is not None else latest
    behind = or_(area_table.c.periodic_through.is_(None), area_table.c.periodic_through < through)
    codes = list(conn.execute(select(area_table.c.code).where(behind)).scalars())
    conn.execute(update(area_table).where(behind).values(periodic_through=through))
    return [area_subject(code) for code in codes]


def _subject_row(subject: Subject) -> dict[str, Any]:
    return {"subject_id": subject.subject, "subject_kind": subject.subject_kind, "area": subject.area,
            "case_id": subject.case_id, "case_reference": subject.case_reference, "ref": subject.ref}


def _area_codes(conn: Connection, batch: Sequence[Positioned]) -> dict[str, str]:
    codes = {str(p.event.originator_id): p.event.code for p in batch if isinstance(p.event, Area.Registered)}
    wanted = sorted({str(p.event.originator_id) for p in batch if p.topic in _AREA_TOPICS} - set(codes))
    if wanted:
        rows = conn.execute(select(area_table.c.area_id, area_table.c.code).where(
            one_of(conn, area_table.c.area_id, wanted)))
        codes.update({row.area_id: row.code for row in rows})
    return codes


def _register_area(conn: Connection, event: Area.Registered, subjects: dict[str, dict[str, Any]]) -> None:
    conn.execute(area_table.insert().values(area_id=str(event.originator_id), code=event.code,
                                            registered_on=event.occurred_on, periodic_through=None))
    subject = Subject(area_subject(event.code), "area", event.code, None, None, event.code)
    subjects[subject.subject] = _subject_row(subject)


def _change_closures(conn: Connection, closures: dict[tuple[str, date], bool]) -> set[str]:
    """Apply closure-day changes; return the meetings whose minute-and-RMP window holds a changed day."""
    if not closures:
        return set()
    keys = list(closures)
    conn.execute(closure_table.delete().where(tuple_(closure_table.c.area, closure_table.c.day).in_(keys)))
    insert_rows(conn, closure_table, [{"area": area, "day": day} for (area, day), closed in closures.items() if closed])
    moved: set[str] = set()
    for area, day in keys:
        query = select(deadline_table.c.subject_id).where(and_(
            deadline_table.c.kind == str(Kind.MINUTE_AND_RMP), deadline_table.c.area == area,
            deadline_table.c.basis < day, deadline_table.c.due_on >= day))
        moved.update(row.subject_id for row in conn.execute(query))
    return moved
